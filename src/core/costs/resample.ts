// Resizing without weights: upsampling (PyTorch nn.Upsample, nearest or bilinear) and centre
// crops (the original U-Net's skip connections). Both are free, as FlopCounterMode and fvcore
// count them: interpolation is neither a unit nor a multiply–accumulate of a weighted sum.

import type { CropLayer, Pair, Shape, UpsampleLayer } from "../network.js";
import { type AxisDerivation } from "../size.js";
import { type CostOf, LayerIssue, free, imageInput, onlyInput } from "../cost-parts.js";
import { exactMul } from "../exact.js";

function scaled(n: number, f: number): AxisDerivation {
  return { rule: "scale", n, f, value: exactMul(n, f) };
}

/** out = n·scale per axis, or the size given; a sequence in 1-D (one number per field). */
export function upsampleCost<S>(layer: UpsampleLayer, inputs: readonly Shape[], zero: S): CostOf<S> {
  const input = onlyInput(layer, inputs);
  const axis = (n: number, i: 0 | 1): AxisDerivation =>
    layer.size !== undefined ? { rule: "given", n, by: "upsample", value: layer.size[i] } : scaled(n, (layer.scale ?? [1, 1])[i]);
  if (input.kind === "sequence") {
    const given = layer.size ?? layer.scale ?? [1, 1];
    if (given[0] !== given[1])
      throw new LayerIssue(`an upsample layer on a sequence is 1-D: give ${layer.size ? "size" : "scale"} as one number`, layer.size ? "size" : "scale");
    const length = axis(input.length, 0);
    return { ...free({ kind: "sequence", length: length.value, features: input.features }, zero), size: { height: length, width: length } };
  }
  const image = imageInput(layer, inputs, true);
  const height = axis(image.height, 0);
  const width = axis(image.width, 1);
  return { ...free({ ...image, height: height.value, width: width.value }, zero), size: { height, width } };
}

/**
 * A centre crop to `size`, or to the height and width of the second input (U-Net's
 * copy-and-crop: the encoder's map cut to the decoder's). Channels are kept.
 */
export function cropCost<S>(layer: CropLayer, inputs: readonly Shape[], zero: S): CostOf<S> {
  if (layer.size === undefined && inputs.length !== 2)
    throw new LayerIssue("a crop needs a size, or a second input whose height and width it crops to", "size");
  if (layer.size !== undefined && inputs.length !== 1) {
    throw new LayerIssue("a crop with a size takes one input; to crop to another layer's size, give that layer as the second input instead", "inputs");
  }
  const image = imageInput(layer, inputs.slice(0, 1));
  let target: Pair;
  if (layer.size !== undefined) target = layer.size;
  else {
    const like = inputs[1]!;
    if (like.kind !== "image")
      throw new LayerIssue(`a crop to another layer's size needs an image as its second input, but ${layer.inputs[1]} is not one`, "inputs");
    target = [like.height, like.width];
  }
  if (target[0] > image.height || target[1] > image.width) {
    throw new LayerIssue(
      `cannot crop ${image.height}×${image.width} to ${target[0]}×${target[1]}: a crop only cuts away`,
      layer.size === undefined ? "inputs" : "size",
    );
  }
  const height: AxisDerivation = { rule: "given", n: image.height, by: "crop", value: target[0] };
  const width: AxisDerivation = { rule: "given", n: image.width, by: "crop", value: target[1] };
  return { ...free({ ...image, height: target[0], width: target[1] }, zero), size: { height, width } };
}
