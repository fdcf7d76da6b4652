// specs/vit-l16.yaml: torchvision's vit_l_16 at 224×224, against hand arithmetic per encoder
// layer and in total, and against torchvision's num_params 304,326,632 and _ops 61.555 (GMACs).

import { describe, expect, it } from "vitest";
import type { Report } from "../../src/core/analyze.js";
import { bundledReport } from "../helpers.js";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

/** Weights and connections of the layers whose names start with `prefix`. */
function sumOf(report: Report, prefix: string): { weights: number; connections: number } {
  const rows = report.layers.filter((row) => row.name.startsWith(prefix));
  return { weights: rows.reduce((n, r) => n + Number(r.weights), 0), connections: rows.reduce((n, r) => n + Number(r.connections), 0) };
}

describe("specs/vit-l16.yaml, against hand arithmetic", () => {
  // d = 1024, 16 heads of 64, MLP 4096; 196 patches + the class token = 197 positions
  const report = bundledReport("vit-l16");

  it("an encoder layer: 12,596,224 weights and 2,558,314,496 connections", () => {
    // in_proj 1024 × 3072 + 3072 = 3,148,800; out_proj 1024 × 1024 + 1024 = 1,049,600; MLP
    // 1024 × 4096 + 4096 = 4,198,400 and 4096 × 1024 + 1024 = 4,195,328; two LayerNorms 4,096
    const weights = 3_148_800 + 1_049_600 + 4_198_400 + 4_195_328 + 4_096;
    // projections 4 × 197 × 1024² = 826,277,888; QKᵀ and the weighted values
    // 2 × 16 × 197² × 64 = 79,480,832; MLP 2 × 197 × 1024 × 4096 = 1,652,555,776
    const connections = 826_277_888 + 79_480_832 + 1_652_555_776;
    expect([weights, connections]).toEqual([12_596_224, 2_558_314_496]);
    for (const i of [0, 23]) expect(sumOf(report, `encoder.layers.${i}.`)).toEqual({ weights, connections });
  });

  it("in total: torchvision's 304,326,632 weights and 61,554,712,576 connections (its 61.555)", () => {
    // conv_proj 16 × 16 × 3 × 1024 + 1024 = 787,456; class token 1,024; position 197 × 1024 =
    // 201,728; final LayerNorm 2,048; head 1024 × 1000 + 1000 = 1,025,000
    const weights = 787_456 + 1_024 + 201_728 + 24 * 12_596_224 + 2_048 + 1_025_000;
    // conv_proj 196 × 768 × 1024 = 154,140,672; head 1024 × 1000 = 1,024,000
    const connections = 154_140_672 + 24 * 2_558_314_496 + 1_024_000;
    expect([weights, connections]).toEqual([304_326_632, 61_554_712_576]);
    expect([report.totals.weights, report.totals.connections]).toEqual([weights, connections]);
  });

  it("check passes: torchvision's figures match, exact and as its documentation rounds them", async () => {
    const { stdout, exitCode } = await runCli(["check", "vit-l16", "--json"]);
    expect(exitCode).toBe(0);
    const cells = (JSON.parse(stdout) as { sources: { cells: { at: string; status: string }[] }[] }).sources.flatMap((s) => s.cells);
    expect(cells.map((c) => [c.at, c.status])).toEqual([
      ["totals.weights", "match"],
      ["totals.connections", "match"],
      ["totals.weights", "match"],
      ["totals.connections", "match"],
    ]);
  });
});
