// Turns zod's validation issues into located problems that say what was expected and what was
// found, in the spec format's own words.

import type * as z from "zod/mini";
import { type PathSegment, type Problem, closeNames, describeValue } from "./problems.js";
import { KINDS } from "../core/network.js";
import { CELL_METRICS } from "../core/published.js";
import { FIELDS_BY_TYPE, TYPE_NAMES, publishedSourceSchema, specSchema } from "./schema.js";

const SHAPE_FIELDS = ["width", "height", "channels", "size", "features", "tokens", "length"];
const SHAPE_SPELLINGS =
  "a shape is { width, height, channels }, { size, channels }, { features }, a sequence { tokens, features } or { length, channels }, or token ids { tokens }";

/** Places a problem found at `path` of the value that was validated (as a Problem, or as whatever the caller keeps). */
export type PlaceProblem<P = Problem> = (path: readonly PathSegment[], message: string, options?: { key?: boolean }) => P;

/** The fields an object at `path` of a spec may have, for "did you mean" suggestions. */
export function allowedFields(path: readonly PathSegment[], input: unknown): readonly string[] {
  const [head, index, ...rest] = path;
  if (path.length === 0) return Object.keys(specSchema.shape);
  if (head === "input") return SHAPE_FIELDS;
  if (head === "layers" && path.length === 2) {
    const type = (input as { type?: unknown } | null)?.type;
    return (typeof type === "string" && FIELDS_BY_TYPE.get(type)) || [];
  }
  if (head === "published" && typeof index === "number") {
    if (rest.length === 0) return Object.keys(publishedSourceSchema.shape);
    if (rest[0] === "errata") return ["at", "note"];
    if (rest[0] === "subtotals" && rest.length === 1) return KINDS;
    return CELL_METRICS;
  }
  return [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at `path` inside `value`, or undefined. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) at = typeof at === "object" && at !== null ? (at as Record<PropertyKey, unknown>)[key] : undefined;
  return at;
}

/**
 * Each issue with the value it is about, as zod's `reportInput` gives it: read from the entry,
 * because parsing with `reportInput` set costs several times as much on every valid layer too.
 * A discriminator's issue is about the object that lacks a known `type`.
 */
export function withInputs(issues: readonly z.core.$ZodIssue[], raw: unknown): z.core.$ZodIssue[] {
  return issues.map((issue) => {
    const discriminated = issue.code === "invalid_union" && "discriminator" in issue && issue.discriminator !== undefined;
    return { ...issue, input: valueAt(raw, discriminated ? issue.path.slice(0, -1) : issue.path) } as z.core.$ZodIssue;
  });
}

const EXPECTED_WORDS: Record<string, string> = {
  int: "an integer",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  object: "an object",
  record: "a map",
  array: "a list",
  tuple: "a list",
};

/** The text a path's scalar is written with (Locator.source), when known. */
export type SourceAt = (path: readonly PathSegment[]) => string | undefined;

/** "found …": a number as the spec writes it (9007199254740993, not the double it rounds to), when its text reads as that number. */
function foundAs(input: unknown, source?: string): string {
  if (typeof input === "number" && source !== undefined && source.trim() !== "" && Number(source) === input) return `found ${source}`;
  return `found ${describeValue(input)}`;
}

function messageFor(issue: z.core.$ZodIssue, source?: string): string {
  const input = (issue as { input?: unknown }).input;
  const found = (value: unknown) => foundAs(value, source);
  switch (issue.code) {
    case "invalid_type": {
      if (input === undefined) return "missing required field";
      // the schema's own wording ("expected an integer") where it gives one
      const expected = issue.message.startsWith("expected ") ? issue.message.slice("expected ".length) : (EXPECTED_WORDS[issue.expected] ?? issue.expected);
      // YAML's .inf and .nan are numbers, just not finite ones
      if (typeof input === "number" && !Number.isFinite(input)) return `expected a finite number, ${found(input)}`;
      if ((issue.expected === "number" || issue.expected === "int") && typeof input === "string" && input.trim() !== "" && Number.isFinite(Number(input))) {
        // a tag (`!!str 10`) makes it a string on purpose; quotes usually by mistake
        if (source?.startsWith("!")) return `expected ${expected}, ${found(input)}: a string, by its tag; remove the tag`;
        return `expected ${expected}, ${found(input)}: a string; write the number without quotes`;
      }
      return `expected ${expected}, ${found(input)}`;
    }
    case "too_small":
    case "too_big":
      if (issue.message.startsWith("expected")) return `${issue.message}, ${found(input)}`;
      if (issue.origin === "array") {
        const bound = Number(issue.code === "too_small" ? issue.minimum : issue.maximum);
        return `expected ${issue.code === "too_small" ? "at least" : "at most"} ${bound} ${bound === 1 ? "entry" : "entries"}, ${found(input)}`;
      }
      if (issue.origin === "string") return `expected a non-empty string, ${found(input)}`;
      // z.int() stops at the largest integer a double holds exactly
      if (issue.code === "too_big" && issue.maximum === Number.MAX_SAFE_INTEGER) {
        return `expected an integer ≤ 2^53 − 1 = 9,007,199,254,740,991, the largest that is exact, ${found(input)}`;
      }
      return `expected a number ${issue.code === "too_small" ? "≥" : "≤"} ${issue.code === "too_small" ? issue.minimum : issue.maximum}, ${found(input)}`;
    case "invalid_value":
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}, ${found(input)}`;
    case "invalid_union":
      return issue.message.startsWith("expected") ? `${issue.message}, ${found(input)}` : `unexpected value, ${found(input)}`;
    case "custom":
    case "invalid_element":
    case "invalid_format":
    case "invalid_key":
    case "not_multiple_of":
    case "unrecognized_keys":
    default:
      return issue.message.startsWith("expected") ? `${issue.message}, ${found(input)}` : issue.message;
  }
}

/**
 * Problems from zod's issues, each placed by `place`. `fieldsAt` gives the fields allowed at a
 * path, for suggestions (default: a spec's).
 */
export function problemsFromZod<P = Problem>(
  issues: readonly z.core.$ZodIssue[],
  place: PlaceProblem<P>,
  fieldsAt: (path: readonly PathSegment[], input: unknown) => readonly string[] = allowedFields,
  sourceAt: SourceAt = () => undefined,
): P[] {
  const problems: P[] = [];
  const push = (path: readonly PathSegment[], message: string, key = false) => problems.push(place(path, message, { key }));

  for (const issue of issues) {
    const path = issue.path.filter((s): s is PathSegment => typeof s !== "symbol");
    const input = (issue as { input?: unknown }).input;

    if (issue.code === "invalid_union" && "discriminator" in issue && issue.discriminator === "type") {
      const type = (input as { type?: unknown } | null)?.type;
      const known = `known types: ${TYPE_NAMES.join(", ")}`;
      if (type === undefined) {
        push(path.slice(0, -1), `missing required field "type"; ${known}`);
      } else if (typeof type !== "string") {
        push(path, `expected a layer type name, ${foundAs(type)}; ${known}`);
      } else {
        const guesses = closeNames(type, TYPE_NAMES, 3);
        const hint = guesses.length ? ` (did you mean ${guesses.map((g) => `"${g}"`).join(" or ")}?)` : "";
        push(path, `unknown layer type "${type}"${hint}; ${known}`);
      }
      continue;
    }
    // the input shape is a union of strict objects: a misspelt field fails every member, so
    // zod reports the union; name the fields no shape has, as for any other object
    if (issue.code === "invalid_union" && path.length === 1 && path[0] === "input" && isPlainObject(input)) {
      const unknown = Object.keys(input).filter((key) => !SHAPE_FIELDS.includes(key));
      if (unknown.length > 0) {
        for (const key of unknown) {
          const [guess] = closeNames(key, SHAPE_FIELDS, 1);
          push([...path, key], `unknown field "${key}"${guess ? ` (did you mean "${guess}"?)` : `; allowed here: ${SHAPE_FIELDS.join(", ")}`}`, true);
        }
        continue;
      }
    }
    if (issue.code === "unrecognized_keys") {
      const allowed = fieldsAt(path, input);
      for (const key of issue.keys) {
        if (allowed.includes(key)) {
          // a field of another spelling (a shape's `channels` beside `tokens`): no suggestion fits
          const spellings = path[0] === "input" ? `; ${SHAPE_SPELLINGS}` : "";
          push([...path, key], `"${key}" does not go with the other fields given here${spellings}`, true);
          continue;
        }
        const [guess] = closeNames(key, allowed, 1);
        const hint = guess ? ` (did you mean "${guess}"?)` : allowed.length ? `; allowed here: ${allowed.join(", ")}` : "";
        push([...path, key], `unknown field "${key}"${hint}`, true);
      }
      continue;
    }
    if (input === undefined) {
      const field = path[path.length - 1];
      push(path, `missing required field "${String(field)}"`);
      continue;
    }
    push(path, messageFor(issue, sourceAt(path)));
  }
  return problems;
}
