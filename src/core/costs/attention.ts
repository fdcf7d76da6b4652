// Multi-head attention (Vaswani et al. 2017, §3.2), as PyTorch's FlopCounterMode and Hoffmann
// et al. 2022 (Appendix F) count it. With Tq query positions of F features, Tk key positions
// of Fk features (Tk = Tq and Fk = F for self-attention), h query heads, g (written kv) key/value heads
// (g = h: multi-head; g < h: grouped-query; g = 1: multi-query) of d dimensions:
//   P = F·h·d + Fk·g·d + Fk·g·d + h·d·F   (+ h·d, g·d, g·d, F biases)
//   U = Tq·F·h·d + 2·Tk·Fk·g·d + Tq·h·d·F   (the four projections)
//     + h·Tq·Tk·d                          (QKᵀ: a dot product of d per head and entry)
//     + h·Tq·Tk·d                          (the weighted sum of values, the same again)
//   N = the outputs of those weighted sums: Tq·h·d + 2·Tk·g·d + Tq·F + h·Tq·Tk + Tq·h·d
// Softmax, scaling and masking are free. With count: kept, a causal mask or sliding window's
// kept entries K stand for Tq·Tk.

import { type CostOf, LayerIssue } from "../cost-parts.js";
import { describeShape } from "../shape-text.js";
import { type Algebra, exactAdd, exactMul } from "../exact.js";
import type { AttentionLayer, Projection, SequenceShape, Shape } from "../network.js";

function sequenceAt(layer: AttentionLayer, inputs: readonly Shape[], i: number): SequenceShape {
  const shape = inputs[i];
  if (shape === undefined) throw new LayerIssue("has no input", "inputs");
  if (shape.kind !== "sequence") {
    throw new LayerIssue(`an attention layer reads sequences, but ${layer.inputs[i]} is ${describeShape(shape)}`, "inputs");
  }
  return shape;
}

/**
 * Entries of a T×T score matrix a causal mask keeps, each position seeing itself and the
 * positions before it, or only the last w of them with a sliding window:
 *   Σᵢ₌₁..T min(i, w) = T(T + 1)/2 when T ≤ w, else w(w + 1)/2 + (T − w)·w.
 */
export function keptEntries(t: number, window: number | undefined): number {
  const w = window === undefined ? t : Math.min(window, t);
  return exactAdd(exactMul(w, w + 1) / 2, exactMul(t - w, w));
}

function projectionBias(layer: AttentionLayer, networkBias: boolean, projection: Projection): boolean {
  const { bias } = layer;
  if (bias === undefined) return networkBias;
  if (typeof bias === "boolean") return bias;
  return bias[projection] ?? networkBias;
}

export function attentionCost<F, S>(layer: AttentionLayer, inputs: readonly Shape[], networkBias: boolean, algebra: Algebra<F, S>): CostOf<S> {
  const { zero, factor, product, sum } = algebra;
  if (inputs.length > 2) {
    throw new LayerIssue(`an attention layer takes one input (self-attention) or two (queries, then keys and values), got ${inputs.length}`, "inputs");
  }
  const queries = sequenceAt(layer, inputs, 0);
  const cross = inputs.length === 2;
  const keys = cross ? sequenceAt(layer, inputs, 1) : queries;
  const { heads } = layer;
  const kvHeads = layer.kvHeads ?? heads;
  if (kvHeads > heads || heads % kvHeads !== 0) {
    throw new LayerIssue(`kv_heads (${kvHeads}) must divide heads (${heads}): each key/value head serves a whole group of query heads`, "kv_heads");
  }
  if (layer.headDim === undefined && queries.features % heads !== 0) {
    throw new LayerIssue(`heads (${heads}) must divide the features (${queries.features}), or give head_dim`, "heads");
  }
  if (cross && (layer.causal || layer.window !== undefined)) {
    throw new LayerIssue(
      "a causal mask or window needs self-attention (one input): queries and keys are then the same positions",
      layer.causal ? "causal" : "window",
    );
  }
  if (layer.window !== undefined && !layer.causal) throw new LayerIssue("a sliding window is causal here: set causal: true with it", "window");
  if (layer.count === "kept" && !layer.causal)
    throw new LayerIssue('count: kept counts the entries a causal mask keeps: set causal: true, or count: "full"', "count");
  const headDim = layer.headDim ?? queries.features / heads;

  const tq = factor("T", queries.length);
  const tk = cross ? factor("S", keys.length) : tq;
  const f = factor("F", queries.features);
  const fk = cross ? factor("Fk", keys.features) : f;
  const h = factor("h", heads);
  // g only when it differs from h, so plain multi-head attention reads as h throughout
  const g = kvHeads === heads ? h : factor("kv", kvHeads);
  const d = factor("d", headDim);
  const on = (projection: Projection) => projectionBias(layer, networkBias, projection);

  const biases = [on("q") ? product([h, d]) : zero, on("k") ? product([g, d]) : zero, on("v") ? product([g, d]) : zero, on("o") ? product([f]) : zero].reduce(
    (a, b) => sum(a, b),
  );
  const kernels = sum(sum(product([f, h, d]), product([fk, g, d])), sum(product([fk, g, d]), product([h, d, f])));
  // the score matrix per head: T·S entries, or the K a causal mask or window keeps
  const entries = layer.count === "kept" ? [factor("K", keptEntries(queries.length, layer.window))] : [tq, tk];
  const projections = sum(sum(product([tq, f, h, d]), product([tk, fk, g, d])), sum(product([tk, fk, g, d]), product([tq, h, d, f])));
  const products = sum(product([h, ...entries, d]), product([h, ...entries, d]));
  const projectionUnits = sum(sum(product([tq, h, d]), product([tk, g, d])), sum(product([tk, g, d]), product([tq, f])));
  const biasedUnits = [
    on("q") ? product([tq, h, d]) : zero,
    on("k") ? product([tk, g, d]) : zero,
    on("v") ? product([tk, g, d]) : zero,
    on("o") ? product([tq, f]) : zero,
  ].reduce((a, b) => sum(a, b));
  return {
    output: queries,
    units: sum(projectionUnits, sum(product([h, ...entries]), product([tq, h, d]))),
    weights: sum(kernels, biases),
    biases,
    connections: sum(projections, products),
    biasedUnits,
  };
}
