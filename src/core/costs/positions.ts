// Layers that change how positions are laid out, and cost nothing: an image read as a sequence
// of its H·W positions, and a sequence reduced to one vector by the mean of its positions or by
// picking one (a class token). No weights, no units; the mean's additions and its one division
// per feature are not multiply–accumulates, as FlopCounterMode and fvcore count a mean.

import { type CostOf, LayerIssue, free, onlyInput } from "../cost-parts.js";
import { describeShape } from "../shape-text.js";
import { exactMul } from "../exact.js";
import type { Layer, MeanLayer, PickLayer, SequenceShape, Shape, ToSequenceLayer } from "../network.js";

/** An image H×W×C in, a sequence of H·W positions of C features out. */
export function toSequenceCost<S>(layer: ToSequenceLayer, inputs: readonly Shape[], zero: S): CostOf<S> {
  const input = onlyInput(layer, inputs);
  if (input.kind !== "image")
    throw new LayerIssue(`a to_sequence layer reads an image (height × width × channels), but its input is ${describeShape(input)}`, "inputs");
  return free({ kind: "sequence", length: exactMul(input.height, input.width), features: input.channels }, zero);
}

function sequenceInput(layer: Layer, inputs: readonly Shape[]): SequenceShape {
  const input = onlyInput(layer, inputs);
  if (input.kind !== "sequence") throw new LayerIssue(`a ${layer.type} layer reads a sequence, but its input is ${describeShape(input)}`, "inputs");
  return input;
}

/** A sequence T×F in, the vector of F means over its T positions out. */
export function meanCost<S>(layer: MeanLayer, inputs: readonly Shape[], zero: S): CostOf<S> {
  const input = sequenceInput(layer, inputs);
  return free({ kind: "vector", features: input.features }, zero);
}

/** A sequence T×F in, the F features at one position out; the position must be one of the T. */
export function pickCost<S>(layer: PickLayer, inputs: readonly Shape[], zero: S): CostOf<S> {
  const input = sequenceInput(layer, inputs);
  if (layer.position >= input.length || layer.position < -input.length) {
    throw new LayerIssue(
      `position ${layer.position} is outside the sequence's ${input.length} positions: give 0 to ${input.length - 1}, or -1 to -${input.length} counting from the end`,
      "position",
    );
  }
  return free({ kind: "vector", features: input.features }, zero);
}
