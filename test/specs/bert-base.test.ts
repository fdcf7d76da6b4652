// specs/bert-base.yaml: Hugging Face's BertModel (with its pooler) at 128 tokens, against hand
// arithmetic per encoder layer and in total, and against Devlin et al.'s "110M".

import { describe, expect, it } from "vitest";
import type { Report } from "../../src/core/analyze.js";
import { bundledReport } from "../helpers.js";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

/** Weights and connections of the layers whose names start with `prefix`. */
function sumOf(report: Report, prefix: string): { weights: number; connections: number } {
  const rows = report.layers.filter((row) => row.name.startsWith(prefix));
  return { weights: rows.reduce((n, r) => n + Number(r.weights), 0), connections: rows.reduce((n, r) => n + Number(r.connections), 0) };
}

describe("specs/bert-base.yaml, against hand arithmetic", () => {
  // d = 768, 12 heads of 64, MLP 3072, T = 128 tokens, biases on
  const report = bundledReport("bert-base");

  it("an encoder layer: 7,087,872 weights and 931,135,488 connections", () => {
    // q, k, v, output: 4 × (768 × 768 + 768) = 2,362,368; intermediate 768 × 3072 + 3072 =
    // 2,362,368; output 3072 × 768 + 768 = 2,360,064; two LayerNorms 2 × 2 × 768 = 3,072
    const weights = 2_362_368 + 2_362_368 + 2_360_064 + 3_072;
    // projections 4 × 128 × 768 × 768 = 301,989,888; QKᵀ and the weighted values
    // 2 × 12 × 128 × 128 × 64 = 25,165,824; the MLP 2 × 128 × 768 × 3072 = 603,979,776
    const connections = 301_989_888 + 25_165_824 + 603_979_776;
    expect([weights, connections]).toEqual([7_087_872, 931_135_488]);
    for (const i of [0, 11]) expect(sumOf(report, `encoder.layer.${i}.`)).toEqual({ weights, connections });
  });

  it("the embeddings: 23,837,184 weights, no connections", () => {
    // word 30,522 × 768 = 23,440,896; position 512 × 768 = 393,216; token type 2 × 768 = 1,536;
    // LayerNorm 1,536
    expect(sumOf(report, "embeddings.")).toEqual({ weights: 23_440_896 + 393_216 + 1_536 + 1_536, connections: 0 });
  });

  it("the pooler reads the first token only: 590,592 weights, 589,824 connections", () => {
    // 768 × 768 + 768 weights; 768 × 768 connections, once (not × 128)
    expect(sumOf(report, "pooler.")).toEqual({ weights: 590_592, connections: 589_824 });
  });

  it("in total: 109,482,240 weights (the paper's 110M) and 11,174,215,680 connections", () => {
    const weights = 23_837_184 + 12 * 7_087_872 + 590_592;
    const connections = 12 * 931_135_488 + 589_824;
    expect([weights, connections]).toEqual([109_482_240, 11_174_215_680]);
    expect([report.totals.weights, report.totals.connections]).toEqual([weights, connections]);
  });

  it("--depth 1 shows the encoder block used 12 times", async () => {
    // units per layer: projections 128 × 4 × 768 = 393,216; scores 12 × 128² = 196,608; weighted
    // values 128 × 768 = 98,304; MLP 128 × 3072 + 128 × 768 = 491,520; 1,179,648 × 12 = 14,155,776
    const { stdout, exitCode } = await runCli(["bert-base", "--depth", "1"]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/│ encoder\.layer +│ encoder × 12 +│ 128×768 +│ +│ +14,155,776 │ +85,054,464 │ 11,173,625,856 │/);
  });

  it("check passes, the paper's 110M an erratum (two significant figures)", async () => {
    const { stdout, exitCode } = await runCli(["check", "bert-base", "--json"]);
    expect(exitCode).toBe(0);
    const cells = (JSON.parse(stdout) as { sources: { cells: { at: string; status: string }[] }[] }).sources.flatMap((s) => s.cells);
    expect(cells.map((c) => [c.at, c.status])).toEqual([["totals.weights", "erratum"]]);
  });
});
