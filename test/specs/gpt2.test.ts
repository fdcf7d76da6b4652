// specs/gpt2.yaml: GPT-2 small with its LM head tied to the token embedding, at 1,024 tokens,
// against hand arithmetic per block and in total, and against the release's 124M (the paper's
// 117M an erratum).

import { describe, expect, it } from "vitest";
import type { Report } from "../../src/core/analyze.js";
import { bundledReport } from "../helpers.js";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

/** Weights and connections of the layers whose names start with `prefix`. */
function sumOf(report: Report, prefix: string): { weights: number; connections: number } {
  const rows = report.layers.filter((row) => row.name.startsWith(prefix));
  return { weights: rows.reduce((n, r) => n + Number(r.weights), 0), connections: rows.reduce((n, r) => n + Number(r.connections), 0) };
}

describe("specs/gpt2.yaml, against hand arithmetic", () => {
  // d = 768, 12 heads of 64, MLP 3072, T = 1,024 tokens, vocabulary 50,257
  const report = bundledReport("gpt2");

  it("a block: 7,087,872 weights and 8,858,370,048 connections", () => {
    // c_attn 768 × 2304 + 2304 = 1,771,776; attn.c_proj 768 × 768 + 768 = 590,592; c_fc
    // 768 × 3072 + 3072 = 2,362,368; mlp.c_proj 3072 × 768 + 768 = 2,360,064; two LayerNorms 3,072
    const weights = 1_771_776 + 590_592 + 2_362_368 + 2_360_064 + 3_072;
    // projections 4 × 1024 × 768 × 768 = 2,415,919,104; QKᵀ and the weighted values over the
    // full 1024 × 1024 matrices, 2 × 12 × 1024² × 64 = 1,610,612,736; MLP 2 × 1024 × 768 × 3072
    // = 4,831,838,208
    const connections = 2_415_919_104 + 1_610_612_736 + 4_831_838_208;
    expect([weights, connections]).toEqual([7_087_872, 8_858_370_048]);
    for (const i of [0, 11]) expect(sumOf(report, `h.${i}.`)).toEqual({ weights, connections });
  });

  it("the LM head is tied: no weights, 1024 × 768 × 50,257 = 39,523,713,024 connections", () => {
    expect(sumOf(report, "lm_head")).toEqual({ weights: 0, connections: 39_523_713_024 });
  });

  it("in total: 124,439,808 weights (the release's 124M) and 145,824,153,600 connections", () => {
    // wte 50,257 × 768 = 38,597,376; wpe 1024 × 768 = 786,432; ln_f 1,536
    const weights = 38_597_376 + 786_432 + 12 * 7_087_872 + 1_536;
    const connections = 12 * 8_858_370_048 + 39_523_713_024;
    expect([weights, connections]).toEqual([124_439_808, 145_824_153_600]);
    expect([report.totals.weights, report.totals.connections]).toEqual([weights, connections]);
  });

  it("--depth 1 shows the decoder block used 12 times", async () => {
    const { stdout, exitCode } = await runCli(["gpt2", "--depth", "1"]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/│ h +│ decoder × 12 +│ 1024×768 +│.*│ +85,054,464 │ 106,300,440,576 │/);
  });

  it("check passes: 124M matches, the paper's 117M is an erratum", async () => {
    const { stdout, exitCode } = await runCli(["check", "gpt2", "--json"]);
    expect(exitCode).toBe(0);
    const cells = (JSON.parse(stdout) as { sources: { cells: { at: string; published: string; status: string }[] }[] }).sources.flatMap((s) => s.cells);
    expect(cells.map((c) => [c.published, c.status])).toEqual([
      ["124M", "match"],
      ["117M", "erratum"],
    ]);
  });
});
