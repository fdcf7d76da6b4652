// LeNet-5's layer options and the bias-connections convention, row by row against LeCun et
// al. 1998 §II-B. Every expected figure is worked out by hand next to it.

import { describe, expect, it } from "vitest";
import { type ConvLayer, type DenseLayer, type Layer, type Network, type PoolLayer } from "../../src/core/network.js";
import { type LayerReport, analyze, formulasOf } from "../../src/core/analyze.js";
import { evaluate } from "../../src/core/exact.js";

const conv = (name: string, filters: number, kernel: number, extra: Partial<ConvLayer> = {}): ConvLayer => ({
  type: "conv",
  name,
  inputs: [],
  filters,
  kernel: [kernel, kernel],
  stride: [1, 1],
  padding: [0, 0],
  dilation: [1, 1],
  groups: 1,
  ...extra,
});

const subsample = (name: string, extra: Partial<PoolLayer> = {}): PoolLayer => ({
  type: "avgpool",
  name,
  inputs: [],
  window: { kind: "window", kernel: [2, 2], stride: [2, 2], padding: [0, 0], ceil: false },
  trainable: true,
  ...extra,
});

const dense = (name: string, units: number, extra: Partial<DenseLayer> = {}): DenseLayer => ({ type: "dense", name, inputs: [], units, ...extra });

/** Chains the layers: each reads the previous one (the first, the input). */
function network(layers: Layer[], input: Network["input"] = { kind: "image", height: 32, width: 32, channels: 1 }): Network {
  return { name: "test", input, bias: true, layers: layers.map((layer, i) => ({ ...layer, inputs: [i === 0 ? "input" : layers[i - 1]!.name] })) };
}

// LeCun et al. 1998, Table I: C3 map m reads these S2 maps (60 pairs in all).
const C3_TABLE = [
  [0, 1, 2],
  [1, 2, 3],
  [2, 3, 4],
  [3, 4, 5],
  [0, 4, 5],
  [0, 1, 5],
  [0, 1, 2, 3],
  [1, 2, 3, 4],
  [2, 3, 4, 5],
  [0, 3, 4, 5],
  [0, 1, 4, 5],
  [0, 1, 2, 5],
  [0, 1, 3, 4],
  [1, 2, 4, 5],
  [0, 2, 3, 5],
  [0, 1, 2, 3, 4, 5],
];

const LENET5 = network([
  conv("C1", 6, 5),
  subsample("S2"),
  conv("C3", 16, 5, { table: C3_TABLE }),
  subsample("S4"),
  conv("C5", 120, 5),
  dense("F6", 84),
  // the RBF output: fixed prototypes, no bias
  dense("OUTPUT", 10, { bias: false, trainable: false }),
]);

function rows(net: Network, conventions: readonly "bias-connections"[] = []): Map<string, LayerReport> {
  const result = analyze(net, { conventions });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return new Map(result.report.layers.map((row) => [row.name, row]));
}

function totals(net: Network, conventions: readonly "bias-connections"[] = []) {
  const result = analyze(net, { conventions });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.report.totals;
}

describe("LeNet-5 (LeCun et al. 1998 §II-B), row by row", () => {
  it.each([
    // name, units, weights, biases, connections (MACs), connections under bias-connections
    // C1: 28·28·6 = 4,704 units; 6·(5·5 + 1) = 156; 28·28·25·6 = 117,600; 28·28·6·(25 + 1) = 122,304
    ["C1", 4704, 156, 6, 117600, 122304],
    // S2: 14·14·6 = 1,176 units; 6 coefficients + 6 biases = 12; 14·14·6·4 = 4,704; 14·14·6·(4 + 1) = 5,880
    ["S2", 1176, 12, 6, 4704, 5880],
    // C3: 10·10·16 = 1,600 units; 25·60 + 16 = 1,516; 10·10·25·60 = 150,000; 10·10·1,516 = 151,600
    ["C3", 1600, 1516, 16, 150000, 151600],
    // S4: 5·5·16 = 400 units; 16·2 = 32; 5·5·16·4 = 1,600; 5·5·16·(4 + 1) = 2,000
    ["S4", 400, 32, 16, 1600, 2000],
    // C5: 120 units; 120·(5·5·16 + 1) = 48,120; 5·5·16·120 = 48,000; + 120 = 48,120
    ["C5", 120, 48120, 120, 48000, 48120],
    // F6: 84 units; 84·(120 + 1) = 10,164; 120·84 = 10,080; + 84 = 10,164
    ["F6", 84, 10164, 84, 10080, 10164],
    // OUTPUT: 10 RBF units with fixed prototypes: no weights; 84·10 = 840 connections, no bias
    ["OUTPUT", 10, 0, 0, 840, 840],
  ])("%s: %i units, %i weights, %i biases, %i connections (%i counting biases)", (name, units, weights, biases, connections, withBiases) => {
    const plain = rows(LENET5).get(name)!;
    expect({ units: plain.units, weights: plain.weights, biases: plain.biases, connections: plain.connections }).toEqual({
      units,
      weights,
      biases,
      connections,
    });
    const lecun = rows(LENET5, ["bias-connections"]).get(name)!;
    expect({ units: lecun.units, weights: lecun.weights, biases: lecun.biases, connections: lecun.connections }).toEqual({
      units,
      weights,
      biases,
      connections: withBiases,
    });
  });

  it("has 60,000 trainable parameters and 340,908 connections in all, as the paper says", () => {
    // 156 + 12 + 1,516 + 32 + 48,120 + 10,164 + 0 = 60,000
    expect(totals(LENET5, ["bias-connections"]).weights).toBe(60000);
    // 122,304 + 5,880 + 151,600 + 2,000 + 48,120 + 10,164 + 840 = 340,908
    expect(totals(LENET5, ["bias-connections"]).connections).toBe(340908);
    // without the convention: 117,600 + 4,704 + 150,000 + 1,600 + 48,000 + 10,080 + 840 = 332,824
    expect(totals(LENET5).connections).toBe(332824);
  });

  it("reports the conventions a report was computed under", () => {
    const result = analyze(LENET5, { conventions: ["bias-connections"] });
    expect(result.ok && result.report.conventions).toEqual(["bias-connections"]);
    const plain = analyze(LENET5);
    expect(plain.ok && plain.report.conventions).toEqual([]);
  });

  it("keeps C3's table as a factor T = 60 of its formulas", () => {
    const result = analyze(LENET5);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const c3 = formulasOf(
      result.report,
      result.report.layers.find((row) => row.name === "C3")!,
    );
    // P = Kh·Kw·T + M = 5·5·60 + 16
    expect(c3.weights.terms[0]).toEqual([
      { symbol: "Kh", value: 5, axis: "height" },
      { symbol: "Kw", value: 5, axis: "width" },
      { symbol: "T", value: 60 },
    ]);
    expect(evaluate(c3.weights)).toBe(1516);
  });
});

describe("the new cost formulas outside LeNet", () => {
  it("counts no bias connection where there is no bias", () => {
    const net = { ...network([conv("c", 4, 3, { bias: false })], { kind: "image", height: 5, width: 5, channels: 2 }) };
    // 3·3·3·3·2·4 = 648 MACs either way: no bias, nothing to add
    expect(rows(net, ["bias-connections"]).get("c")!.connections).toBe(648);
    expect(rows(net).get("c")!.connections).toBe(648);
  });

  it("counts a global trainable pool's window as the whole map", () => {
    const net = network([subsample("g", { window: { kind: "global" } })], { kind: "image", height: 7, width: 5, channels: 3 });
    const g = rows(net).get("g")!;
    // 1·1·3 = 3 units; 3 + 3 = 6 weights; 3 units × 7·5 inputs = 105 connections
    expect({ units: g.units, weights: g.weights, biases: g.biases, connections: g.connections }).toEqual({ units: 3, weights: 6, biases: 3, connections: 105 });
  });

  it("leaves an avgpool without trainable free", () => {
    const net = network([subsample("p", { trainable: false })], { kind: "image", height: 4, width: 4, channels: 2 });
    const p = rows(net, ["bias-connections"]).get("p")!;
    expect({ units: p.units, weights: p.weights, connections: p.connections }).toEqual({ units: 0, weights: 0, connections: 0 });
  });

  it("counts a table that links every pair as the plain conv does", () => {
    const full = [
      [0, 1],
      [0, 1],
      [0, 1],
    ];
    const input = { kind: "image", height: 4, width: 4, channels: 2 } as const;
    const tabled = rows(network([conv("c", 3, 3, { table: full })], input)).get("c")!;
    const plain = rows(network([conv("c", 3, 3)], input)).get("c")!;
    // 3·3·2·3 + 3 = 57 weights; 2·2·3·3·2·3 = 216 connections, both ways
    expect([tabled.weights, tabled.connections]).toEqual([57, 216]);
    expect([plain.weights, plain.connections]).toEqual([57, 216]);
  });
});

describe("problems with the new options", () => {
  const image = { kind: "image", height: 14, width: 14, channels: 6 } as const;
  const issue = (layer: Layer, input: Network["input"] = image) => {
    const result = analyze(network([layer], input));
    return result.ok ? undefined : result.issues[0];
  };

  it.each([
    ["a row per output map", conv("c", 3, 5, { table: [[0], [1]] }), "table", "the table has 2 rows but filters is 3"],
    ["channels that exist", conv("c", 2, 5, { table: [[0], [6]] }), "table", "table row 1 lists input channel 6, but the input's channels are numbered 0 to 5"],
    ["each channel once", conv("c", 1, 5, { table: [[2, 2]] }), "table", "table row 0 lists input channel 2 twice"],
    ["at least one channel", conv("c", 1, 5, { table: [[]] }), "table", "table row 0 is empty"],
    ["no groups beside a table", conv("c", 2, 5, { groups: 2, table: [[0], [1]] }), "groups", "give either groups or table, not both"],
    ["trainable only on avgpool", { ...subsample("m"), type: "maxpool" } as PoolLayer, "trainable", "only an avgpool layer can be trainable"],
    [
      "trainable windows of one size",
      subsample("a", { window: { kind: "adaptive", output: [3, 3] } }),
      "trainable",
      "trainable pooling needs windows of one size",
    ],
  ])("a table or trainable pool needs %s", (_, layer, field, message) => {
    const found = issue(layer);
    expect(found?.field).toBe(field);
    expect(found?.message).toContain(message);
  });
});
