// The transformer vocabulary, each layer counted by hand beside its figure: embeddings, position
// embeddings and class tokens, RMSNorm, attention (multi-head, grouped-query, cross, causal
// with kept entries, sliding window), element-wise multiply, tied dense layers.

import { describe, expect, it } from "vitest";
import { keptEntries } from "../../src/core/costs/attention.js";
import { loadSpec } from "../../src/loader/load.js";
import { analyzeSpec } from "../../src/loader/analyze-spec.js";
import { formatProblem } from "../../src/loader/problems.js";
import { reportOf } from "../helpers.js";

const spec = (input: string, layers: string[], bias = true) => `name: t\ninput: ${input}\nbias: ${bias}\nlayers:\n${layers.map((l) => `  - ${l}\n`).join("")}`;
const row = (text: string, name: string) => {
  const found = reportOf(text).layers.find((r) => r.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
};

/** The problems a spec has, formatted. */
function problems(text: string): string[] {
  const loaded = loadSpec(text, "t.yaml");
  if (!loaded.ok) return loaded.problems.map(formatProblem);
  const analysis = analyzeSpec(loaded.spec);
  return analysis.ok ? [] : analysis.problems.map(formatProblem);
}

describe("embeddings", () => {
  it("GPT-2's token and position embeddings: V·F and T·F weights, no connections", () => {
    const text = spec("{ tokens: 1024 }", ["{ name: wte, type: embedding, vocab: 50257, features: 768 }", "{ name: wpe, type: position_embedding }"]);
    const wte = row(text, "wte");
    expect(wte.output).toEqual({ kind: "sequence", length: 1024, features: 768 });
    expect(wte.weights).toBe(38_597_376); // 50,257 × 768
    expect([wte.units, wte.connections, wte.biases]).toEqual([0, 0, 0]);
    expect(row(text, "wpe").weights).toBe(786_432); // 1024 × 768
  });

  it("ViT's class token: F weights, one position more", () => {
    const text = spec("{ tokens: 196, features: 768 }", ["{ name: cls, type: class_token }", "{ name: pos, type: position_embedding }"]);
    expect(row(text, "cls").weights).toBe(768);
    expect(row(text, "cls").output).toEqual({ kind: "sequence", length: 197, features: 768 }); // 196 patches + 1
    expect(row(text, "pos").weights).toBe(151_296); // 197 × 768
  });

  it("an embedding reads only token ids", () => {
    expect(problems(spec("{ tokens: 8, features: 4 }", ["{ type: embedding, vocab: 10, features: 4 }"]))).toEqual([
      "t.yaml:5:5: layers[0].inputs: (embedding1) an embedding layer reads token ids (an input { tokens }), but its input is 8 positions × 4 features",
    ]);
  });
});

describe("a dense layer tied to an embedding (GPT-2's LM head)", () => {
  const layers = ["{ name: wte, type: embedding, vocab: 50257, features: 768 }", "{ name: head, type: dense, units: 50257, tied: wte, bias: false }"];

  it("has no weights of its own and all its connections", () => {
    const head = row(spec("{ tokens: 1024 }", layers), "head");
    expect(head.weights).toBe(0);
    expect(head.connections).toBe(39_523_713_024); // T·F·V = 1024 × 768 × 50,257
    expect(head.units).toBe(51_463_168); // 1024 × 50,257
  });

  it("must be the table's transpose, of an earlier embedding", () => {
    expect(problems(spec("{ tokens: 8 }", ["{ name: wte, type: embedding, vocab: 10, features: 4 }", "{ type: dense, units: 11, tied: wte }"]))).toEqual([
      "t.yaml:6:37: layers[1].tied: (dense1) tied to wte, a table of 10 × 4, but this layer maps 4 features to 11 units: its matrix must be the table's transpose",
    ]);
    expect(problems(spec("{ tokens: 8 }", ["{ type: embedding, vocab: 10, features: 4 }", "{ type: dense, units: 10, tied: nowhere }"]))).toEqual([
      't.yaml:6:37: layers[1].tied: (dense1) tied names "nowhere", which is not an earlier layer',
    ]);
  });
});

describe("rmsnorm", () => {
  it("a gain per feature, or nothing without it", () => {
    expect(row(spec("{ tokens: 8, features: 4096 }", ["{ name: n, type: rmsnorm }"]), "n").weights).toBe(4096);
    expect(row(spec("{ tokens: 8, features: 4096 }", ["{ name: n, type: rmsnorm, affine: false }"]), "n").weights).toBe(0);
  });
});

describe("attention", () => {
  it("GPT-2 small's attention at 1,024 tokens: the q, k, v, o projections and both T² products", () => {
    const attn = row(spec("{ tokens: 1024, features: 768 }", ["{ name: a, type: attention, heads: 12, causal: true }"]), "a");
    // P = 4·768·768 + 4·768 = 2,359,296 + 3,072 (c_attn 768×2304 + 2304, c_proj 768×768 + 768)
    expect(attn.weights).toBe(2_362_368);
    expect(attn.biases).toBe(3_072);
    // U = 4·T·F·F + 2·h·T·T·d = 4·1024·768·768 + 2·12·1024·1024·64 = 2,415,919,104 + 1,610,612,736
    expect(attn.connections).toBe(4_026_531_840);
    // N = 4·T·F (q, k, v, o outputs) + h·T·T (scores) + T·h·d (weighted values)
    //   = 4·786,432 + 12,582,912 + 786,432
    expect(attn.units).toBe(16_515_072);
    expect(attn.output).toEqual({ kind: "sequence", length: 1024, features: 768 });
  });

  it("Llama 3 8B's grouped-query attention: 8 of 32 heads for k and v, no biases", () => {
    const attn = row(spec("{ tokens: 8192, features: 4096 }", ["{ name: a, type: attention, heads: 32, kv_heads: 8 }"], false), "a");
    // q and o 4096·4096 each; k and v 4096·(8·128) = 4096·1024 each
    expect(attn.weights).toBe(41_943_040); // 2 × 16,777,216 + 2 × 4,194,304
    // projections: T·(2·4096·4096 + 2·4096·1024) = 8192 × 41,943,040; products: 2·32·8192²·128
    expect(attn.connections).toBe(8192 * 41_943_040 + 2 * 32 * 8192 * 8192 * 128); // 343,597,383,680 + 549,755,813,888
  });

  it("counts only the kept entries when asked: T(T + 1)/2 causal, and a window's", () => {
    expect(keptEntries(4, undefined)).toBe(10); // 1 + 2 + 3 + 4
    expect(keptEntries(6, 3)).toBe(15); // 1 + 2 + 3 + 3 + 3 + 3
    expect(keptEntries(3, 8)).toBe(6); // the window covers everything: 1 + 2 + 3
    const kept = row(spec("{ tokens: 1024, features: 768 }", ["{ name: a, type: attention, heads: 12, causal: true, count: kept }"]), "a");
    // 2·h·K·d with K = 1024·1025/2 = 524,800 entries: 2 × 12 × 524,800 × 64 = 806,092,800
    expect(kept.connections).toBe(2_415_919_104 + 806_092_800);
    const window = row(spec("{ tokens: 1024, features: 768 }", ["{ name: a, type: attention, heads: 12, causal: true, window: 256, count: kept }"]), "a");
    // K = 256·257/2 + (1024 − 256)·256 = 32,896 + 196,608 = 229,504; 2 × 12 × 229,504 × 64 = 352,518,144
    expect(window.connections).toBe(2_415_919_104 + 352_518_144);
  });

  it("cross-attention: queries from one sequence, keys and values from another", () => {
    const text = spec("{ tokens: 10, features: 8 }", [
      "{ name: memory, type: dense, units: 6 }",
      "{ name: x, type: attention, heads: 2, inputs: [input, memory], bias: { q: false, k: false, v: false, o: true } }",
    ]);
    const x = row(text, "x");
    // h = 2, d = 8/2 = 4; q: 8·8, k and v: 6·8 each, o: 8·8, + 8 output biases
    expect(x.weights).toBe(64 + 48 + 48 + 64 + 8);
    expect(x.biases).toBe(8);
    // T = 10 queries, S = 10 keys: q 10·8·8 + k, v 10·6·8 each + o 10·8·8 + 2·h·T·S·d = 2·2·10·10·4
    expect(x.connections).toBe(640 + 480 + 480 + 640 + 1600);
    expect(x.output).toEqual({ kind: "sequence", length: 10, features: 8 });
  });

  it.each([
    ["{ type: attention, heads: 5 }", "layers[0].heads: (attention1) heads (5) must divide the features (8), or give head_dim"],
    [
      "{ type: attention, heads: 4, kv_heads: 3 }",
      "layers[0].kv_heads: (attention1) kv_heads (3) must divide heads (4): each key/value head serves a whole group of query heads",
    ],
    ["{ type: attention, heads: 4, window: 2 }", "layers[0].window: (attention1) a sliding window is causal here: set causal: true with it"],
    [
      "{ type: attention, heads: 4, count: kept }",
      'layers[0].count: (attention1) count: kept counts the entries a causal mask keeps: set causal: true, or count: "full"',
    ],
  ])("refuses %s", (layer, message) => {
    expect(problems(spec("{ tokens: 10, features: 8 }", [layer])).map((p) => p.replace(/^t\.yaml:\d+:\d+: /, ""))).toEqual([message]);
  });
});

describe("multiply", () => {
  it("a gated MLP (SwiGLU) multiplies two projections; squeeze-excitation scales channels", () => {
    const glu = reportOf(
      spec("{ tokens: 4, features: 8 }", [
        "{ name: gate, type: dense, units: 16, inputs: [input] }",
        "{ type: silu }",
        "{ name: up, type: dense, units: 16, inputs: [input] }",
        "{ name: m, type: multiply, inputs: [silu1, up] }",
      ]),
    );
    expect(glu.layers[3]!.output).toEqual({ kind: "sequence", length: 4, features: 16 });
    expect(glu.totals.weights).toBe(2 * (8 * 16 + 16)); // the two projections; multiply is free
    const se = reportOf(
      spec("{ size: 7, channels: 32 }", [
        "{ name: squeeze, type: avgpool, global: true }",
        "{ name: s, type: conv, filters: 32, kernel: 1 }",
        "{ name: m, type: multiply, inputs: [input, s] }",
      ]),
    );
    expect(se.layers[2]!.output).toEqual({ kind: "image", height: 7, width: 7, channels: 32 }); // the 1×1×32 gate broadcast
  });

  it("refuses shapes that do not broadcast", () => {
    expect(problems(spec("{ size: 7, channels: 32 }", ["{ name: s, type: conv, filters: 16, kernel: 1 }", "{ type: multiply, inputs: [input, s] }"]))).toEqual([
      "t.yaml:6:31: layers[1].inputs: (multiply1) multiply inputs must have equal shapes, or be a vector of the other's channels: input is 7×7×32 but s is 7×7×16",
    ]);
  });
});

describe("subtotals of a sequence model", () => {
  it("group attention, recurrent layers, embeddings and norms apart from dense layers", () => {
    const report = reportOf(
      spec("{ tokens: 16 }", [
        "{ name: wte, type: embedding, vocab: 100, features: 8 }",
        "{ name: pos, type: position_embedding }",
        "{ name: n, type: rmsnorm }",
        "{ name: a, type: attention, heads: 2 }",
        "{ name: r, type: gru, hidden: 8 }",
        "{ name: d, type: dense, units: 8 }",
      ]),
    );
    expect(report.subtotals.embedding?.weights).toBe(100 * 8 + 16 * 8); // the table and the positions
    expect(report.subtotals.norm?.weights).toBe(8);
    expect(report.subtotals.attention?.weights).toBe(4 * 8 * 8 + 4 * 8); // q, k, v, o with biases
    expect(report.subtotals.recurrent?.weights).toBe(3 * 8 * (8 + 8) + 2 * 3 * 8);
    expect(report.subtotals.dense?.weights).toBe(8 * 8 + 8);
    expect(report.subtotals.other).toBeUndefined();
    expect(report.subtotals.conv).toBeUndefined();
  });
});
