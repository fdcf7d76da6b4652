// The seeded fuzz run inside `npm test`: 2,000 mutated specs through run(argv, io) in-process,
// every 400th also through the built binary, each checked against test/support/fuzz-oracle.ts
// (exit 0, 1 or 2 only; no stack trace, no internal error; a time bound; on exit 2 nothing on
// stdout and located messages on stderr). `npm run fuzz` runs the same cases, 100,000 of them.

import { describe, expect, it } from "vitest";
import { fuzzCase } from "../support/fuzz-case.js";
import { type FuzzFailure, fuzz, reproduce } from "../support/fuzz-run.js";
import { violations } from "../support/fuzz-oracle.js";
import { SLOW_SKIPPED } from "../helpers.js";

const SEED = 20260503;
const COUNT = 2_000;

function report(failures: readonly FuzzFailure[]): string {
  return failures
    .slice(0, 10)
    .map((f) => `case ${f.index} (${f.via}): ${f.problems.join("; ")}\n  steps: ${f.steps.join("; ")}\n  argv: ${JSON.stringify(f.argv)}\n  ${reproduce(f)}`)
    .join("\n");
}

describe("fuzzing the CLI with hostile input", () => {
  it.skipIf(SLOW_SKIPPED)(
    `${COUNT.toLocaleString("en-US")} seeded cases meet the oracle, in-process and (a sample) through the binary`,
    async () => {
      const summary = await fuzz({ seed: SEED, count: COUNT, binaryEvery: 400 });
      expect(summary.count).toBe(COUNT);
      expect(summary.binaryRuns).toBe(COUNT / 400);
      expect(summary.failures, report(summary.failures)).toEqual([]);
      // the cases are hostile: most are invalid input, and a few still run
      expect(summary.exits["2"]).toBeGreaterThan(COUNT / 2);
      expect((summary.exits["0"] ?? 0) + (summary.exits["1"] ?? 0)).toBeGreaterThan(COUNT / 20);
    },
    120_000,
  );

  it("regenerates a case from its seed and index alone", () => {
    expect(fuzzCase(SEED, 17)).toEqual(fuzzCase(SEED, 17));
    expect(fuzzCase(SEED, 17)).not.toEqual(fuzzCase(SEED, 18));
  });
});

describe("the oracle", () => {
  const input = { argv: ["spec.yaml"], file: "spec.yaml" };
  const ok = { exitCode: 2, stdout: "", stderr: "spec.yaml:1:1: expected an object, found null\n", ms: 1, warnings: [] };

  it("accepts a located message on exit 2", () => {
    expect(violations(input, ok, 1000)).toEqual([]);
  });

  it.each([
    [{ exitCode: 70 }, "exit 70"],
    [{ stdout: "{}" }, "exit 2 but stdout is not empty"],
    [{ stderr: "spec.yaml: not valid YAML\n" }, 'stderr line 1 has no line:column: "spec.yaml: not valid YAML"'],
    [{ stderr: "spec.yaml:1:1: a\nb\n" }, 'stderr line 2 does not start with the file name: "b"'],
    [{ stderr: "spec.yaml:1:1: boom\n    at run (file.js:1:2)\n" }, "stack trace on stderr"],
    [{ stderr: "alexcount: internal error, please report it\n" }, "internal error"],
    [{ ms: 5000 }, "took 5000 ms, over the 1000 ms bound"],
    [{ warnings: ["Keys with collection values"] }, "process warning: Keys with collection values"],
  ])("refuses %j", (change, problem) => {
    expect(violations(input, { ...ok, ...change }, 1000)).toContain(problem);
  });

  it("accepts located warnings with any exit, and refuses an unlocated one", () => {
    const warning = "spec.yaml:1:12: warning: not strict JSON (a trailing comma): read as YAML\n";
    expect(violations(input, { ...ok, exitCode: 0, stdout: "table", stderr: warning }, 1000)).toEqual([]);
    expect(violations(input, { ...ok, stderr: warning + ok.stderr }, 1000)).toEqual([]);
    expect(violations(input, { ...ok, exitCode: 0, stdout: "table", stderr: "warning: something\n" }, 1000)).toEqual([
      'exit 0 with stderr: "warning: something"',
    ]);
  });

  it("refuses exit 1 outside check, and --json output that is not JSON", () => {
    expect(violations(input, { ...ok, exitCode: 1, stderr: "", stdout: "x" }, 1000)).toContain("exit 1 outside check");
    expect(violations({ argv: ["spec.yaml", "--json"], file: "spec.yaml" }, { ...ok, exitCode: 0, stderr: "", stdout: "table" }, 1000)).toContain(
      "--json output is not JSON",
    );
  });
});
