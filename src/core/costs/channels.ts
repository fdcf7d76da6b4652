// Layers that regroup channels without computing: split (several outputs, read as NAME:i),
// slice and ShuffleNet's channel shuffle. All free: they move values, as torch.split, slicing
// and view/transpose do, which FlopCounterMode and fvcore count as nothing.

import type { Shape, ShuffleLayer, SliceLayer, SplitLayer } from "../network.js";
import { type CostOf, LayerIssue, type ValueShape, featuresOf, free, onlyInput } from "../cost-parts.js";

/** The shape with its channels (an image's) or features (a sequence's or vector's) replaced. */
function withChannels(shape: ValueShape, channels: number): Shape {
  return shape.kind === "image" ? { ...shape, channels } : { ...shape, features: channels };
}

/** The split's parts: `parts` equal ones, or the `sizes` given, which must add up to the channels. */
export function splitCost<S>(layer: SplitLayer, inputs: readonly Shape[], zero: S): CostOf<S> {
  const input = onlyInput(layer, inputs);
  const channels = featuresOf(input);
  let sizes: readonly number[];
  if (layer.sizes !== undefined) {
    let total = 0;
    for (const size of layer.sizes) total += size;
    if (total !== channels) throw new LayerIssue(`the sizes add up to ${total}, but the input has ${channels} channels`, "sizes");
    sizes = layer.sizes;
  } else {
    const parts = layer.parts ?? 2;
    if (channels % parts !== 0) throw new LayerIssue(`parts (${parts}) must divide the input channels (${channels}); give sizes for unequal parts`, "parts");
    sizes = Array.from({ length: parts }, () => channels / parts);
  }
  return { ...free(input, zero), parts: sizes.map((size) => withChannels(input, size)) };
}

export function sliceCost<S>(layer: SliceLayer, inputs: readonly Shape[], zero: S): CostOf<S> {
  const input = onlyInput(layer, inputs);
  const channels = featuresOf(input);
  if (layer.start + layer.channels > channels) {
    throw new LayerIssue(
      `channels ${layer.start} to ${layer.start + layer.channels - 1} run past the input's ${channels} (numbered 0 to ${channels - 1})`,
      "channels",
    );
  }
  return free(withChannels(input, layer.channels), zero);
}

export function shuffleCost<S>(layer: ShuffleLayer, inputs: readonly Shape[], zero: S): CostOf<S> {
  const input = onlyInput(layer, inputs);
  const channels = featuresOf(input);
  if (channels % layer.groups !== 0) throw new LayerIssue(`groups (${layer.groups}) must divide the input channels (${channels})`, "groups");
  return free(input, zero);
}
