import { describe, expect, it } from "vitest";
import { type Layer } from "../../src/core/network.js";
import { analyze, formulasOf } from "../../src/core/analyze.js";
import { evaluate } from "../../src/core/exact.js";
import { conv, dense, image, maxpool, network, vector } from "./helpers.js";

function only(layer: Layer, input = image(27, 27, 96), bias = false) {
  const result = analyze(network(input, [layer], bias));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  const [row] = result.report.layers;
  if (!row) throw new Error("no row");
  return row;
}

describe("conv", () => {
  it("AlexNet L2: two GPU towers as groups = 2", () => {
    const row = only(conv("L2", ["input"], { filters: 256, kernel: 5, padding: [2, 2], groups: 2 }));
    expect(row.output).toEqual(image(27, 27, 256));
    expect(row.units).toBe(186_624); // 27² × 256
    expect(row.weights).toBe(307_200); // 5² × (96 / 2) × 256 = 25 × 48 × 256
    expect(row.biases).toBe(0);
    expect(row.connections).toBe(223_948_800); // 27² × 5² × 48 × 256 = 729 × 25 × 12,288
  });

  it("biases add one weight per filter and no connection", () => {
    const row = only(conv("L2", ["input"], { filters: 256, kernel: 5, padding: [2, 2], groups: 2 }), image(27, 27, 96), true);
    expect(row.weights).toBe(307_456); // 307,200 + 256
    expect(row.biases).toBe(256);
    expect(row.connections).toBe(223_948_800);
  });

  it("a layer's own bias wins over the network's", () => {
    const row = only(conv("c", ["input"], { filters: 8, kernel: 1, bias: false }), image(4, 4, 2), true);
    expect(row.biases).toBe(0);
    expect(row.weights).toBe(16); // 1 × 1 × 2 × 8
  });

  it("depthwise: groups = channels", () => {
    const row = only(conv("dw", ["input"], { filters: 32, kernel: 3, padding: [1, 1], groups: 32 }), image(112, 112, 32));
    expect(row.weights).toBe(288); // 3² × (32 / 32) × 32
    expect(row.connections).toBe(3_612_672); // 112² × 288 = 12,544 × 288
  });

  it("rectangular kernel, stride pair, 'same' padding", () => {
    const rect = only({ ...conv("r", ["input"], { filters: 8, kernel: 1 }), kernel: [3, 5] }, image(19, 25, 8));
    expect(rect.output).toEqual(image(17, 21, 8)); // 19 − 2, 25 − 4
    expect(rect.weights).toBe(960); // 3 × 5 × 8 × 8
    const same = only({ ...conv("s", ["input"], { filters: 8, kernel: 3 }), stride: [2, 2], padding: "same" }, image(37, 50, 4));
    expect(same.output).toEqual(image(19, 25, 8)); // ⌈37 / 2⌉, ⌈50 / 2⌉
  });

  it.each([
    [conv("g", ["input"], { filters: 16, kernel: 3, groups: 2 }), image(48, 64, 3), "groups", /groups \(2\) must divide the input channels \(3\)/],
    [conv("g", ["input"], { filters: 15, kernel: 3, groups: 2 }), image(48, 64, 4), "groups", /groups \(2\) must divide filters \(15\)/],
    [conv("v", ["input"], { filters: 4, kernel: 1 }), vector(10), "inputs", /needs an image/],
    [conv("k", ["input"], { filters: 4, kernel: 5 }), image(3, 3, 1), "kernel", /output height would be -1, below 1/],
  ])("reports %#", (layer, input, field, message) => {
    const result = analyze(network(input, [layer]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ layer: 0, field });
    expect(result.issues[0]?.message).toMatch(message);
  });
});

describe("dense", () => {
  it("flattens an image input: AlexNet L6", () => {
    const row = only(dense("L6", ["input"], 4096), image(6, 6, 256));
    expect(row.units).toBe(4096);
    expect(row.weights).toBe(37_748_736); // 6 × 6 × 256 × 4096 = 9,216 × 4,096
    expect(row.connections).toBe(37_748_736);
    expect(row.output).toEqual(vector(4096));
  });

  it("with a bias", () => {
    const row = only(dense("L8", ["input"], 1000, true), vector(4096));
    expect(row.weights).toBe(4_097_000); // 4096 × 1000 + 1000
    expect(row.biases).toBe(1000);
    expect(row.connections).toBe(4_096_000);
  });
});

describe("pooling, batchnorm, layernorm, flatten, concat, add", () => {
  it("pooling costs nothing and shrinks", () => {
    const row = only(maxpool("p", ["input"], 3, 2), image(55, 55, 96));
    expect(row.output).toEqual(image(27, 27, 96));
    expect([row.units, row.weights, row.biases, row.connections]).toEqual([0, 0, 0, 0]);
  });

  it("global and adaptive pooling", () => {
    const global = only({ type: "avgpool", name: "g", inputs: ["input"], window: { kind: "global" } }, image(7, 9, 512));
    expect(global.output).toEqual(image(1, 1, 512));
    const adaptive = only({ type: "avgpool", name: "a", inputs: ["input"], window: { kind: "adaptive", output: [6, 6] } }, image(13, 13, 256));
    expect(adaptive.output).toEqual(image(6, 6, 256));
  });

  it("batchnorm: a scale and a shift per channel", () => {
    const row = only({ type: "batchnorm", name: "bn", inputs: ["input"], affine: true }, image(56, 56, 64));
    expect(row.weights).toBe(128); // 2 × 64
    expect(row.biases).toBe(64);
    expect(row.connections).toBe(0);
    const plain = only({ type: "batchnorm", name: "bn", inputs: ["input"], affine: false }, vector(10));
    expect(plain.weights).toBe(0);
  });

  it("batchnorm: the shift alone (Keras's scale=False) or the scale alone (center=False)", () => {
    // Keras InceptionV3's BatchNormalization(scale=False) after a 32-filter conv: beta alone, 32 weights, all biases
    const shiftOnly = only({ type: "batchnorm", name: "bn", inputs: ["input"], affine: true, scale: false }, image(149, 149, 32));
    expect([shiftOnly.weights, shiftOnly.biases, shiftOnly.connections]).toEqual([32, 32, 0]);
    // center=False: gamma alone, 64 weights, no bias
    const scaleOnly = only({ type: "batchnorm", name: "bn", inputs: ["input"], affine: true, shift: false }, vector(64));
    expect([scaleOnly.weights, scaleOnly.biases]).toEqual([64, 0]);
  });

  it("layernorm: a scale and a shift per channel or feature, the scale alone without the shift, nothing without affine", () => {
    // PyTorch's nn.LayerNorm(768) has weight and bias of shape (768,): 2 × 768 = 1,536 parameters
    const bert = only({ type: "layernorm", name: "ln", inputs: ["input"], affine: true, shift: true }, vector(768));
    expect([bert.output, bert.units, bert.weights, bert.biases, bert.connections]).toEqual([vector(768), 0, 1_536, 768, 0]);
    // an image is normalized over its channels: 2 × 512 = 1,024, whatever its height and width
    const image7 = only({ type: "layernorm", name: "ln", inputs: ["input"], affine: true, shift: true }, image(7, 7, 512));
    expect([image7.output, image7.weights, image7.biases]).toEqual([image(7, 7, 512), 1_024, 512]);
    // nn.LayerNorm(768, bias=False): the scale alone, 768; elementwise_affine=False: none
    const noShift = only({ type: "layernorm", name: "ln", inputs: ["input"], affine: true, shift: false }, vector(768));
    expect([noShift.weights, noShift.biases]).toEqual([768, 0]);
    const plain = only({ type: "layernorm", name: "ln", inputs: ["input"], affine: false, shift: false }, vector(768));
    expect([plain.weights, plain.biases, plain.connections]).toEqual([0, 0, 0]);
  });

  it("flatten: H·W·C features", () => {
    expect(only({ type: "flatten", name: "f", inputs: ["input"] }, image(6, 6, 256)).output).toEqual(vector(9216)); // 6 × 6 × 256
  });

  it("concat sums channels (inception 3a: 64 + 128 + 32 + 32 = 256) and add keeps the shape", () => {
    const result = analyze(
      network(image(28, 28, 192), [
        conv("b1", ["input"], { filters: 64, kernel: 1 }),
        conv("b2", ["input"], { filters: 128, kernel: 3, padding: [1, 1] }),
        conv("b3", ["input"], { filters: 32, kernel: 5, padding: [2, 2] }),
        conv("b4", ["input"], { filters: 32, kernel: 1 }),
        { type: "concat", name: "out", inputs: ["b1", "b2", "b3", "b4"] },
        conv("proj", ["input"], { filters: 256, kernel: 1 }),
        { type: "add", name: "sum", inputs: ["out", "proj"] },
      ]),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.layers[4]?.output).toEqual(image(28, 28, 256));
    expect(result.report.layers[6]?.output).toEqual(image(28, 28, 256));
    expect(result.report.layers[6]?.inputs).toHaveLength(2);
  });

  it("add of different shapes and concat of different sizes are errors", () => {
    const result = analyze(
      network(image(28, 28, 3), [
        conv("a", ["input"], { filters: 8, kernel: 1 }),
        conv("b", ["input"], { filters: 8, kernel: 3 }),
        { type: "add", name: "sum", inputs: ["a", "b"] },
        { type: "concat", name: "cat", inputs: ["a", "b"] },
      ]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.layer)).toEqual([2, 3]);
    expect(result.issues[0]?.message).toMatch(/add inputs must have equal shapes: a is 28×28×8 but b is 26×26×8/);
    expect(result.issues[1]?.message).toMatch(/same height and width/);
  });
});

describe("the walk", () => {
  it("skips, and does not report, a layer that reads a layer of unknown shape (unknownShapes)", () => {
    // d1 reads "gone", a layer left out of the network; d2 reads the input: 4 × 2 weights
    const net = network(vector(4), [dense("d1", ["gone"], 3), dense("d2", ["input"], 2)]);
    const result = analyze(net, { unknownShapes: ["gone"] });
    expect(result.ok && result.report.layers.map((row) => [row.name, row.weights])).toEqual([["d2", 8]]);
    // without the option, "gone" is an unknown input
    expect(analyze(net)).toMatchObject({ ok: false, issues: [{ layer: 0, field: "inputs", message: 'unknown input "gone"' }] });
  });

  it("sums rows into subtotals by kind and totals; 'other' only when it costs something", () => {
    const result = analyze(
      network(image(8, 8, 3), [
        conv("c", ["input"], { filters: 4, kernel: 3 }), // 6×6×4: units 144, weights 3²·3·4 = 108, connections 144·27 = 3,888
        { type: "relu", name: "r", inputs: ["c"] },
        dense("d", ["r"], 10), // 144 inputs: weights 1,440 = connections
      ]),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { subtotals, totals } = result.report;
    expect(subtotals.conv).toEqual({ units: 144, weights: 108, biases: 0, connections: 3888 });
    expect(subtotals.dense).toEqual({ units: 10, weights: 1440, biases: 0, connections: 1440 });
    expect(subtotals.other).toBeUndefined();
    expect(totals).toEqual({ units: 154, weights: 1548, biases: 0, connections: 5328 });
  });

  it("a failing layer is reported once; layers that depend on it are skipped", () => {
    const result = analyze(
      network(image(4, 4, 3), [
        conv("bad", ["input"], { filters: 4, kernel: 9 }),
        { type: "relu", name: "r", inputs: ["bad"] },
        conv("also-bad", ["input"], { filters: 4, kernel: 3, groups: 2 }),
      ]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.layer)).toEqual([0, 2]);
  });

  it("gives each row its output and the shapes it reads, past any number of equal and distinct shapes", () => {
    const layers: Layer[] = [];
    for (let i = 0; i < 12; i++) {
      layers.push(conv(`c${i}`, [i === 0 ? "input" : `r${i - 1}`], { filters: 8, kernel: 3, padding: [1, 1] }), {
        type: "relu",
        name: `r${i}`,
        inputs: [`c${i}`],
      });
    }
    // twenty distinct widths, 10 to 29 units
    for (let i = 0; i < 20; i++) layers.push(dense(`d${i}`, [i === 0 ? "r11" : `d${i - 1}`], 10 + i));
    const result = analyze(network(image(8, 8, 8), layers));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const rows = result.report.layers;
    // 3×3 convs padded by 1, stride 1: (8 + 2 − 3) + 1 = 8, so every conv is 8×8×8 in and out
    for (const row of rows.filter((r) => r.type === "conv")) {
      expect(row.output).toEqual(image(8, 8, 8));
      expect(row.inputs).toEqual([image(8, 8, 8)]);
    }
    const denses = rows.filter((row) => row.type === "dense");
    expect(denses.map((row) => row.output)).toEqual(denses.map((_, i) => vector(10 + i)));
    expect(denses.slice(1).map((row) => row.inputs)).toEqual(denses.slice(0, -1).map((row) => [row.output]));
  });

  it("a count beyond 2^53 − 1 is exact, a bigint, never a rounded figure", () => {
    // 2^27 inputs × 2^27 units = 2^54 connections > 2^53 − 1; with biases 2^54 + 2^27 weights,
    // which a double cannot hold (it rounds to 2^54)
    const result = analyze(network(vector(2 ** 27), [dense("huge", ["input"], 2 ** 27, true)]));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.report.layers[0]!.connections).toBe(2n ** 54n);
    expect(result.report.layers[0]!.weights).toBe(2n ** 54n + 2n ** 27n);
    expect(result.report.layers[0]!.units).toBe(2 ** 27); // still a number: it fits
  });

  it("a total beyond 2^53 − 1 is exact even when every layer fits", () => {
    // each layer: 2^26 × 2^26 = 2^52 weights (safe, a number); two of them: 2^53, a bigint
    const result = analyze(network(vector(2 ** 26), [dense("a", ["input"], 2 ** 26), dense("b", ["input"], 2 ** 26)]));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.report.layers[0]!.weights).toBe(2 ** 52);
    expect(result.report.totals.weights).toBe(2n ** 53n);
  });

  it("a size beyond 2^53 − 1 is an error naming the layer", () => {
    // flatten: 2^20 · 2^20 · 2^20 = 2^60 features, a size no double holds exactly in general
    const result = analyze(network(image(2 ** 20, 2 ** 20, 2 ** 20), [{ type: "flatten", name: "f", inputs: ["input"] }]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ layer: 0 });
    expect(result.issues[0]?.message).toBe(
      "a size of this layer is not exact: 1099511627776 × 1048576 exceeds 2^53 − 1 = 9,007,199,254,740,991, the largest size that can be exact",
    );
  });
});

describe("formulasOf", () => {
  it("rebuilds the formulas a row's counts came from, under the report's bias and conventions", () => {
    const l2 = conv("L2", ["input"], { filters: 256, kernel: 5, padding: [2, 2], groups: 2 });
    const result = analyze(network(image(27, 27, 96), [l2], true), { conventions: ["bias-connections"] });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const row = result.report.layers[0]!;
    const cost = formulasOf(result.report, row);
    // P = Kh·Kw·(C/g)·M + M = 5·5·48·256 + 256 = 307,456
    expect(cost.weights.terms.map((term) => term.map((f) => f.value))).toEqual([[5, 5, 48, 256], [256]]);
    // U = H′·W′·Kh·Kw·(C/g)·M + H′·W′·M (a bias is a connection under bias-connections)
    //   = 27·27·5·5·48·256 + 27·27·256 = 223,948,800 + 186,624 = 224,135,424
    expect(evaluate(cost.connections)).toBe(224_135_424);
    expect(row.connections).toBe(224_135_424);
    expect(cost.size?.height).toMatchObject({ n: 27, value: 27 });
  });
});
