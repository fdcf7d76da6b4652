// Typed reads of a prototxt message's fields, each problem located at the value and named by
// its field path (`layer[3].convolution_param.kernel_size`). Problems are collected, so one run
// reports all that a file has.

import leven from "leven";
import type { ImportProblem, TextPosition } from "../import-problem.js";
import type { TextField, TextMessage, TextScalar } from "./prototxt.js";

export class FieldReader {
  readonly problems: ImportProblem[] = [];

  constructor(readonly file: string) {}

  /** Records the problem; returns undefined, so that a read can end with `return read.problem(…)`. */
  problem(position: TextPosition | undefined, path: string, message: string): undefined {
    this.problems.push({ file: this.file, ...(position ? { position } : {}), path, message });
    return undefined;
  }

  /** Reports every field of `message` not in `known`, with a suggestion when one is close. */
  knownFields(message: TextMessage, path: string, known: readonly string[], what: string): void {
    for (const field of message.fields) {
      if (known.includes(field.name)) continue;
      const close = known.filter((name) => leven(name, field.name) <= Math.max(2, Math.floor(field.name.length / 3)));
      const hint = close.length > 0 ? ` (did you mean ${close.join(" or ")}?)` : "";
      this.problem(field.position, join(path, field.name), `${what} has no field ${field.name}${hint}`);
    }
  }

  /** The fields of that name, in file order. */
  all(message: TextMessage, name: string): TextField[] {
    return message.fields.filter((field) => field.name === name);
  }

  /** The one field of that name; a second one is a problem, as protobuf's own text parser says. */
  one(message: TextMessage, path: string, name: string): TextField | undefined {
    const fields = this.all(message, name);
    const second = fields[1];
    if (second)
      this.problem(
        second.position,
        join(path, name),
        `${name} is given more than once (first at line ${fields[0]!.position.line}:${fields[0]!.position.column})`,
      );
    return fields[0];
  }

  scalar(field: TextField, path: string): TextScalar | undefined {
    if (field.value.kind !== "message") return field.value;
    this.problem(field.position, path, `expected a value, found a message { … }`);
    return undefined;
  }

  sub(field: TextField, path: string): TextMessage | undefined {
    if (field.value.kind === "message") return field.value;
    this.problem(field.value.position, path, `expected a message { … }, found ${shown(field.value)}`);
    return undefined;
  }

  /** A whole number of at least `min`, exactly as written (decimal or 0x hexadecimal). */
  integer(field: TextField, path: string, min: number): number | undefined {
    const value = this.scalar(field, path);
    if (!value) return undefined;
    const text = value.text;
    const number = value.kind === "number" && /^-?(\d+|0[xX][0-9a-fA-F]+)$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(number)) {
      this.problem(value.position, path, `expected a whole number, found ${shown(value)}`);
      return undefined;
    }
    if (number < min) {
      this.problem(value.position, path, `expected a whole number of at least ${min}, found ${text}`);
      return undefined;
    }
    return number;
  }

  /** `true`/`false` (and the other spellings protobuf's text format accepts: t, f, 1, 0, True, False). */
  boolean(field: TextField, path: string): boolean | undefined {
    const value = this.scalar(field, path);
    if (!value) return undefined;
    if (["true", "True", "t", "1"].includes(value.text) && value.kind !== "string") return true;
    if (["false", "False", "f", "0"].includes(value.text) && value.kind !== "string") return false;
    this.problem(value.position, path, `expected true or false, found ${shown(value)}`);
    return undefined;
  }

  /** One of the enum's names (or, as protobuf allows, its number). */
  enumValue<T extends string>(field: TextField, path: string, names: readonly T[]): T | undefined {
    const value = this.scalar(field, path);
    if (!value) return undefined;
    if (value.kind === "identifier" && (names as readonly string[]).includes(value.text)) return value.text as T;
    if (value.kind === "number" && /^\d+$/.test(value.text) && names[Number(value.text)] !== undefined) return names[Number(value.text)];
    this.problem(value.position, path, `expected one of ${names.join(", ")}, found ${shown(value)}`);
    return undefined;
  }

  /** A string value (or an identifier, which some hand-written files use for names). */
  text(field: TextField, path: string): string | undefined {
    const value = this.scalar(field, path);
    if (!value) return undefined;
    if (value.kind === "string" || value.kind === "identifier") return value.text;
    this.problem(value.position, path, `expected a string, found ${shown(value)}`);
    return undefined;
  }

  /** An optional whole number: `fallback` when absent, undefined (with a problem) when wrong. */
  optionalInteger(message: TextMessage, path: string, name: string, min: number, fallback: number): number | undefined {
    const field = this.one(message, path, name);
    return field ? this.integer(field, join(path, name), min) : fallback;
  }

  optionalBoolean(message: TextMessage, path: string, name: string, fallback: boolean): boolean | undefined {
    const field = this.one(message, path, name);
    return field ? this.boolean(field, join(path, name)) : fallback;
  }
}

export function join(path: string, name: string | number): string {
  return typeof name === "number" ? `${path}[${name}]` : path ? `${path}.${name}` : name;
}

function shown(value: TextScalar | TextMessage): string {
  if (value.kind === "message") return "a message { … }";
  const text = value.text.length > 40 ? `${value.text.slice(0, 40)}…` : value.text;
  return value.kind === "string" ? JSON.stringify(text) : text;
}
