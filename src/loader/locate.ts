// Maps a field path in the parsed document back to a line and column in the text, using the
// yaml package's node ranges and LineCounter.

import { type Document, type LineCounter, isMap, isPair, isScalar, isSeq, type Node } from "yaml";
import type { PathSegment, Position } from "./problems.js";

export type Locator = (path: readonly PathSegment[], options?: { key?: boolean }) => Position | undefined;

/**
 * The position of the node at `path`, or with `key: true` of the map key that names its last
 * segment. Where the path goes further than the document (a missing field), the deepest node
 * that exists is the place to look.
 */
export function makeLocator(doc: Document, lineCounter: LineCounter): Locator {
  const at = (offset: number | undefined): Position | undefined => {
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  // each map's pairs by key, built on first use: finding a key by scanning made locating one
  // problem per key of a 100,000-key map quadratic
  const pairsByKey = new WeakMap<object, Map<string, unknown>>();
  const pairOf = (map: { items: unknown[] }, segment: string | number): unknown => {
    let index = pairsByKey.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items) {
        if (!isPair(item) || !isScalar(item.key)) continue;
        const key = item.key.value === null ? "" : String(item.key.value); // as the loaded object keys it
        if (!index.has(key)) index.set(key, item);
      }
      pairsByKey.set(map, index);
    }
    return index.get(String(segment));
  };
  return (path, options = {}) => {
    let node: unknown = doc.contents;
    let found: Position | undefined = at((node as Node | null)?.range?.[0]);
    for (const [i, segment] of path.entries()) {
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = pairOf(node, segment);
        if (!isPair(pair)) return found;
        if (last && options.key && isScalar(pair.key)) return at(pair.key.range?.[0]) ?? found;
        node = pair.value;
        // a key with no value (`kernel:`) has no value node: point at the key
        found = at((node as Node | null)?.range?.[0]) ?? (isScalar(pair.key) ? at(pair.key.range?.[0]) : undefined) ?? found;
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment];
        if (item === undefined) return found;
        node = item;
        found = at((node as Node | null)?.range?.[0]) ?? found;
      } else {
        return found;
      }
    }
    return found;
  };
}
