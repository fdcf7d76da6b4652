// LSTM, GRU and plain RNN layers, counted as PyTorch builds them, each figure worked by hand.

import { describe, expect, it } from "vitest";
import { reportOf } from "../helpers.js";

const spec = (input: string, layers: string[], bias = true) => `name: r\ninput: ${input}\nbias: ${bias}\nlayers:\n${layers.map((l) => `  - ${l}\n`).join("")}`;

describe("recurrent layers", () => {
  it("Zaremba et al. 2014's medium LSTM language model: 19,780,400 weights with PyTorch's two bias vectors", () => {
    const report = reportOf(
      spec("{ tokens: 35 }", [
        "{ name: encoder, type: embedding, vocab: 10000, features: 650 }",
        "{ name: rnn, type: lstm, hidden: 650, layers: 2 }",
        "{ name: decoder, type: dense, units: 10000 }",
      ]),
    );
    const [encoder, rnn, decoder] = report.layers;
    expect(encoder!.weights).toBe(6_500_000); // 10,000 × 650
    // per layer 4h(i + h) + 8h with i = h = 650: 4·650·1300 + 8·650 = 3,380,000 + 5,200
    expect(rnn!.weights).toBe(2 * 3_385_200);
    expect(rnn!.biases).toBe(2 * 5_200);
    expect(decoder!.weights).toBe(6_510_000); // 650 × 10,000 + 10,000
    expect(report.totals.weights).toBe(19_780_400);
    // per step and layer 4h(i + h) = 3,380,000, over 35 steps and 2 layers
    expect(rnn!.connections).toBe(35 * 2 * 3_380_000);
    expect(rnn!.units).toBe(35 * 2 * 4 * 650); // the gates' weighted sums
    expect(rnn!.output).toEqual({ kind: "sequence", length: 35, features: 650 });
  });

  it("a bidirectional GRU: 3 gate blocks, the layer above reads both directions", () => {
    const [gru] = reportOf(spec("{ length: 100, channels: 40 }", ["{ name: g, type: gru, hidden: 64, layers: 2, bidirectional: true }"])).layers;
    // layer 1, per direction: 3·64·(40 + 64) + 2·3·64 = 19,968 + 384; layer 2 reads 2·64 = 128: 3·64·(128 + 64) + 384 = 36,864 + 384
    expect(gru!.weights).toBe(2 * (19_968 + 384) + 2 * (36_864 + 384));
    expect(gru!.connections).toBe(100 * 2 * (19_968 + 36_864));
    expect(gru!.output).toEqual({ kind: "sequence", length: 100, features: 128 });
  });

  it("Keras's single bias vector, and a plain RNN", () => {
    const [lstm] = reportOf(spec("{ tokens: 10, features: 8 }", ["{ name: l, type: lstm, hidden: 16, bias_vectors: 1 }"])).layers;
    expect(lstm!.weights).toBe(4 * 16 * (8 + 16) + 4 * 16); // 1,536 + 64
    const [rnn] = reportOf(spec("{ tokens: 10, features: 8 }", ["{ name: r, type: rnn, hidden: 16 }"], false)).layers;
    expect(rnn!.weights).toBe(16 * (8 + 16)); // no biases
    expect(rnn!.connections).toBe(10 * 16 * 24);
  });
});
