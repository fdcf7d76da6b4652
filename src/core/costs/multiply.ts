// The element-wise product of two or more inputs, free as every element-wise operation is
// (FlopCounterMode counts no mul). A channel vector is broadcast over an image or a sequence:
// squeeze-excitation scales each channel of an image by a gate, a gated MLP multiplies two
// projections of the same sequence.

import { type CostOf, LayerIssue, free, tokensIssue } from "../cost-parts.js";
import { describeShape } from "../shape-text.js";
import type { Layer, Shape } from "../network.js";

/** The channels (features) a shape could be scaled by, per position; undefined for token ids. */
function channels(shape: Shape): number | undefined {
  return shape.kind === "image" ? shape.channels : shape.kind === "tokens" ? undefined : shape.features;
}

/** A shape that is one vector of channels: a vector, or a 1×1 image (PyTorch's [C, 1, 1]). */
function isChannelVector(shape: Shape): boolean {
  return shape.kind === "vector" || (shape.kind === "image" && shape.height === 1 && shape.width === 1);
}

export function multiplyCost<S>(layer: Layer, inputs: readonly Shape[], zero: S): CostOf<S> {
  if (inputs.length < 2) throw new LayerIssue("multiply needs at least two inputs", "inputs");
  for (const shape of inputs) if (shape.kind === "tokens") throw tokensIssue(layer, shape);
  // the output is the largest input: the one that is not a broadcast channel vector, if any
  const output = inputs.find((shape) => !isChannelVector(shape)) ?? inputs[0]!;
  for (const [i, shape] of inputs.entries()) {
    const same = describeShape(shape) === describeShape(output) && shape.kind === output.kind;
    if (same || (isChannelVector(shape) && channels(shape) === channels(output))) continue;
    throw new LayerIssue(
      `multiply inputs must have equal shapes, or be a vector of the other's channels: ${layer.inputs[inputs.indexOf(output)]} is ${describeShape(output)} but ${layer.inputs[i]} is ${describeShape(shape)}`,
      "inputs",
    );
  }
  return free(output, zero);
}
