// Maps a field path of the parsed spec back to a line and column in its text, and to the text
// of the scalar written there. Built only when a problem needs a place: a second, lighter pass
// of the same parser (js-yaml, with a listener) that keeps one start offset per node, where the
// yaml package's document model kept a node object, a range and a copy of every scalar, which
// made locating a large invalid spec slow and large (issue 19; figures in the commit message).

import { CORE_SCHEMA, type State, load } from "js-yaml";
import type { PathSegment, Position } from "./problems.js";
import { lineStarts, positionAt } from "../core/text-position.js";

export interface Locator {
  /**
   * The position of the node at `path`, or with `key: true` of the map key that names its last
   * segment. Where the path goes further than the text (a missing field), the deepest node that
   * exists is the place to look.
   */
  (path: readonly PathSegment[], options?: { key?: boolean }): Position | undefined;
  /**
   * The scalar at `path` as the text writes it (`9007199254740993`, `"10"` with its quotes,
   * `!!str 10` with its tag), for messages that show what was written rather than the value
   * it became; undefined where `path` is not a scalar of the text.
   */
  source(path: readonly PathSegment[]): string | undefined;
}

/**
 * A list or map of the text. A scalar is only its start offset: one number per value, where a
 * node object per scalar made the index of a large spec several times larger.
 */
interface Collection {
  readonly start: number;
  /** A list's items. */
  items?: TextNode[];
  /** A map's keys as the loaded object keys them, their start offsets, and their values (undefined: none written). */
  names?: string[];
  keys?: number[];
  values?: (TextNode | undefined)[];
  /** names → index, built on the first lookup in a map of many keys. */
  byName?: Map<string, number>;
}

type TextNode = number | Collection;

/** An empty node (`kernel:` with nothing after it): no place of its own, so its key is the place. */
const EMPTY = -1;

/** One node that js-yaml has opened and not yet closed: its children's nodes and values, in two lists. */
interface OpenNode {
  readonly start: number;
  readonly nodes: TextNode[];
  readonly results: unknown[];
}

/** Maps with more keys than this get a Map for lookups; smaller ones are searched in order. */
const FEW_KEYS = 8;

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;

/** The first offset from `at` that is not white space, a line break or a comment: where a node's text begins. */
export function skipSeparation(text: string, at: number): number {
  let i = at;
  while (i < text.length) {
    const unit = text.charCodeAt(i);
    if (unit === SPACE || unit === TAB || unit === LF || unit === CR || unit === 0xfeff) i++;
    else if (unit === HASH && (i === 0 || isBlank(text.charCodeAt(i - 1)))) {
      while (i < text.length && text.charCodeAt(i) !== LF) i++;
    } else break;
  }
  return i;
}

const isBlank = (unit: number): boolean => unit === SPACE || unit === TAB || unit === LF || unit === CR;

/**
 * The text's nodes, from js-yaml's open and close events. A map's children come as key, value,
 * key, value…; a key whose value is missing is told by the loaded map, whose entry for it is
 * then not the next child's value. A wrapper node whose one child is the same collection (js-yaml
 * opens a block list's entry and then the collection in it) is that child.
 */
function indexText(text: string, maxDepth: number): TextNode | undefined {
  // js-yaml drops a byte-order mark before reading, so its offsets are one short after one
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const open: OpenNode[] = [{ start: 0, nodes: [], results: [] }];
  const listener = (event: "open" | "close", state: State): void => {
    if (event === "open") {
      open.push({ start: skipSeparation(state.input, state.position) + shift, nodes: [], results: [] });
      return;
    }
    const frame = open.pop()!;
    const result: unknown = state.result;
    let node: TextNode;
    const kind = state.kind as string | null;
    if (frame.nodes.length === 1 && frame.results[0] === result && result !== null && typeof result === "object") node = frame.nodes[0]!;
    // copies of exact length: a list grown by push keeps room for some 16 more entries, which
    // for the small lists and maps of a spec was most of the index's memory
    else if (kind === "sequence") node = { start: frame.start, items: frame.nodes.slice() };
    else if (kind === "mapping") node = { start: frame.start, ...entriesOf(frame, result as Record<string, unknown>) };
    else node = kind === null && result === null ? EMPTY : frame.start;
    const parent = open[open.length - 1]!;
    parent.nodes.push(node);
    parent.results.push(result);
  };
  try {
    load(text, { schema: CORE_SCHEMA, maxDepth: maxDepth + 1, listener });
  } catch {
    // the text was read once already; a second reading can only fail the same way
  }
  return open[0]!.nodes[0];
}

function entriesOf({ nodes, results }: OpenNode, map: Record<string, unknown>): Pick<Collection, "names" | "keys" | "values"> {
  const names: string[] = [];
  const keys: number[] = [];
  const values: (TextNode | undefined)[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const key = nodes[i]!;
    const name = String(results[i]);
    const hasValue = i + 1 < nodes.length && Object.prototype.hasOwnProperty.call(map, name) && Object.is(map[name], results[i + 1]);
    const value = hasValue ? nodes[++i] : undefined;
    names.push(name);
    keys.push(typeof key === "number" ? key : key.start);
    values.push(value === EMPTY ? undefined : value);
  }
  return { names: names.slice(), keys: keys.slice(), values: values.slice() };
}

/** The index of the entry named `name` in a map: its first, as js-yaml refuses a repeat. */
function entryIndex(map: Collection, name: string): number {
  const names = map.names!;
  if (names.length <= FEW_KEYS) return names.indexOf(name);
  if (!map.byName) {
    map.byName = new Map();
    for (let i = names.length - 1; i >= 0; i--) map.byName.set(names[i]!, i);
  }
  return map.byName.get(name) ?? -1;
}

const startOf = (node: TextNode): number => (typeof node === "number" ? node : node.start);

/** The text of the scalar that starts at `start`: its quotes and tag kept, up to the end of the scalar. */
function scalarSource(text: string, start: number): string {
  const tag = /^(?:![^\s]*\s+)?/.exec(text.slice(start, start + 1024))![0];
  const from = start + tag.length;
  const quote = text[from];
  if (quote === '"' || quote === "'") {
    // up to the closing quote: `\"` escapes one in double quotes, `''` in single ones
    for (let i = from + 1; i < text.length; i++) {
      if (quote === '"' && text[i] === "\\") i++;
      else if (text[i] === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else return text.slice(start, i + 1);
      }
    }
    return text.slice(start);
  }
  // a plain scalar: to the end of its line, a comment, a flow indicator or ": "
  const plain = /^[^\r\n,[\]{}]*?(?=\s+#|: |:$|[,\]}]|\s*$)/m.exec(text.slice(from, from + 1024))?.[0] ?? "";
  return text.slice(start, from) + plain.trimEnd();
}

/** A locator for `text`, whose nodes are indexed on the first call. */
export function makeLocator(text: string, maxDepth: number): Locator {
  let root: TextNode | undefined;
  let starts: number[] | undefined;
  let indexed = false;
  const at = (offset: number): Position => positionAt((starts ??= lineStarts(text)), offset);

  /** The node at `path`, the deepest one on it that exists, and the key that names the last segment. */
  const find = (path: readonly PathSegment[]): { node: TextNode | undefined; deepest: TextNode | undefined; key?: number } => {
    if (!indexed) {
      root = indexText(text, maxDepth);
      indexed = true;
    }
    let node = root;
    let deepest = root;
    let key: number | undefined;
    for (const [i, segment] of path.entries()) {
      if (node === undefined || typeof node === "number") return { node: undefined, deepest };
      let next: TextNode | undefined;
      let keyAt: number | undefined;
      if (node.names) {
        const k = entryIndex(node, String(segment));
        if (k === -1) return { node: undefined, deepest };
        keyAt = node.keys![k]!;
        next = node.values![k];
      } else if (node.items && typeof segment === "number") next = node.items[segment];
      if (next === EMPTY) next = undefined;
      if (keyAt === undefined && next === undefined) return { node: undefined, deepest };
      if (i === path.length - 1) key = keyAt;
      // a key with no value (`kernel:`) has no value node: point at the key
      deepest = next ?? keyAt ?? deepest;
      node = next;
    }
    return { node, deepest, ...(key === undefined ? {} : { key }) };
  };

  const locate = ((path, options = {}) => {
    const { deepest, key } = find(path);
    if (options.key && key !== undefined) return at(key);
    return deepest === undefined ? undefined : at(startOf(deepest));
  }) as Locator;
  locate.source = (path) => {
    const { node } = find(path);
    return typeof node === "number" ? scalarSource(text, node) : undefined;
  };
  return locate;
}
