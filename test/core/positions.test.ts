// Layers that rearrange positions and cost nothing: an image read as a sequence (to_sequence),
// the mean of a sequence's positions (mean) and one position picked (pick, the class token).
// Each figure is worked by hand beside it.

import { describe, expect, it } from "vitest";
import { loadSpec } from "../../src/loader/load.js";
import { analyzeSpec } from "../../src/loader/analyze-spec.js";
import { formatProblem } from "../../src/loader/problems.js";
import { analyze } from "../../src/index.js";
import { renderExplain } from "../../src/render/explain.js";
import type { Layer, Network } from "../../src/core/network.js";
import { reportOf } from "../helpers.js";

const spec = (input: string, layers: string[]) => `name: t\ninput: ${input}\nlayers:\n${layers.map((l) => `  - ${l}\n`).join("")}`;
const row = (text: string, name: string) => {
  const found = reportOf(text).layers.find((r) => r.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
};

function problems(text: string): string[] {
  const loaded = loadSpec(text, "t.yaml");
  if (!loaded.ok) return loaded.problems.map(formatProblem);
  const analysis = analyzeSpec(loaded.spec);
  return analysis.ok ? [] : analysis.problems.map(formatProblem);
}

describe("to_sequence: an image's positions as a sequence", () => {
  // ViT-B/16's stem: a 16×16 convolution of stride 16 on 224×224×3 gives 14×14×768, read as
  // 14 · 14 = 196 positions of 768 features
  const vit = spec("{ size: 224, channels: 3 }", ["{ name: conv_proj, type: conv, filters: 768, kernel: 16, stride: 16 }", "{ name: seq, type: to_sequence }"]);

  it("gives H·W positions of C features, and costs nothing", () => {
    const seq = row(vit, "seq");
    expect(seq.output).toEqual({ kind: "sequence", length: 196, features: 768 });
    expect([seq.units, seq.weights, seq.biases, seq.connections]).toEqual([0, 0, 0, 0]);
  });

  it("says in --explain that it is a reshape", () => {
    expect(renderExplain(reportOf(vit))).toContain("free           T = H·W = 14 × 14 = 196  (the image's positions, row by row, as a sequence: a reshape)");
  });

  it("reads only an image", () => {
    expect(problems(spec("{ tokens: 8, features: 4 }", ["{ type: to_sequence }"]))).toEqual([
      "t.yaml:4:5: layers[0].inputs: (to_sequence1) a to_sequence layer reads an image (height × width × channels), but its input is 8 positions × 4 features",
    ]);
  });
});

describe("mean and pick: a sequence to one vector", () => {
  // BERT's pooler reads the first of 128 positions; a 768 → 768 dense layer on that vector has
  // 768 units, 768 · 768 + 768 = 590,592 weights and 768 · 768 = 589,824 connections (not × 128)
  const bert = spec("{ tokens: 128, features: 768 }", [
    "{ name: first, type: pick }",
    "{ name: pooler, type: dense, units: 768 }",
    "{ name: avg, type: mean, inputs: [input] }",
    "{ name: last, type: pick, position: -1, inputs: [input] }",
  ]);

  it.each(["first", "avg", "last"])("%s: 768 features out, and no cost", (name) => {
    const r = row(bert, name);
    expect(r.output).toEqual({ kind: "vector", features: 768 });
    expect([r.units, r.weights, r.biases, r.connections]).toEqual([0, 0, 0, 0]);
  });

  it("a dense layer after it counts once, not at every position", () => {
    const pooler = row(bert, "pooler");
    expect([pooler.units, pooler.weights, pooler.connections]).toEqual([768, 590_592, 589_824]);
  });

  it("pick's position defaults to 0, the class token", () => {
    const first = row(bert, "first");
    expect(first.layer).toMatchObject({ type: "pick", position: 0 });
  });

  it("says in --explain why each is free", () => {
    const text = renderExplain(reportOf(bert));
    expect(text).toContain("the features at position 0 of T = 128, copied: no multiply–accumulate");
    expect(text).toContain("the features at position -1 of T = 128, copied: no multiply–accumulate");
    expect(text).toContain("the mean of T = 128 positions per feature: additions and one division, no multiply–accumulate");
  });

  it("refuses a position outside the sequence, at the field", () => {
    // 4 positions: 0 to 3, or -1 to -4
    expect(problems(spec("{ tokens: 4, features: 8 }", ["{ type: pick, position: 4 }", "{ type: pick, position: -5, inputs: [input] }"]))).toEqual([
      "t.yaml:4:29: layers[0].position: (pick1) position 4 is outside the sequence's 4 positions: give 0 to 3, or -1 to -4 counting from the end",
      "t.yaml:5:29: layers[1].position: (pick2) position -5 is outside the sequence's 4 positions: give 0 to 3, or -1 to -4 counting from the end",
    ]);
    expect(problems(spec("{ tokens: 4, features: 8 }", ["{ type: pick, position: -4 }", "{ type: pick, position: 3, inputs: [input] }"]))).toEqual([]);
  });

  it("refuses a position that is not an integer", () => {
    expect(problems(spec("{ tokens: 4, features: 8 }", ["{ type: pick, position: 1.5 }"]))).toEqual([
      "t.yaml:4:29: layers[0].position: expected an integer, found 1.5",
    ]);
  });

  it.each(["mean", "pick"])("%s reads only a sequence", (type) => {
    expect(problems(spec("{ features: 8 }", [`{ type: ${type} }`]))).toEqual([
      `t.yaml:4:5: layers[0].inputs: (${type}1) a ${type} layer reads a sequence, but its input is 8 features`,
    ]);
  });
});

describe("the library's guard", () => {
  const network = (position: unknown): Network => ({
    name: "t",
    bias: true,
    input: { kind: "sequence", length: 4, features: 8 },
    layers: [{ name: "p", type: "pick", inputs: ["input"], position } as unknown as Layer],
  });

  it.each([[1.5], ["0"], [undefined], [2 ** 53]])("refuses pick position %s at the field", (position) => {
    const result = analyze(network(position));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => [i.layer, i.field])).toEqual([[0, "position"]]);
  });

  it("says what it wants", () => {
    const result = analyze(network(1.5));
    expect(result.ok ? [] : result.issues.map((i) => i.message)).toEqual([
      "must be a whole number, negative to count from the end (at most 2^53 − 1 either way), got 1.5",
    ]);
  });

  it("takes a negative position", () => {
    expect(analyze(network(-4)).ok).toBe(true);
  });
});
