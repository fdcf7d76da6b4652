// Convolution and pooling along a sequence (PyTorch Conv1d, MaxPool1d, AvgPool1d on [C, L]):
// the positions are the one spatial axis, the features the channels. A layer's kernel, stride,
// padding and dilation are pairs in the core; on a sequence both entries must agree (a spec
// writes one number), and the output length follows the same rule as one axis of 2-D.

import type { Algebra } from "../exact.js";
import type { ConvLayer, Pair, PoolLayer, SequenceShape } from "../network.js";
import { type AxisDerivation, convOutputSize, poolOutputSize, sameOutputSize } from "../size.js";
import { type CostOf, LayerIssue } from "../cost-parts.js";

/** The one value of a per-axis pair on a sequence; a pair of two different values is 2-D. */
function along(layer: { readonly type: string }, value: Pair, field: string): number {
  if (value[0] !== value[1]) {
    throw new LayerIssue(`a ${layer.type} layer on a sequence is 1-D: give ${field} as one number, not a pair [height, width]`, field);
  }
  return value[0];
}

function atLeastOne(derivation: AxisDerivation, field: string): AxisDerivation {
  if (derivation.value < 1) {
    throw new LayerIssue(`output length would be ${derivation.value}, below 1: the window does not fit the input length of ${derivation.n}`, field);
  }
  return derivation;
}

/**
 * Conv1d over T positions of C features, M filters of K taps, in groups:
 *   N = L′·M;  P = k·(C/g)·M (+ M);  U = L′·k·(C/g)·M
 * with L′ = ⌊(L + 2p − d·(k − 1) − 1) / s⌋ + 1 (PyTorch Conv1d docs).
 */
export function conv1dCost<F, S>(layer: ConvLayer, input: SequenceShape, bias: boolean, { zero, factor, product, sum }: Algebra<F, S>): CostOf<S> {
  const { filters, groups, padding, table } = layer;
  if (table !== undefined) throw new LayerIssue("a connection table is for a conv on an image; on a sequence, use groups", "table");
  if (input.features % groups !== 0) throw new LayerIssue(`groups (${groups}) must divide the input channels (${input.features})`, "groups");
  if (filters % groups !== 0) throw new LayerIssue(`groups (${groups}) must divide filters (${filters})`, "groups");
  const k = along(layer, layer.kernel, "kernel");
  const s = along(layer, layer.stride, "stride");
  const d = along(layer, layer.dilation, "dilation");
  const length = atLeastOne(
    padding === "same" ? sameOutputSize(input.length, s) : convOutputSize(input.length, k, s, along(layer, padding, "padding"), d),
    "kernel",
  );
  const outL = factor("L′", length.value);
  const kk = factor("k", k);
  const c = factor(groups === 1 ? "C" : "C/g", input.features / groups);
  const m = factor("M", filters);
  const biases = bias ? product([m]) : zero;
  return {
    output: { kind: "sequence", length: length.value, features: filters },
    units: product([outL, m]),
    weights: sum(product([kk, c, m]), biases),
    biases,
    connections: product([outL, kk, c, m]),
    biasedUnits: bias ? product([outL, m]) : zero,
    // one axis: the same derivation for both, so --explain prints one "output size" line
    size: { height: length, width: length },
  };
}

/**
 * MaxPool1d / AvgPool1d, global and adaptive pooling over positions; free, unless trainable
 * (LeNet-5's coefficient and bias per map, here per channel): P = C + C, U = L′·C·k.
 */
export function pool1dCost<F, S>(layer: PoolLayer, input: SequenceShape, { zero, factor, product, sum }: Algebra<F, S>): CostOf<S> {
  const { window } = layer;
  let length: AxisDerivation;
  let taps: number;
  switch (window.kind) {
    case "global":
      length = { rule: "global", n: input.length, value: 1 };
      taps = input.length;
      break;
    case "adaptive":
      length = { rule: "adaptive", n: input.length, value: along(layer, window.output, "output") };
      taps = 0;
      break;
    case "window": {
      const k = along(layer, window.kernel, "kernel");
      length = atLeastOne(
        poolOutputSize(input.length, k, along(layer, window.stride, "stride"), along(layer, window.padding, "padding"), window.ceil),
        "kernel",
      );
      taps = k;
    }
  }
  const output: SequenceShape = { kind: "sequence", length: length.value, features: input.features };
  const size = { height: length, width: length };
  if (!layer.trainable) return { output, units: zero, weights: zero, biases: zero, connections: zero, biasedUnits: zero, size };
  if (layer.type !== "avgpool") throw new LayerIssue("only an avgpool layer can be trainable (a learned coefficient and bias per map)", "trainable");
  if (window.kind === "adaptive")
    throw new LayerIssue("trainable pooling needs windows of one size: give kernel (or global: true) instead of output", "trainable");
  const outL = factor("L′", length.value);
  const c = factor("C", input.features);
  const k = factor(window.kind === "global" ? "T" : "k", taps);
  const biases = product([c]);
  return {
    output,
    units: product([outL, c]),
    weights: sum(product([c]), biases),
    biases,
    connections: product([outL, c, k]),
    biasedUnits: product([outL, c]),
    size,
  };
}
