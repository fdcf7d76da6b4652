// Mixture of experts, counted by hand: a router, experts written as a block and expanded once
// per expert, each computing on the positions dealt to it; weights count every expert, active
// weights the router, the shared layers and top_k experts, connections top_k experts a position.

import { describe, expect, it } from "vitest";
import { loadSpec } from "../../src/loader/load.js";
import { analyzeSpec } from "../../src/loader/analyze-spec.js";
import { formatProblem } from "../../src/loader/problems.js";
import { specStructure } from "../../src/loader/spec-structure.js";
import { depthRows } from "../../src/render/depth-rows.js";
import { renderJson } from "../../src/render/json.js";
import { renderTable } from "../../src/render/table.js";
import { renderExplain } from "../../src/render/explain.js";
import { renderCsv } from "../../src/render/csv.js";
import { load, reportOf } from "../helpers.js";

/** A SwiGLU expert of `hidden`, T positions of F = 8 features, a mixture of `experts`, top `k`. */
const mixture = (tokens: number, experts: number, k: number, extra = "") => `name: moe
input: { tokens: ${tokens}, features: 8 }
bias: false
blocks:
  ffn:
    params: { hidden: 32 }
    layers:
      - { name: w1, type: dense, units: $hidden }
      - { name: act, type: silu }
      - { name: w3, type: dense, units: $hidden, inputs: [input] }
      - { name: gated, type: multiply, inputs: [act, w3] }
      - { name: w2, type: dense, units: 8 }
layers:
  - { name: moe, use: ffn, experts: ${experts}, top_k: ${k}${extra} }
  - { name: head, type: dense, units: 3 }
`;

function problems(text: string): string[] {
  const loaded = loadSpec(text, "t.yaml");
  if (!loaded.ok) return loaded.problems.map(formatProblem);
  const analysis = analyzeSpec(loaded.spec);
  return analysis.ok ? [] : analysis.problems.map(formatProblem);
}

describe("a mixture of experts written as a block", () => {
  const report = reportOf(mixture(16, 4, 2));

  it("expands the block once per expert, behind a router and a dispatch each, then a combine", () => {
    const names = report.layers.map((r) => r.name);
    expect(names.slice(0, 3)).toEqual(["moe.gate", "moe.experts.0.dispatch", "moe.experts.0.w1"]);
    expect(names.filter((n) => n.endsWith(".w2"))).toEqual(["moe.experts.0.w2", "moe.experts.1.w2", "moe.experts.2.w2", "moe.experts.3.w2"]);
    expect(names.slice(-2)).toEqual(["moe.combine", "head"]);
    // `head` reads the use's name, which stands for the combine: 16 positions again
    expect(report.layers.at(-1)!.inputs[0]).toEqual({ kind: "sequence", length: 16, features: 8 });
  });

  it("deals the T·k = 16 × 2 = 32 routed positions to the 4 experts, 8 each", () => {
    for (let e = 0; e < 4; e++)
      expect(report.layers.find((r) => r.name === `moe.experts.${e}.dispatch`)!.output).toEqual({ kind: "sequence", length: 8, features: 8 });
  });

  it("counts every expert's weights, and connections for top_k experts per position", () => {
    // router 8·4 = 32; an expert 8·32 + 8·32 + 32·8 = 768, four of them 3,072; head 8·3 = 24
    expect(report.totals.weights).toBe(32 + 3_072 + 24); // 3,128
    // router 16·8·4 = 512; experts: 16 positions × 2 experts × 768 = 24,576; head 16·8·3 = 384
    expect(report.totals.connections).toBe(512 + 24_576 + 384); // 25,472
    // units: router 16·4 = 64; per routed position 32 + 32 + 8 = 72, × 32 = 2,304; head 48
    expect(report.totals.units).toBe(64 + 2_304 + 48);
  });

  it("counts the router, the shared layers and top_k = 2 experts as active weights", () => {
    expect(report.active?.totals).toBe(32 + 2 * 768 + 24); // 1,592
    expect(report.active?.subtotals.dense).toBe(1_592);
    // the first top_k experts stand for the two a position uses; the others' weights are idle
    const w1 = (e: number) => report.active!.layers[report.layers.findIndex((r) => r.name === `moe.experts.${e}.w1`)];
    expect([w1(0), w1(1), w1(2), w1(3)]).toEqual([256, 256, 0, 0]);
  });

  it("deals unevenly when E does not divide T·k: 5 positions × top 1 over 2 experts are 3 and 2", () => {
    const uneven = reportOf(mixture(5, 2, 1));
    const share = (e: number) => uneven.layers.find((r) => r.name === `moe.experts.${e}.dispatch`)!.output;
    expect([share(0), share(1)]).toEqual([
      { kind: "sequence", length: 3, features: 8 },
      { kind: "sequence", length: 2, features: 8 },
    ]);
    // experts: 5 positions × 1 expert × 768 = 3,840; router 5·8·2 = 80; head 5·8·3 = 120
    expect(uneven.totals.connections).toBe(3_840 + 80 + 120);
  });

  it("gives a network without experts no active weights of its own", () => {
    expect(reportOf("name: n\ninput: { features: 4 }\nlayers:\n  - { type: dense, units: 2 }\n").active).toBeUndefined();
  });

  it("takes the router's bias from router_bias: 4 biases more", () => {
    const biased = reportOf(mixture(16, 4, 2, ", router_bias: true"));
    expect(biased.layers[0]!.weights).toBe(8 * 4 + 4);
  });
});

describe("a mixture of experts in the views", () => {
  const text = mixture(16, 4, 2);
  const spec = load(text);
  const report = reportOf(text);
  const structure = specStructure(spec);

  it("shows the experts at depth 2 as one row of the block × 4, with their active weights", () => {
    const rows = depthRows(report, structure, 2, false);
    const experts = rows.find((r) => r.label === "moe.experts")!;
    expect(experts.type).toBe("ffn × 4");
    expect(experts.weights).toBe(3_072); // 4 × 768
    expect(experts.activeWeights).toBe(1_536); // 2 × 768
    expect(rows.find((r) => r.label === "moe")!.type).toBe("mixture of ffn × 4, top 2");
  });

  it("writes activeWeights in the JSON totals, subtotals, layers and tree", () => {
    const json = JSON.parse(renderJson(report, structure)) as {
      totals: Record<string, number>;
      subtotals: { dense: Record<string, number> };
      layers: Record<string, unknown>[];
      tree: { totals: Record<string, number> }[];
    };
    expect(json.totals).toEqual({ units: 2_416, weights: 3_128, activeWeights: 1_592, biases: 0, connections: 25_472 });
    expect(json.subtotals.dense.activeWeights).toBe(1_592);
    expect(json.layers.find((l) => l.name === "moe.experts.3.w2")!.activeWeights).toBe(0);
    expect(json.tree[0]!.totals.activeWeights).toBe(32 + 2 * 768);
  });

  it("adds an active-weights column to the table and CSV, and its working to --explain", () => {
    expect(renderTable(report)).toContain("Active weights");
    expect(renderCsv(report).split("\r\n")[0]).toBe("layer,type,output,kernel,units,weights,biases,connections,active_weights");
    const explain = renderExplain(report);
    expect(explain).toContain("⌊(16 × 2 + 4 − 1 − 3) / 4⌋ = 8");
    expect(explain).toContain("P = 3,128 − 1,536 = 1,592");
  });

  it("shows no active-weights column when every expert is active (top_k = experts)", () => {
    const all = reportOf(mixture(16, 2, 2));
    expect(all.active?.totals).toBe(all.totals.weights);
    expect(renderTable(all)).not.toContain("Active weights");
  });
});

describe("mistakes in a mixture of experts", () => {
  it("refuses top_k above experts, at the use's top_k", () => {
    // line 14, `  - { name: moe, use: ffn, experts: 2, top_k: 3 }`: the 3 is at column 47
    expect(problems(mixture(16, 2, 3))).toEqual([
      "t.yaml:14:47: layers[0].top_k: top_k (3) must be at most experts (2): each position goes to top_k different experts",
    ]);
  });

  it("refuses experts with repeat, and top_k without experts", () => {
    expect(problems(mixture(16, 2, 1, ", repeat: 2"))[0]).toContain(
      "give either experts (copies side by side, behind a router) or repeat (copies in a chain), not both",
    );
    const noExperts = mixture(16, 2, 1).replace("experts: 2, ", "");
    expect(problems(noExperts)[0]).toContain("layers[0].top_k: top_k belongs to a mixture of experts: give experts as well");
  });

  it("refuses a mixture over an image, naming the dispatch's use", () => {
    const text = mixture(16, 2, 1).replace("{ tokens: 16, features: 8 }", "{ size: 4, channels: 8 }");
    expect(problems(text)[0]).toContain("a mixture of experts routes the positions of a sequence, but its input is 4×4×8");
  });

  it("refuses a dispatch written by hand whose expert is past the experts", () => {
    const text = "name: n\ninput: { tokens: 4, features: 2 }\nlayers:\n  - { type: dispatch, experts: 2, top_k: 1, expert: 2 }\n";
    expect(problems(text)).toEqual(["t.yaml:4:53: layers[0].expert: (dispatch1) expert (2) must be below experts (2): experts count from 0"]);
  });

  it("refuses a combine whose experts did not compute on T·k positions (2 + 2, not 4 × 2)", () => {
    const text = `name: n
input: { tokens: 4, features: 2 }
layers:
  - { name: gate, type: dense, units: 2 }
  - { name: a, type: dispatch, experts: 2, top_k: 1, expert: 0, inputs: [input] }
  - { name: b, type: dispatch, experts: 2, top_k: 1, expert: 0, inputs: [input] }
  - { type: combine, top_k: 2, inputs: [gate, a, b] }
`;
    expect(problems(text)).toEqual([
      "t.yaml:7:40: layers[3].inputs: (combine1) the experts computed on 4 positions in all, but 4 positions each routed to top_k = 2 experts make 8",
    ]);
  });

  it("bounds the expansion by the layer limit before building it", () => {
    const text = mixture(16, 100_000, 1);
    expect(problems(text)[0]).toMatch(/the spec expands to more than 200,000 layers/);
  });
});
