// The comparison's numbers and their formatting, on reports written out by hand.

import { describe, expect, it } from "vitest";
import type { Counts, Report } from "../../src/core/analyze.js";
import type { Kind } from "../../src/core/network.js";
import { formatRatio, formatShare, renderCompareTable, toJsonComparison } from "../../src/render/compare.js";

function report(name: string, totals: Counts, subtotals: Partial<Record<Kind, Counts>> = {}): Report {
  return { name, input: { kind: "image", width: 8, height: 8, channels: 3 }, bias: true, conventions: [], layers: [], subtotals, totals };
}

const NOTHING: Counts = { units: 0, weights: 0, biases: 0, connections: 0 };

describe("formatRatio: three significant digits, whole numbers from 100 on", () => {
  it.each([
    { ratio: null, text: "—" },
    { ratio: 0, text: "0×" },
    { ratio: 1, text: "1.00×" },
    { ratio: 138_357_544 / 60_954_656, text: "2.27×" }, // 2.2698…
    { ratio: 15_470_264_320 / 724_406_816, text: "21.4×" }, // 21.355…
    { ratio: 4_231_976 / 60_954_656, text: "0.0694×" }, // 0.069428…
    { ratio: 99.96, text: "100×" },
    { ratio: 1_234.5, text: "1,235×" },
  ])("$ratio → $text", ({ ratio, text }) => {
    expect(formatRatio(ratio)).toBe(text);
  });
});

describe("formatShare: one decimal, never a rounded 0% or 100% for a share that is not", () => {
  it.each([
    { share: null, text: "—" },
    { share: 0, text: "0%" },
    { share: 1, text: "100%" },
    { share: 2_332_704 / 60_954_656, text: "3.8%" }, // 3.827…%
    { share: 0.0004, text: "<0.1%" },
    { share: 0.9996, text: ">99.9%" },
    { share: 0.9994, text: "99.9%" },
  ])("$share → $text", ({ share, text }) => {
    expect(formatShare(share)).toBe(text);
  });
});

describe("toJsonComparison", () => {
  it("has no shares for a zero total and no ratios against a zero base", () => {
    const empty = report("Empty", NOTHING);
    const small = report("Small", { units: 5, weights: 55, biases: 5, connections: 50 }, { dense: { units: 5, weights: 55, biases: 5, connections: 50 } });
    const [first, second] = toJsonComparison([
      { spec: "empty.yaml", report: empty },
      { spec: "small.yaml", report: small },
    ]).specs;
    expect(first?.shares).toEqual({ weights: null, connections: null });
    expect(first?.ratios).toEqual({ units: null, weights: null, connections: null });
    expect(second?.ratios).toEqual({ units: null, weights: null, connections: null });
    expect(second?.shares.weights).toEqual({ conv: 0, dense: 1, other: 0 });
  });

  it("shares are subtotal ÷ total, kinds without layers count 0", () => {
    // weights 100 = conv 30 + dense 60 + other 10; connections 1,000 = conv 900 + dense 100
    const net = report(
      "Net",
      { units: 10, weights: 100, biases: 0, connections: 1_000 },
      {
        conv: { units: 8, weights: 30, biases: 0, connections: 900 },
        dense: { units: 2, weights: 60, biases: 0, connections: 100 },
        other: { units: 0, weights: 10, biases: 0, connections: 0 },
      },
    );
    const half = report("Half", { units: 5, weights: 50, biases: 0, connections: 500 }, { conv: { units: 5, weights: 50, biases: 0, connections: 500 } });
    const { base, specs } = toJsonComparison([
      { spec: "net", report: net },
      { spec: "half", report: half },
    ]);
    expect(base).toBe("net");
    expect(specs[0]?.shares).toEqual({ weights: { conv: 0.3, dense: 0.6, other: 0.1 }, connections: { conv: 0.9, dense: 0.1, other: 0 } });
    expect(specs[1]?.shares.weights).toEqual({ conv: 1, dense: 0, other: 0 });
    expect(specs[1]?.ratios).toEqual({ units: 0.5, weights: 0.5, connections: 0.5 });
  });

  it("the table shows share rows only for kinds some compared spec has", () => {
    const convOnly = report("A", { units: 1, weights: 2, biases: 0, connections: 3 }, { conv: { units: 1, weights: 2, biases: 0, connections: 3 } });
    const text = renderCompareTable([
      { spec: "a", report: convOnly },
      { spec: "b", report: convOnly },
    ]);
    expect(text).toContain("Weights: conv");
    expect(text).not.toContain("Weights: dense");
    expect(text).not.toContain("Weights: other");
  });
});
