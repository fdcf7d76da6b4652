import { describe, expect, it } from "vitest";
import { fractionOf, pruningReport, roundHalfUp } from "../../src/core/pruning.js";
import { bundledReport, reportOf } from "../helpers.js";

describe("fractionOf", () => {
  it("is the decimal as written, not the double's binary value", () => {
    expect(fractionOf(0.38)).toEqual({ num: 38n, den: 100n });
    expect(fractionOf(1)).toEqual({ num: 1n, den: 1n });
    expect(fractionOf(0.125)).toEqual({ num: 125n, den: 1000n });
    expect(fractionOf(1e-7)).toEqual({ num: 1n, den: 10_000_000n }); // String(1e-7) is "1e-7"
  });
});

it("roundHalfUp", () => {
  expect(roundHalfUp(5n, 2n)).toBe(3n); // 2.5 → 3
  expect(roundHalfUp(7n, 3n)).toBe(2n); // 2.33 → 2
  expect(roundHalfUp(8n, 3n)).toBe(3n); // 2.67 → 3
});

describe("pruningReport", () => {
  it("keeps round((weights − biases) × kept) + biases, and connections × kept × non-zero inputs", () => {
    // dense 10 → 3 with biases: 30 kernel weights + 3 biases, 30 connections.
    // kept 0.5: 15 + 3 = 18 weights; inputs 0.3: 30 × 0.5 × 0.3 = 4.5 → 5 connections
    const report = reportOf(
      "name: p\ninput: { features: 10 }\nlayers:\n  - { type: dense, units: 3, density: { weights: 0.5, inputs: 0.3 } }\n  - { type: dense, units: 2 }\n",
    );
    const pruned = pruningReport(report)!;
    expect(pruned.layers).toHaveLength(1);
    expect(pruned.layers[0]).toMatchObject({ name: "dense1", weights: 18n, connections: 5n });
    // dense2 unpruned: 3 × 2 + 2 = 8 weights, 6 connections
    expect(pruned.totals).toEqual({ weights: 26n, connections: 11n });
  });

  it("is undefined without a density", () => {
    expect(pruningReport(bundledReport("alexnet"))).toBeUndefined();
  });

  it("alexnet-han2015: Han et al.'s Table 4 shares", () => {
    const pruned = pruningReport(bundledReport("alexnet-han2015"))!;
    // weights: 34,848 × 0.84 = 29,272.32; 307,200 × 0.38 = 116,736; 884,736 × 0.35 = 309,657.6;
    // 663,552 × 0.37 = 245,514.24; 442,368 × 0.37 = 163,676.16; 37,748,736 × 0.09 = 3,397,386.24;
    // 16,777,216 × 0.09 = 1,509,949.44; 4,096,000 × 0.25 = 1,024,000
    expect(pruned.layers.map((l) => l.weights)).toEqual([29_272n, 116_736n, 309_658n, 245_514n, 163_676n, 3_397_386n, 1_509_949n, 1_024_000n]);
    expect(pruned.totals.weights).toBe(6_796_191n);
    // connections × weights kept × inputs non-zero: 105,415,200 × 0.84 = 88,548,768;
    // 223,948,800 × 0.3344 = 74,888,478.72; 149,520,384 × 0.182 = 27,212,709.888;
    // 112,140,288 × 0.1369 = 15,352,005.4272; 74,760,192 × 0.148 = 11,064,508.416;
    // 37,748,736 × 0.0306 = 1,155,111.3216; 16,777,216 × 0.0324 = 543,581.7984; 4,096,000 × 0.1 = 409,600
    expect(pruned.layers.map((l) => l.connections)).toEqual([88_548_768n, 74_888_479n, 27_212_710n, 15_352_005n, 11_064_508n, 1_155_111n, 543_582n, 409_600n]);
    expect(pruned.totals.connections).toBe(219_174_763n);
  });
});
