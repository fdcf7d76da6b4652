import { describe, expect, it } from "vitest";
import { checkSource, matches } from "../../src/check/check-source.js";
import type { Report } from "../../src/core/analyze.js";

describe("matches: a printed figure against an exact one", () => {
  it.each([
    // computed, published, tolerance, expected — with the rounding by hand
    [60_954_656, "61M", 0, true], //        60.954656 → 61
    [60_954_656, "61.0M", 0, true], //      60.954656 → 61.0 (one decimal)
    [60_954_656, "60.9M", 0, false], //     → 61.0, not 60.9
    [1_448_813_632, "1.4B", 0, true], //    1.448813632 → 1.4
    [1_448_813_632, "1.5B", 0, false],
    [1_448_813_632, "1.4G", 0, true], //    G = B = 10⁹
    [714_188_480, "0.714G", 0, true], //    0.714188480 → 0.714
    [1_500, "2K", 0, true], //              1.5 → 2: half rounds up
    [1_499, "1K", 0, true],
    [2_500_000_000_000, "2.5T", 0, true],
    [290_400, 290_400, 0, true],
    [290_400, 253_440, 0, false],
    [60_965_224, 60_000_000, 0.02, true], // |965,224| ≤ 0.02 × 60,000,000 = 1,200,000
    [60_965_224, 60_000_000, 0.01, false], // 965,224 > 600,000
  ])("%i vs %s (tolerance %f) → %s", (computed, published, tolerance, expected) => {
    expect(matches(computed, published, tolerance)).toBe(expected);
  });

  it("decides half-up exactly, where floating point would waver", () => {
    // 2,675 / 1000 = 2.675 exactly; as a double 2.675 is 2.67499999…, which toFixed(2) rounds down
    expect(matches(2_675, "2.68K", 0)).toBe(true);
    expect(matches(2_675, "2.67K", 0)).toBe(false);
  });
});

describe("cell statuses", () => {
  const counts = { units: 10, weights: 100, biases: 0, connections: 1000 };
  const report = {
    name: "t",
    input: { kind: "vector", features: 1 },
    bias: false,
    layers: [{ name: "a", ...counts }],
    subtotals: { dense: counts },
    totals: counts,
  } as unknown as Report;
  const cell = (at: string, value: number | string) => {
    const [kind, name, metric] = at.split(".");
    const scope =
      kind === "layers"
        ? { kind: "layer" as const, name: name ?? "" }
        : kind === "subtotals"
          ? { kind: "subtotal" as const, group: name as "dense" }
          : { kind: "total" as const };
    return { at, scope, metric: (kind === "totals" ? name : metric) as "units", value };
  };

  it("match, erratum, mismatch and stale erratum", () => {
    const checked = checkSource(
      {
        source: "s",
        tolerance: 0,
        conventions: [],
        cells: [
          cell("layers.a.units", 10),
          cell("layers.a.weights", 99),
          cell("totals.connections", 999),
          cell("subtotals.dense.weights", 100),
          cell("totals.flops" as string, "2K"),
        ],
        errata: new Map([
          ["layers.a.weights", "printed wrong"],
          ["subtotals.dense.weights", "was wrong once"],
        ]),
      },
      report,
    );
    expect(checked.cells.map((c) => [c.at, c.computed, c.status])).toEqual([
      ["layers.a.units", 10, "match"],
      ["layers.a.weights", 100, "erratum"],
      ["totals.connections", 1000, "mismatch"],
      ["subtotals.dense.weights", 100, "stale-erratum"],
      ["totals.flops", 2000, "match"], // 2 × 1000 connections
    ]);
  });
});
