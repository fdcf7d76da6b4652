// Transposed convolution (PyTorch ConvTranspose2d and ConvTranspose1d; Dumoulin and Visin 2016,
// "A guide to convolution arithmetic", §4): each input value scatters a k×k window of
// weighted copies into the output. Counted as PyTorch's FlopCounterMode and fvcore count it,
// over the *input* positions: every input value meets every weight of its group once.

import type { Algebra } from "../exact.js";
import type { ConvTransposeLayer, Pair, Shape } from "../network.js";
import { type AxisDerivation, transposedOutputSize } from "../size.js";
import { type CostOf, LayerIssue, imageInput, onlyInput } from "../cost-parts.js";

function atLeastOne(derivation: AxisDerivation, axis: string): AxisDerivation {
  if (derivation.value < 1)
    throw new LayerIssue(`output ${axis} would be ${derivation.value}, below 1: the padding removes more than the layer adds`, "padding");
  return derivation;
}

/** The one value of a pair on a sequence, where a transposed conv works in 1-D. */
function along(value: Pair, field: string): number {
  if (value[0] !== value[1])
    throw new LayerIssue(`a conv_transpose layer on a sequence is 1-D: give ${field} as one number, not a pair [height, width]`, field);
  return value[0];
}

/**
 * Over an H×W×C input, M filters of Kh×Kw in g groups:
 *   N = H′·W′·M;  P = C·(M/g)·Kh·Kw (+ M);  U = H·W·C·(M/g)·Kh·Kw
 * with H′ = (H − 1)·s − 2p + d·(Kh − 1) + output_padding + 1, and W′ alike. On a sequence
 * of L positions, one axis: N = L′·M;  P = C·(M/g)·k (+ M);  U = L·C·(M/g)·k.
 */
export function convTransposeCost<F, S>(
  layer: ConvTransposeLayer,
  inputs: readonly Shape[],
  bias: boolean,
  { zero, factor, product, sum }: Algebra<F, S>,
): CostOf<S> {
  const { filters, groups, kernel, stride, padding, outputPadding, dilation } = layer;
  const first = onlyInput(layer, inputs);
  const channels = first.kind === "sequence" ? first.features : imageInput(layer, inputs, true).channels;
  if (channels % groups !== 0) throw new LayerIssue(`groups (${groups}) must divide the input channels (${channels})`, "groups");
  if (filters % groups !== 0) throw new LayerIssue(`groups (${groups}) must divide filters (${filters})`, "groups");
  for (const i of [0, 1] as const) {
    // PyTorch refuses an output_padding of the stride or more (and of the dilation or more)
    if (outputPadding[i] >= Math.max(stride[i], dilation[i])) {
      throw new LayerIssue(
        `output_padding (${outputPadding[i]}) must be smaller than the stride (${stride[i]}) or the dilation (${dilation[i]}): it only chooses among the sizes a strided conv maps to one`,
        "output_padding",
      );
    }
  }
  const m = factor("M", filters);
  const c = factor("C", channels);
  const perGroup = factor(groups === 1 ? "M" : "M/g", filters / groups);
  const biases = bias ? product([m]) : zero;
  if (first.kind === "sequence") {
    const k = along(kernel, "kernel");
    const length = atLeastOne(
      transposedOutputSize(
        first.length,
        k,
        along(stride, "stride"),
        along(padding, "padding"),
        along(dilation, "dilation"),
        along(outputPadding, "output_padding"),
      ),
      "length",
    );
    const kk = factor("k", k);
    const outL = factor("L′", length.value);
    const inL = factor("L", first.length);
    return {
      output: { kind: "sequence", length: length.value, features: filters },
      units: product([outL, m]),
      weights: sum(product([c, perGroup, kk]), biases),
      biases,
      connections: product([inL, c, perGroup, kk]),
      biasedUnits: bias ? product([outL, m]) : zero,
      size: { height: length, width: length },
    };
  }
  const input = imageInput(layer, inputs, true);
  const height = atLeastOne(transposedOutputSize(input.height, kernel[0], stride[0], padding[0], dilation[0], outputPadding[0]), "height");
  const width = atLeastOne(transposedOutputSize(input.width, kernel[1], stride[1], padding[1], dilation[1], outputPadding[1]), "width");
  const kh = factor("Kh", kernel[0], "height");
  const kw = factor("Kw", kernel[1], "width");
  const outH = factor("H′", height.value, "height");
  const outW = factor("W′", width.value, "width");
  return {
    output: { kind: "image", height: height.value, width: width.value, channels: filters },
    units: product([outH, outW, m]),
    weights: sum(product([c, perGroup, kh, kw]), biases),
    biases,
    connections: product([factor("H", input.height, "height"), factor("W", input.width, "width"), c, perGroup, kh, kw]),
    biasedUnits: bias ? product([outH, outW, m]) : zero,
    size: { height, width },
  };
}
