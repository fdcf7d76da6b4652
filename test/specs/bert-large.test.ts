// specs/bert-large.yaml: Hugging Face's BertModel for BERT-large (with its pooler) at 128
// tokens, against hand arithmetic per encoder layer and in total, and Devlin et al.'s "340M".

import { describe, expect, it } from "vitest";
import type { Report } from "../../src/core/analyze.js";
import { bundledReport } from "../helpers.js";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

/** Weights and connections of the layers whose names start with `prefix`. */
function sumOf(report: Report, prefix: string): { weights: number; connections: number } {
  const rows = report.layers.filter((row) => row.name.startsWith(prefix));
  return { weights: rows.reduce((n, r) => n + Number(r.weights), 0), connections: rows.reduce((n, r) => n + Number(r.connections), 0) };
}

describe("specs/bert-large.yaml, against hand arithmetic", () => {
  // d = 1024, 16 heads of 64, MLP 4096, T = 128 tokens, biases on
  const report = bundledReport("bert-large");

  it("an encoder layer: 12,596,224 weights and 1,644,167,168 connections", () => {
    // q, k, v, output: 4 × (1024 × 1024 + 1024) = 4,198,400; intermediate 1024 × 4096 + 4096 =
    // 4,198,400; output 4096 × 1024 + 1024 = 4,195,328; two LayerNorms 4,096
    const weights = 4_198_400 + 4_198_400 + 4_195_328 + 4_096;
    // projections 4 × 128 × 1024² = 536,870,912; QKᵀ and the weighted values
    // 2 × 16 × 128² × 64 = 33,554,432; MLP 2 × 128 × 1024 × 4096 = 1,073,741,824
    const connections = 536_870_912 + 33_554_432 + 1_073_741_824;
    expect([weights, connections]).toEqual([12_596_224, 1_644_167_168]);
    for (const i of [0, 23]) expect(sumOf(report, `encoder.layer.${i}.`)).toEqual({ weights, connections });
  });

  it("in total: 335,141,888 weights (the paper's 340M) and 39,461,060,608 connections", () => {
    // embeddings 30,522 × 1024 + 512 × 1024 + 2 × 1024 + 2,048 = 31,782,912; pooler
    // 1024 × 1024 + 1024 = 1,049,600 weights and 1024 × 1024 = 1,048,576 connections
    const weights = 31_782_912 + 24 * 12_596_224 + 1_049_600;
    const connections = 24 * 1_644_167_168 + 1_048_576;
    expect([weights, connections]).toEqual([335_141_888, 39_461_060_608]);
    expect([report.totals.weights, report.totals.connections]).toEqual([weights, connections]);
  });

  it("check passes, the paper's 340M an erratum (two significant figures)", async () => {
    const { stdout, exitCode } = await runCli(["check", "bert-large", "--json"]);
    expect(exitCode).toBe(0);
    const cells = (JSON.parse(stdout) as { sources: { cells: { at: string; status: string }[] }[] }).sources.flatMap((s) => s.cells);
    expect(cells.map((c) => [c.at, c.status])).toEqual([["totals.weights", "erratum"]]);
  });
});
