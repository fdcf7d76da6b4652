// Where values are in a JSON text, by their path (`config.layers[3].class_name`, as
// keras-config.ts joins them), so that a problem in a Keras file is shown at its line and
// column as well as its path. One scan of the text finds every path asked for: it descends only
// into the objects and lists on the way to one, and skips the rest without reading them.

import type { TextPosition } from "../import-problem.js";
import { join } from "./keras-config.js";

type Segment = string | number;

/** `a.b[3].c` → ["a", "b", 3, "c"]; keys hold neither `.` nor `[` in the paths the importer makes. */
function segments(path: string): Segment[] {
  const out: Segment[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return out;
}

/** The line and column of each path's value in `text`, a JSON document that JSON.parse accepted; a path not found is left out. */
export function jsonPlaces(text: string, paths: readonly string[]): Map<string, TextPosition> {
  const wanted = new Set(paths);
  const prefixes = new Set<string>();
  for (const path of paths) {
    let prefix = "";
    prefixes.add(prefix);
    for (const segment of segments(path)) {
      prefix = join(prefix, segment);
      prefixes.add(prefix);
    }
  }
  const offsets = new Map<string, number>();
  let at = 0;
  const space = () => {
    while (at < text.length && (text[at] === " " || text[at] === "\n" || text[at] === "\r" || text[at] === "\t" || text[at] === "\uFEFF")) at++;
  };
  const stepString = () => {
    at++;
    while (at < text.length && text[at] !== '"') at += text[at] === "\\" ? 2 : 1;
    at++;
  };
  const key = (): string => {
    const start = at;
    stepString();
    return JSON.parse(text.slice(start, at)) as string;
  };
  /** Skips one value without reading it, up to the comma or bracket after it: brackets counted, strings stepped over. */
  const skip = () => {
    let depth = 0;
    while (at < text.length) {
      const c = text[at]!;
      if (c === '"') {
        stepString();
        continue;
      }
      if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        if (depth === 0) return;
        depth--;
      } else if (c === "," && depth === 0) return;
      at++;
    }
  };
  const value = (path: string): void => {
    space();
    if (wanted.has(path)) offsets.set(path, at);
    if (!prefixes.has(path) || (text[at] !== "{" && text[at] !== "[")) return skip();
    const object = text[at] === "{";
    at++;
    space();
    for (let index = 0; at < text.length && text[at] !== (object ? "}" : "]"); index++) {
      if (object) {
        const name = key();
        space();
        at++; // the colon
        value(join(path, name));
      } else value(join(path, index));
      space();
      if (text[at] === ",") at++;
      space();
    }
    at++;
  };
  value("");
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  const places = new Map<string, TextPosition>();
  for (const [path, offset] of offsets) {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    places.set(path, { line: low + 1, column: offset - starts[low]! + 1 });
  }
  return places;
}
