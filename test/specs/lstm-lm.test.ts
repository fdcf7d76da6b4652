// specs/lstm-lm.yaml: Zaremba et al.'s medium LSTM language model (2 × 650, 35 steps, untied)
// with PyTorch's two bias vectors, against hand arithmetic per layer and in total.

import { describe, expect, it } from "vitest";
import { bundledReport, reportOf } from "../helpers.js";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

describe("specs/lstm-lm.yaml, against hand arithmetic", () => {
  const report = bundledReport("lstm-lm");
  const row = (name: string) => report.layers.find((r) => r.name === name)!;

  it("the embedding: 10,000 × 650 = 6,500,000 weights", () => {
    expect([row("encoder").weights, row("encoder").connections]).toEqual([6_500_000, 0]);
  });

  it("the LSTM: 2 × (4 × 650 × 1300 + 8 × 650) = 6,770,400 weights, 35 × 2 × 4 × 650 × 1300 = 236,600,000 connections", () => {
    // each layer reads 650 inputs and its 650 previous outputs: 4 gate blocks of 650 × 1300,
    // and b_ih and b_hh, 2 × 4 × 650 = 5,200 biases
    const perLayer = 4 * 650 * 1300 + 2 * 4 * 650;
    expect(perLayer).toBe(3_385_200);
    expect([row("rnn").weights, row("rnn").biases, row("rnn").connections]).toEqual([2 * perLayer, 2 * 5_200, 236_600_000]);
  });

  it("the decoder: 650 × 10,000 + 10,000 = 6,510,000 weights, 35 × 650 × 10,000 = 227,500,000 connections", () => {
    expect([row("decoder").weights, row("decoder").connections]).toEqual([6_510_000, 227_500_000]);
  });

  it("in total: 19,780,400 weights (20M as printed) and 464,100,000 connections", () => {
    const weights = 6_500_000 + 6_770_400 + 6_510_000;
    const connections = 236_600_000 + 227_500_000;
    expect([weights, connections]).toEqual([19_780_400, 464_100_000]);
    expect([report.totals.weights, report.totals.connections]).toEqual([weights, connections]);
  });

  it("with Keras's single bias vector, 5,200 fewer weights", () => {
    // one bias vector per gate block: 2 layers × 4 × 650 = 5,200 fewer
    const text = "name: t\ninput: { tokens: 35 }\nlayers:\n  - { type: embedding, vocab: 10000, features: 650 }\n  - { name: rnn, type: lstm, hidden: 650, layers: 2, bias_vectors: 1 }\n";
    expect(reportOf(text).layers.find((r) => r.name === "rnn")?.weights).toBe(6_770_400 - 5_200);
  });

  it("check passes against the 20M printed for it", async () => {
    const { exitCode, stdout } = await runCli(["check", "lstm-lm"]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain("check passed");
  });
});
