// Typed reads of a Hugging Face config.json's top-level fields, each problem located at the
// value (line:column) and named by its JSON path. Problems are collected, so one run reports
// every missing or ill-typed field a configuration has.

import type { ImportProblem, TextPosition } from "../import-problem.js";
import { type JsonValue, childPath } from "./json-positions.js";

export class ConfigFields {
  readonly problems: ImportProblem[] = [];

  constructor(
    readonly file: string,
    readonly config: Readonly<Record<string, JsonValue>>,
    private readonly positions: ReadonlyMap<string, TextPosition>,
  ) {}

  /** The place of a value, or of the whole object when the field is missing. */
  positionOf(path: string): TextPosition | undefined {
    return this.positions.get(path) ?? this.positions.get("");
  }

  problem(path: string, message: string): undefined {
    const position = this.positionOf(path);
    this.problems.push({ file: this.file, ...(position ? { position } : {}), path, message });
    return undefined;
  }

  has(key: string): boolean {
    return Object.hasOwn(this.config, key) && this.config[key] !== null;
  }

  /** A whole number of at least `min`; required unless a fallback is given (null reads as absent). */
  integer(key: string, min = 1, fallback?: number): number | undefined {
    if (!this.has(key)) return fallback ?? this.problem(childPath("", key), `missing: expected a whole number of at least ${min}`);
    const value = this.config[key];
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min)
      return this.problem(childPath("", key), `expected a whole number of at least ${min}, found ${shown(value)}`);
    return value;
  }

  /** true or false; the fallback when absent or null. */
  boolean(key: string, fallback: boolean): boolean | undefined {
    if (!this.has(key)) return fallback;
    const value = this.config[key];
    if (typeof value !== "boolean") return this.problem(childPath("", key), `expected true or false, found ${shown(value)}`);
    return value;
  }

  /** A string; the fallback when absent or null. */
  text(key: string, fallback: string): string | undefined {
    if (!this.has(key)) return fallback;
    const value = this.config[key];
    if (typeof value !== "string") return this.problem(childPath("", key), `expected a string, found ${shown(value)}`);
    return value;
  }

  /** `architectures`: a list of class names; its first names the head. */
  architecture(fallback: string): string | undefined {
    if (!this.has("architectures")) return fallback;
    const value = this.config.architectures;
    // class names are Python identifiers; anything else (a newline, markup) is not written into the spec
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      !value.every((item): item is string => typeof item === "string" && /^[A-Za-z_][A-Za-z0-9_]{0,99}$/.test(item))
    )
      return this.problem("architectures", `expected a list of class names (["LlamaForCausalLM"]), found ${shown(value)}`);
    return value[0]!;
  }
}

/** A value as a problem shows it: short, and in JSON's spelling. */
function shown(value: JsonValue | undefined): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (value !== null && typeof value === "object") return "an object";
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
