// Normalizations of transformers. RMSNorm (Zhang & Sennrich 2019) divides by the root mean
// square of the features and scales each by a learned gain: F weights, no shift, no bias.

import { type CostOf, featuresOf, free, onlyInput } from "../cost-parts.js";
import type { Algebra } from "../exact.js";
import type { RmsNormLayer, Shape } from "../network.js";

/** P = F (a gain per feature; per channel on an image), 0 without the affine gain. */
export function rmsNormCost<F, S>(layer: RmsNormLayer, inputs: readonly Shape[], { zero, factor, product }: Algebra<F, S>): CostOf<S> {
  const input = onlyInput(layer, inputs);
  if (!layer.affine) return free(input, zero);
  return { output: input, units: zero, weights: product([factor("F", featuresOf(input))]), biases: zero, connections: zero, biasedUnits: zero };
}
