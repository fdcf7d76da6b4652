// A problem with an input file, located as precisely as the loader can: the file, the line and
// column in it, and the field path (`layers[3].groups`). Problems are values; only the CLI
// prints them.

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
}

/** `["layers", 3, "groups"]` → `layers[3].groups` */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Control characters shown as escapes (`\n`, `\u0000`), so that a key or name holding a newline
 * cannot split a problem over two lines or pass for another problem.
 */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => {
    const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return named[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/** `file:line:column: path: message`, the form editors and CI annotators recognise; always one line. */
export function formatProblem(problem: Problem): string {
  const where = problem.position ? `${oneLine(problem.file)}:${problem.position.line}:${problem.position.column}` : oneLine(problem.file);
  return problem.path ? `${where}: ${oneLine(problem.path)}: ${oneLine(problem.message)}` : `${where}: ${oneLine(problem.message)}`;
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

/** Levenshtein distance, for "did you mean" suggestions on short identifiers. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
