// Spec text to a plain value. One parser defines every value: js-yaml with its YAML 1.2 core
// schema (docs/spec-format.md, "YAML and JSON"). The limits that keep a hostile or broken file
// from exhausting memory, time or the stack (docs/errors.md, "Limits") are enforced before or
// while it parses. Every refusal is a located problem naming what is wrong; nothing here throws
// for bad input.

import { CORE_SCHEMA, type State, YAMLException, load } from "js-yaml";
import { groupDigits } from "../core/exact.js";
import { type Locator, makeLocator, skipSeparation } from "./locate.js";
import { lineStarts, positionAt } from "../core/text-position.js";
import { type PathSegment, type Position, type Problem } from "./problems.js";
import { explainYamlError, strictJsonProblem } from "./yaml-syntax.js";

export interface ParseLimits {
  /** UTF-8 bytes of spec text */
  readonly maxBytes: number;
  /** alias uses, each counted with the uses inside what it names (docs/errors.md, "Limits") */
  readonly maxAliasCount: number;
  /** nesting of lists and maps */
  readonly maxDepth: number;
}

export type ParseResult =
  | { readonly ok: true; readonly value: unknown; readonly locate: Locator; readonly warnings: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 length of `text`, without encoding it (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  // ASCII text, most specs: a byte per code unit, found by the regular expression engine's scan
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair: one code point above U+FFFF
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export function parseSpecText(text: string, file: string, limits: ParseLimits): ParseResult {
  const problem = (message: string, position?: Position, path: string = ""): Problem => ({ file, path, message, ...(position ? { position } : {}) });
  const fail = (message: string, position?: Position): ParseResult => ({ ok: false, problems: [problem(message, position)] });
  let starts: number[] | undefined;
  const at = (offset: number): Position => positionAt((starts ??= lineStarts(text)), offset);
  // js-yaml drops a byte-order mark before reading, so its offsets are one short after one
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  if (text.length > limits.maxBytes || utf8Length(text) > limits.maxBytes) {
    return fail(`the file is larger than the limit of ${groupDigits(limits.maxBytes)} bytes`);
  }
  const locate = makeLocator(text, limits.maxDepth);

  const json = strictJson(text, limits.maxDepth);
  if (json !== undefined) return { ok: true, value: json.value, locate, warnings: [] };

  const warnings: Problem[] = [];
  const aliases = text.includes("&") ? new AliasBudget(limits.maxAliasCount) : undefined;
  let value: unknown;
  try {
    value = load(text, {
      schema: CORE_SCHEMA,
      // js-yaml counts scalars as a level too, so a list 65 deep stops at 66; the walk below finds an empty one
      maxDepth: limits.maxDepth + 1,
      onWarning: (warning) => {
        const mark = warning.mark ? warning.mark.position + shift : undefined;
        // js-yaml has read past an unknown directive when it warns: the directive is the place
        const directive = /directive "(.*)"$/.exec(warning.reason)?.[1];
        const offset = directive !== undefined && mark !== undefined ? text.lastIndexOf(`%${directive}`, mark) : -1;
        const place = offset === -1 ? mark : offset;
        warnings.push(problem(`${warning.reason} (a warning of the YAML parser; the spec is read anyway)`, place === undefined ? undefined : at(place)));
      },
      ...(aliases ? { listener: aliases.listener } : {}),
    });
  } catch (error) {
    if (error instanceof AliasesTooFar) {
      return fail(
        `YAML aliases expand too far (the limit is ${limits.maxAliasCount} alias uses, each counted with the uses inside what it names, to keep a small file from expanding into a huge one)`,
        at(error.offset + shift),
      );
    }
    if (error instanceof YAMLException) return { ok: false, problems: explainYamlError(text, file, error, limits) };
    throw error;
  }
  if ((value === null || value === undefined) && isEmptyText(text)) return fail("the file is empty: expected a spec with name, input and layers");

  // js-yaml stopped any node deeper than the limit + 1: only an empty list or map (`[]`, `{}`,
  // a bare `!!seq`) can be one level too deep, or an alias can nest deeper than the text
  const mayNestDeeper = aliases !== undefined || MAYBE_EMPTY_COLLECTION.test(text);
  const deep = mayNestDeeper ? tooDeepPath(value, limits.maxDepth) : undefined;
  if (deep !== undefined) {
    const expanded = aliases !== undefined && aliases.used > 0 ? ", counting what YAML aliases expand to" : "";
    return { ok: false, problems: [problem(`nesting is deeper than the limit of ${limits.maxDepth} levels of lists and maps${expanded}`, locate(deep))] };
  }
  const notJson = /\.json$/i.test(file) ? strictJsonProblem(text, file) : undefined;
  if (notJson) warnings.push(notJson);
  return { ok: true, value, locate, warnings };
}

/**
 * An empty flow collection, or a tag (which can make an empty node a list or map). A comment is
 * matched to its line's end only, so that each text has one way to match: `#[^\n]*` alone let
 * `{ # # # …` be split in exponentially many ways before failing.
 */
const MAYBE_EMPTY_COLLECTION = /[[{](?:\s|#[^\n]*\n)*[\]}]|!/;

/** Nothing but white space, comments, document markers and directives: js-yaml's null, but no value was written. */
function isEmptyText(text: string): boolean {
  return text.split("\n").every((line) => /^\ufeff?\s*(?:#.*)?$|^(?:---|\.\.\.)\s*(?:#.*)?$|^%/.test(line));
}

/**
 * Strict JSON, read by JSON.parse: much faster than js-yaml on a large generated spec, and the
 * same value wherever JSON.parse reads one and js-yaml would too (JSON is YAML 1.2). Where the two differ, js-yaml decides, so this road declines: a key given twice
 * (JSON.parse keeps the last, js-yaml refuses), a number JSON.parse makes infinite (`1e400`,
 * a string to js-yaml) or −0 (`-0`, which js-yaml reads as 0), a character js-yaml refuses as
 * unprintable, and nesting past the limit. `__proto__` is an own key in both.
 */
function strictJson(text: string, maxDepth: number): { readonly value: unknown } | undefined {
  if (!/^[ \t\r\n]*[{[]/.test(text) || (MAYBE_UNPRINTABLE.test(text) && UNPRINTABLE.test(text))) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const keys = keysIfPlain(value, maxDepth);
  return keys !== undefined && keys === keysInJsonText(text) ? { value } : undefined;
}

/** The characters UNPRINTABLE looks for, in one class: one quick scan, where most texts have none. */
const MAYBE_UNPRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** What js-yaml refuses as "non-printable" (its PATTERN_NON_PRINTABLE, YAML 1.2 §5.1), and a lone surrogate. */
const UNPRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/**
 * How many keys the objects of a parsed JSON value hold, all levels counted; undefined when it
 * nests deeper than `limit` or holds a number js-yaml would read otherwise (infinite, −0).
 * Two parallel stacks, and only lists and maps pushed: most values are scalars.
 */
function keysIfPlain(value: unknown, limit: number): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0) ? 0 : undefined;
  if (value === null || typeof value !== "object") return 0;
  let keys = 0;
  const nodes: object[] = [value];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth >= limit) return undefined;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item === "number") {
          if (!Number.isFinite(item) || Object.is(item, -0)) return undefined;
        } else if (item !== null && typeof item === "object") {
          nodes.push(item);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const name in node) {
        keys++;
        const item: unknown = (node as Record<string, unknown>)[name];
        if (typeof item === "number") {
          if (!Number.isFinite(item) || Object.is(item, -0)) return undefined;
        } else if (item !== null && typeof item === "object") {
          nodes.push(item);
          depths.push(depth + 1);
        }
      }
    }
  }
  return keys;
}

/**
 * How many keys a valid JSON text writes: each string in it is a key (a colon follows) or a
 * value, and outside strings JSON has no quote character. A scan by character code.
 */
function keysInJsonText(text: string): number {
  const QUOTE = 0x22;
  const BACKSLASH = 0x5c;
  const COLON = 0x3a;
  let keys = 0;
  let i = 0;
  const length = text.length;
  while (i < length) {
    if (text.charCodeAt(i) !== QUOTE) {
      i++;
      continue;
    }
    i++;
    while (i < length) {
      const unit = text.charCodeAt(i);
      if (unit === BACKSLASH) i += 2;
      else if (unit === QUOTE) break;
      else i++;
    }
    i++;
    while (i < length) {
      const unit = text.charCodeAt(i);
      if (unit !== 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) break;
      i++;
    }
    if (i < length && text.charCodeAt(i) === COLON) keys++;
  }
  return keys;
}

/** Whether `value` nests lists and maps deeper than `limit`. Two parallel stacks, no allocation per node. */
function nestsDeeper(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== "object") return false;
  const nodes: object[] = [value];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth >= limit) return true;
    for (const name in node) {
      const item: unknown = (node as Record<string, unknown>)[name];
      if (item !== null && typeof item === "object") {
        nodes.push(item);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/**
 * The path of the first list or map nested deeper than `limit` (aliases expanded), or
 * undefined. Iterative: no stack to overflow. Alias uses are bounded before this walk, so it
 * visits at most the text's nodes times the alias limit; the path is built only once the
 * cheaper walk has found something.
 */
function tooDeepPath(value: unknown, limit: number): PathSegment[] | undefined {
  if (!nestsDeeper(value, limit)) return undefined;
  const stack: { node: object; path: PathSegment[] }[] = [{ node: value as object, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    // depth first, last child pushed first: the first one found is the first in the text
    if (path.length >= limit) return path;
    const entries: [PathSegment, unknown][] = Array.isArray(node) ? node.map((item, i) => [i, item]) : Object.entries(node);
    for (let k = entries.length - 1; k >= 0; k--) {
      const [segment, item] = entries[k]!;
      if (item !== null && typeof item === "object") stack.push({ node: item, path: [...path, segment] });
    }
  }
  return undefined;
}

/** Thrown from js-yaml's listener to stop it at the alias use that passes the limit. */
class AliasesTooFar extends Error {
  constructor(readonly offset: number) {
    super("aliases expand too far");
  }
}

/**
 * Counts alias uses while js-yaml reads, as the expanded document would hold them: a use of
 * `*name` counts 1 and every use inside what `&name` names again. js-yaml shares one object
 * among an anchor and its aliases, so nothing is expanded while reading; what is counted is
 * what a walk of the value would meet. Only for text with an anchor: an alias needs one.
 */
class AliasBudget {
  /** Alias uses met so far inside each open node, innermost last. */
  private readonly uses: number[] = [0];
  private readonly starts: number[] = [];
  /** The uses inside each list and map read so far, for the aliases that name it. */
  private readonly usesInside = new WeakMap<object, number>();
  used = 0;

  constructor(private readonly limit: number) {}

  readonly listener = (event: "open" | "close", state: State): void => {
    if (event === "open") {
      this.uses.push(0);
      this.starts.push(state.position);
      return;
    }
    let uses = this.uses.pop()!;
    const start = this.starts.pop()!;
    const result: unknown = state.result;
    const isObject = result !== null && typeof result === "object";
    // an alias leaves js-yaml's node kind unset and its result the named value
    if ((state.kind as string | null) === null && result !== null) {
      uses = 1 + (isObject ? (this.usesInside.get(result) ?? 0) : 0);
      this.used += 1;
      const total = this.uses.reduce((sum, n) => sum + n, uses);
      if (total > this.limit) throw new AliasesTooFar(skipSeparation(state.input, start));
    } else if (isObject) this.usesInside.set(result, uses);
    this.uses[this.uses.length - 1]! += uses;
  };
}
