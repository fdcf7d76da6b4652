// specs/alexnet.yaml must reproduce every cell of the tutorial's summary table, exactly, and
// say where the table is wrong. Expected figures: the tutorial's own derivations, by hand.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkNetwork } from "../../src/check/check-network.js";
import { analyzeSpec } from "../../src/loader/analyze-spec.js";
import { loadSpec } from "../../src/loader/load.js";

const text = readFileSync(new URL("../../specs/alexnet.yaml", import.meta.url), "utf8");

function report(bias?: boolean) {
  const loaded = loadSpec(text, "specs/alexnet.yaml", bias === undefined ? {} : { bias });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const analysis = analyzeSpec(loaded.spec);
  if (!analysis.ok) throw new Error(JSON.stringify(analysis.problems));
  return { spec: loaded.spec, report: analysis.report };
}

describe("the tutorial's summary table, from specs/alexnet.yaml", () => {
  const { report: r } = report();
  const row = (name: string) => r.layers.find((l) => l.name === name);

  it.each([
    // layer, units N = WHM, weights P = K²CM, connections U = WHK²CM — the correct figures
    ["L1", 290_400, 34_848, 105_415_200], //    55²·96;      11²·3·96;       55²·11²·3·96
    ["L2", 186_624, 307_200, 223_948_800], //   27²·256;     5²·48·256;      27²·5²·48·256 (tutorial prints half: erratum)
    ["L3", 64_896, 884_736, 149_520_384], //    13²·384;     3²·256·384;     13²·3²·256·384
    ["L4", 64_896, 663_552, 112_140_288], //    13²·384 (tutorial prints 64,869: erratum); 3²·192·384; 13²·3²·192·384
    ["L5", 43_264, 442_368, 74_760_192], //     13²·256;     3²·192·256;     13²·3²·192·256
    ["L6", 4_096, 37_748_736, 37_748_736], //   4096;        6·6·256·4096
    ["L7", 4_096, 16_777_216, 16_777_216], //   4096;        4096·4096
    ["L8", 1_000, 4_096_000, 4_096_000], //     1000;        4096·1000
  ])("%s: units %i, weights %i, connections %i", (name, units, weights, connections) => {
    expect(row(name)).toMatchObject({ units, weights, connections, biases: 0 });
  });

  it("subtotals and totals", () => {
    // conv units 290,400 + 186,624 + 64,896 + 64,896 + 43,264 = 650,080 (as printed)
    // conv weights 34,848 + 307,200 + 884,736 + 663,552 + 442,368 = 2,332,704 (as printed)
    // conv connections 105,415,200 + 223,948,800 + 149,520,384 + 112,140,288 + 74,760,192 = 665,784,864
    //   (printed 553,810,464 = the same sum with L2 halved)
    expect(r.subtotals.conv).toEqual({ units: 650_080, weights: 2_332_704, biases: 0, connections: 665_784_864 });
    // dense: 4096 + 4096 + 1000 = 9,192 units; 37,748,736 + 16,777,216 + 4,096,000 = 58,621,952
    expect(r.subtotals.dense).toEqual({ units: 9_192, weights: 58_621_952, biases: 0, connections: 58_621_952 });
    expect(r.subtotals.other).toBeUndefined();
    // 650,080 + 9,192 = 659,272; 2,332,704 + 58,621,952 = 60,954,656; 665,784,864 + 58,621,952 = 724,406,816
    expect(r.totals).toEqual({ units: 659_272, weights: 60_954_656, biases: 0, connections: 724_406_816 });
  });

  it("the input is 224×224×3 = 150,528 values and pooling shrinks 55 → 27 → 13 → 6", () => {
    expect(r.input).toEqual({ kind: "image", width: 224, height: 224, channels: 3 });
    const shapes = ["pool1", "pool2", "pool5"].map((n) => row(n)?.output);
    expect(shapes).toEqual([
      { kind: "image", height: 27, width: 27, channels: 96 },
      { kind: "image", height: 13, width: 13, channels: 256 },
      { kind: "image", height: 6, width: 6, channels: 256 },
    ]);
  });

  it("with biases on, AlexNet has 60,965,224 weights", () => {
    // biases: 96 + 256 + 384 + 384 + 256 (conv) + 4096 + 4096 + 1000 (dense) = 1,376 + 9,192 = 10,568
    // 60,954,656 + 10,568 = 60,965,224
    const { report: biased } = report(true);
    expect(biased.totals.biases).toBe(10_568);
    expect(biased.totals.weights).toBe(60_965_224);
    expect(biased.totals.connections).toBe(724_406_816); // biases add no connection
  });
});

describe("check: the tutorial's errata are recorded, the rest matches", () => {
  const { spec } = report();
  const checked = checkNetwork(spec.network, spec.published);
  if (!checked.ok) throw new Error("check failed to compute");
  const { result } = checked;
  const tutorial = result.sources.find((s) => s.source.startsWith("CSC321"));
  const paper = result.sources.find((s) => s.source.includes("Figure 2"));
  const han = result.sources.find((s) => s.source.startsWith("Han"));

  it("passes", () => {
    expect(result.ok).toBe(true);
  });

  it("every one of the tutorial table's 33 cells is checked", () => {
    // 8 layers × 3 + 2 subtotals × 3 + totals × 3 = 24 + 6 + 3
    expect(tutorial?.cells).toHaveLength(33);
  });

  it("names the tutorial's errata and nothing else", () => {
    const errata = tutorial?.cells.filter((c) => c.status === "erratum").map((c) => [c.at, c.published, c.computed]);
    expect(errata).toEqual([
      ["layers.L2.connections", 111_974_400, 223_948_800], // 27²·5²·48·128: one tower
      ["layers.L4.units", 64_869, 64_896], // transposed digits
      ["subtotals.conv.connections", 553_810_464, 665_784_864], // inherits L2
      ["totals.connections", 612_432_416, 724_406_816], // inherits L2
    ]);
    expect(tutorial?.cells.filter((c) => c.status === "match")).toHaveLength(29);
  });

  it("Krizhevsky et al.'s Figure 2: 253,440 for L1 is an erratum (55²·96 = 290,400), the other seven match", () => {
    expect(paper?.cells.map((c) => c.status)).toEqual(["erratum", ...Array(7).fill("match")]);
  });

  it("Han et al. Table 4 counts both towers in conv2: 448M FLOP = 2 × 224M connections", () => {
    const conv2 = han?.cells.find((c) => c.at === "layers.L2.flops");
    expect(conv2).toMatchObject({ published: "448M", computed: 447_897_600, status: "match" }); // 2 × 223,948,800
  });
});
