// Reusable blocks (docs/spec-format.md, "Blocks"): a block is defined once under `blocks`, with
// parameters, and used in `layers` (or in another block) as `{ use, name, repeat, with, first }`.
// Expansion happens here, on the raw parsed document and before any layer is validated, so
// that the rest of the loader, and the core, see only plain layers.
//
// This module also names every layer and resolves every `inputs` reference, with or without
// blocks, so the contract's naming rules live in one place:
//   - a top-level layer is named as the contract says (its name, or type + ordinal among the
//     top-level layers of that type: conv1, dense2);
//   - a layer inside an expansion is named USE.INNER, or USE.I.INNER when the use repeats
//     (I from 0), INNER being its own name or the same default scoped to the block;
//   - a use's name stands for the block's output (its last layer), and USE.I for the output
//     of repetition I;
//   - inside a block, `inputs` name the block's own earlier layers, or `input` (the block's input).

import { groupDigits } from "../core/exact.js";
import * as z from "zod/mini";
import { LIMITS, type Limits } from "./limits.js";
import type { LayerOrigin, Placer, UseSite } from "./place.js";
import { type PathSegment, type Problem, closeNames, formatPath } from "./problems.js";
import { IDENTIFIER, PARAMETER_REFERENCE, TYPE_NAMES, type UseEntry, blockSchema, useSchema } from "./schema.js";
import { problemsFromZod, withInputs } from "./zod-problems.js";

/** Limits of what blocks may expand to (docs/errors.md, "Limits"), beside parse.ts's LIMITS. */
export const EXPAND_LIMITS = {
  /**
   * characters of a name as written (a layer, a use, a block, a parameter, an input): V8 hashes
   * every string of 16,384 characters or more alike, so names that long, repeated by a block,
   * would make every table of names a list; with 17 levels of uses a full name stays far below
   */
  maxNameLength: 256,
  /**
   * values (numbers, strings, lists, maps) in the layers that uses of blocks make, counted per
   * use: about what the largest spec text holds, so that a block cannot make a spec do more
   * work than its text could
   */
  maxExpandedValues: 4_000_000,
} as const;

export type ExpandLimits = { readonly [K in keyof typeof EXPAND_LIMITS]: number };

/** One layer of the expanded network. */
export interface ExpandedLayer {
  /** The entry as written, parameters substituted: what the layer schema validates. */
  readonly raw: unknown;
  /** Its full name: `conv1` at the top level, `layer3.1.conv2` inside an expansion. */
  readonly name: string;
  /** Full names of the layers it reads, or "input". */
  readonly inputs: readonly string[];
  readonly origin: LayerOrigin;
}

interface Block {
  readonly name: string;
  /** Parameter defaults; null marks a required parameter. */
  readonly params: ReadonlyMap<string, unknown>;
  readonly layers: readonly unknown[];
}

/**
 * What a name stands for: a layer (itself), or a use (the layer that is its output), with
 * where the name is given. A layer's ExpandedLayer is its own entry: an object per layer fewer.
 */
interface NameEntry {
  /** The full name of the layer the name stands for. */
  readonly name: string;
  readonly origin: LayerOrigin;
}

/** The layers an expansion is building: a block instance, or the top level. */
interface Scope {
  /** "" at the top level; `layer3.1` inside an expansion. */
  readonly prefix: string;
  /** The block being expanded (absent at the top level). */
  readonly block?: string;
  readonly params?: ReadonlyMap<string, unknown>;
  /** The full name of what `input` means here: the network input, or the block's input. */
  readonly input: string;
  /** Innermost use first. */
  readonly uses: readonly UseSite[];
}

/**
 * The ordinals given so far in one list, by layer type and by block: two maps keyed by the name
 * as written, rather than one keyed by a built "type:conv" string, which had to be built and
 * hashed anew for every layer.
 */
interface Ordinals {
  readonly types: Map<string, number>;
  readonly blocks: Map<string, number>;
}

interface PendingReference {
  readonly ref: string;
  readonly full: string;
  readonly scope: Scope;
  readonly origin: LayerOrigin;
  readonly at: readonly PathSegment[];
}

/** The canonical type: `fc` and `linear` are `dense`. */
export function canonicalType(type: string): string {
  return type === "fc" || type === "linear" ? "dense" : type;
}

function qualify(prefix: string, name: string): string {
  return prefix === "" ? name : `${prefix}.${name}`;
}

/**
 * The whole-value `$param` fields of an entry as written: a layer's (`filters: $width` →
 * filters: width), and a use's `with` and `first.with` (as `with.out`, `first.with.out`).
 */
function fieldReferences(entry: unknown): Record<string, string> | undefined {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return undefined;
  let refs: Record<string, string> | undefined;
  const collect = (fields: unknown, prefix: string) => {
    if (typeof fields !== "object" || fields === null || Array.isArray(fields)) return;
    for (const [key, value] of Object.entries(fields)) {
      const name = typeof value === "string" ? PARAMETER_REFERENCE.exec(value)?.[1] : undefined;
      if (name !== undefined) (refs ??= {})[prefix + key] = name;
    }
  };
  collect(entry, "");
  if (isUse(entry)) {
    collect(entry.with, "with.");
    collect((entry.first as { with?: unknown } | undefined)?.with, "first.with.");
  }
  return refs;
}

/** A repetition's `refs`: `with`'s references, and for the first, `first.with` in their place. */
function useRefs(
  refs: Readonly<Record<string, string>> | undefined,
  firstWith: Readonly<Record<string, unknown>> | undefined,
): { refs?: Record<string, string> } {
  if (refs === undefined) return {};
  const out: Record<string, string> = {};
  for (const [key, param] of Object.entries(refs)) if (key.startsWith("with.")) out[key.slice(5)] = param;
  for (const key of Object.keys(firstWith ?? {})) {
    const param = refs[`first.with.${key}`];
    if (param === undefined) delete out[key];
    else out[key] = param;
  }
  return Object.keys(out).length === 0 ? {} : { refs: out };
}

function isUse(entry: unknown): entry is Record<string, unknown> {
  return typeof entry === "object" && entry !== null && !Array.isArray(entry) && Object.hasOwn(entry, "use");
}

/**
 * Replaces every whole-value `$param` (also inside lists and maps); `use` names a block, never a
 * parameter. What holds no reference is returned as it is, not copied: the loader validates an
 * entry object once however many uses share it.
 */
function substitute(value: unknown, params: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === "string") {
    const name = PARAMETER_REFERENCE.exec(value)?.[1];
    return name !== undefined && params.has(name) ? params.get(name) : value;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = substitute(value[i], params);
      if (item !== value[i]) copy ??= value.slice();
      if (copy) copy[i] = item;
    }
    return copy ?? value;
  }
  if (typeof value === "object" && value !== null) {
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const replaced = key === "use" ? item : substitute(item, params);
      if (replaced !== item) copy ??= { ...value };
      if (copy) copy[key] = replaced;
    }
    return copy ?? value;
  }
  return value;
}

/** The values in `value`: 1 for a number, string, boolean or null, 1 plus its items' for a list or map. Iterative. */
function countValues(value: unknown): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    count++;
    if (Array.isArray(item)) for (const inner of item) stack.push(inner);
    else if (typeof item === "object" && item !== null) for (const inner of Object.values(item)) stack.push(inner);
  }
  return count;
}

/**
 * Calls `visit` for every string starting with `$` under `value`, with its path; `use` keys are
 * block names. The path is one array, pushed and popped on the way, and copied only for a find,
 * as every layer of a spec is searched.
 */
function findReferences(value: unknown, path: PathSegment[], visit: (path: PathSegment[], text: string) => void): void {
  if (typeof value === "string") {
    if (value.startsWith("$")) visit(path.slice(), value);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!mayHoldReference(value[i])) continue;
      path.push(i);
      findReferences(value[i], path, visit);
      path.pop();
    }
  } else if (typeof value === "object" && value !== null) {
    for (const key in value) {
      if (key === "use" || !Object.hasOwn(value, key)) continue;
      const item = (value as Record<string, unknown>)[key];
      if (!mayHoldReference(item)) continue;
      path.push(key);
      findReferences(item, path, visit);
      path.pop();
    }
  }
}

/** A list, a map, or a string starting with `$`: most values are none, and need no step into them. */
function mayHoldReference(value: unknown): boolean {
  return typeof value === "object" ? value !== null : typeof value === "string" && value.startsWith("$");
}

function list(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}

function didYouMean(word: string, candidates: readonly string[]): string {
  // one- and two-letter names are all within an edit or two of each other: no guess
  const [guess] = word.length > 2 ? closeNames(word, candidates, 1) : [];
  return guess === undefined ? "" : ` (did you mean "${guess}"?)`;
}

/** The blocks a use entry names (`use`, and `first.use`), each with where it is written in the entry. */
function namedBlocks(entry: unknown): { name: string; at: PathSegment[] }[] {
  if (!isUse(entry)) return [];
  const first = entry.first as { use?: unknown } | null | undefined;
  return [
    ...(typeof entry.use === "string" ? [{ name: entry.use, at: ["use"] }] : []),
    ...(typeof first?.use === "string" ? [{ name: first.use, at: ["first", "use"] }] : []),
  ];
}

function unknownBlock(name: string, known: readonly string[]): string {
  return `unknown block "${name}"${didYouMean(name, known)}; ${known.length ? `blocks defined: ${list(known)}` : "the spec defines no blocks"}`;
}

/** The fields of a use and of a block definition, for "did you mean" suggestions. */
const useFields = (): string[] => Object.keys(useSchema().shape);
const blockFields = (): string[] => Object.keys(blockSchema().shape);

/** How a problem names where a layer or use is written: `layers[3]`, or `blocks.b.layers[2] (in layer3.1)`. */
function describe(origin: LayerOrigin): string {
  const [innermost] = origin.uses;
  return innermost === undefined ? formatPath(origin.path) : `${formatPath(origin.path)} (in ${innermost.instance})`;
}

/** The problem with a name longer than the limit, or undefined. */
function tooLong(name: string, what: string, limits: ExpandLimits): string | undefined {
  return name.length <= limits.maxNameLength
    ? undefined
    : `${what} is ${groupDigits(name.length)} characters long, more than the limit of ${limits.maxNameLength} (EXPAND_LIMITS.maxNameLength)`;
}

/** Reads and checks `blocks`; undefined when it has problems (pushed to `problems`). */
function readBlocks(rawBlocks: unknown, place: Placer, problems: Problem[], limits: ExpandLimits): Map<string, Block> | undefined {
  const blocks = new Map<string, Block>();
  if (rawBlocks === undefined) return blocks;
  const before = problems.length;
  const parsed = z
    .record(z.string(), blockSchema(), { error: "expected a map from block names to block definitions" })
    .safeParse(rawBlocks, { reportInput: true });
  if (!parsed.success) {
    const placeInBlocks = (path: readonly PathSegment[], message: string, options?: { key?: boolean }) => place.expanded(["blocks", ...path], message, options);
    for (const problem of problemsFromZod(parsed.error.issues, placeInBlocks, (path) => (path.length === 1 ? blockFields() : []))) problems.push(problem);
    return undefined;
  }
  for (const [name, definition] of Object.entries(parsed.data)) {
    const long = tooLong(name, "a block name", limits);
    if (long !== undefined) {
      problems.push(place.expanded(["blocks", name], long, { key: true }));
    } else if (!IDENTIFIER.test(name)) {
      problems.push(place.expanded(["blocks", name], `a block name is letters, digits and _, not starting with a digit; found "${name}"`, { key: true }));
    } else if (TYPE_NAMES.includes(name)) {
      problems.push(place.expanded(["blocks", name], `"${name}" is a layer type: give the block another name`, { key: true }));
    }
    const params = new Map(Object.entries(definition.params ?? {}));
    for (const [param, fallback] of params) {
      // defaults are values, not expressions: one parameter's default cannot be another's value
      findReferences(fallback, ["blocks", name, "params", param], (at, text) =>
        problems.push(
          place.expanded(
            at,
            `the default of parameter "${param}" refers to ${text}: a default cannot refer to another parameter; give a value, and set both in \`with\` where they must agree`,
          ),
        ),
      );
      const long = tooLong(param, "a parameter name", limits);
      if (long !== undefined) {
        problems.push(place.expanded(["blocks", name, "params", param], long, { key: true }));
      } else if (!IDENTIFIER.test(param)) {
        problems.push(
          place.expanded(
            ["blocks", name, "params", param],
            `a parameter name is letters, digits and _, not starting with a digit (it is written $name); found "${param}"`,
            { key: true },
          ),
        );
      }
    }
    blocks.set(name, { name, params, layers: definition.layers });
  }
  return problems.length === before ? blocks : undefined;
}

/**
 * Checks what can be checked once per definition: parameter references, the blocks each use
 * names, and that no block uses itself. Also that `$` references appear only inside blocks.
 */
function checkDefinitions(blocks: ReadonlyMap<string, Block>, rawLayers: readonly unknown[], place: Placer, problems: Problem[]): boolean {
  const before = problems.length;
  const known = [...blocks.keys()];
  for (const block of blocks.values()) {
    const declared = [...block.params.keys()];
    for (const [j, entry] of block.layers.entries()) {
      const origin: LayerOrigin = { path: ["blocks", block.name, "layers", j], uses: [] };
      findReferences(entry, [], (at, text) => {
        const name = PARAMETER_REFERENCE.exec(text)?.[1];
        if (name !== undefined && block.params.has(name)) return;
        problems.push(
          place.at(
            origin,
            at,
            `unknown parameter ${text}${name === undefined ? "" : didYouMean(name, declared)}: block "${block.name}" declares ${declared.length ? declared.map((p) => `$${p}`).join(", ") : "no parameters"}`,
          ),
        );
      });
      for (const { name, at } of namedBlocks(entry)) if (!blocks.has(name)) problems.push(place.at(origin, at, unknownBlock(name, known)));
    }
  }
  // one visitor and one path for the whole list: a closure and an array per layer added up
  let i = 0;
  const path: PathSegment[] = [];
  const outsideBlock = (at: PathSegment[], text: string) =>
    problems.push(place.at({ path: ["layers", i], uses: [] }, at, `${text} looks like a block parameter, but parameters exist only inside a block's layers`));
  for (; i < rawLayers.length; i++) findReferences(rawLayers[i], path, outsideBlock);
  if (problems.length === before) findCycles(blocks, place, problems);
  return problems.length === before;
}

/** Reports every use that closes a cycle (a block that uses itself, directly or not). Iterative: blocks may be many. */
function findCycles(blocks: ReadonlyMap<string, Block>, place: Placer, problems: Problem[]): void {
  const usesOf = (block: Block): { target: string; at: PathSegment[] }[] =>
    block.layers.flatMap((entry, j) => namedBlocks(entry).map(({ name, at }) => ({ target: name, at: ["blocks", block.name, "layers", j, ...at] })));
  const done = new Set<string>();
  for (const start of blocks.keys()) {
    if (done.has(start)) continue;
    const stack: { name: string; edges: { target: string; at: PathSegment[] }[]; next: number }[] = [];
    const onStack = new Set<string>();
    const enter = (name: string) => {
      stack.push({ name, edges: usesOf(blocks.get(name)!), next: 0 });
      onStack.add(name);
    };
    enter(start);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const edge = frame.edges[frame.next++];
      if (edge === undefined) {
        stack.pop();
        onStack.delete(frame.name);
        done.add(frame.name);
      } else if (onStack.has(edge.target)) {
        const chain = [...stack.slice(stack.findIndex((f) => f.name === edge.target)).map((f) => f.name), edge.target];
        problems.push(place.expanded(edge.at, `block "${edge.target}" would contain itself: ${chain.join(" → ")}; blocks cannot be recursive`));
      } else if (!done.has(edge.target)) {
        enter(edge.target);
      }
    }
  }
}

class Expander {
  readonly layers: ExpandedLayer[] = [];
  private readonly names = new Map<string, NameEntry>();
  private readonly sizes = new Map<string, number>();
  private readonly pending: PendingReference[] = [];
  /** Whether an entry of a block holds a `$param` anywhere: one without is used as it is. */
  private readonly referencing = new Map<object, boolean>();
  /** The values of each entry object (countValues), counted once. */
  private readonly valueCounts = new Map<object, number>();
  /** Values in the layers that uses of blocks made so far, against EXPAND_LIMITS.maxExpandedValues. */
  private expandedValues = 0;
  /** Set when a limit is passed: expansion stops. */
  aborted = false;

  constructor(
    private readonly blocks: ReadonlyMap<string, Block>,
    private readonly place: Placer,
    private readonly problems: Problem[],
    private readonly limits: Limits & ExpandLimits,
  ) {}

  /** Expands one list of entries (the top level, or a block's layers); returns the name of its output. */
  expandList(entries: readonly unknown[], listPath: readonly PathSegment[], scope: Scope): string {
    let previous = scope.input;
    const ordinals: Ordinals = { types: new Map(), blocks: new Map() };
    for (let j = 0; j < entries.length; j++) {
      if (this.aborted) break;
      const written = entries[j];
      const referring = scope.params !== undefined && this.holdsReference(written);
      const refs = referring ? fieldReferences(written) : undefined;
      const origin: LayerOrigin = refs === undefined ? { path: listPath.concat(j), uses: scope.uses } : { path: listPath.concat(j), uses: scope.uses, refs };
      const entry = referring ? substitute(written, scope.params) : written;
      const output = isUse(entry) ? this.expandUse(entry, origin, scope, previous, ordinals) : this.expandLayer(entry, origin, scope, previous, ordinals);
      if (output !== undefined) previous = output;
    }
    return previous;
  }

  private holdsReference(entry: unknown): boolean {
    if (typeof entry !== "object" || entry === null) return typeof entry === "string" && entry.startsWith("$");
    let holds = this.referencing.get(entry);
    if (holds === undefined) {
      let found = false;
      findReferences(entry, [], () => (found = true));
      holds = found;
      this.referencing.set(entry, holds);
    }
    return holds;
  }

  /**
   * Counts a layer that a use of a block made against EXPAND_LIMITS.maxExpandedValues, before
   * it is validated; passing the limit is reported at the top-level use, and stops expansion.
   */
  private countExpanded(entry: unknown, origin: LayerOrigin): void {
    let values = typeof entry === "object" && entry !== null ? this.valueCounts.get(entry) : 1;
    if (values === undefined) {
      values = countValues(entry);
      this.valueCounts.set(entry as object, values);
    }
    this.expandedValues += values;
    if (this.expandedValues <= this.limits.maxExpandedValues) return;
    this.problems.push(
      this.place.at(
        { path: origin.uses[origin.uses.length - 1]?.path ?? origin.path, uses: [] },
        [],
        `the spec's blocks expand to more than ${groupDigits(this.limits.maxExpandedValues)} values (numbers, names, lists and maps in the layers they make), the limit of one spec (EXPAND_LIMITS.maxExpandedValues)`,
      ),
    );
    this.aborted = true;
  }

  /** Whether a name is within the limit; one that is not is reported, and stops expansion, as other limits do. */
  private checkLength(name: string, what: string, origin: LayerOrigin, at: PathSegment[]): boolean {
    const long = tooLong(name, what, this.limits);
    if (long === undefined) return true;
    this.problems.push(this.place.at(origin, at, long));
    this.aborted = true;
    return false;
  }

  private nextOrdinal(ordinals: Map<string, number>, key: string): number {
    const ordinal = (ordinals.get(key) ?? 0) + 1;
    ordinals.set(key, ordinal);
    return ordinal;
  }

  private expandLayer(entry: unknown, origin: LayerOrigin, scope: Scope, previous: string, ordinals: Ordinals): string {
    if (origin.uses.length > 0) {
      this.countExpanded(entry, origin);
      if (this.aborted) return previous;
    }
    const layer = (entry ?? {}) as { type?: unknown; name?: unknown; inputs?: unknown };
    // a type too long to be one is reported by the schema; the default name does not repeat it
    const type = typeof layer.type === "string" && layer.type.length <= this.limits.maxNameLength ? canonicalType(layer.type) : "layer";
    // contract §1: the ordinal counts every layer of the type in the list, named ones included
    const ordinal = this.nextOrdinal(ordinals.types, type);
    const named = typeof layer.name === "string" && this.checkLength(layer.name, "a layer name", origin, ["name"]);
    const short = named ? (layer.name as string) : `${type}${ordinal}`;
    const name = qualify(scope.prefix, short);

    let inputs: string[];
    if (Array.isArray(layer.inputs)) {
      // the schema reports entries that are not strings. Sized first and filled, with no
      // closure or path per entry: this runs for every layer, and push leaves room for 16 more
      const refs: unknown[] = layer.inputs;
      let count = 0;
      for (let k = 0; k < refs.length; k++) if (typeof refs[k] === "string") count++;
      inputs = Array.from<string>({ length: count });
      for (let k = 0, n = 0; k < refs.length; k++) {
        const ref = refs[k];
        if (typeof ref === "string") inputs[n++] = this.resolve(ref, scope, origin, "inputs", k);
      }
    } else {
      inputs = [previous];
    }
    const expanded: ExpandedLayer = { raw: entry, name, inputs, origin };
    // "input" is reserved, which the schema reports; it never becomes a layer's name
    if (short !== "input") this.register(name, expanded, named, short);
    this.push(expanded);
    return name;
  }

  private expandUse(entry: Record<string, unknown>, origin: LayerOrigin, scope: Scope, previous: string, ordinals: Ordinals): string | undefined {
    if (Object.hasOwn(entry, "type")) {
      this.problems.push(this.place.at(origin, ["type"], "an entry is a layer (type) or a use of a block (use), not both", { key: true }));
      return undefined;
    }
    const parsed = useSchema().safeParse(entry);
    if (!parsed.success) {
      const fieldsAt = (path: readonly PathSegment[]) => (path.length === 0 ? useFields() : path[0] === "first" && path.length === 1 ? ["use", "with"] : []);
      const issues = withInputs(parsed.error.issues, entry);
      for (const problem of problemsFromZod(issues, (path, message, options) => this.place.at(origin, path, message, options), fieldsAt)) {
        this.problems.push(problem);
      }
      return undefined;
    }
    const use: UseEntry = parsed.data;
    if (!this.checkLength(use.use, "a block name", origin, ["use"])) return undefined;
    if (use.name !== undefined && !this.checkLength(use.name, "a use's name", origin, ["name"])) return undefined;
    const known = [...this.blocks.keys()];
    const block = this.blocks.get(use.use);
    // inside a block, checkDefinitions has reported unknown blocks already and nothing is expanded
    if (block === undefined) {
      this.problems.push(this.place.at(origin, ["use"], unknownBlock(use.use, known)));
      return undefined;
    }
    const firstBlock = use.first?.use === undefined ? block : this.blocks.get(use.first.use);
    if (firstBlock === undefined) {
      this.problems.push(this.place.at(origin, ["first", "use"], unknownBlock(use.first?.use ?? "", known)));
      return undefined;
    }
    if (use.first !== undefined && use.repeat === undefined) {
      this.problems.push(this.place.at(origin, ["first"], "first changes the first repetition: give repeat as well", { key: true }));
      return undefined;
    }
    if (scope.uses.length >= this.limits.maxBlockDepth) {
      // placed at the top-level use that starts the chain: the chain itself would fill the screen
      const top = scope.uses[scope.uses.length - 1]?.path ?? origin.path;
      this.problems.push(
        this.place.at(
          { path: top, uses: [] },
          [],
          `blocks nest deeper than the limit of ${this.limits.maxBlockDepth} levels (LIMITS.maxBlockDepth): in this use's expansion, block "${scope.block}" uses block "${use.use}" at level ${scope.uses.length + 1}`,
        ),
      );
      this.aborted = true;
      return undefined;
    }

    if (use.experts === undefined) {
      const stray = use.top_k !== undefined ? "top_k" : use.router_bias !== undefined ? "router_bias" : undefined;
      if (stray !== undefined) {
        this.problems.push(this.place.at(origin, [stray], `${stray} belongs to a mixture of experts: give experts as well`, { key: true }));
        return undefined;
      }
    } else if (use.repeat !== undefined || use.first !== undefined) {
      const field = use.repeat !== undefined ? "repeat" : "first";
      this.problems.push(
        this.place.at(origin, [field], `give either experts (copies side by side, behind a router) or ${field} (copies in a chain), not both`, { key: true }),
      );
      return undefined;
    } else if ((use.top_k ?? 1) > use.experts) {
      this.problems.push(
        this.place.at(origin, ["top_k"], `top_k (${use.top_k}) must be at most experts (${use.experts}): each position goes to top_k different experts`),
      );
      return undefined;
    }

    const named = use.name !== undefined;
    const short = use.name ?? `${use.use}${this.nextOrdinal(ordinals.blocks, use.use)}`;
    const name = qualify(scope.prefix, short);
    if (use.experts !== undefined) return this.expandExperts(use, use.experts, block, origin, scope, previous, name, named);

    const count = use.repeat ?? 1;
    const firstParams = this.bind(firstBlock, use.with, use.first?.with, origin, firstBlock !== block);
    const restParams = count > 1 ? this.bind(block, use.with, undefined, origin, false) : firstParams;
    if (firstParams === undefined || restParams === undefined) {
      // the name still stands for something, so later references to it are not reported too
      this.register(name, { name: previous, origin }, named);
      return undefined;
    }
    // refuse an expansion that cannot fit before building any of it
    const atLeast = Math.min(this.limits.maxLayers + 1, this.minimumSize(firstBlock) + (count - 1) * this.minimumSize(block));
    if (this.layers.length + atLeast > this.limits.maxLayers) {
      this.tooMany({ path: origin.uses[origin.uses.length - 1]?.path ?? origin.path, uses: [] });
      return undefined;
    }
    let input = use.inputs?.[0] === undefined ? previous : this.resolve(use.inputs[0], scope, origin, "inputs", 0);
    for (let i = 0; i < count; i++) {
      const instance = use.repeat === undefined ? name : `${name}.${i}`;
      const variant = i === 0 ? firstBlock : block;
      const output = this.expandList(variant.layers, ["blocks", variant.name, "layers"], {
        prefix: instance,
        block: variant.name,
        params: i === 0 ? firstParams : restParams,
        input,
        uses: [
          {
            path: origin.path,
            instance,
            use: name,
            block: variant.name,
            params: i === 0 ? firstParams : restParams,
            ...useRefs(origin.refs, i === 0 ? use.first?.with : undefined),
          },
          ...origin.uses,
        ],
      });
      if (this.aborted) return undefined;
      // USE.I stands for repetition I's output
      if (use.repeat !== undefined) this.register(instance, { name: output, origin }, named);
      input = output;
    }
    // USE stands for the whole use's output
    this.register(name, { name: input, origin }, named);
    return input;
  }

  /**
   * A mixture of experts (docs/spec-format.md, "Mixture of experts"): the router NAME.gate, a
   * dense layer of one logit per expert; then each expert I, the block expanded as NAME.experts.I
   * behind a dispatch of the positions routed to it; then NAME.combine, which gathers them back.
   * NAME stands for the combine's output.
   */
  private expandExperts(
    use: UseEntry,
    experts: number,
    block: Block,
    origin: LayerOrigin,
    scope: Scope,
    previous: string,
    name: string,
    named: boolean,
  ): string | undefined {
    const params = this.bind(block, use.with, undefined, origin, false);
    if (params === undefined) {
      this.register(name, { name: previous, origin }, named);
      return undefined;
    }
    // refuse an expansion that cannot fit before building any of it: each expert and its dispatch, the router and the combine
    const atLeast = Math.min(this.limits.maxLayers + 1, experts * (this.minimumSize(block) + 1) + 2);
    if (this.layers.length + atLeast > this.limits.maxLayers) {
      this.tooMany({ path: origin.uses[origin.uses.length - 1]?.path ?? origin.path, uses: [] });
      return undefined;
    }
    const input = use.inputs?.[0] === undefined ? previous : this.resolve(use.inputs[0], scope, origin, "inputs", 0);
    const topK = use.top_k ?? 1;
    const around: UseSite[] = [{ path: origin.path, instance: name }, ...origin.uses];
    const made = (raw: Record<string, unknown>, full: string, inputs: string[], uses: readonly UseSite[]): void => {
      const layer: ExpandedLayer = { raw, name: full, inputs, origin: { path: origin.path, uses } };
      this.countExpanded(raw, layer.origin);
      if (this.aborted) return;
      this.register(full, layer, named);
      this.push(layer);
    };
    const gate = `${name}.gate`;
    made({ type: "dense", units: experts, ...(use.router_bias === undefined ? {} : { bias: use.router_bias }) }, gate, [input], around);
    const outputs: string[] = [];
    for (let e = 0; e < experts && !this.aborted; e++) {
      const instance = `${name}.experts.${e}`;
      const uses: UseSite[] = [{ path: origin.path, instance, use: `${name}.experts`, block: block.name, params }, ...around];
      const dispatch = `${instance}.dispatch`;
      made({ type: "dispatch", experts, top_k: topK, expert: e }, dispatch, [input], uses);
      if (this.aborted) break;
      const output = this.expandList(block.layers, ["blocks", block.name, "layers"], { prefix: instance, block: block.name, params, input: dispatch, uses });
      this.register(instance, { name: output, origin }, named);
      outputs.push(output);
    }
    if (this.aborted) return undefined;
    const combine = `${name}.combine`;
    made({ type: "combine", top_k: topK, inputs: [gate, ...outputs] }, combine, [gate, ...outputs], around);
    if (this.aborted) return undefined;
    this.register(name, { name: combine, origin }, named);
    return combine;
  }

  /** The parameter values for one expansion of `block`: defaults, then `with`, then `first.with`. */
  private bind(
    block: Block,
    given: Readonly<Record<string, unknown>> | undefined,
    firstGiven: Readonly<Record<string, unknown>> | undefined,
    origin: LayerOrigin,
    isFirstVariant: boolean,
  ): Map<string, unknown> | undefined {
    const values = new Map(block.params);
    const declared = [...block.params.keys()];
    let ok = true;
    const apply = (supplied: Readonly<Record<string, unknown>> | undefined, at: PathSegment[]) => {
      for (const [key, value] of Object.entries(supplied ?? {})) {
        if (block.params.has(key)) {
          values.set(key, value);
        } else {
          ok = false;
          this.problems.push(
            this.place.at(
              origin,
              [...at, key],
              `unknown parameter "${key}"${didYouMean(key, declared)}: block "${block.name}"${isFirstVariant ? " (the first repetition's)" : ""} declares ${declared.length ? list(declared) : "no parameters"}${isFirstVariant && at[0] === "with" ? "; with applies to every repetition, first.with to the first only" : ""}`,
              { key: true },
            ),
          );
        }
      }
    };
    apply(given, ["with"]);
    apply(firstGiven, ["first", "with"]);
    for (const [key, value] of values) {
      if (value !== null) continue;
      ok = false;
      this.problems.push(
        this.place.at(origin, given === undefined ? ["use"] : ["with"], `missing required parameter "${key}" of block "${block.name}": give it in with`),
      );
    }
    return ok ? values : undefined;
  }

  /**
   * The full name a reference stands for; an unknown or later one is recorded, with where it is
   * written (`field`[`index`] of the entry), and reported at the end.
   */
  private resolve(ref: string, scope: Scope, origin: LayerOrigin, field: string, index: number): string {
    if (ref === "input") return scope.input;
    if (!this.checkLength(ref, "an input's name", origin, [field, index])) return ref;
    const full = qualify(scope.prefix, ref);
    const entry = this.names.get(full);
    if (entry !== undefined) return entry.name;
    // NAME:i, output i of a layer with several outputs (split): NAME resolves as any name
    const part = /^(.+):(\d+)$/.exec(ref);
    const base = part === null ? undefined : this.names.get(qualify(scope.prefix, part[1]!));
    if (base !== undefined) return `${base.name}:${part![2]}`;
    this.pending.push({ ref, full, scope, origin, at: [field, index] });
    return full;
  }

  /** Records what `name` stands for; a name taken already is a problem at the entry's `name`. */
  private register(name: string, entry: NameEntry, named: boolean, short = name): void {
    const existing = this.names.get(name);
    if (existing === undefined) {
      this.names.set(name, entry);
      return;
    }
    const origin = entry.origin;
    // within one expansion, the names as written in the block (so every expansion says the same)
    const sameExpansion = origin.uses.length > 0 && existing.origin.uses[0]?.instance === origin.uses[0]?.instance;
    const taken = sameExpansion
      ? `duplicate layer name "${short}": ${formatPath(existing.origin.path)} already has it`
      : `duplicate layer name "${name}": ${describe(existing.origin)} already has it`;
    this.problems.push(this.place.at(origin, ["name"], `${taken}${named ? "" : " (a default name; give one of them a name)"}`));
  }

  /**
   * The fewest layers one expansion of `block` can give: a layer counts 1, a use its repeat
   * (1 when the repeat is a parameter) times its block's. Saturates past the limit. Below the
   * nesting limit it stops counting (0 is still a lower bound), so it cannot exhaust the stack.
   */
  private minimumSize(block: Block, depth = 0): number {
    const known = this.sizes.get(block.name);
    if (known !== undefined) return known;
    if (depth > this.limits.maxBlockDepth) return 0;
    let size = 0;
    for (const entry of block.layers) {
      if (!isUse(entry)) {
        size += 1;
      } else {
        const used = typeof entry.use === "string" ? this.blocks.get(entry.use) : undefined;
        const times = (value: unknown) => (typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : 1);
        const repeat = times(entry.repeat);
        // a mixture of experts: each expert and its dispatch, then the router and the combine
        const experts = entry.experts === undefined ? undefined : times(entry.experts);
        const inner = used === undefined ? 0 : this.minimumSize(used, depth + 1);
        size += used === undefined ? 0 : Math.min(this.limits.maxLayers + 1, experts === undefined ? repeat * inner : experts * (inner + 1) + 2);
      }
      size = Math.min(size, this.limits.maxLayers + 1);
    }
    this.sizes.set(block.name, size);
    return size;
  }

  /** Reports the layer limit, at the top-level use whose expansion passes it, and stops. */
  private tooMany(origin: LayerOrigin): void {
    this.problems.push(
      this.place.at(origin, [], `the spec expands to more than ${groupDigits(this.limits.maxLayers)} layers, the limit of one spec (LIMITS.maxLayers)`),
    );
    this.aborted = true;
  }

  private push(layer: ExpandedLayer): void {
    if (this.layers.length >= this.limits.maxLayers) {
      this.tooMany({ path: layer.origin.uses[layer.origin.uses.length - 1]?.path ?? layer.origin.path, uses: [] });
      return;
    }
    this.layers.push(layer);
  }

  /** Reports the references that named no earlier layer, now that every name is known. */
  reportPending(): void {
    const all = [...this.names.keys()];
    for (const { ref, full, scope, origin, at } of this.pending) {
      const later = this.names.get(full);
      let message: string;
      if (scope.block === undefined) {
        const top = later === undefined ? undefined : (later.origin.uses[later.origin.uses.length - 1]?.path ?? later.origin.path);
        const inside = all.filter((n) => n.endsWith(`.${ref}`)).slice(0, 3);
        message =
          top !== undefined
            ? `input "${ref}" is ${formatPath(top)}, which is not earlier: layers must be listed in topological order`
            : `unknown input "${ref}": no earlier layer has that name, and it is not "input"${inside.length ? `; layers inside blocks are named after their use, such as ${list(inside)}` : ""}`;
      } else {
        message =
          later !== undefined
            ? `input "${ref}" is ${formatPath(later.origin.path)}, which is not earlier: a block's layers must be listed in topological order`
            : `unknown input "${ref}": inside block "${scope.block}", inputs name the block's earlier layers, or "input" for the block's input`;
      }
      this.problems.push(this.place.at(origin, at, message));
    }
  }
}

/**
 * Names every layer, resolves every reference and expands every use of a block, in order.
 * Returns the flat list of layers (possibly incomplete, with `problems` non-empty), or
 * undefined when the blocks themselves are broken or a limit is passed.
 */
export function expandLayers(
  rawLayers: readonly unknown[],
  rawBlocks: unknown,
  place: Placer,
  problems: Problem[],
  limits: Limits & ExpandLimits = { ...LIMITS, ...EXPAND_LIMITS },
): ExpandedLayer[] | undefined {
  const blocks = readBlocks(rawBlocks, place, problems, limits);
  if (blocks === undefined || !checkDefinitions(blocks, rawLayers, place, problems)) return undefined;
  const expander = new Expander(blocks, place, problems, limits);
  expander.expandList(rawLayers, ["layers"], { prefix: "", input: "input", uses: [] });
  if (expander.aborted) return undefined;
  expander.reportPending();
  return expander.layers;
}
