// One cost function per layer type, and the one exhaustive switch that picks it.
//
// Conventions (contract §1):
//   units       output neurons of layers that compute a weighted sum (conv, dense)
//   weights     every learned parameter, biases included when they are on
//   biases      the bias part of weights
//   connections multiply–accumulates; a bias adds none, unless a published source counts
//               it as one (the bias-connections convention, applied in `layerCost`)

import { type Algebra, type Count, type Formula, FORMULAS, NUMBERS, exactAdd, exactMul } from "./exact.js";
import {
  type AddLayer,
  type Convention,
  type BatchNormLayer,
  type ConcatLayer,
  type ConvLayer,
  type DenseLayer,
  type FlattenLayer,
  type ImageShape,
  type Layer,
  type LayerNormLayer,
  type PoolLayer,
  type Shape,
  isElementwise,
} from "./network.js";
import { type AxisDerivation, convOutputSize, poolOutputSize, sameOutputSize } from "./size.js";
import { describeShape } from "./shape-text.js";
import { type CostOf, LayerIssue, type ValueShape, featuresOf, free, imageInput, onlyInput, tokensIssue } from "./cost-parts.js";

export { LayerIssue, type ValueShape } from "./cost-parts.js";
import { attentionCost } from "./costs/attention.js";
import { classTokenCost, embeddingCost, positionEmbeddingCost } from "./costs/embedding.js";
import { multiplyCost } from "./costs/multiply.js";
import { rmsNormCost } from "./costs/norm.js";
import { recurrentCost } from "./costs/recurrent.js";
import { meanCost, pickCost, toSequenceCost } from "./costs/positions.js";
import { combineCost, dispatchCost } from "./costs/experts.js";
import { conv1dCost, pool1dCost } from "./costs/conv1d.js";
import { convTransposeCost } from "./costs/conv-transpose.js";
import { cropCost, upsampleCost } from "./costs/resample.js";
import { shuffleCost, sliceCost, splitCost } from "./costs/channels.js";

/** What a layer costs and produces, with the formulas that give each figure. */
export type LayerCost = CostOf<Formula>;
/** What a layer costs and produces, as exact counts. */
export type LayerCounts = CostOf<Count>;

function atLeastOne(derivation: AxisDerivation, axis: "height" | "width", field: string): AxisDerivation {
  if (derivation.value < 1) {
    throw new LayerIssue(`output ${axis} would be ${derivation.value}, below 1: the window does not fit the input ${axis} of ${derivation.n}`, field);
  }
  return derivation;
}

/**
 * T = Σₘ |table[m]|: the (input channel, output map) pairs a connection table links, after
 * checking the table against the input it meets.
 */
function tablePairs(table: readonly (readonly number[])[], channels: number, filters: number, groups: number): number {
  if (groups !== 1) throw new LayerIssue("give either groups or table, not both: the table already says which input channels each output map reads", "groups");
  if (table.length !== filters) {
    throw new LayerIssue(
      `the table has ${table.length} rows but filters is ${filters}: give one row per output map, listing the input channels it reads`,
      "table",
    );
  }
  let pairs = 0;
  for (const [m, row] of table.entries()) {
    if (row.length === 0) throw new LayerIssue(`table row ${m} is empty: every output map reads at least one input channel`, "table");
    const seen = new Set<number>();
    for (const channel of row) {
      if (!Number.isSafeInteger(channel) || channel < 0 || channel >= channels) {
        throw new LayerIssue(`table row ${m} lists input channel ${channel}, but the input's channels are numbered 0 to ${channels - 1}`, "table");
      }
      if (seen.has(channel)) throw new LayerIssue(`table row ${m} lists input channel ${channel} twice`, "table");
      seen.add(channel);
    }
    pairs = exactAdd(pairs, row.length);
  }
  return pairs;
}

/**
 * Input channels feeding one filter: C / groups, the grouping that AlexNet used to split
 * across two GPUs; or, with a connection table, T pairs in all instead of (C/g)·M.
 */
function convCost<F, S>(layer: ConvLayer, inputs: readonly Shape[], bias: boolean, algebra: Algebra<F, S>): CostOf<S> {
  const sequence = onlyInput(layer, inputs);
  if (sequence.kind === "sequence") return conv1dCost(layer, sequence, bias, algebra);
  const { zero, factor, product, sum } = algebra;
  const input = imageInput(layer, inputs, true);
  const { filters, groups, kernel, stride, dilation, padding, table } = layer;
  if (table === undefined) {
    if (input.channels % groups !== 0) {
      throw new LayerIssue(`groups (${groups}) must divide the input channels (${input.channels})`, "groups");
    }
    if (filters % groups !== 0) throw new LayerIssue(`groups (${groups}) must divide filters (${filters})`, "groups");
  }
  const pairs = table === undefined ? undefined : tablePairs(table, input.channels, filters, groups);

  const axis = (i: 0 | 1, name: "height" | "width"): AxisDerivation =>
    atLeastOne(
      padding === "same"
        ? sameOutputSize(name === "height" ? input.height : input.width, stride[i])
        : convOutputSize(name === "height" ? input.height : input.width, kernel[i], stride[i], padding[i], dilation[i]),
      name,
      "kernel",
    );
  const height = axis(0, "height");
  const width = axis(1, "width");

  const outH = factor("H′", height.value, "height");
  const outW = factor("W′", width.value, "width");
  const kh = factor("Kh", kernel[0], "height");
  const kw = factor("Kw", kernel[1], "width");
  const m = factor("M", filters);
  // input channels per filter, C/g; or T, a connection table's (input channel, output map) pairs, for (C/g)·M
  const c = pairs === undefined ? factor(groups === 1 ? "C" : "C/g", input.channels / groups) : factor("T", pairs);

  // N = H′·W′·M;  P = Kh·Kw·(C/g)·M (+ M);  U = H′·W′·Kh·Kw·(C/g)·M   (with a table, T for (C/g)·M)
  const biases = bias ? product([m]) : zero;
  return {
    output: { kind: "image", height: height.value, width: width.value, channels: filters },
    units: product([outH, outW, m]),
    weights: sum(pairs === undefined ? product([kh, kw, c, m]) : product([kh, kw, c]), biases),
    biases,
    connections: pairs === undefined ? product([outH, outW, kh, kw, c, m]) : product([outH, outW, kh, kw, c]),
    biasedUnits: bias ? product([outH, outW, m]) : zero,
    size: { height, width },
  };
}

/**
 * The input values a dense layer sees at one position: H·W·C for an image (it flattens), or
 * the features of a vector or of each position of a sequence.
 */
export function denseInputFactors<F>(input: ValueShape, { factor }: Pick<Algebra<F, unknown>, "factor">): F[] {
  return input.kind === "image" ? [factor("H", input.height), factor("W", input.width), factor("C", input.channels)] : [factor("F", featuresOf(input))];
}

function denseCost<F, S>(layer: DenseLayer, inputs: readonly Shape[], bias: boolean, algebra: Algebra<F, S>): CostOf<S> {
  const { zero, factor, product, sum } = algebra;
  const input = onlyInput(layer, inputs);
  // M output units, as the tutorial's "WHC inputs to WHM outputs" (N is the units figure itself)
  const m = factor("M", layer.units);
  const inputAndOutput = denseInputFactors(input, algebra);
  inputAndOutput.push(m);
  // fixed parameters (trainable: false) are not learned, so they are not weights
  const learned = layer.trainable ?? true;
  const biases = bias && learned ? product([m]) : zero;
  // a matrix tied to an embedding's table is that table's weights, counted there; biases are its own
  const kernel = (factors: F[]) => (layer.tied === undefined ? product(factors) : zero);
  if (input.kind === "sequence") {
    // applied at each of T positions, one weight matrix shared (PyTorch Linear on [T, F]):
    // N = T·M;  P = F·M (+ M);  U = T·F·M
    const t = factor("T", input.length);
    return {
      output: { kind: "sequence", length: input.length, features: layer.units },
      units: product([t, m]),
      weights: learned ? sum(kernel(inputAndOutput), biases) : zero,
      biases,
      connections: product([t, ...inputAndOutput]),
      biasedUnits: bias ? product([t, m]) : zero,
    };
  }
  // P = F·M (+ M);  U = F·M
  return {
    output: { kind: "vector", features: layer.units },
    units: product([m]),
    weights: learned ? sum(kernel(inputAndOutput), biases) : zero,
    biases,
    connections: product(inputAndOutput),
    biasedUnits: bias ? product([m]) : zero,
  };
}

function poolCost<F, S>(layer: PoolLayer, inputs: readonly Shape[], algebra: Algebra<F, S>): CostOf<S> {
  const sequence = onlyInput(layer, inputs);
  if (sequence.kind === "sequence") return pool1dCost(layer, sequence, algebra);
  const input = imageInput(layer, inputs, true);
  const { window } = layer;
  let height: AxisDerivation;
  let width: AxisDerivation;
  switch (window.kind) {
    case "global":
      height = { rule: "global", n: input.height, value: 1 };
      width = { rule: "global", n: input.width, value: 1 };
      break;
    case "adaptive":
      height = { rule: "adaptive", n: input.height, value: window.output[0] };
      width = { rule: "adaptive", n: input.width, value: window.output[1] };
      break;
    case "window": {
      const { kernel, stride, padding, ceil } = window;
      height = atLeastOne(poolOutputSize(input.height, kernel[0], stride[0], padding[0], ceil), "height", "kernel");
      width = atLeastOne(poolOutputSize(input.width, kernel[1], stride[1], padding[1], ceil), "width", "kernel");
      break;
    }
    default:
      return assertNever(window);
  }
  const output: Shape = { kind: "image", height: height.value, width: width.value, channels: input.channels };
  // fields written out: spreading a fresh object measured several times slower in V8
  const { zero } = algebra;
  if (!layer.trainable) return { output, units: zero, weights: zero, biases: zero, connections: zero, biasedUnits: zero, size: { height, width } };
  return { ...trainablePoolCost(layer, input, window, height.value, width.value, algebra), output, size: { height, width } };
}

/**
 * LeCun et al. 1998 §II-B, layer S2: "the four inputs to a unit in S2 are added, then
 * multiplied by a trainable coefficient, and added to a trainable bias", one coefficient and
 * one bias per map. Each output value is a unit; each input in its window is a connection.
 *   N = H′·W′·C;  P = C + C;  U = H′·W′·C·Kh·Kw   (global pooling: H·W for Kh·Kw)
 */
function trainablePoolCost<F, S>(
  layer: PoolLayer,
  input: ImageShape,
  window: PoolLayer["window"],
  outHeight: number,
  outWidth: number,
  { factor, product, sum }: Algebra<F, S>,
): Omit<CostOf<S>, "output" | "size"> {
  if (layer.type !== "avgpool") throw new LayerIssue("only an avgpool layer can be trainable (a learned coefficient and bias per map)", "trainable");
  let windowHeight: F;
  let windowWidth: F;
  switch (window.kind) {
    case "window":
      windowHeight = factor("Kh", window.kernel[0], "height");
      windowWidth = factor("Kw", window.kernel[1], "width");
      break;
    case "global":
      windowHeight = factor("H", input.height, "height");
      windowWidth = factor("W", input.width, "width");
      break;
    case "adaptive":
      throw new LayerIssue("trainable pooling needs windows of one size: give kernel (or global: true) instead of output", "trainable");
    default:
      return assertNever(window);
  }
  const outH = factor("H′", outHeight, "height");
  const outW = factor("W′", outWidth, "width");
  const c = factor("C", input.channels);
  const biases = product([c]);
  return {
    units: product([outH, outW, c]),
    weights: sum(product([c]), biases),
    biases,
    connections: product([outH, outW, c, windowHeight, windowWidth]),
    biasedUnits: product([outH, outW, c]),
  };
}

function batchNormCost<F, S>(layer: BatchNormLayer, inputs: readonly Shape[], { zero, factor, product, sum }: Algebra<F, S>): CostOf<S> {
  const input = onlyInput(layer, inputs);
  if (!layer.affine) return free(input, zero);
  const c = factor("C", featuresOf(input));
  // a scale γ and a shift β per channel (PyTorch BatchNorm2d, affine=True); the shift is the bias;
  // Keras's scale=False keeps β alone, center=False γ alone
  const biases = layer.shift === false ? zero : product([c]);
  const scales = layer.scale === false ? zero : product([c]);
  return { output: input, units: zero, weights: sum(scales, biases), biases, connections: zero, biasedUnits: zero };
}

/**
 * P = F + F: a scale γ and a shift β per value of the last dimension (F: the channels of an
 * image, the features of a vector), as PyTorch's nn.LayerNorm(F) has weight and bias of shape
 * (F,); F alone without the shift; none without the affine transform. The shift is the bias.
 * Normalizing is neither a unit nor a multiply–accumulate.
 */
function layerNormCost<F, S>(layer: LayerNormLayer, inputs: readonly Shape[], { zero, factor, product, sum }: Algebra<F, S>): CostOf<S> {
  const input = onlyInput(layer, inputs);
  if (!layer.affine) return free(input, zero);
  const f = input.kind === "image" ? factor("C", input.channels) : factor("F", input.features);
  const biases = layer.shift ? product([f]) : zero;
  return { output: input, units: zero, weights: sum(product([f]), biases), biases, connections: zero, biasedUnits: zero };
}

function flattenCost<S>(layer: FlattenLayer, inputs: readonly Shape[], zero: S): CostOf<S> {
  const input = onlyInput(layer, inputs);
  if (input.kind === "vector") return free(input, zero);
  if (input.kind === "sequence") return free({ kind: "vector", features: exactMul(input.length, input.features) }, zero);
  return free({ kind: "vector", features: exactMul(exactMul(input.height, input.width), input.channels) }, zero);
}

function concatCost<S>(layer: ConcatLayer, inputs: readonly Shape[], zero: S): CostOf<S> {
  const [first] = inputs;
  if (first === undefined || inputs.length < 2) throw new LayerIssue("concat needs at least two inputs", "inputs");
  if (first.kind === "tokens") throw tokensIssue(layer, first);
  if (first.kind === "sequence") {
    // features joined at each position (torch.cat on the last dimension): the lengths must agree
    let features = 0;
    for (const [i, shape] of inputs.entries()) {
      if (shape.kind !== "sequence")
        throw new LayerIssue(
          `cannot concatenate a sequence with ${shape.kind === "tokens" ? "token ids" : `a ${shape.kind}`} (${describeShape(shape)})`,
          "inputs",
        );
      if (shape.length !== first.length) {
        throw new LayerIssue(
          `concat inputs must have the same number of positions: ${layer.inputs[0]} is ${describeShape(first)} but ${layer.inputs[i]} is ${describeShape(shape)}`,
          "inputs",
        );
      }
      features = exactAdd(features, shape.features);
    }
    return free({ kind: "sequence", length: first.length, features }, zero);
  }
  if (first.kind === "vector") {
    let features = 0;
    for (const shape of inputs) {
      if (shape.kind !== "vector")
        throw new LayerIssue(
          `cannot concatenate a vector with ${shape.kind === "image" ? "an image" : shape.kind === "tokens" ? "token ids" : "a sequence"} (${describeShape(shape)})`,
          "inputs",
        );
      features = exactAdd(features, shape.features);
    }
    return free({ kind: "vector", features }, zero);
  }
  let channels = 0;
  for (const [i, shape] of inputs.entries()) {
    if (shape.kind !== "image")
      throw new LayerIssue(
        `cannot concatenate an image with ${shape.kind === "vector" ? "a vector" : shape.kind === "tokens" ? "token ids" : "a sequence"} (${describeShape(shape)})`,
        "inputs",
      );
    if (shape.height !== first.height || shape.width !== first.width) {
      throw new LayerIssue(
        `concat inputs must have the same height and width: ${layer.inputs[0]} is ${describeShape(first)} but ${layer.inputs[i]} is ${describeShape(shape)}`,
        "inputs",
      );
    }
    channels = exactAdd(channels, shape.channels);
  }
  return free({ ...first, channels }, zero);
}

function addCost<S>(layer: AddLayer, inputs: readonly Shape[], zero: S): CostOf<S> {
  const [first] = inputs;
  if (first === undefined || inputs.length < 2) throw new LayerIssue("add needs at least two inputs", "inputs");
  if (first.kind === "tokens") throw tokensIssue(layer, first);
  for (const [i, shape] of inputs.entries()) {
    if (describeShape(shape) !== describeShape(first)) {
      throw new LayerIssue(
        `add inputs must have equal shapes: ${layer.inputs[0]} is ${describeShape(first)} but ${layer.inputs[i]} is ${describeShape(shape)}`,
        "inputs",
      );
    }
  }
  return free(first, zero);
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

/**
 * The cost of one layer, given the shapes of its inputs, the network's bias setting and the
 * counting conventions in force, as formulas. Throws LayerIssue (bad shapes) or
 * InexactCountError (a size beyond 2^53 − 1; counts are exact at any size).
 */
export function layerCost(layer: Layer, inputs: readonly Shape[], networkBias: boolean, conventions: readonly Convention[] = []): LayerCost {
  return costIn(FORMULAS, layer, inputs, networkBias, conventions);
}

/** The same as `layerCost`, as exact counts: what the network walk needs, with no formula built. */
export function layerCounts(layer: Layer, inputs: readonly Shape[], networkBias: boolean, conventions: readonly Convention[] = []): LayerCounts {
  return costIn(NUMBERS, layer, inputs, networkBias, conventions);
}

function costIn<F, S>(algebra: Algebra<F, S>, layer: Layer, inputs: readonly Shape[], networkBias: boolean, conventions: readonly Convention[]): CostOf<S> {
  const cost = costByType(layer, inputs, networkBias, algebra);
  // bias-connections: U + one connection per biased output unit (LeCun et al. 1998)
  return conventions.includes("bias-connections") ? { ...cost, connections: algebra.sum(cost.connections, cost.biasedUnits) } : cost;
}

function costByType<F, S>(layer: Layer, inputs: readonly Shape[], networkBias: boolean, algebra: Algebra<F, S>): CostOf<S> {
  // the element-wise types (LAYER_TYPE_FACTS) pass their one input through and cost nothing
  if (isElementwise(layer)) return free(onlyInput(layer, inputs), algebra.zero);
  switch (layer.type) {
    case "conv":
      return convCost(layer, inputs, layer.bias ?? networkBias, algebra);
    case "dense":
      return denseCost(layer, inputs, layer.bias ?? networkBias, algebra);
    case "maxpool":
    case "avgpool":
      return poolCost(layer, inputs, algebra);
    case "batchnorm":
      return batchNormCost(layer, inputs, algebra);
    case "layernorm":
      return layerNormCost(layer, inputs, algebra);
    case "flatten":
      return flattenCost(layer, inputs, algebra.zero);
    case "concat":
      return concatCost(layer, inputs, algebra.zero);
    case "add":
      return addCost(layer, inputs, algebra.zero);
    case "embedding":
      return embeddingCost(layer, inputs, algebra);
    case "position_embedding":
      return positionEmbeddingCost(layer, inputs, algebra);
    case "class_token":
      return classTokenCost(layer, inputs, algebra);
    case "rmsnorm":
      return rmsNormCost(layer, inputs, algebra);
    case "attention":
      return attentionCost(layer, inputs, networkBias, algebra);
    case "multiply":
      return multiplyCost(layer, inputs, algebra.zero);
    case "lstm":
    case "gru":
    case "rnn":
      return recurrentCost(layer, inputs, networkBias, algebra);
    case "to_sequence":
      return toSequenceCost(layer, inputs, algebra.zero);
    case "mean":
      return meanCost(layer, inputs, algebra.zero);
    case "pick":
      return pickCost(layer, inputs, algebra.zero);
    case "dispatch":
      return dispatchCost(layer, inputs, algebra.zero);
    case "combine":
      return combineCost(layer, inputs, algebra.zero);
    case "conv_transpose":
      return convTransposeCost(layer, inputs, layer.bias ?? networkBias, algebra);
    case "upsample":
      return upsampleCost(layer, inputs, algebra.zero);
    case "crop":
      return cropCost(layer, inputs, algebra.zero);
    case "split":
      return splitCost(layer, inputs, algebra.zero);
    case "slice":
      return sliceCost(layer, inputs, algebra.zero);
    case "shuffle":
      return shuffleCost(layer, inputs, algebra.zero);
    default:
      return assertNever(layer);
  }
}
