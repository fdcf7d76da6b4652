// Bugs the fuzzer found in the command line, each pinned by the smallest case that showed it.

import { describe, expect, it } from "vitest";
import { runCli } from "../support/memory-io.js";

// 4 features → dense 3 without bias: weights 4·3 = 12, connections 4·3 = 12
const SMALL = `name: small
input: { features: 4 }
bias: false
layers:
  - { type: dense, units: 3 }
published:
  - source: hand arithmetic
    totals: { weights: 12, connections: 12 }
`;

describe("check --json", () => {
  it.each([
    ["after the spec", ["check", "small.yaml", "--json"]],
    ["before the spec", ["check", "--json", "small.yaml"]],
  ])("prints the JSON verdict with --json %s (it printed the table: the top-level --json took the flag)", async (_where, argv) => {
    const result = await runCli(argv, { files: { "small.yaml": SMALL } });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const verdict = JSON.parse(result.stdout) as { ok: boolean; sources: { cells: { at: string; computed: number; status: string }[] }[] };
    expect(verdict.ok).toBe(true);
    expect(verdict.sources[0]?.cells.map((c) => [c.at, c.computed, c.status])).toEqual([
      ["totals.weights", 12, "match"],
      ["totals.connections", 12, "match"],
    ]);
  });

  it("keeps the report's own flags where they were: SPEC --json and --json SPEC", async () => {
    for (const argv of [
      ["small.yaml", "--json"],
      ["--json", "small.yaml"],
    ]) {
      const result = await runCli(argv, { files: { "small.yaml": SMALL } });
      expect(result.exitCode).toBe(0);
      expect((JSON.parse(result.stdout) as { totals: { weights: number } }).totals.weights).toBe(12);
    }
  });
});

describe("check with a flops cell beyond 2^53 − 1", () => {
  // input 1 × (2^52 + 1) × 1, a 1×1 conv with 1 filter: connections = 2^52 + 1 = 4,503,599,627,370,497,
  // a safe integer; flops = 2 × connections = 2^53 + 2, which is not (it was an internal error,
  // exit 70, then an error naming the cell; counts are now exact at any size)
  const spec = `name: wide
input: { width: 4503599627370497, height: 1, channels: 1 }
bias: false
layers:
  - { type: conv, filters: 1, kernel: 1 }
published:
  - source: s
    totals: { flops: 1 }
`;

  it("compares the exact figure: a mismatch, exit 1, with the digits of 2^53 + 2", async () => {
    const result = await runCli(["check", "wide.yaml", "--json"], { files: { "wide.yaml": spec } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`"computed": ${2n ** 53n + 2n},`); // 9,007,199,254,740,994
  });

  it("still reports the network itself, whose every count is exact", async () => {
    const result = await runCli(["wide.yaml", "--json"], { files: { "wide.yaml": spec } });
    expect(result.exitCode).toBe(0);
    expect((JSON.parse(result.stdout) as { totals: { connections: number } }).totals.connections).toBe(4503599627370497);
  });
});
