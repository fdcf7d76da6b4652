// specs/vit-b16.yaml: torchvision's vit_b_16 at 224×224, against hand arithmetic per encoder
// layer and in total, and against torchvision's num_params 86,567,656 and _ops 17.564 (GMACs).

import { describe, expect, it } from "vitest";
import type { Report } from "../../src/core/analyze.js";
import { bundledReport } from "../helpers.js";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

/** Weights and connections of the layers whose names start with `prefix`. */
function sumOf(report: Report, prefix: string): { weights: number; connections: number } {
  const rows = report.layers.filter((row) => row.name.startsWith(prefix));
  return { weights: rows.reduce((n, r) => n + Number(r.weights), 0), connections: rows.reduce((n, r) => n + Number(r.connections), 0) };
}

describe("specs/vit-b16.yaml, against hand arithmetic", () => {
  // d = 768, 12 heads of 64, MLP 3072; 224 / 16 = 14, 14² = 196 patches + the class token = 197
  const report = bundledReport("vit-b16");

  it("reads the 14 × 14 patch grid as 196 positions, then 197 with the class token", () => {
    const output = (name: string) => report.layers.find((row) => row.name === name)?.output;
    expect(output("conv_proj")).toEqual({ kind: "image", height: 14, width: 14, channels: 768 });
    expect(output("patches")).toEqual({ kind: "sequence", length: 196, features: 768 });
    expect(output("class_token")).toEqual({ kind: "sequence", length: 197, features: 768 });
    expect(output("class_token_out")).toEqual({ kind: "vector", features: 768 });
  });

  it("an encoder layer: 7,087,872 weights and 1,453,954,560 connections", () => {
    // in_proj 768 × 2304 + 2304 = 1,771,776; out_proj 768 × 768 + 768 = 590,592; MLP
    // 768 × 3072 + 3072 = 2,362,368 and 3072 × 768 + 768 = 2,360,064; two LayerNorms 3,072
    const weights = 1_771_776 + 590_592 + 2_362_368 + 2_360_064 + 3_072;
    // projections 4 × 197 × 768 × 768 = 464,781,312; QKᵀ and the weighted values
    // 2 × 12 × 197² × 64 = 59,610,624; MLP 2 × 197 × 768 × 3072 = 929,562,624
    const connections = 464_781_312 + 59_610_624 + 929_562_624;
    expect([weights, connections]).toEqual([7_087_872, 1_453_954_560]);
    for (const i of [0, 11]) expect(sumOf(report, `encoder.layers.${i}.`)).toEqual({ weights, connections });
  });

  it("in total: torchvision's 86,567,656 weights and 17,563,828,224 connections (its 17.564)", () => {
    // conv_proj 16 × 16 × 3 × 768 + 768 = 590,592; class token 768; position 197 × 768 =
    // 151,296; final LayerNorm 1,536; head 768 × 1000 + 1000 = 769,000
    const weights = 590_592 + 768 + 151_296 + 12 * 7_087_872 + 1_536 + 769_000;
    // conv_proj 196 × 768 × 768 = 115,605,504; head 768 × 1000 = 768,000 (the class token only)
    const connections = 115_605_504 + 12 * 1_453_954_560 + 768_000;
    expect([weights, connections]).toEqual([86_567_656, 17_563_828_224]);
    expect([report.totals.weights, report.totals.connections]).toEqual([weights, connections]);
  });

  it("--depth 1 shows the encoder block used 12 times", async () => {
    const { stdout, exitCode } = await runCli(["vit-b16", "--depth", "1"]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/│ encoder\.layers +│ encoder × 12 +│ 197×768 +│.*│ +85,054,464 │ 17,447,454,720 │/);
  });

  it("check passes: both torchvision figures match", async () => {
    const { stdout, exitCode } = await runCli(["check", "vit-b16", "--json"]);
    expect(exitCode).toBe(0);
    const cells = (JSON.parse(stdout) as { sources: { cells: { at: string; status: string }[] }[] }).sources.flatMap((s) => s.cells);
    expect(cells.map((c) => [c.at, c.status])).toEqual([
      ["totals.weights", "match"],
      ["totals.connections", "match"],
    ]);
  });
});
