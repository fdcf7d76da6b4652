// Typed reads of a Keras layer's config (`kernel_size`, `strides`, `use_bias`…), each problem
// named by its JSON path in the file (`config.layers[3].config.strides`). Problems are
// collected, so one run reports all that a file has.

import type { ImportProblem } from "../import-problem.js";
import { type Json, type JsonObject, isObject } from "./keras-model-file.js";

export const join = (path: string, key: string | number): string => (typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/**
 * A value from the file, in a few characters, for a message: scalars and lists two levels deep
 * as written, anything deeper described (a file may nest lists past what JSON.stringify's
 * recursion survives).
 */
export function shown(value: Json | undefined): string {
  if (value === undefined) return "nothing";
  const shallow = (v: Json, depth: number): boolean =>
    v === null || typeof v !== "object" || (depth > 0 && Array.isArray(v) && v.length <= 8 && v.every((item: Json) => shallow(item, depth - 1)));
  if (Array.isArray(value) && !shallow(value, 2)) return `a list of ${value.length}`;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return "an object";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export class ConfigReader {
  readonly problems: ImportProblem[] = [];

  constructor(readonly file: string) {}

  /** Records the problem; returns undefined, so that a read can end with `return read.problem(…)`. */
  problem(path: string, message: string): undefined {
    this.problems.push({ file: this.file, path, message });
    return undefined;
  }

  /** A whole number of at least `min`; `fallback` when absent or null (a problem when there is none). */
  integer(config: JsonObject, path: string, key: string, min: number, fallback?: number): number | undefined {
    const value = config[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) return this.problem(join(path, key), `${key} is required`);
      return fallback;
    }
    if (typeof value === "number" && Number.isSafeInteger(value) && value >= min) return value;
    return this.problem(join(path, key), `expected a whole number ≥ ${min}, found ${shown(value)}`);
  }

  /**
   * A size per spatial axis: one number for every axis or a list of `axes` numbers (Keras
   * writes `[3, 3]`; `3` too); `fallback` when absent or null.
   */
  sizes(config: JsonObject, path: string, key: string, axes: number, min: number, fallback?: readonly number[]): number[] | undefined {
    const value = config[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) return this.problem(join(path, key), `${key} is required`);
      return [...fallback];
    }
    const list: readonly Json[] = Array.isArray(value) ? (value as readonly Json[]) : Array.from({ length: axes }, () => value);
    if (list.length !== axes || !list.every((v) => ok(v, min))) return this.bad(path, key, axes, min, value);
    return list as number[];
  }

  private bad(path: string, key: string, axes: number, min: number, value: Json): undefined {
    return this.problem(join(path, key), `expected ${axes === 1 ? "a whole number" : `${axes} whole numbers`} ≥ ${min}, found ${shown(value)}`);
  }

  boolean(config: JsonObject, path: string, key: string, fallback: boolean): boolean | undefined {
    const value = config[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value === "boolean") return value;
    return this.problem(join(path, key), `expected true or false, found ${shown(value)}`);
  }

  /** One of `choices`, `fallback` when absent or null. */
  choice<T extends string>(config: JsonObject, path: string, key: string, choices: readonly T[], fallback: T): T | undefined {
    const value = config[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value === "string" && (choices as readonly string[]).includes(value.toLowerCase())) return value.toLowerCase() as T;
    return this.problem(join(path, key), `expected ${choices.map((c) => JSON.stringify(c)).join(" or ")}, found ${shown(value)}`);
  }

  object(value: Json | undefined, path: string, what: string): JsonObject | undefined {
    if (isObject(value)) return value;
    return this.problem(path, `expected ${what}, found ${shown(value)}`);
  }

  list(value: Json | undefined, path: string, what: string): readonly Json[] | undefined {
    if (Array.isArray(value)) return value as readonly Json[];
    return this.problem(path, `expected ${what}, found ${shown(value)}`);
  }
}

const ok = (value: Json, min: number): boolean => typeof value === "number" && Number.isSafeInteger(value) && value >= min;
