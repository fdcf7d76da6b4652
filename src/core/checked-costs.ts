// layerCost and layerCounts as the library exports them: the arguments checked first
// (validate-network.ts), so a program that hands in a layer the type does not allow gets a
// LayerIssue naming the field, never a wrong figure or a TypeError. The network walk in
// analyze() checks the whole network once and calls the unchecked ones in costs.ts.

import { type LayerCost, type LayerCounts, LayerIssue, layerCost as costOf, layerCounts as countsOf } from "./costs.js";
import type { Convention, Layer, Shape } from "./network.js";
import { validateLayerArguments } from "./validate-network.js";

function check(layer: unknown, inputs: unknown, networkBias: unknown, conventions: unknown): void {
  const [issue] = validateLayerArguments(layer, inputs, networkBias, conventions);
  if (issue) throw new LayerIssue(issue.message, issue.field);
}

/**
 * The cost of one layer, given the shapes of its inputs, the network's bias setting and the
 * counting conventions in force, as formulas. Throws LayerIssue (a field the type does not
 * allow, or shapes that do not fit) or InexactCountError (a count beyond 2^53 − 1).
 */
export function layerCost(layer: Layer, inputs: readonly Shape[], networkBias: boolean, conventions: readonly Convention[] = []): LayerCost {
  check(layer, inputs, networkBias, conventions);
  return costOf(layer, inputs, networkBias, conventions);
}

/** The same as `layerCost`, as exact counts. Throws LayerIssue or InexactCountError. */
export function layerCounts(layer: Layer, inputs: readonly Shape[], networkBias: boolean, conventions: readonly Convention[] = []): LayerCounts {
  check(layer, inputs, networkBias, conventions);
  return countsOf(layer, inputs, networkBias, conventions);
}
