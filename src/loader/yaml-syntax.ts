// What is wrong with a text js-yaml refused, in the spec format's words, with the line and
// column and a hint (docs/errors.md, "YAML and JSON syntax"). js-yaml's verdict stands; the
// yaml package only explains it: where a duplicate key was first given, which list is nested
// too deep, where a second document starts, and the place of other errors, which it often finds
// nearer their cause. It reads the text up to the end of the line js-yaml stopped at, and only
// when that is small enough to read quickly: past that, js-yaml's own place is given.

import type { YAMLException } from "js-yaml";
import { CST, Composer, type Document, type Node, Parser, type YAMLParseError, isMap, isPair, isScalar, isSeq } from "yaml";
import { lineStarts, positionAt } from "../core/text-position.js";
import { type PathSegment, type Position, type Problem, formatPath } from "./problems.js";
import { notStrictJson } from "./strict-json.js";

/**
 * The most text the yaml package reads to explain an error: its document model keeps a node, a
 * range and a copy of every scalar, so a larger text is explained from js-yaml's message alone.
 */
const MAX_EXPLAINED = 512 * 1024;

interface Limits {
  readonly maxDepth: number;
}

/** A `.json` file's warning when it is not strict JSON, or undefined when it is. */
export function strictJsonProblem(text: string, file: string): Problem | undefined {
  const found = notStrictJson(text);
  if (!found) return undefined;
  return {
    file,
    path: "",
    position: positionAt(lineStarts(text), found.offset),
    message: `not strict JSON (${found.what}): read as YAML, as the spec format allows, but jq and other JSON tools will refuse this file`,
  };
}

/** The text up to the end of the line holding `offset` (all of it without one), when small enough. */
function explainable(text: string, offset: number | undefined): string | undefined {
  const lineEnd = offset === undefined ? -1 : text.indexOf("\n", offset);
  const prefix = lineEnd === -1 ? text : text.slice(0, lineEnd + 1);
  return prefix.length <= MAX_EXPLAINED ? prefix : undefined;
}

/**
 * The first collection token nested deeper than `maxDepth`, found without recursion: on the
 * parser's tokens, before the composer (which recurses once per level) sees them.
 */
function tooDeepToken(tokens: readonly CST.Token[], maxDepth: number): CST.Token | undefined {
  const stack: [CST.Token | undefined, number][] = tokens.map((token) => [token, 0]);
  let first: CST.Token | undefined;
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (!token) continue;
    if (token.type === "document") {
      stack.push([token.value, depth]);
      continue;
    }
    if (!CST.isCollection(token)) continue;
    if (depth >= maxDepth) {
      if (!first || token.offset < first.offset) first = token;
      continue;
    }
    for (const item of token.items) {
      const { key, value } = item as { key?: CST.Token | null; value?: CST.Token };
      stack.push([key ?? undefined, depth + 1], [value, depth + 1]);
    }
  }
  return first;
}

interface Explained {
  /** The yaml package's errors, in text order. */
  readonly errors: readonly YAMLParseError[];
  readonly doc?: Document;
  /** The first collection nested past the limit. */
  readonly tooDeep?: number;
  /** Where a second document starts. */
  readonly secondDocument?: number;
}

/** The yaml package's reading of `text`, depth checked on its tokens before composing. */
function explain(text: string, maxDepth: number): Explained {
  const tokens = Array.from(new Parser().parse(text));
  const deep = tooDeepToken(tokens, maxDepth);
  if (deep) return { errors: [], tooDeep: deep.offset };
  // logLevel "error": yaml would otherwise print its warnings to stderr
  const composer = new Composer({ uniqueKeys: false, prettyErrors: false, logLevel: "error" });
  let doc: Document | undefined;
  let secondDocument: number | undefined;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      secondDocument = next.range[0];
      break;
    }
  }
  const errors = [...(doc?.errors ?? [])].sort((a, b) => a.pos[0] - b.pos[0]);
  return { errors, ...(doc ? { doc } : {}), ...(secondDocument === undefined ? {} : { secondDocument }) };
}

const start = (node: Node | null | undefined): number => node?.range?.[0] ?? Number.MAX_SAFE_INTEGER;

/** The first key given twice in a map, with where the first one is and its path; iterative. */
function firstDuplicate(doc: Document): { key: Node; first: Node; path: PathSegment[] } | undefined {
  let found: { key: Node; first: Node; path: PathSegment[] } | undefined;
  const stack: [unknown, PathSegment[]][] = [[doc.contents, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (isSeq(node)) node.items.forEach((item, i) => stack.push([item, [...path, i]]));
    if (!isMap(node)) continue;
    // keys as the loaded object writes them: `1:` and `"1":` are one key, a null key is "null"
    const seen = new Map<string, Node>();
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const name = String(pair.key.value);
      const first = seen.get(name);
      if (first && (!found || start(pair.key) < start(found.key))) found = { key: pair.key, first, path: [...path, name] };
      if (!first) seen.set(name, pair.key);
      stack.push([pair.value, [...path, name]]);
    }
  }
  return found;
}

/** The offset of the quote or bracket that opens what is still open at `end`, scanning from the start. */
function unclosedOpening(text: string, end: number): { offset: number; char: string } | undefined {
  const open: { offset: number; char: string }[] = [];
  let quote: { offset: number; char: string } | undefined;
  for (let i = 0; i < end && i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (quote.char === '"' && ch === "\\") i++;
      else if (ch === quote.char) {
        if (ch === "'" && text[i + 1] === "'") i++;
        else quote = undefined;
      }
      continue;
    }
    const before = i === 0 ? "\n" : text[i - 1]!;
    const atTokenStart = /[\s[{,:]/.test(before);
    if (ch === "#" && /\s/.test(before)) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if ((ch === '"' || ch === "'") && atTokenStart) quote = { offset: i, char: ch };
    else if ((ch === "[" || ch === "{") && atTokenStart) open.push({ offset: i, char: ch });
    else if ((ch === "]" || ch === "}") && open.length > 0) open.pop();
  }
  return quote ?? open[open.length - 1];
}

/** The problems of a text js-yaml refused, reworded. */
export function explainYamlError(text: string, file: string, error: YAMLException, limits: Limits): Problem[] {
  const starts = lineStarts(text);
  const at = (offset: number): Position => positionAt(starts, Math.min(offset, text.length));
  const problem = (message: string, offset?: number, path: readonly PathSegment[] = []): Problem[] => [
    { file, path: formatPath(path), message, ...(offset === undefined ? {} : { position: at(offset) }) },
  ];
  const reason = error.reason ?? error.message;
  // js-yaml drops a byte-order mark before reading, so its offsets are one short after one
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const mark: number | undefined = error.mark ? error.mark.position + shift : undefined;
  if (reason.startsWith("nesting exceeded maxDepth")) {
    // js-yaml stopped a level or two past the first collection too deep: the text up to there
    // holds it, and a little more keeps the yaml package from reading a cut token otherwise
    const deep = mark === undefined ? undefined : explain(text.slice(0, mark + 1024), limits.maxDepth).tooDeep;
    return problem(`nesting is deeper than the limit of ${limits.maxDepth} levels of lists and maps`, deep ?? mark);
  }
  const prefix = explainable(text, mark);
  const explained = prefix === undefined ? undefined : explain(prefix, limits.maxDepth);
  const firstError = explained?.errors[0];
  const place = firstError?.pos[0] ?? mark;

  if (reason.startsWith("duplicated mapping key")) {
    const duplicate = explained?.doc ? firstDuplicate(explained.doc) : undefined;
    if (duplicate) {
      const name = duplicate.path[duplicate.path.length - 1];
      return problem(
        `duplicate key: ${JSON.stringify(name)} is already given at line ${at(start(duplicate.first)).line}; each key may appear once`,
        start(duplicate.key),
        duplicate.path,
      );
    }
    // past what the yaml package reads quickly: the key as written at js-yaml's place
    const written = mark === undefined ? undefined : /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s:,[\]{}]+)/.exec(text.slice(mark, mark + 1024))?.[0];
    return problem(`duplicate key${written ? ` ${written}` : ""}: it is already given in the same map; each key may appear once`, mark);
  }
  const alias = /^unidentified alias "(.*)"$/.exec(reason)?.[1];
  if (alias !== undefined) {
    const use = mark === undefined ? -1 : text.lastIndexOf(`*${alias}`, mark);
    return problem(`unknown alias *${alias}: no anchor &${alias} comes before it`, use === -1 ? mark : use);
  }
  if (reason.startsWith("expected a single document")) {
    const second = explained?.secondDocument ?? /^(?:---|\.\.\.)/m.exec(text)?.index;
    return problem("a second document starts here; a spec is one document (remove the --- line, or what follows it)", second);
  }
  if (reason.includes("tab characters must not be used in indentation")) {
    return problem("a tab in the indentation: YAML indents with spaces only; replace the tab with spaces", place);
  }
  if (reason.includes("non-printable characters") || reason.includes("null byte")) {
    const offset = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/.exec(text)?.index ?? mark;
    const code = offset === undefined ? "" : ` (U+${text.charCodeAt(offset).toString(16).toUpperCase().padStart(4, "0")})`;
    return problem(`a control character${code} that YAML does not allow in a file: remove it, or write it as an escape inside double quotes ("\\t")`, offset);
  }
  const unclosed = /within a (double quoted scalar|single quoted scalar|flow collection)/.exec(reason) ?? /end with a [\]}]/.exec(firstError?.message ?? "");
  if (unclosed || reason.startsWith("missed comma between flow collection entries")) {
    const opening = unclosedOpening(text, mark ?? text.length);
    if (opening && (unclosed || opening.char === "[" || opening.char === "{")) {
      const closer = { '"': '"', "'": "'", "[": "]", "{": "}" }[opening.char]!;
      const what = opening.char === "[" ? "a [ list" : opening.char === "{" ? "a { map" : `a string in ${opening.char === '"' ? "double" : "single"} quotes`;
      if (unclosed) return problem(`${what} opened here is never closed: add the closing ${closer}`, opening.offset);
    }
    return problem("a comma is missing between two entries of a [ ] list or { } map (or a bracket is not closed)", mark ?? place);
  }
  if (reason.startsWith("bad indentation")) {
    return problem(
      "bad indentation: this line does not line up with the lines above it; the keys of one map, and the items of one list, start in the same column",
      mark ?? place,
    );
  }
  if (reason.startsWith("can not read a block mapping entry") || reason.startsWith("can not read an implicit mapping pair")) {
    return problem("a line that is not `key: value`: a colon is missing after a key, or the line is indented too far", place);
  }
  if (reason.startsWith("a whitespace character is expected after the key-value separator")) {
    return problem("a space is needed after the colon: write `key: value`", mark);
  }
  if (reason.startsWith("end of the stream or a document separator is expected")) {
    return problem("unexpected text here: it does not continue the map or list above (a stray bracket or quote, or a line indented too little?)", place);
  }
  const tag = /^unknown tag !<(.*)>$/.exec(reason)?.[1];
  if (tag !== undefined) {
    const written = tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice("tag:yaml.org,2002:".length)}` : tag;
    const use = mark === undefined ? -1 : text.lastIndexOf(written, mark);
    return problem(`unknown tag ${written}: the spec format's YAML knows only !!str, !!int, !!float, !!bool, !!null, !!seq and !!map`, use === -1 ? mark : use);
  }
  return problem(`not valid YAML or JSON: ${reason}`, place);
}
