// Convolution and pooling along a sequence (1-D): output lengths, units, weights and
// multiply–accumulates worked by hand beside each figure, with PyTorch's Conv1d rule
// L′ = ⌊(L + 2p − d·(k − 1) − 1) / s⌋ + 1.

import { describe, expect, it } from "vitest";
import { analyze } from "../../src/core/analyze.js";
import type { ConvLayer, Layer, PoolLayer, Shape } from "../../src/core/network.js";
import { layerCost } from "../../src/core/costs.js";
import { evaluate } from "../../src/core/exact.js";
import { network } from "./helpers.js";
import { reportOf } from "../helpers.js";
import { renderExplain } from "../../src/render/explain.js";

const sequence = (length: number, features: number): Shape => ({ kind: "sequence", length, features });

function conv1d(fields: Partial<Omit<ConvLayer, "kernel">> & { filters: number; kernel: number }): ConvLayer {
  const { kernel, ...rest } = fields;
  return { type: "conv", name: "c", inputs: ["input"], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1, ...rest, kernel: [kernel, kernel] };
}

function pool(type: "maxpool" | "avgpool", window: PoolLayer["window"], trainable?: boolean): PoolLayer {
  return { type, name: "p", inputs: ["input"], window, ...(trainable ? { trainable } : {}) };
}

function only(input: Shape, layer: Layer, bias = true) {
  const result = analyze(network(input, [layer], bias));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.report.layers[0]!;
}

function issue(input: Shape, layer: Layer) {
  const result = analyze(network(input, [layer], true));
  if (result.ok) throw new Error("expected an issue");
  return result.issues[0]!;
}

describe("conv on a sequence", () => {
  it("100 positions × 8 channels, 16 filters of 5, stride 2, padding 2", () => {
    const row = only(sequence(100, 8), conv1d({ filters: 16, kernel: 5, stride: [2, 2], padding: [2, 2] }));
    // L′ = ⌊(100 + 2·2 − 5)/2⌋ + 1 = ⌊99/2⌋ + 1 = 50
    expect(row.output).toEqual(sequence(50, 16));
    expect(row.units).toBe(800); // L′·M = 50 × 16
    expect(row.weights).toBe(656); // K·C·M + M = 5 × 8 × 16 + 16 = 640 + 16
    expect(row.biases).toBe(16);
    expect(row.connections).toBe(32_000); // L′·K·C·M = 50 × 640
  });

  it("in groups, dilated, without biases", () => {
    const row = only(sequence(100, 8), conv1d({ filters: 16, kernel: 3, groups: 4, dilation: [2, 2] }), false);
    // L′ = ⌊(100 − 2·(3 − 1) − 1)/1⌋ + 1 = 95 + 1 = 96; C/g = 8/4 = 2
    expect(row.output).toEqual(sequence(96, 16));
    expect(row.weights).toBe(96); // K·(C/g)·M = 3 × 2 × 16
    expect(row.connections).toBe(9_216); // 96 × 96
  });

  it("wav2vec 2.0's first feature-encoder conv: 512 filters of 10, stride 5, over a second of 16 kHz audio", () => {
    const row = only(sequence(16_000, 1), conv1d({ filters: 512, kernel: 10, stride: [5, 5] }), false);
    // L′ = ⌊(16,000 − 10)/5⌋ + 1 = 3,198 + 1 = 3,199
    expect(row.output).toEqual(sequence(3_199, 512));
    expect(row.weights).toBe(5_120); // 10 × 1 × 512
    expect(row.connections).toBe(16_378_880); // 3,199 × 5,120
  });

  it('"same" padding divides the length by the stride, rounded up', () => {
    const row = only(sequence(101, 4), { ...conv1d({ filters: 4, kernel: 7, stride: [2, 2] }), padding: "same" });
    expect(row.output).toEqual(sequence(51, 4)); // ⌈101/2⌉
  });

  it("explains the output length and the formulas in the 1-D symbols", () => {
    const cost = layerCost(conv1d({ filters: 16, kernel: 5, stride: [2, 2], padding: [2, 2] }), [sequence(100, 8)], true);
    expect(cost.size?.height).toEqual({ rule: "conv", n: 100, k: 5, s: 2, p: 2, d: 1, value: 50 });
    expect(cost.connections.terms).toEqual([
      [
        { symbol: "L′", value: 50 },
        { symbol: "k", value: 5 },
        { symbol: "C", value: 8 },
        { symbol: "M", value: 16 },
      ],
    ]);
    expect(evaluate(cost.weights)).toBe(656);
  });

  it.each([
    ["kernel", { kernel: [3, 5] as const }],
    ["stride", { stride: [1, 2] as const }],
    ["padding", { padding: [0, 1] as const }],
    ["dilation", { dilation: [2, 1] as const }],
  ])("refuses a pair of two values for %s: a sequence has one axis", (field, fields) => {
    const found = issue(sequence(20, 4), { ...conv1d({ filters: 2, kernel: 3 }), ...fields });
    expect(found.field).toBe(field);
    expect(found.message).toBe(`a conv layer on a sequence is 1-D: give ${field} as one number, not a pair [height, width]`);
  });

  it("refuses a window longer than the sequence, and a connection table", () => {
    expect(issue(sequence(4, 2), conv1d({ filters: 2, kernel: 5 })).message).toBe(
      "output length would be 0, below 1: the window does not fit the input length of 4",
    );
    expect(issue(sequence(4, 2), { ...conv1d({ filters: 1, kernel: 1 }), table: [[0]] }).field).toBe("table");
    expect(issue(sequence(4, 3), conv1d({ filters: 2, kernel: 1, groups: 2 })).message).toBe("groups (2) must divide the input channels (3)");
  });
});

describe("pooling on a sequence", () => {
  it("max pooling of 3, stride 2: a window per output position, free", () => {
    const row = only(sequence(50, 16), pool("maxpool", { kind: "window", kernel: [3, 3], stride: [2, 2], padding: [0, 0], ceil: false }));
    expect(row.output).toEqual(sequence(24, 16)); // ⌊(50 − 3)/2⌋ + 1 = 23 + 1
    expect([row.units, row.weights, row.connections]).toEqual([0, 0, 0]);
  });

  it("ceil mode keeps a last partial window", () => {
    const row = only(sequence(50, 16), pool("maxpool", { kind: "window", kernel: [2, 2], stride: [2, 2], padding: [0, 0], ceil: true }));
    expect(row.output).toEqual(sequence(25, 16)); // ⌈(50 − 2)/2⌉ + 1 = 24 + 1
  });

  it("global and adaptive pooling over positions", () => {
    expect(only(sequence(50, 16), pool("avgpool", { kind: "global" })).output).toEqual(sequence(1, 16));
    expect(only(sequence(50, 16), pool("avgpool", { kind: "adaptive", output: [7, 7] })).output).toEqual(sequence(7, 16));
  });

  it("a trainable average pool learns a coefficient and a bias per channel", () => {
    const row = only(sequence(10, 4), pool("avgpool", { kind: "window", kernel: [2, 2], stride: [2, 2], padding: [0, 0], ceil: false }, true));
    expect(row.output).toEqual(sequence(5, 4)); // ⌊(10 − 2)/2⌋ + 1
    expect(row.units).toBe(20); // L′·C = 5 × 4
    expect(row.weights).toBe(8); // C + C
    expect(row.connections).toBe(40); // L′·C·K = 5 × 4 × 2
  });

  it("refuses a 2-D window", () => {
    const found = issue(sequence(10, 4), pool("maxpool", { kind: "window", kernel: [2, 3], stride: [2, 2], padding: [0, 0], ceil: false }));
    expect(found.field).toBe("kernel");
  });
});

describe("a 1-D network through the loader", () => {
  it("reads { length, channels } and single-number windows", () => {
    const report = reportOf(
      `name: tiny-1d
input: { length: 16000, channels: 1 }
layers:
  - { type: conv, filters: 8, kernel: 80, stride: 16, bias: false }
  - { type: maxpool, kernel: 4 }
  - { type: avgpool, global: true }
  - { type: flatten }
  - { type: dense, units: 10 }
`,
    );
    // L′ = ⌊(16,000 − 80)/16⌋ + 1 = 995 + 1 = 996; pool: ⌊(996 − 4)/4⌋ + 1 = 248 + 1 = 249
    expect(report.layers.map((row) => row.output)).toEqual([
      sequence(996, 8),
      sequence(249, 8),
      sequence(1, 8),
      { kind: "vector", features: 8 },
      { kind: "vector", features: 10 },
    ]);
    expect(report.totals.weights).toBe(730); // 80 × 1 × 8 = 640, then 8 × 10 + 10 = 90
    expect(report.totals.connections).toBe(637_520); // 996 × 640 = 637,440, then 80
  });

  it("--explain writes the 1-D window as one number and the length rule with its numbers", () => {
    const text = renderExplain(
      reportOf("name: e\ninput: { length: 16000, channels: 1 }\nlayers:\n  - { type: conv, filters: 8, kernel: 80, stride: 16, bias: false }\n"),
    );
    expect(text).toContain("conv1 · conv 80 s16 · 16000 positions × 1 features → 996 positions × 8 features");
    expect(text).toContain("⌊(16000 − 80)/16⌋ + 1 = 996");
    expect(text).toContain("U₁ = L′·k·C·M = 996 × 80 × 1 × 8 = 637,440");
    expect(text).toContain("L′ output length (1-D conv and pooling) · k kernel length");
  });
});
