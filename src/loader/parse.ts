// Spec text to a plain value, with the limits that keep a hostile or broken file from
// exhausting memory, time or the stack (docs/errors.md, "Limits"). Every refusal is a located
// problem naming the limit; nothing here throws for bad input.

import { FAILSAFE_SCHEMA, type State, Type as JsYamlType, load as loadYamlFast } from "js-yaml";
import {
  CST,
  Composer,
  type Document,
  LineCounter,
  type Node,
  Parser,
  Schema as YamlSchema,
  YAMLParseError,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
} from "yaml";
import { groupDigits } from "../core/exact.js";
import { type Locator, makeLocator } from "./locate.js";
import { type PathSegment, type Position, type Problem, formatPath, sortProblems } from "./problems.js";

export interface ParseLimits {
  /** UTF-8 bytes of spec text */
  readonly maxBytes: number;
  /** yaml's guard against "billion laughs": alias uses, weighted by the aliases inside what they name */
  readonly maxAliasCount: number;
  /** nesting of lists and maps */
  readonly maxDepth: number;
}

const NON_ASCII = /[^\x00-\x7f]/;

export type ParseResult =
  { readonly ok: true; readonly value: unknown; readonly locate: Locator } | { readonly ok: false; readonly problems: readonly Problem[] };

/** UTF-8 length of `text`, without encoding it (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  // ASCII text, most specs: a byte per code unit, found by the regular expression engine's scan
  // (an 8 MB spec: 2 ms, against 15–20 ms for the loop below)
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

/** Whether a plain value nests lists and maps deeper than `limit`. Iterative: no stack to overflow. */
function depthExceeds(value: unknown, limit: number): boolean {
  return keysWithinDepth(value, limit) === undefined;
}

/**
 * The first collection token nested deeper than `maxDepth`, found without recursion. Checked on
 * the token stream, before yaml composes it into nodes: the composer recurses once per level,
 * and near the stack's end V8 can die outright ("RegExpCompiler Allocation failed - process out
 * of memory") instead of throwing a RangeError that yaml could catch. A collection token is
 * always a collection node, so a token this deep means a node at least as deep.
 */
function tooDeepToken(tokens: readonly CST.Token[], maxDepth: number): CST.Token | undefined {
  const stack: [CST.Token | undefined, number][] = tokens.map((token) => [token, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (!token) continue;
    if (token.type === "document") {
      stack.push([token.value, depth]);
      continue;
    }
    if (!CST.isCollection(token)) continue;
    if (depth >= maxDepth) return token;
    for (const item of token.items) {
      const { key, value } = item as { key?: CST.Token | null; value?: CST.Token };
      stack.push([key ?? undefined, depth + 1], [value, depth + 1]);
    }
  }
  return undefined;
}

/** yaml's parseDocument, with the nesting checked between parsing and composing. */
function parseDocumentBounded(text: string, lineCounter: LineCounter, maxDepth: number): Document | CST.Token {
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const deep = tooDeepToken(tokens, maxDepth);
  if (deep) return deep;
  // logLevel "error": yaml would otherwise print warnings (e.g. for a list used as a map key)
  // straight to stderr through Node's emitWarning. Duplicate keys are found by `inspect`.
  const composer = new Composer({ uniqueKeys: false, prettyErrors: false, logLevel: "error" });
  let doc: Document | undefined;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], "MULTIPLE_DOCS", "a second document starts here; a spec is one document"));
      break;
    }
  }
  return doc!; // compose(…, true) always ends with a document
}

interface Structure {
  /** The first collection nested deeper than the limit, in document order. */
  readonly tooDeep?: Node;
  /** Map keys given twice: the repeat, where the first one is, and the path of the key. */
  readonly duplicates: readonly { readonly key: Node; readonly first: Node; readonly path: readonly PathSegment[] }[];
  /** Alias nodes (`*name`), in document order. */
  readonly aliases: readonly Node[];
  /** Merge keys (`<<` under YAML 1.1, `!!merge`), in document order. */
  readonly merges: readonly Node[];
}

const start = (node: Node | null | undefined): number => node?.range?.[0] ?? Number.MAX_SAFE_INTEGER;

/**
 * One iterative walk over the parsed document: nesting depth, duplicate keys, aliases.
 * Duplicate keys are found here in linear time; yaml's own `uniqueKeys` compares each key with
 * every earlier key of its map, and a map of 100,000 keys took minutes.
 */
function inspect(doc: Document, maxDepth: number): Structure {
  let tooDeep: Node | undefined;
  const duplicates: { key: Node; first: Node; path: PathSegment[] }[] = [];
  const aliases: Node[] = [];
  const merges: Node[] = [];
  const stack: [unknown, number, PathSegment[]][] = [[doc.contents, 0, []]];
  while (stack.length > 0) {
    const [node, depth, path] = stack.pop()!;
    if (isAlias(node)) aliases.push(node);
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= maxDepth) {
      if (start(node) < start(tooDeep)) tooDeep = node;
      continue;
    }
    if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push([item, depth + 1, [...path, i]]));
      continue;
    }
    // JS objects key by string, so `1:` and `"1":` are the same key once loaded
    const seen = new Map<string, Node>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as Node | null;
      stack.push([key, depth + 1, path]);
      if (isScalar(key)) {
        // the yaml package's merge key is the plain `<<` (YAML 1.1) or a scalar tagged !!merge, a symbol once resolved
        if (key.value === "<<" || typeof key.value === "symbol") merges.push(key);
        const name = key.value === null ? "" : String(key.value);
        const first = seen.get(name);
        if (first) duplicates.push({ key, first, path: [...path, name] });
        else seen.set(name, key);
        stack.push([pair.value, depth + 1, [...path, name]]);
      } else {
        stack.push([pair.value, depth + 1, path]);
      }
    }
  }
  duplicates.sort((a, b) => start(a.key) - start(b.key));
  aliases.sort((a, b) => start(a) - start(b));
  merges.sort((a, b) => start(a) - start(b));
  return { ...(tooDeep ? { tooDeep } : {}), duplicates, aliases, merges };
}

export function parseSpecText(text: string, file: string, limits: ParseLimits): ParseResult {
  const withinSize = text.length <= limits.maxBytes && utf8Length(text) <= limits.maxBytes;
  const fast = withinSize ? (parseJsonFast(text, limits.maxDepth) ?? parseYamlFast(text, limits.maxDepth)) : undefined;
  if (fast !== undefined) return { ok: true, value: fast.value, locate: lazyLocator(text, limits.maxDepth) };
  return parseWithYamlPackage(text, file, limits);
}

/**
 * The YAML road: the yaml package, the reference for every value, which also finds and places
 * every problem. Exported for the tests, which hold the fast roads to it.
 */
export function parseWithYamlPackage(text: string, file: string, limits: ParseLimits): ParseResult {
  const lineCounter = new LineCounter();
  const at = (offset: number | undefined): Position | undefined => {
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problem = (message: string, position?: Position, path: readonly PathSegment[] = []): Problem => ({
    file,
    path: formatPath(path),
    message,
    ...(position ? { position } : {}),
  });
  const fail = (message: string, position?: Position): ParseResult => ({ ok: false, problems: [problem(message, position)] });
  const tooDeep = `nesting is deeper than the limit of ${limits.maxDepth} levels of lists and maps`;

  if (text.length > limits.maxBytes || utf8Length(text) > limits.maxBytes) {
    return fail(`the file is larger than the limit of ${groupDigits(limits.maxBytes)} bytes`);
  }

  const parsed = parseDocumentBounded(text, lineCounter, limits.maxDepth);
  if (!("contents" in parsed)) return fail(tooDeep, at(parsed.offset));
  const doc = parsed;
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: sortProblems(
        doc.errors.map((error) => {
          const position = at(error.pos[0]);
          const firstLine = error.message.split("\n")[0] ?? error.message;
          return problem(`not valid YAML or JSON: ${firstLine.replace(/ at line \d+, column \d+:?$/, "")}`, position);
        }),
      ),
    };
  }
  if (doc.contents === null) return fail("the file is empty: expected a spec with name, input and layers");

  const structure = inspect(doc, limits.maxDepth);
  if (structure.tooDeep) return fail(tooDeep, at(start(structure.tooDeep)));
  if (structure.duplicates.length > 0) {
    return {
      ok: false,
      problems: structure.duplicates.map(({ key, first, path }) => {
        const firstAt = at(start(first));
        return problem(
          `duplicate key: ${JSON.stringify(path[path.length - 1])} is already given${firstAt ? ` at line ${firstAt.line}` : ""}; each key may appear once`,
          at(start(key)),
          path,
        );
      }),
    };
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    const firstAlias = at(start(structure.aliases[0]));
    const unresolved = /^Unresolved alias[^:]*: (.*)$/.exec(message)?.[1];
    if (unresolved !== undefined) {
      const alias = structure.aliases.find((node) => isAlias(node) && node.source === unresolved);
      return fail(`unknown alias *${unresolved}: no anchor &${unresolved} comes before it`, at(start(alias)) ?? firstAlias);
    }
    if (error instanceof ReferenceError) {
      return fail(
        `YAML aliases expand too far (the limit is ${limits.maxAliasCount} alias uses, to keep a small file from expanding into a huge one)`,
        firstAlias,
      );
    }
    // aliases can nest what they name inside itself many times over; converting that overflows the stack
    if (error instanceof RangeError) return fail(`${tooDeep}, counting what YAML aliases expand to`, firstAlias);
    // a merge key whose value is not a map, which the yaml package finds only while converting
    if (message.startsWith("Merge sources")) return fail(`not valid YAML or JSON: ${message}`, at(start(structure.merges[0])));
    throw error;
  }
  // aliases can nest deeper than the text does
  if (depthExceeds(value, limits.maxDepth)) return fail(`${tooDeep}, counting what YAML aliases expand to`, at(start(structure.aliases[0])));
  return { ok: true, value, locate: makeLocator(doc, lineCounter) };
}

/**
 * The fast road for JSON text (generated specs): JSON.parse, more than ten times faster than the
 * yaml package, which builds a node and a source range per value (seconds and some 500 MB for
 * 100,000 layers). For JSON text, the yaml package's core schema gives the very values JSON.parse
 * gives (numbers, -0, 1e400, escapes, `__proto__` as an own key), save for a repeated key: an
 * error in YAML, while JSON.parse keeps the last one. So keys are counted, written against kept,
 * and a text that repeats one, is not a JSON object, nests too deep, or has a CR that is not
 * part of a CRLF takes the YAML road, which reports what is wrong where it is.
 */
function parseJsonFast(text: string, maxDepth: number): { readonly value: unknown } | undefined {
  if (!/^[ \t\r\n]*\{/.test(text)) return undefined;
  // a CR alone is white space to JSON and, to the yaml package, a character of the next scalar
  if (text.includes("\r") && /\r(?!\n)/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const keys = keysWithinDepth(value, maxDepth);
  return keys !== undefined && keys === keysInJsonText(text) ? { value } : undefined;
}

/**
 * How many keys a valid JSON text writes: each string in it, in order, is a key (a colon follows)
 * or a value. Outside strings JSON has no quote character, so each quote outside a string opens
 * one. A scan by character code: a regular expression's match per string was a million match
 * objects for 100,000 layers.
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
    // the string's end: the next quote not escaped
    i++;
    while (i < length) {
      const unit = text.charCodeAt(i);
      if (unit === BACKSLASH) i += 2;
      else if (unit === QUOTE) break;
      else i++;
    }
    i++;
    // a key when a colon follows, after JSON's white space
    while (i < length) {
      const unit = text.charCodeAt(i);
      if (unit !== 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) break;
      i++;
    }
    if (i < length && text.charCodeAt(i) === COLON) keys++;
  }
  return keys;
}

/**
 * How many keys the objects of a parsed value hold, all levels counted; undefined when the value
 * nests deeper than `limit`, or when an object has the key `refusedKey`. One walk for all: two
 * walks over 100,000 layers cost twice. Two parallel stacks and no Object.values: a [node,
 * depth] pair and an array of values per node made this walk half a second of a 100,000-layer
 * spec, most of it garbage collection. Only lists and maps go on the stacks: most values are
 * scalars, and pushing each to pop it at once was half the walk's work.
 */
function keysWithinDepth(value: unknown, limit: number, refusedKey?: string): number | undefined {
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
        if (item === null || typeof item !== "object") continue;
        nodes.push(item);
        depths.push(depth + 1);
      }
    } else {
      if (refusedKey !== undefined && Object.hasOwn(node, refusedKey)) return undefined;
      const names = Object.keys(node);
      keys += names.length;
      for (let k = 0; k < names.length; k++) {
        const item: unknown = (node as Record<string, unknown>)[names[k]!];
        if (item === null || typeof item !== "object") continue;
        nodes.push(item);
        depths.push(depth + 1);
      }
    }
  }
  return keys;
}

let fastYamlSchemaMade: ReturnType<typeof FAILSAFE_SCHEMA.extend> | undefined;

/**
 * js-yaml's schema for the fast road: strings, lists and maps only (the failsafe schema), with
 * plain scalars typed as the yaml package types them. Made on the first YAML text, as it sets
 * up both YAML libraries, which a JSON spec does without (the binary loads them on first use:
 * scripts/build-bin.mjs).
 */
function fastYamlSchema(): ReturnType<typeof FAILSAFE_SCHEMA.extend> {
  return (fastYamlSchemaMade ??= makeFastYamlSchema());
}

function makeFastYamlSchema(): ReturnType<typeof FAILSAFE_SCHEMA.extend> {
  /**
   * How the yaml package types a plain (unquoted) scalar: the first of its YAML 1.2 core-schema
   * tags (null, bool, int in bases 8, 10 and 16, float) whose pattern matches, else a string.
   * Its own tags, in its order, with its resolve functions: the fast road types every plain
   * scalar exactly as the composer does.
   */
  const YAML_CORE_SCALARS = new YamlSchema({}).tags.flatMap((tag) =>
    "test" in tag && tag.test && tag.default === true ? [{ test: tag.test, resolve: tag.resolve }] : [],
  );

  /**
   * Whether any of those tags may match: their patterns in one, tried first, as most plain
   * scalars (names, types) are strings that none matches. Only when no pattern has flags, which
   * the union could not keep.
   */
  const ANY_CORE_SCALAR = YAML_CORE_SCALARS.every(({ test }) => test.flags === "")
    ? new RegExp(YAML_CORE_SCALARS.map(({ test }) => `(?:${test.source})`).join("|"))
    : undefined;

  /** The value that coreScalar's resolve found, for its construct: js-yaml calls the two in a row. */
  let coreScalarValue: unknown;

  /**
   * js-yaml's implicit type for every plain scalar: the yaml package's typing above. A plain
   * scalar that no core tag matches is left to js-yaml, which keeps it a string.
   */
  const coreScalar = new JsYamlType("tag:alexcount,2026:core-scalar", {
    kind: "scalar",
    resolve: (source: string) => {
      if (ANY_CORE_SCALAR && !ANY_CORE_SCALAR.test(source)) return false;
      const tag = YAML_CORE_SCALARS.find(({ test }) => test.test(source));
      if (!tag) return false;
      // some resolve to a Scalar node (booleans and floats keep their source format)
      const resolved = tag.resolve(source, () => undefined, {});
      coreScalarValue = isScalar(resolved) ? resolved.value : resolved;
      return true;
    },
    construct: () => coreScalarValue,
  });

  return FAILSAFE_SCHEMA.extend({ implicit: [coreScalar] });
}

/**
 * Text that the fast road leaves to the yaml package, found before js-yaml reads it: what
 * js-yaml reads otherwise than the yaml package, accepts where the yaml package finds an error,
 * or would give no sign of once read. Each alternative is one such thing; a match inside a
 * quoted string or a comment only costs the fast road, never a wrong value.
 */
const DOUBTFUL_YAML_TEXT = new RegExp(
  [
    // a directive (%YAML 1.1 switches the yaml package to YAML 1.1's types)
    /^%/.source,
    // a tab (the two differ on tabs in indentation and separation); a CR alone, a line break
    // to js-yaml and not to the yaml package; a byte-order mark (js-yaml drops one at the
    // start, the yaml package then refuses a block sequence); control characters, NEL, LS and
    // PS, which the two treat differently inside quotes
    /[\t\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]|\r(?!\n)/.source,
    // a lone surrogate (kept by js-yaml inside quotes)
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.source,
    // an explicit key or empty explicit entry (`? key`, `[?]`): keys that may be collections or null
    /(?:^|[ ,[{])\?(?:[ \r\n,[\]{}]|$)/.source,
    // a flow collection as an implicit key (`[a]: 1`), which js-yaml writes as "a"
    /[\]}] *:/.source,
    // a tag other than !!str before its scalar on the same line, or !!seq or !!map before a
    // space or line break (so: verbatim `!<…>`, the non-specific `!`, named and local tags,
    // which js-yaml refuses or reads otherwise; and !!str on a line of its own, after which
    // js-yaml types a plain scalar before applying the tag: `!!str\n  -0` is -0)
    /(?:^|[ ,:[{])!(?!!(?:str +[^ \r\n#]|(?:seq|map)(?:[ \r\n]|$)))/.source,
    // a tagged block mapping as a value on its key's line (`k: !!str a: b`), which js-yaml
    // reads as the tag of its first key and the yaml package refuses
    /: +!!(?:str|seq|map) [^\r\n]*:(?:[ \r\n]|$)/.source,
    // an empty block-sequence entry (`-` and nothing more on its line): js-yaml then takes a
    // `-` on a less indented line for the next entry of the same sequence
    /(?:^|[ ])-[ ]*(?:#[^\r\n]*)?\r?$/.source,
    // a block scalar's indentation indicator (`|2`), which the two count from different
    // indentations at the top level, and after which js-yaml can keep a final line break; and
    // keep chomping (`|+`), where js-yaml counts a last line of spaces without a line break
    /[|>](?:[-+]?[0-9]|\+)/.source,
    // a block scalar whose first lines hold only spaces: the yaml package refuses them when
    // they have more than its text, js-yaml reads them as its indentation
    /[|>][-+]?[ ]*(?:#[^\r\n]*)?\r?\n(?:\r?\n)*[ ]+\r?(?:\n|$)/.source,
    // a comment right after a token: the yaml package wants white space before `#`, js-yaml not
    /[\]}"',[{:]#/.source,
    // anything but a comment after `---` on its line: the yaml package refuses a block
    // collection there, and js-yaml reads `---- a` as `---` and the list `- a`
    /^---(?!(?: +#[^\r\n]*| *)\r?$)/.source,
    // an escape \U, which js-yaml turns into garbage past U+10FFFF where the yaml package refuses it
    /\\U/.source,
  ].join("|"),
  "m",
);

/**
 * What every alternative of DOUBTFUL_YAML_TEXT needs, save two: one of these characters, or
 * `---` at the start of a line. Most specs have none, and for them DOUBTFUL_WITHOUT_RARE_TEXT,
 * the two others, says the same as DOUBTFUL_YAML_TEXT: a flow collection as a key, and an empty
 * sequence entry (its form with a comment needs `#`, and a CR is one of these). Each is one
 * quick scan, where DOUBTFUL_YAML_TEXT tries its every alternative at every position: over the
 * 7.7 MB of a 100,000-layer spec, some 25 ms for the two scans against 50 ms.
 */
const RARE_YAML_TEXT = /[%\t\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF?!|>#\\]|^---/m;
const DOUBTFUL_WITHOUT_RARE_TEXT = /[\]}] *:|(?:^|[ ])-[ ]*$/m;

/** Whether DOUBTFUL_YAML_TEXT matches `text`. Exported for the test that holds it to that. */
export function isDoubtfulYamlText(text: string): boolean {
  return RARE_YAML_TEXT.test(text) ? DOUBTFUL_YAML_TEXT.test(text) : DOUBTFUL_WITHOUT_RARE_TEXT.test(text);
}

/** Exported for the test of isDoubtfulYamlText. */
export { DOUBTFUL_YAML_TEXT };

/**
 * The yaml package refuses an implicit key whose `:` is more than 1024 characters from its
 * start; js-yaml has no such limit. A line no longer than that has no such key.
 */
const MAX_IMPLICIT_KEY_LINE = 1024;

function hasLongLine(text: string): boolean {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    if (end - start > MAX_IMPLICIT_KEY_LINE) return true;
    start = end + 1;
  }
  return false;
}

/** A node js-yaml has read that the fast road leaves to the yaml package. Thrown: it stops js-yaml at once. */
class DoubtfulNode extends Error {}

/**
 * js-yaml's listener, told of every node it has read ("close"): refuses an anchor (and so every
 * alias, which needs one: the yaml package bounds their expansion and reports them), and an
 * explicit tag on an empty node (`a: !!seq`, js-yaml's [] and the yaml package's "").
 */
function refuseDoubtfulNode(event: "open" | "close", state: State): void {
  if (event !== "close") return;
  // kind is null (typed string) for an empty node, and for an alias
  if (state.anchor !== null || ((state.kind as string | null) === null && (state.tag !== null || state.result !== null))) throw new DoubtfulNode();
  // js-yaml grows every list by push, which leaves room for 16 more entries: some 130 bytes
  // per `inputs: [a]`, kept as long as the spec is. The caller takes state.result after this
  // call, so it takes an exact copy instead, and the grown list dies young (100,000 layers:
  // some 13 MB less to copy out of the young generation and to touch)
  if (state.kind === "sequence") state.result = (state.result as unknown[]).slice();
}

/** js-yaml's warnings (indentation short of its block, an unknown directive) are errors to the yaml package. */
function refuseWarning(): never {
  throw new DoubtfulNode();
}

/**
 * The fast road for YAML text: js-yaml, which builds the value straight from its parser's
 * events, where the yaml package builds a node with a source range per value first (some 10 s
 * and 500 MB for a 3.6 MB spec of 100,000 layers, several times js-yaml's time). Taken only when
 * the yaml package would read the very same value; everything else takes the YAML road, which
 * also reports every problem at its place:
 * - text that DOUBTFUL_YAML_TEXT matches, or with a line too long for an implicit key;
 * - text js-yaml refuses: syntax, a repeated key (which js-yaml compares as the loaded object
 *   would: `1:` and `"1":` are one key), a second document, nesting past the limit, an unknown
 *   tag, a warning, a node refuseDoubtfulNode refuses;
 * - an empty document, and a value with an object that has a key "null": js-yaml's name for
 *   a null key, which the yaml package writes "".
 * js-yaml keys a map as the yaml package does once that converts it to JS: a string as it is,
 * a number or boolean as String() writes it, every key an own property (`__proto__` too).
 */
export function parseYamlFast(text: string, maxDepth: number): { readonly value: unknown } | undefined {
  if (isDoubtfulYamlText(text) || hasLongLine(text)) return undefined;
  let value: unknown;
  try {
    // js-yaml counts scalars and empty nodes as levels too; the walk below checks the limit itself
    value = loadYamlFast(text, { schema: fastYamlSchema(), maxDepth: maxDepth + 1, listener: refuseDoubtfulNode, onWarning: refuseWarning });
  } catch {
    return undefined;
  }
  if (value === null || value === undefined || keysWithinDepth(value, maxDepth, "null") === undefined) return undefined;
  return { value };
}

/**
 * A locator that parses the text with the yaml package on its first use only: a spec that
 * loads without a problem never needs a position.
 */
function lazyLocator(text: string, maxDepth: number): Locator {
  let locate: Locator | undefined;
  return (path, options) => {
    if (locate === undefined) {
      const lineCounter = new LineCounter();
      const doc = parseDocumentBounded(text, lineCounter, maxDepth);
      // the text passed JSON.parse and the depth limit, so it is one document
      locate = "contents" in doc ? makeLocator(doc, lineCounter) : () => undefined;
    }
    return locate(path, options);
  };
}
