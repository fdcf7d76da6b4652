// Sequences (positions × features) and token ids through the core and the loader: the shapes
// and counts here are worked by hand beside each figure.

import { describe, expect, it } from "vitest";
import { type Layer, type Shape } from "../../src/core/network.js";
import { analyze } from "../../src/core/analyze.js";
import { dense, network } from "./helpers.js";
import { reportOf } from "../helpers.js";
import { loadSpec } from "../../src/loader/load.js";

const sequence = (length: number, features: number): Shape => ({ kind: "sequence", length, features });
const tokens = (length: number): Shape => ({ kind: "tokens", length });

function rows(input: Shape, layers: Layer[], bias = true) {
  const result = analyze(network(input, layers, bias));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.report;
}

function issues(input: Shape, layers: Layer[]) {
  const result = analyze(network(input, layers));
  if (result.ok) throw new Error("expected issues");
  return result.issues;
}

describe("dense on a sequence applies at each position", () => {
  it("BERT-base's query projection: 128 positions × 768 → 768", () => {
    const [row] = rows(sequence(128, 768), [dense("q", ["input"], 768)]).layers;
    expect(row!.output).toEqual(sequence(128, 768));
    expect(row!.units).toBe(98_304); // T·M = 128 × 768
    expect(row!.weights).toBe(590_592); // F·M + M = 768 × 768 + 768 = 589,824 + 768
    expect(row!.biases).toBe(768);
    expect(row!.connections).toBe(75_497_472); // T·F·M = 128 × 589,824
  });

  it("without biases: weights F·M only", () => {
    const [row] = rows(sequence(10, 4), [dense("d", ["input"], 3)], false).layers;
    expect(row!.weights).toBe(12); // 4 × 3
    expect(row!.connections).toBe(120); // 10 × 4 × 3
    expect(row!.units).toBe(30); // 10 × 3
  });
});

describe("flatten, concat and add of sequences", () => {
  it("flatten gives T·F features", () => {
    const report = rows(sequence(35, 650), [{ type: "flatten", name: "f", inputs: ["input"] }]);
    expect(report.layers[0]!.output).toEqual({ kind: "vector", features: 22_750 }); // 35 × 650
  });

  it("concat joins features at each position; add keeps the shape", () => {
    const report = rows(sequence(16, 8), [
      dense("a", ["input"], 3),
      dense("b", ["input"], 5),
      { type: "concat", name: "c", inputs: ["a", "b"] },
      dense("d", ["input"], 8),
      { type: "add", name: "s", inputs: ["input", "d"] },
    ]);
    expect(report.layers[2]!.output).toEqual(sequence(16, 8)); // 3 + 5 features, 16 positions
    expect(report.layers[4]!.output).toEqual(sequence(16, 8));
  });

  it("concat of sequences of different lengths is refused", () => {
    const [issue] = issues(sequence(16, 8), [
      { type: "flatten", name: "v", inputs: ["input"] },
      { type: "concat", name: "c", inputs: ["input", "v"] },
    ]);
    expect(issue!.message).toMatch(/cannot concatenate a sequence with a vector/);
  });

  it("a conv layer on a sequence is 1-D, and names the field that is not", () => {
    const [issue] = issues(sequence(16, 8), [
      { type: "conv", name: "c", inputs: ["input"], filters: 4, kernel: [3, 5], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 },
    ]);
    expect(issue!.message).toBe("a conv layer on a sequence is 1-D: give kernel as one number, not a pair [height, width]");
    expect(issue!.field).toBe("kernel");
  });
});

describe("token ids", () => {
  it.each<Layer>([dense("d", ["input"], 4), { type: "relu", name: "r", inputs: ["input"] }, { type: "flatten", name: "f", inputs: ["input"] }])(
    "are refused by %s",
    (layer) => {
      const [issue] = issues(tokens(128), [layer]);
      expect(issue!.message).toBe(`a ${layer.type} layer cannot read token ids (128 token ids): put an embedding layer first`);
      expect(issue!.field).toBe("inputs");
    },
  );
});

describe("spec spellings", () => {
  it("{ tokens, features } and { length, channels } are the same sequence", () => {
    const a = reportOf("name: a\ninput: { tokens: 197, features: 768 }\nlayers:\n  - { type: dense, units: 10 }\n");
    const b = reportOf("name: b\ninput: { length: 197, channels: 768 }\nlayers:\n  - { type: dense, units: 10 }\n");
    expect(a.input).toEqual(sequence(197, 768));
    expect(b.input).toEqual(sequence(197, 768));
    expect(a.totals.connections).toBe(1_512_960); // 197 × 768 × 10
  });

  it("{ tokens } alone is token ids", () => {
    const loaded = loadSpec("name: t\ninput: { tokens: 128 }\nlayers:\n  - { type: relu }\n", "t.yaml");
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(loaded.spec.network.input).toEqual(tokens(128));
  });

  it("a shape with a stray key is refused, naming the spellings", () => {
    const loaded = loadSpec("name: t\ninput: { tokens: 128, channels: 3 }\nlayers:\n  - { type: relu }\n", "t.yaml");
    expect(loaded.ok).toBe(false);
    if (!loaded.ok)
      expect(loaded.problems[0]!.message).toMatch(
        /^"channels" does not go with the other fields given here; a shape is .*a sequence \{ tokens, features \} or \{ length, channels \}, or token ids \{ tokens \}$/,
      );
  });
});
