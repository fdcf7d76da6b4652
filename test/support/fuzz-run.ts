// Runs fuzz cases, in-process through run(argv, io) and, for a sample, through the built binary,
// and checks each against the oracle. Shared by the seeded run in `npm test`
// (test/cli/fuzz.test.ts) and the long one, `npm run fuzz` (scripts/fuzz.ts).

import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { BINARY } from "./binary.js";
import { type FuzzCase, fuzzCase } from "./fuzz-case.js";
import { type Outcome, violations } from "./fuzz-oracle.js";
import { runCli } from "./memory-io.js";

/**
 * Time bounds per case, for `npm run fuzz` (the test suite asserts no wall time; a binary run
 * is still killed after the binary bound, and a killed run fails). The slowest inputs (100,000
 * levels of brackets) take 1–3 s on a busy 2-core machine; the bounds leave room for that and
 * still catch a hang or a quadratic blow-up. The slowest case is reported either way.
 */
export const TIME_LIMIT_MS = { inProcess: 10_000, binary: 20_000 } as const;

export async function runInProcess(c: FuzzCase): Promise<Outcome> {
  // yaml reports some oddities through process.emitWarning; the binary would print them on stderr
  const warnings: string[] = [];
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error) => void warnings.push(String(warning))) as typeof process.emitWarning;
  try {
    const result = await runCli(c.argv, { files: c.files, ...(c.stdin === undefined ? {} : { stdin: c.stdin }) });
    return { ...result, warnings };
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** Runs the built binary on the case's files, in a scratch directory, with a timeout. */
function runBinary(c: FuzzCase, timeoutMs: number = TIME_LIMIT_MS.binary): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), "alexcount-fuzz-"));
  for (const [path, text] of Object.entries(c.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BINARY, ...c.argv], { cwd: dir, env: { ...process.env, NO_COLOR: "1" }, timeout: timeoutMs });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.stdin.on("error", () => {}); // the CLI may exit before reading all of stdin
    child.stdin.end(c.stdin ?? "");
    child.on("close", (code) => {
      rmSync(dir, { recursive: true, force: true });
      resolve({
        exitCode: code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        ms: performance.now() - start,
        warnings: [],
      });
    });
  });
}

export interface FuzzFailure {
  readonly seed: number;
  readonly index: number;
  readonly via: "in-process" | "binary";
  readonly steps: readonly string[];
  readonly argv: readonly string[];
  readonly problems: readonly string[];
  readonly stderr: string;
}

export interface FuzzSummary {
  readonly seed: number;
  readonly count: number;
  readonly binaryRuns: number;
  readonly failures: readonly FuzzFailure[];
  readonly exits: Readonly<Record<string, number>>;
  readonly slowest: { readonly index: number; readonly ms: number; readonly steps: readonly string[]; readonly argv: readonly string[] } | undefined;
  readonly ms: number;
}

export interface FuzzOptions {
  readonly seed: number;
  readonly count: number;
  /** First case index (to rerun one case: first = I, count = 1). */
  readonly first?: number;
  /** Also run every Nth case through the binary (0: never). */
  readonly binaryEvery?: number;
  /** The cases: mutated specs (the default), or another generator's (mutated prototxts). */
  readonly cases?: (seed: number, index: number) => FuzzCase;
  readonly onFailure?: (failure: FuzzFailure) => void;
  /** Fail a case that takes longer than these (TIME_LIMIT_MS); none: no wall-time bound. */
  readonly timeLimits?: { readonly inProcess: number; readonly binary: number };
  readonly onProgress?: (done: number) => void;
}

export async function fuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const { seed, count, first = 0, binaryEvery = 0, cases = fuzzCase } = options;
  const failures: FuzzFailure[] = [];
  const exits: Record<string, number> = {};
  let slowest: FuzzSummary["slowest"];
  let binaryRuns = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();

  const record = (c: FuzzCase, via: FuzzFailure["via"], outcome: Outcome, problems: string[]) => {
    if (problems.length === 0) return;
    const failure = { seed, index: c.index, via, steps: c.steps, argv: c.argv, problems, stderr: outcome.stderr.slice(0, 2000) };
    failures.push(failure);
    options.onFailure?.(failure);
  };

  for (let index = first; index < first + count; index++) {
    const c = cases(seed, index);
    let outcome: Outcome;
    try {
      outcome = await runInProcess(c);
    } catch (error) {
      // run() must never throw: it is the one place that turns errors into exit codes
      outcome = { exitCode: -1, stdout: "", stderr: `run() threw: ${String(error)}`, ms: 0, warnings: [] };
    }
    exits[String(outcome.exitCode)] = (exits[String(outcome.exitCode)] ?? 0) + 1;
    if (!slowest || outcome.ms > slowest.ms) slowest = { index, ms: outcome.ms, steps: c.steps, argv: c.argv };
    record(c, "in-process", outcome, violations(c, outcome, options.timeLimits?.inProcess));

    if (binaryEvery > 0 && index % binaryEvery === 0) {
      binaryRuns++;
      // the binary runs in its own process, beside the in-process cases; two at a time at most
      if (inFlight.length >= 2) await inFlight.shift();
      inFlight.push(
        runBinary(c).then((binary) => {
          const problems = violations(c, binary, options.timeLimits?.binary);
          // the binary and run() in-process must agree on the exit status and on what they print
          if (binary.exitCode !== outcome.exitCode) problems.push(`binary exit ${binary.exitCode}, in-process exit ${outcome.exitCode}`);
          else if (binary.stderr !== outcome.stderr) problems.push("binary and in-process stderr differ");
          record(c, "binary", binary, problems);
        }),
      );
    }
    options.onProgress?.(index - first + 1);
  }
  await Promise.all(inFlight);
  return { seed, count, binaryRuns, failures, exits, slowest, ms: performance.now() - start };
}

/** The first failures of a run, a few lines each (case, problems, steps, argv, stderr), for a test's message. */
export function shownFailures(summary: FuzzSummary, most = 5): string[] {
  return summary.failures
    .slice(0, most)
    .map(
      (f) =>
        `case ${f.index} (${f.via}): ${f.problems.join("; ")}\n  steps: ${f.steps.join("; ")}\n  argv: ${JSON.stringify(f.argv)}\n  stderr: ${f.stderr.slice(0, 300)}`,
    );
}

/** How to rerun one failing case. */
export function reproduce(failure: Pick<FuzzFailure, "seed" | "index">): string {
  return `npm run fuzz -- --seed ${failure.seed} --case ${failure.index}`;
}
