// A problem with an input file, located as precisely as the loader can: the file, the line and
// column in it, and the field path (`layers[3].groups`). Problems are values; only the CLI
// prints them.

import leven from "leven";
import { visibleText } from "../core/visible-text.js";

export type PathSegment = string | number;

export interface Position {
  /** 1-based */
  readonly line: number;
  /** 1-based */
  readonly column: number;
}

export interface Problem {
  readonly file: string;
  readonly position?: Position;
  /** Field path such as `layers[3].groups`; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
  /**
   * For a problem inside a block definition: which expansion met it and where that block is
   * used, e.g. `in layer3.1, used at layers[7], line 40:5`.
   */
  readonly context?: string;
}

/** A key longer than this is shown cut, so that a path fits a line whatever the file's keys. */
const SHOWN_KEY_LENGTH = 64;

/** `["layers", 3, "groups"]` → `layers[3].groups` */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (segment.length > SHOWN_KEY_LENGTH) out += `[${JSON.stringify(segment.slice(0, SHOWN_KEY_LENGTH))}…]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** `file:line:column: path: message`, the form editors and CI annotators recognise; always one line. */
export function formatProblem(problem: Problem): string {
  const where = problem.position ? `${visibleText(problem.file)}:${problem.position.line}:${problem.position.column}` : visibleText(problem.file);
  const message = visibleText(problem.context === undefined ? problem.message : `${problem.message} (${problem.context})`);
  return problem.path ? `${where}: ${visibleText(problem.path)}: ${message}` : `${where}: ${message}`;
}

/**
 * One problem per place and message: a mistake in a block definition shows up in every
 * expansion of the block, so the first expansion is named and the others are counted.
 * `alsoIn` counts, for a problem, the further expansions it stands for already.
 */
export function dedupeProblems(problems: readonly Problem[], alsoIn?: ReadonlyMap<Problem, number>): Problem[] {
  const groups = new Map<string, { first: Problem; more: number }>();
  for (const problem of problems) {
    const key = JSON.stringify([problem.file, problem.path, problem.message, problem.context === undefined]);
    const group = groups.get(key);
    const others = alsoIn?.get(problem) ?? 0;
    if (group) group.more += 1 + others;
    else groups.set(key, { first: problem, more: others });
  }
  return [...groups.values()].map(({ first, more }) =>
    more === 0 || first.context === undefined ? first : { ...first, context: `${first.context}; the same in ${more} more expansion${more === 1 ? "" : "s"}` },
  );
}

/** Problems in file order (by position; unlocated ones last, in the order found). */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return problems
    .map((problem, order) => ({ problem, order }))
    .sort((a, b) => {
      const pa = a.problem.position;
      const pb = b.problem.position;
      if (pa && pb) return pa.line - pb.line || pa.column - pb.column || a.order - b.order;
      if (pa) return -1;
      if (pb) return 1;
      return a.order - b.order;
    })
    .map(({ problem }) => problem);
}

/** A short, safe rendering of a value found in the file, for "found …" messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : String(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") return "an object";
  return typeof value;
}

/**
 * Names that are probably what was meant, for "did you mean": within two edits (a third of
 * the length for long names, one for names of three letters or fewer), or containing what was
 * typed, case ignored. Closest first, then in the
 * order given; at most `limit`.
 */
export function closeNames(typed: string, names: readonly string[], limit = 5): string[] {
  const wanted = typed.toLowerCase();
  // a swap of two letters is two edits: allow two, except in very short names where
  // everything is within two edits of everything
  const budget = wanted.length <= 3 ? 1 : Math.max(2, Math.floor(wanted.length / 3));
  return names
    .map((name, order) => ({ name, order, distance: leven(wanted, name.toLowerCase()) }))
    .filter(({ name, distance }) => distance <= budget || (wanted.length >= 2 && name.toLowerCase().includes(wanted)))
    .sort((a, b) => a.distance - b.distance || a.order - b.order)
    .slice(0, limit)
    .map(({ name }) => name);
}
