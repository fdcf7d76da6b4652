// Mixture of experts: the dispatch of positions to one expert and the combination of the
// experts' outputs (GShard's dispatch and combine, Lepikhin et al. 2020). Both are free: a
// gather, and a weighted sum that is element-wise, as FlopCounterMode counts. The router is a
// dense layer and the experts are ordinary layers; what these two decide is how many positions
// each expert computes on, so that the experts' connections add up to top_k experts per position.

import { type CostOf, LayerIssue, free, onlyInput, tokensIssue } from "../cost-parts.js";
import { describeShape } from "../shape-text.js";
import type { CombineLayer, DispatchLayer, SequenceShape, Shape } from "../network.js";

/**
 * Positions expert e of E receives when each of T positions goes to k experts and the T·k
 * (position, choice) pairs are dealt to the experts in turn (balanced routing, made exact):
 * ⌊(T·k + E − 1 − e) / E⌋. The E shares add up to T·k (Hermite's identity), and are equal
 * when E divides T·k.
 */
function expertPositions(positions: number, experts: number, topK: number, expert: number): number {
  const pairs = BigInt(positions) * BigInt(topK);
  return Number((pairs + BigInt(experts - 1 - expert)) / BigInt(experts));
}

function checkRouting(experts: number, topK: number): void {
  if (topK > experts) throw new LayerIssue(`top_k (${topK}) must be at most experts (${experts}): each position goes to top_k different experts`, "top_k");
}

export function dispatchCost<S>(layer: DispatchLayer, inputs: readonly Shape[], zero: S): CostOf<S> {
  const input = onlyInput(layer, inputs);
  if (input.kind !== "sequence") {
    throw new LayerIssue(`a mixture of experts routes the positions of a sequence, but its input is ${describeShape(input)}`, "inputs");
  }
  checkRouting(layer.experts, layer.topK);
  if (layer.expert >= layer.experts) throw new LayerIssue(`expert (${layer.expert}) must be below experts (${layer.experts}): experts count from 0`, "expert");
  return free({ kind: "sequence", length: expertPositions(input.length, layer.experts, layer.topK, layer.expert), features: input.features }, zero);
}

export function combineCost<S>(layer: CombineLayer, inputs: readonly Shape[], zero: S): CostOf<S> {
  const [router, ...outputs] = inputs;
  if (router === undefined || outputs.length === 0) throw new LayerIssue("combine needs the router's logits and at least one expert's output", "inputs");
  for (const shape of inputs) if (shape.kind === "tokens") throw tokensIssue(layer, shape);
  if (router.kind !== "sequence" || router.features !== outputs.length) {
    throw new LayerIssue(
      `combine's first input must be the router's logits, one per expert at each position (T×${outputs.length}), but ${layer.inputs[0]} is ${describeShape(router)}`,
      "inputs",
    );
  }
  checkRouting(outputs.length, layer.topK);
  let positions = 0n;
  const first = outputs[0]!;
  for (const [i, shape] of outputs.entries()) {
    if (shape.kind !== "sequence" || shape.features !== (first as SequenceShape).features || first.kind !== "sequence") {
      throw new LayerIssue(
        `the experts' outputs must be sequences of the same features: ${layer.inputs[1]} is ${describeShape(first)} but ${layer.inputs[i + 1]} is ${describeShape(shape)}`,
        "inputs",
      );
    }
    positions += BigInt(shape.length);
  }
  const expected = BigInt(router.length) * BigInt(layer.topK);
  if (positions !== expected) {
    throw new LayerIssue(
      `the experts computed on ${positions} positions in all, but ${router.length} positions each routed to top_k = ${layer.topK} experts make ${expected}`,
      "inputs",
    );
  }
  return free({ kind: "sequence", length: router.length, features: (first as SequenceShape).features }, zero);
}
