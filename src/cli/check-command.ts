// `alexcount check SPEC…`: each spec loaded, checked and reported in the format asked for. A
// spec that cannot be loaded is reported and the others are still checked; the exit status is
// the worst of the specs' (2 a spec not loaded, 1 a failing cell, 0 all passed).

import { isAbsolute, normalize, relative, resolve, sep } from "node:path";
import { checkNetwork } from "../check/check-network.js";
import type { CellScope } from "../core/published.js";
import type { CoreIssue, Report } from "../core/analyze.js";
import type { LoadedSpec } from "../loader/load.js";
import { type PathSegment, type Problem, formatProblem } from "../loader/problems.js";
import { renderCheck, renderCheckJson, renderCheckMarkdown, toJsonCheck } from "../render/check-report.js";
import { renderCheckGithub } from "../render/github.js";
import { renderCheckJunit } from "../render/junit.js";
import { type CheckedSpec, type SpecCheck, type SpecProblem, checksSummary, specOutcome } from "../render/spec-check.js";
import type { Io } from "./io.js";

export const CHECK_FORMATS = ["table", "json", "markdown", "github", "junit"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckOptions {
  readonly format: CheckFormat;
  /** markdown: every cell, however long the table. */
  readonly all: boolean;
  /** github: a notice for each erratum too. */
  readonly annotateErrata: boolean;
  /** A spec with no published figures passes; without this, nothing to check fails it. */
  readonly allowEmpty: boolean;
  readonly color: boolean;
}

/** A spec read, loaded and analyzed under its own settings, or the problems that stopped it (as `alexcount SPEC` reports them). */
type LoadAttempt = { readonly ok: true; readonly spec: LoadedSpec; readonly report: Report } | { readonly ok: false; readonly problems: readonly Problem[] };

export interface CheckDeps {
  readonly io: Io;
  readonly load: (arg: string) => Promise<LoadAttempt>;
  /** The loader's placing of the core's issues in the spec's text. */
  readonly locateIssues: (spec: LoadedSpec, issues: readonly CoreIssue[]) => Problem[];
  /** Writes a spec's problems to stderr, as `alexcount SPEC` does. */
  readonly reportProblems: (problems: readonly Problem[]) => void;
}

const EXIT_FOR = { passed: 0, failed: 1, unloadable: 2 } as const;

/** The place of a published cell's figure in the spec: `published[s].layers.L2.connections`. */
function cellPath(source: number, scope: CellScope, metric: string): PathSegment[] {
  const where =
    scope.kind === "layer" || scope.kind === "block"
      ? [scope.kind === "layer" ? "layers" : "blocks", scope.name]
      : scope.kind === "subtotal"
        ? ["subtotals", scope.group]
        : ["totals"];
  return ["published", source, ...where, metric];
}

/**
 * The spec's path from the repository's root, which annotations and JUnit's `file` name: a path
 * relative to GITHUB_WORKSPACE (GitHub) or CI_PROJECT_DIR (GitLab) when the file is inside it,
 * else the path as given; a bundled spec's is its path in alexcount's own repository
 * (`specs/alexnet.yaml`); standard input has none.
 */
function repositoryPath(arg: string, file: string, io: Io): string | undefined {
  if (arg === "-") return undefined;
  if (file !== arg) return file; // a bundled spec: `alexnet` read from specs/alexnet.yaml
  const root = io.env("GITHUB_WORKSPACE") || io.env("CI_PROJECT_DIR");
  let path = normalize(arg);
  if (root) {
    const fromRoot = relative(root, resolve(io.cwd(), arg));
    if (fromRoot && !fromRoot.startsWith("..") && !isAbsolute(fromRoot)) path = fromRoot;
  }
  return path.split(sep).join("/");
}

/** A problem as the renderers take it (they cannot import the loader). */
function specProblem(problem: Problem): SpecProblem {
  return {
    ...(problem.position ? { place: problem.position } : {}),
    path: problem.path,
    message: problem.context === undefined ? problem.message : `${problem.message} (${problem.context})`,
    line: formatProblem(problem),
  };
}

/** One spec checked, and the problems that stopped it (empty when it was checked). */
interface Outcome {
  readonly check: SpecCheck;
  readonly problems: readonly Problem[];
}

async function checkOne(arg: string, options: CheckOptions, deps: CheckDeps): Promise<Outcome> {
  const unloadable = (file: string, problems: readonly Problem[]): Outcome => ({
    check: { kind: "unloadable", spec: arg, file, ...optional(repositoryPath(arg, file, deps.io)), problems: problems.map(specProblem) },
    problems,
  });
  const attempt = await deps.load(arg);
  if (!attempt.ok) return unloadable(attempt.problems[0]?.file ?? arg, attempt.problems);
  const { spec } = attempt;
  const checked = checkNetwork(spec.network, spec.published, attempt.report);
  if (!checked.ok) return unloadable(spec.file, deps.locateIssues(spec, checked.issues));
  // a CI gate that compared nothing must not look green: without allowEmpty it fails, and its
  // verdict (and --json's ok) says so, as for any failing check
  const empty = checked.result.sources.every((source) => source.cells.length === 0);
  const result = empty && !options.allowEmpty ? { ...checked.result, ok: false } : checked.result;
  const placeOf = (s: number, c: number) => {
    const cell = result.sources[s]?.cells[c];
    const position = cell && spec.locate(cellPath(s, cell.cell.scope, cell.cell.metric));
    return position && { line: position.line, column: position.column };
  };
  const check: CheckedSpec = {
    kind: "checked",
    spec: arg,
    file: spec.file,
    ...optional(repositoryPath(arg, spec.file, deps.io)),
    name: spec.network.name,
    result,
    placeOf,
  };
  return { check, problems: [] };
}

function optional(repositoryPath: string | undefined): { repositoryPath?: string } {
  return repositoryPath === undefined ? {} : { repositoryPath };
}

/** Checks every spec given, writes the report, and returns the exit status. */
export async function runCheck(args: readonly string[], options: CheckOptions, deps: CheckDeps): Promise<number> {
  const { io } = deps;
  const outcomes: Outcome[] = [];
  for (const arg of args) outcomes.push(await checkOne(arg, options, deps));
  const specs = outcomes.map((o) => o.check);
  const many = specs.length > 1;
  // the problems of a spec that could not be loaded go to stderr in every format, as for one spec
  const reportProblems = (outcome: Outcome) => {
    if (outcome.problems.length > 0) deps.reportProblems(outcome.problems);
  };

  switch (options.format) {
    case "github":
    case "junit":
      io.stdout(options.format === "github" ? renderCheckGithub(specs, { annotateErrata: options.annotateErrata }) : renderCheckJunit(specs));
      outcomes.forEach(reportProblems);
      break;
    case "json":
      for (const outcome of outcomes) {
        reportProblems(outcome);
        const spec = outcome.check;
        if (spec.kind !== "checked") continue;
        // one spec: the JSON of contract §3, as always; several: JSON Lines, a spec a line
        io.stdout(many ? `${JSON.stringify({ spec: spec.spec, ...toJsonCheck(spec.result) })}\n` : renderCheckJson(spec.result));
      }
      break;
    case "table":
    case "markdown": {
      let first = true;
      for (const outcome of outcomes) {
        reportProblems(outcome);
        const spec = outcome.check;
        if (spec.kind !== "checked") continue;
        if (!first) io.stdout("\n");
        first = false;
        io.stdout(
          options.format === "markdown"
            ? renderCheckMarkdown(spec.result, spec.name, { all: options.all })
            : renderCheck(spec.result, spec.name, { color: options.color }),
        );
      }
      if (many) io.stdout(options.format === "markdown" ? `\n**${checksSummary(specs)}**\n` : `\n${checksSummary(specs)}\n`);
      break;
    }
  }
  return Math.max(...specs.map((spec) => EXIT_FOR[specOutcome(spec)]));
}
