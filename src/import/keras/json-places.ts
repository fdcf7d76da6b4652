// Where values are in a JSON text, by their path (`config.layers[3].class_name`, as
// keras-config.ts joins them), so that a problem in a Keras file is shown at its line and
// column as well as its path. One scan of the text finds every path asked for: it descends only
// into the objects and lists on the way to one, and skips the rest without reading them.

import type { TextPosition } from "../import-problem.js";
import { lineStarts, positionAt } from "../../core/text-position.js";
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
  // character codes, compared as numbers: the scan reads every byte of the skipped values
  const [QUOTE, BACKSLASH, COMMA, COLON, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET] = [34, 92, 44, 58, 123, 125, 91, 93];
  let at = 0;
  const space = () => {
    for (let c = text.charCodeAt(at); c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff; c = text.charCodeAt(++at));
  };
  /** Steps over a string: to the next quote that no backslash escapes. */
  const stepString = () => {
    for (;;) {
      const close = text.indexOf('"', at + 1);
      if (close === -1) {
        at = text.length;
        return;
      }
      let slashes = 0;
      for (let k = close - 1; text.charCodeAt(k) === BACKSLASH; k--) slashes++;
      at = close;
      if (slashes % 2 === 0) {
        at++;
        return;
      }
    }
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
      const c = text.charCodeAt(at);
      if (c === QUOTE) {
        stepString();
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (depth === 0) return;
        depth--;
      } else if (c === COMMA && depth === 0) return;
      at++;
    }
  };
  const value = (path: string): void => {
    space();
    if (wanted.has(path)) offsets.set(path, at);
    const open = text.charCodeAt(at);
    if (!prefixes.has(path) || (open !== OPEN_BRACE && open !== OPEN_BRACKET)) return skip();
    const object = open === OPEN_BRACE;
    const close = object ? CLOSE_BRACE : CLOSE_BRACKET;
    at++;
    space();
    for (let index = 0; at < text.length && text.charCodeAt(at) !== close; index++) {
      if (object) {
        const name = key();
        space();
        if (text.charCodeAt(at) === COLON) at++;
        value(join(path, name));
      } else value(join(path, index));
      space();
      if (text.charCodeAt(at) === COMMA) at++;
      space();
    }
    at++;
  };
  value("");
  const starts = lineStarts(text);
  const places = new Map<string, TextPosition>();
  for (const [path, offset] of offsets) places.set(path, positionAt(starts, offset));
  return places;
}
