// Strict JSON (RFC 8259) read with the place of every value, so that a problem in an imported
// JSON file can be shown at its line and column as well as its path (`text_config.hidden_size`).
// JSON.parse gives neither; this small reader gives both, and stops at a nesting limit rather
// than at the end of the stack.

import type { TextPosition } from "../import-problem.js";
import { lineStarts, positionAt } from "../../core/text-position.js";

/** Deeper than any configuration file nests; a deeper one is refused, not recursed into. */
const MAX_DEPTH = 64;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonRead =
  | { readonly ok: true; readonly value: JsonValue; readonly positions: ReadonlyMap<string, TextPosition> }
  | { readonly ok: false; readonly position: TextPosition; readonly message: string };

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** `a.b[2]`, a key that is not an identifier quoted: `id2label["0"]`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Reads the text as JSON; each value's path (in childPath's spelling) maps to where it starts. */
export function readJson(text: string): JsonRead {
  const offsets = new Map<string, number>();
  let at = 0;
  const space = () => {
    while (at < text.length && (text[at] === " " || text[at] === "\t" || text[at] === "\n" || text[at] === "\r")) at++;
  };
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, at);
  };
  const found = () => (at >= text.length ? "the end of the text" : JSON.stringify(text[at]));
  const string = (): string => {
    const start = at;
    at++;
    while (at < text.length && text[at] !== '"') {
      const c = text.charCodeAt(at);
      if (c < 0x20) fail("a control character in a string (write it escaped)");
      if (text[at] === "\\") at++;
      at++;
    }
    if (at >= text.length) {
      at = start;
      fail("a string that is never closed");
    }
    at++;
    try {
      return JSON.parse(text.slice(start, at)) as string;
    } catch {
      at = start;
      return fail("a string with a bad escape");
    }
  };
  const value = (path: string, depth: number): JsonValue => {
    space();
    offsets.set(path, at);
    const c = text[at];
    if (c === "{" || c === "[") {
      if (depth >= MAX_DEPTH) fail(`nested more than ${MAX_DEPTH} levels deep`);
      at++;
      space();
      const close = c === "{" ? "}" : "]";
      const out: JsonValue[] | Record<string, JsonValue> = c === "{" ? {} : [];
      if (text[at] === close) {
        at++;
        return out;
      }
      for (let k = 0; ; k++) {
        if (Array.isArray(out)) out.push(value(childPath(path, k), depth + 1));
        else {
          space();
          if (text[at] !== '"') fail(`expected a key in double quotes, found ${found()}`);
          const key = string();
          space();
          if (text[at] !== ":") fail(`expected ":" after the key, found ${found()}`);
          at++;
          const item = value(childPath(path, key), depth + 1);
          // a key given twice: the last one wins, as JSON.parse and Python's json read it
          Object.defineProperty(out, key, { value: item, enumerable: true, configurable: true, writable: true });
        }
        space();
        if (text[at] === ",") {
          at++;
          continue;
        }
        if (text[at] === close) {
          at++;
          return out;
        }
        fail(`expected "," or "${close}", found ${found()}`);
      }
    }
    if (c === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(at, at + 400))?.[0];
    if (!literal) {
      // Python's json.dump writes NaN and Infinity, which JSON does not have
      const word = /^-?[A-Za-z]+/.exec(text.slice(at, at + 40))?.[0];
      return fail(word ? `${word} is not a JSON value` : `expected a value, found ${found()}`);
    }
    at += literal.length;
    return JSON.parse(literal) as JsonValue;
  };
  const starts = lineStarts(text);
  const position = (offset: number): TextPosition => positionAt(starts, offset);
  try {
    const result = value("", 0);
    space();
    if (at < text.length) fail(`more text after the JSON value: ${found()}`);
    const positions = new Map<string, TextPosition>();
    for (const [path, offset] of offsets) positions.set(path, position(offset));
    return { ok: true, value: result, positions };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return { ok: false, position: position(error.offset), message: `not valid JSON: ${error.message}` };
  }
}
