// Recurrent layers, stacked and optionally bidirectional, over a sequence of T steps of I
// features, returning the h·dirs outputs of every step. G gate blocks per cell (LSTM 4: input,
// forget, cell, output; GRU 3: reset, update, new; plain RNN 1), each an h×(i + h) matrix over
// the step's input and the previous hidden state, as PyTorch's nn.LSTM/GRU/RNN define them:
//   P per layer and direction = G·h·(i + h) + bv·G·h   (bv = 2 bias vectors in PyTorch, b_ih
//                                                       and b_hh; 1 in Keras)
//   U per layer and direction = T·G·h·(i + h)          (one matrix–vector product per step)
//   N per layer and direction = T·G·h                  (the gates' weighted sums)
// i is I for the first layer and h·dirs for the ones above it.

import { type CostOf, LayerIssue, onlyInput } from "../cost-parts.js";
import { describeShape } from "../shape-text.js";
import type { Algebra } from "../exact.js";
import type { RecurrentLayer, Shape } from "../network.js";

const GATES: Record<RecurrentLayer["type"], number> = { lstm: 4, gru: 3, rnn: 1 };
const ARTICLED: Record<RecurrentLayer["type"], string> = { lstm: "an LSTM", gru: "a GRU", rnn: "an RNN" };

export function recurrentCost<F, S>(layer: RecurrentLayer, inputs: readonly Shape[], networkBias: boolean, algebra: Algebra<F, S>): CostOf<S> {
  const { zero, factor, product, sum } = algebra;
  const input = onlyInput(layer, inputs);
  if (input.kind !== "sequence") throw new LayerIssue(`${ARTICLED[layer.type]} layer reads a sequence, but its input is ${describeShape(input)}`, "inputs");
  const dirs = layer.bidirectional ? 2 : 1;
  const bias = layer.bias ?? networkBias;
  const t = factor("T", input.length);
  const g = factor("G", GATES[layer.type]);
  const h = factor("h", layer.hidden);
  // factors of value 1 (one direction, one bias vector, no layer above the first) are left out
  const dir = dirs === 2 ? [factor("2", 2)] : [];
  const first = [...dir, g, h];
  const upper = layer.layers > 1 ? [factor("L−1", layer.layers - 1), ...dir, g, h] : undefined;
  const i = factor("I", input.features);
  // the layers above the first read both directions' outputs, 2h, or h
  const below = factor(dirs === 2 ? "2h" : "h", layer.hidden * dirs);
  const all = [...(layer.layers > 1 ? [factor("L", layer.layers)] : []), ...dir, g, h];
  const vectors = layer.biasVectors === 1 ? [] : [factor("bv", layer.biasVectors)];

  // G·h·(i + h), written as G·h·i + G·h·h, for the first layer and the ones above it
  const kernels = (prefix: F[]) =>
    upper === undefined
      ? sum(product([...first, ...prefix, i]), product([...first, ...prefix, h]))
      : sum(
          sum(product([...first, ...prefix, i]), product([...first, ...prefix, h])),
          sum(product([...upper, ...prefix, below]), product([...upper, ...prefix, h])),
        );
  const biases = bias ? product([...all, ...vectors]) : zero;
  return {
    output: { kind: "sequence", length: input.length, features: layer.hidden * dirs },
    units: product([t, ...all]),
    weights: sum(kernels([]), biases),
    biases,
    connections: kernels([t]),
    biasedUnits: bias ? product([t, ...all]) : zero,
  };
}
