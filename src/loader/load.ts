// The spec loader's pipeline: text in, a validated core network (and its published sources)
// out, or every problem found, each located by file, line:column and field path. One pass: the
// text parsed (parse.ts); the spec's own fields validated; blocks expanded and every layer named
// (expand.ts); each expanded layer validated once and converted (to-core.ts); each published
// source validated once and converted (published-sources.ts); and, when other parts have
// problems, the valid layers' shapes walked so that one run reports those problems too.

import { groupDigits } from "../core/exact.js";
import { analyze } from "../core/analyze.js";
import { trustLayers } from "../core/trusted-layers.js";
import type { Layer, Network } from "../core/network.js";
import type { PublishedSource } from "../core/published.js";
import type { StructureNode } from "../core/structure.js";
import { COMPILED_FROM_LAYERS, isValidLayer } from "./compiled-layer-check.js";
import { EXPAND_LIMITS, type ExpandLimits, type ExpandedLayer, expandLayers } from "./expand.js";
import { LIMITS, type Limits } from "./limits.js";
import type { Locator } from "./locate.js";
import { parseSpecText } from "./parse.js";
import { type LayerOrigin, type Placer, makePlacer, placeIssues } from "./place.js";
import { type PathSegment, type Problem, dedupeProblems, sortProblems } from "./problems.js";
import { toPublished } from "./published-sources.js";
import { specStructure } from "./spec-structure.js";
import { type SpecLayer, layerSchema, publishedSourceSchema, shapeSchema, specHeaderSchema } from "./schema.js";
import { toLayer, toShape } from "./to-core.js";
import { allowedFields, problemsFromZod, withInputs } from "./zod-problems.js";

export { LIMITS } from "./limits.js";
export { EXPAND_LIMITS } from "./expand.js";

export interface LoadedSpec {
  readonly file: string;
  readonly network: Network;
  readonly description?: string;
  readonly sources: readonly string[];
  readonly published: readonly PublishedSource[];
  /** Maps a field path of the file (`["layers", 3, "groups"]`) to its place in the text. */
  readonly locate: Locator;
  /**
   * Where each layer of `network.layers` is written: `origins[k]` is the entry (in `layers`,
   * or in a block definition) and the uses of blocks that expanded it.
   */
  readonly origins: readonly LayerOrigin[];
}

/** `warnings`: what loads but deserves a word on stderr (a .json file that is not strict JSON). */
export type LoadResult =
  { readonly ok: true; readonly spec: LoadedSpec; readonly warnings: readonly Problem[] } | { readonly ok: false; readonly problems: readonly Problem[] };

export interface LoadOptions {
  /** Overrides the spec's top-level `bias` (--bias / --no-bias); layers that set their own keep it. */
  readonly bias?: boolean;
  /** Tighter (or looser) limits than LIMITS and EXPAND_LIMITS, for tests and embedders; unset ones keep theirs. */
  readonly limits?: Partial<Limits & ExpandLimits>;
}

/** A problem found in a part validated on its own, relative to that part: placed once per use of the part. */
interface FoundProblem {
  readonly path: readonly PathSegment[];
  readonly message: string;
  readonly options?: { key?: boolean };
}

/** A layer entry that failed the schema, with its problems relative to the entry. */
class InvalidLayer {
  constructor(readonly found: readonly FoundProblem[]) {}
}

/** A layer entry as the schema read it, or why it could not. */
type LayerCheck = SpecLayer | InvalidLayer;

interface ValidLayer {
  /** Its index in the expanded list. */
  readonly index: number;
  readonly layer: Layer;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Validates one layer entry; its problems relative to the entry. `sourceAt` gives a scalar's text as written, for messages. */
function checkLayer(raw: unknown, sourceAt: (path: readonly PathSegment[]) => string | undefined): LayerCheck {
  const result = layerSchema.safeParse(raw);
  if (result.success) return result.data;
  const found = problemsFromZod<FoundProblem>(
    withInputs(result.error.issues, raw),
    (path, message, options) => ({ path, message, ...(options ? { options } : {}) }),
    (path, input) => allowedFields(["layers", 0, ...path], input),
    sourceAt,
  );
  return new InvalidLayer(found);
}

export function loadSpec(text: string, file: string, options: LoadOptions = {}): LoadResult {
  const limits = { ...LIMITS, ...EXPAND_LIMITS, ...options.limits };
  const parsedText = parseSpecText(text, file, limits);
  if (!parsedText.ok) return parsedText;
  const { value, locate } = parsedText;
  const spec = isMap(value) ? value : undefined;
  const rawLayers = spec?.layers;
  if (Array.isArray(rawLayers) && rawLayers.length > limits.maxLayers) {
    const position = locate(["layers"]);
    const message = `the spec has ${groupDigits(rawLayers.length)} layers, more than the limit of ${groupDigits(limits.maxLayers)}`;
    return { ok: false, problems: [{ file, path: "", message, ...(position ? { position } : {}) }] };
  }

  // problems are added one at a time: a spread of a long list into push's arguments overflows the stack
  const problems: Problem[] = [];
  const alsoIn = new Map<Problem, number>();
  const failed = (): LoadResult => ({ ok: false, problems: sortProblems(dedupeProblems(problems, alsoIn)) });
  const unplaced = makePlacer(file, locate);

  // the spec's own fields; `layers` and `published` only as lists here
  const header = specHeaderSchema.safeParse(value, { reportInput: true });
  if (!header.success) for (const problem of problemsFromZod(header.error.issues, unplaced.expanded, undefined, unplaced.source)) problems.push(problem);
  if (spec === undefined || !Array.isArray(rawLayers)) return failed();

  // blocks expanded first (docs/spec-format.md, "Blocks"); every later step sees plain layers,
  // and places its problems through `origins` back where each layer is written
  const beforeExpansion = problems.length;
  const expanded = expandLayers(rawLayers, spec.blocks, unplaced, problems, limits);
  if (expanded === undefined) return failed();
  // the shape walk needs every name and reference sound
  const namesSound = problems.length === beforeExpansion;
  const origins = expanded.map((layer) => layer.origin);
  const place = makePlacer(file, locate, origins);

  // each layer validated once; an entry of a block used many times unchanged is one object,
  // checked once (a Map, not a WeakMap: it lives as long as this pass, and weak entries cost
  // the garbage collector more)
  const checked = new Map<unknown, LayerCheck>();
  // an invalid entry of a block placed once per place it is written, the other uses counted
  // (a block used 200,000 times would otherwise be 200,000 problems to place and merge)
  const invalidUses = new Map<InvalidLayer, Map<string, { index: number; more: number }>>();
  // one closure for the conversion's problems, at the layer being converted
  let at = 0;
  const fieldProblem = (field: PathSegment, message: string) => problems.push(place.expanded(["layers", at, field], message, { key: true }));
  /** Each expanded layer converted, by index; undefined where it has a problem of its own. */
  const converted: (Layer | undefined)[] = Array.from({ length: expanded.length });
  const compiled = expanded.length >= COMPILED_FROM_LAYERS;
  for (let i = 0; i < expanded.length; i++) {
    const { raw, name, inputs, origin } = expanded[i]!;
    // only an entry of a block can be met again
    const shared = origin.uses.length > 0;
    let check = shared ? checked.get(raw) : undefined;
    if (check === undefined) {
      // the entry's text where it is written (a block's entry: in the block, the same for every use)
      check = compiled && isValidLayer(raw) ? raw : checkLayer(raw, (path) => locate.source([...origin.path, ...path]));
      if (shared) checked.set(raw, check);
    }
    if (check instanceof InvalidLayer) {
      const places = invalidUses.get(check) ?? new Map<string, { index: number; more: number }>();
      invalidUses.set(check, places);
      const where = origin.path.join("\u0000");
      const first = places.get(where);
      if (first === undefined) places.set(where, { index: i, more: 0 });
      else first.more++;
      continue;
    }
    const before = problems.length;
    at = i;
    const layer = toLayer(check, name, inputs, fieldProblem);
    if (problems.length === before) converted[i] = layer;
  }

  for (const [check, places] of invalidUses) {
    for (const { index, more } of places.values()) {
      for (const { path, message, options: at } of check.found) {
        const problem = place.expanded(["layers", index, ...path], message, at);
        problems.push(problem);
        if (more > 0) alsoIn.set(problem, more);
      }
    }
  }

  const published = readPublished(spec.published, expanded, place, problems);

  if (problems.length > 0) {
    if (namesSound) {
      const valid = converted.flatMap((layer, index) => (layer === undefined ? [] : [{ index, layer }]));
      for (const problem of shapeProblemsBeside(spec, options, valid, expanded, place)) problems.push(problem);
    }
    return failed();
  }
  if (!header.success) return failed(); // not reached: a header problem is in `problems`
  const { name, description, source, input, bias } = header.data;
  return {
    ok: true,
    warnings: parsedText.warnings,
    spec: {
      file,
      network: { name, input: toShape(input), bias: options.bias ?? bias ?? true, layers: trustLayers(converted as Layer[]) }, // every one converted: no problems
      ...(description === undefined ? {} : { description }),
      sources: source === undefined ? [] : typeof source === "string" ? [source] : source,
      published,
      locate,
      origins,
    },
  };
}

/** Each entry of `published`, validated once and converted; entries that are not a list the header reported. */
function readPublished(rawPublished: unknown, expanded: readonly ExpandedLayer[], place: Placer, problems: Problem[]): PublishedSource[] {
  if (!Array.isArray(rawPublished) || rawPublished.length === 0) return [];
  const layerNames = new Set(expanded.map((layer) => layer.name));
  // the block uses, built once and only if a source names one
  let built: readonly StructureNode[] | undefined;
  const structure = () => (built ??= specStructure({ names: expanded.map((layer) => layer.name), origins: expanded.map((layer) => layer.origin) }));
  const published: PublishedSource[] = [];
  for (let i = 0; i < rawPublished.length; i++) {
    const at = (path: readonly PathSegment[], message: string, options?: { key?: boolean }) => place.expanded(["published", i, ...path], message, options);
    const result = publishedSourceSchema.safeParse(rawPublished[i], { reportInput: true });
    if (!result.success) {
      const fieldsAt = (path: readonly PathSegment[], input: unknown) => allowedFields(["published", i, ...path], input);
      for (const problem of problemsFromZod(result.error.issues, at, fieldsAt, (path) => place.source(["published", i, ...path]))) problems.push(problem);
      continue;
    }
    published.push(toPublished(result.data, layerNames, structure, (path, message, key = false) => problems.push(at(path, message, { key }))));
  }
  return published;
}

/**
 * The shape problems of a spec that has other problems too, so that one run reports both: the
 * valid layers walked, a layer that reads an invalid one skipped (its shape is unknown), and
 * each problem placed at its layer. A total over part of the network means nothing, so only
 * the layers' problems are kept. Nothing when the spec's input or bias is itself invalid.
 */
function shapeProblemsBeside(
  spec: Readonly<Record<string, unknown>>,
  options: LoadOptions,
  valid: readonly ValidLayer[],
  expanded: readonly ExpandedLayer[],
  place: Placer,
): Problem[] {
  const input = shapeSchema.safeParse(spec.input);
  if (!input.success || (spec.bias !== undefined && typeof spec.bias !== "boolean")) return [];
  const validNames = new Set(valid.map(({ index }) => expanded[index]!.name));
  const unknownShapes = expanded.filter((layer) => !validNames.has(layer.name)).map((layer) => layer.name);
  // the walk reads no name
  const bias = options.bias ?? spec.bias ?? true;
  const network: Network = { name: "", input: toShape(input.data), bias, layers: valid.map(({ layer }) => layer) };
  const result = analyze(network, { unknownShapes });
  if (result.ok) return [];
  const issues = result.issues.flatMap((issue) => (issue.layer === undefined ? [] : [{ ...issue, layer: valid[issue.layer]!.index }]));
  return placeIssues(
    issues,
    place,
    expanded.map((layer) => layer.origin),
    (index) => expanded[index]?.name,
  );
}
