// Random VALID specs, built from the schema's own vocabulary: one builder per spelling of
// `type` in TYPE_NAMES, each emitting only fields the schema defines for it. A test
// (test/spec/spec-arbitrary.test.ts) checks that every type name and every field shows up, so a
// type or field added to src/spec/schema.ts fails that test until the generator learns it.
//
// The generator tracks the shape of every tensor as it goes, so it only emits layers that fit
// (groups dividing channels and filters, windows that fit, merge inputs of compatible shapes),
// and it records the output shape it expects for each layer, computed by counting window
// positions (test/support/brute-force.ts), never by the code under test.

import fc from "fast-check";
import { type SpecLayer as SchemaLayer, TYPE_NAMES } from "../../src/loader/schema.js";
import { bruteConv, brutePool, bruteSame, bruteTransposed } from "./brute-force.js";

/** Where random choices come from: fast-check's `fc.gen()` in properties and in the fuzzer. */
export interface Draw {
  int(min: number, max: number): number;
  bool(probabilityTrue?: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** Uniform: fast-check biases integers toward the ends of their range, which suits sizes but not odds. */
const uniform = (min: number, max: number) => fc.noBias(fc.integer({ min, max }));

/**
 * Integers from `int` lean toward the ends of their range (sizes of 1, the largest kernel that
 * fits: the edges worth testing); `bool` and `pick` are uniform, so their odds mean what they say.
 */
export function drawFrom(g: fc.GeneratorValue): Draw {
  return {
    int: (min, max) => g(fc.integer, { min, max }),
    bool: (p = 0.5) => g(uniform, 0, 999) < p * 1000,
    pick: (items) => items[g(uniform, 0, items.length - 1)]!,
  };
}

type ModelShape =
  | { readonly width: number; readonly height: number; readonly channels: number }
  | { readonly features: number }
  | { readonly tokens: number; readonly features: number }
  | { readonly tokens: number };

/** What the generator expects the report to say about one layer. */
interface ExpectedLayer {
  /** The resolved name: explicit, or canonical type + ordinal. */
  readonly name: string;
  readonly type: string;
  /** The layer's own `bias`, when it sets one. */
  readonly ownBias?: boolean;
  readonly output: ModelShape;
}

export interface GeneratedSpec {
  /** A plain object, ready for YAML or JSON. */
  readonly spec: Record<string, unknown>;
  readonly layers: readonly ExpectedLayer[];
}

type SpecLayer = Record<string, unknown>;

interface Tensor {
  readonly name: string;
  readonly shape: ModelShape;
}

const isImage = (s: ModelShape): s is Extract<ModelShape, { readonly width: number }> => "width" in s;
const isSequence = (s: ModelShape): s is { readonly tokens: number; readonly features: number } => "tokens" in s && "features" in s;
const isTokens = (s: ModelShape): s is { readonly tokens: number } => "tokens" in s && !("features" in s);
const isVector = (s: ModelShape): s is { readonly features: number } => !isImage(s) && !("tokens" in s);
/** Features per position: an image's channels, a vector's or a sequence's features. */
const featuresOf = (s: ModelShape): number => (isImage(s) ? s.channels : "features" in s ? s.features : 0);
const sameShape = (a: ModelShape, b: ModelShape) => JSON.stringify(a) === JSON.stringify(b);

/** An integer for both axes when they agree (sometimes still written as a pair), else [height, width]. */
function pairValue(d: Draw, height: number, width: number): number | [number, number] {
  return height === width && d.bool(0.7) ? height : [height, width];
}

function divisors(n: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= n; i++) if (n % i === 0) out.push(i);
  return out;
}

/** A layer's type-specific fields and its output shape, or null when it cannot take this input. */
type Built = { readonly fields: SpecLayer; readonly output: ModelShape } | null;
type Builder = (d: Draw, input: ModelShape, type: string) => Built;

const canonical = (type: string) => (type === "fc" || type === "linear" ? "dense" : type);

/** A conv along a sequence: every window field one number (docs/spec-format.md, 1-D). */
function conv1dBuilder(d: Draw, input: { readonly tokens: number; readonly features: number }): Built {
  const groups = d.bool(0.3) ? d.pick(divisors(input.features)) : 1;
  const filters = groups * d.int(1, 6);
  const fields: SpecLayer = { filters };
  if (groups !== 1) fields.groups = groups;
  const stride = d.int(1, 3);
  const dilation = d.bool(0.3) ? d.int(1, 3) : 1;
  const same = d.bool(0.2);
  const padding = same ? 0 : d.int(0, 3);
  const kernel = same ? d.int(1, 7) : d.int(1, Math.min(7, Math.floor((input.tokens + 2 * padding - 1) / dilation) + 1));
  fields.kernel = kernel;
  if (stride !== 1 || d.bool(0.2)) fields.stride = stride;
  if (dilation !== 1) fields.dilation = dilation;
  if (same) fields.padding = "same";
  else if (padding !== 0 || d.bool(0.2)) fields.padding = padding;
  if (d.bool(0.3)) fields.bias = d.bool();
  const length = same ? bruteSame(input.tokens, stride) : bruteConv(input.tokens, kernel, stride, padding, dilation);
  return { fields, output: { tokens: length, features: filters } };
}

/** Pooling along a sequence: one-number windows, global (one position left) or adaptive. */
function pool1dBuilder(d: Draw, input: { readonly tokens: number; readonly features: number }, type: string): Built {
  const mode = d.pick(["window", "window", "global", "adaptive"] as const);
  if (mode === "global") return { fields: { global: true }, output: { tokens: 1, features: input.features } };
  if (mode === "adaptive") {
    const out = d.int(1, input.tokens + 2);
    return { fields: trainableless(d, type, { output: out }), output: { tokens: out, features: input.features } };
  }
  const kernel = d.int(1, Math.min(5, input.tokens));
  const stride = d.bool(0.4) ? undefined : d.int(1, 3);
  const padding = d.bool(0.5) ? d.int(0, Math.floor(kernel / 2)) : undefined;
  const ceil = d.bool(0.4);
  const fields: SpecLayer = { kernel };
  if (type === "avgpool" && d.bool(0.15)) fields.trainable = d.bool(0.8);
  if (stride !== undefined) fields.stride = stride;
  if (padding !== undefined) fields.padding = padding;
  if (ceil || d.bool(0.1)) fields.ceil = ceil;
  const length = brutePool(input.tokens, kernel, stride ?? kernel, padding ?? 0, ceil);
  return length >= 1 ? { fields, output: { tokens: length, features: input.features } } : null;
}

function convBuilder(d: Draw, input: ModelShape): Built {
  if (isSequence(input)) return conv1dBuilder(d, input);
  if (!isImage(input)) return null;
  const fields: SpecLayer = {};
  const groups = d.bool(0.3) ? d.pick(divisors(input.channels)) : 1;
  const filters = groups * d.int(1, 6);
  fields.filters = filters;
  if (groups !== 1 || d.bool(0.1)) fields.groups = groups;

  const mode = d.pick(["default", "int", "same", "valid"] as const);
  const stride = [d.int(1, 3), d.int(1, 3)] as const;
  const dilation = d.bool(0.3) ? ([d.int(1, 3), d.int(1, 3)] as const) : ([1, 1] as const);
  const padding = mode === "int" ? ([d.int(0, 3), d.int(0, 3)] as const) : ([0, 0] as const);
  const sizes = [input.height, input.width] as const;
  const kernel = [0, 1].map((axis) => {
    if (mode === "same") return d.int(1, 7); // "same" fits any kernel: out = ⌈n / s⌉
    // the dilated window d·(k − 1) + 1 must fit the padded input n + 2p
    const largest = Math.floor((sizes[axis]! + 2 * padding[axis]! - 1) / dilation[axis]!) + 1;
    return d.int(1, Math.min(7, largest));
  }) as [number, number];

  fields.kernel = pairValue(d, kernel[0], kernel[1]);
  if (stride[0] !== 1 || stride[1] !== 1 || d.bool(0.2)) fields.stride = pairValue(d, stride[0], stride[1]);
  if (dilation[0] !== 1 || dilation[1] !== 1 || d.bool(0.1)) fields.dilation = pairValue(d, dilation[0], dilation[1]);
  if (mode === "same" || mode === "valid") fields.padding = mode;
  if (mode === "int") fields.padding = pairValue(d, padding[0], padding[1]);
  if (d.bool(0.3)) fields.bias = d.bool();
  // a connection table (LeNet-5's C3) instead of groups: each output map reads a non-empty,
  // duplicate-free set of input channels
  if (groups === 1 && d.bool(0.1)) {
    fields.table = Array.from({ length: filters }, () => {
      const row = [...new Set(Array.from({ length: d.int(1, input.channels) }, () => d.int(0, input.channels - 1)))];
      return row.sort((a, b) => a - b);
    });
  }

  withPrecision(d, fields);
  withDensity(d, fields);

  const axisOut = (axis: 0 | 1) =>
    mode === "same" ? bruteSame(sizes[axis], stride[axis]) : bruteConv(sizes[axis], kernel[axis], stride[axis], padding[axis], dilation[axis]);
  return { fields, output: { width: axisOut(1), height: axisOut(0), channels: filters } };
}

/** A layer's own storage precision (mixed quantization); it changes no count. */
function withPrecision(d: Draw, fields: SpecLayer): SpecLayer {
  if (d.bool(0.1)) fields.precision = d.pick(["fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4", "int4/g128", "int8/g64", "fp8/g32"] as const);
  return fields;
}

/** Pruning shares (Han et al. 2015): a number, or { weights, inputs } with either left out; they change no count. */
function withDensity(d: Draw, fields: SpecLayer): SpecLayer {
  if (!d.bool(0.1)) return fields;
  const share = () => d.pick([1, 0.5, 0.38, 0.09, 0.001] as const);
  const form = d.pick(["number", "both", "weights", "inputs"] as const);
  fields.density = form === "number" ? share() : form === "both" ? { weights: share(), inputs: share() } : { [form]: share() };
  return fields;
}

/** Adaptive pooling cannot be trainable, but an avgpool may still carry a precision. */
function trainableless(d: Draw, type: string, fields: SpecLayer): SpecLayer {
  return type === "avgpool" ? withPrecision(d, fields) : fields;
}

function poolBuilder(d: Draw, input: ModelShape, type: string): Built {
  if (isSequence(input)) return pool1dBuilder(d, input, type);
  if (!isImage(input)) return null;
  const mode = d.pick(["window", "window", "global", "adaptive"] as const);
  // LeNet-5's trainable subsampling: only avgpool, only with windows of one size
  const trainable = (fields: SpecLayer): SpecLayer =>
    type === "avgpool" ? withPrecision(d, d.bool(0.15) ? { ...fields, trainable: d.bool(0.8) } : fields) : fields;
  if (mode === "global") return { fields: trainable({ global: true }), output: { width: 1, height: 1, channels: input.channels } };
  if (mode === "adaptive") {
    // adaptive pooling may ask for more outputs than inputs (PyTorch AdaptiveAvgPool2d)
    const out = [d.int(1, input.height + 2), d.int(1, input.width + 2)] as const;
    return { fields: trainableless(d, type, { output: pairValue(d, out[0], out[1]) }), output: { width: out[1], height: out[0], channels: input.channels } };
  }
  const sizes = [input.height, input.width] as const;
  const kernel = [d.int(1, Math.min(5, sizes[0])), d.int(1, Math.min(5, sizes[1]))] as const;
  const stride = d.bool(0.4) ? undefined : ([d.int(1, 3), d.int(1, 3)] as const);
  // PyTorch's rule: padding at most half the kernel
  const padding = d.bool(0.5) ? ([d.int(0, Math.floor(kernel[0] / 2)), d.int(0, Math.floor(kernel[1] / 2))] as const) : undefined;
  const ceil = d.bool(0.4);
  const fields: SpecLayer = trainable({ kernel: pairValue(d, kernel[0], kernel[1]) });
  if (stride) fields.stride = pairValue(d, stride[0], stride[1]);
  if (padding) fields.padding = pairValue(d, padding[0], padding[1]);
  if (ceil || d.bool(0.1)) fields.ceil = ceil;
  if (d.bool(0.1)) fields.global = false;
  const axisOut = (axis: 0 | 1) => brutePool(sizes[axis], kernel[axis], (stride ?? kernel)[axis], padding?.[axis] ?? 0, ceil);
  const output = { width: axisOut(1), height: axisOut(0), channels: input.channels };
  return output.width >= 1 && output.height >= 1 ? { fields, output } : null;
}

function denseBuilder(d: Draw, input: ModelShape): Built {
  const units = d.int(1, 40);
  const fields: SpecLayer = { units };
  if (d.bool(0.3)) fields.bias = d.bool();
  // trainable: true is the default; false (fixed parameters, LeNet-5's output layer) changes what
  // --bias adds, which the bias property assumes it does not, so only the explicit default here
  if (d.bool(0.05)) fields.trainable = true;
  withPrecision(d, fields);
  withDensity(d, fields);
  // on a sequence, at each position
  return { fields, output: isSequence(input) ? { tokens: input.tokens, features: units } : { features: units } };
}

function divisorsUpTo(n: number, max: number): number[] {
  return divisors(n).filter((k) => k <= max);
}

/** A recurrent stack on a sequence; its bias always its own (see attentionBuilder). */
function recurrentBuilder(d: Draw, input: ModelShape): Built {
  if (!isSequence(input)) return null;
  const hidden = d.int(1, 24);
  const fields: SpecLayer = { hidden, bias: d.bool() };
  if (d.bool(0.4)) fields.layers = d.int(1, 3);
  const bidirectional = d.bool(0.3);
  if (bidirectional || d.bool(0.1)) fields.bidirectional = bidirectional;
  if (d.bool(0.3)) fields.bias_vectors = d.pick([1, 2]);
  return { fields, output: { tokens: input.tokens, features: hidden * (bidirectional ? 2 : 1) } };
}

/** Attention on a sequence: heads dividing the features (or a head_dim), kv_heads dividing heads, a mask. */
function attentionBuilder(d: Draw, input: ModelShape): Built {
  if (!isSequence(input)) return null;
  const fields: SpecLayer = {};
  const withHeadDim = d.bool(0.2);
  const heads = withHeadDim ? d.int(1, 6) : d.pick(divisorsUpTo(input.features, 8));
  fields.heads = heads;
  if (withHeadDim) fields.head_dim = d.int(1, 8);
  if (d.bool(0.3)) fields.kv_heads = d.pick(divisors(heads));
  // always its own setting: one that followed the spec's would change what --bias adds, which
  // the bias property (test/cli/run.property.test.ts) counts for conv and dense only
  fields.bias = d.bool(0.5) ? d.bool() : { q: d.bool(), k: d.bool(), v: d.bool(), o: d.bool() };
  if (d.bool(0.4)) {
    fields.causal = true;
    if (d.bool(0.3)) fields.window = d.int(1, input.tokens + 2);
    if (d.bool(0.5)) fields.count = d.pick(["full", "kept"]);
  } else if (d.bool(0.1)) fields.causal = false;
  return { fields, output: input };
}

// cnnops: the modern-CNN vocabulary

/** A transposed conv on an image or a sequence; its bias always its own (see attentionBuilder). */
function convTransposeBuilder(d: Draw, input: ModelShape): Built {
  if (!isImage(input) && !isSequence(input)) return null;
  const channels = featuresOf(input);
  const groups = d.bool(0.3) ? d.pick(divisors(channels)) : 1;
  const filters = groups * d.int(1, 6);
  const fields: SpecLayer = { filters, bias: d.bool() };
  if (groups !== 1) fields.groups = groups;
  const axes = isImage(input) ? [input.height, input.width] : [input.tokens];
  const kernel = axes.map(() => d.int(1, 5));
  const stride = axes.map(() => d.int(1, 3));
  const dilation = axes.map(() => (d.bool(0.2) ? d.int(1, 2) : 1));
  const outputPadding = axes.map((_, i) => (d.bool(0.3) ? d.int(0, Math.max(stride[i]!, dilation[i]!) - 1) : 0));
  const full = axes.map((n, i) => bruteTransposed(n, kernel[i]!, stride[i]!, 0, dilation[i]!, outputPadding[i]!));
  // padding removes 2p: keep at least one position
  const padding = axes.map((_, i) => (d.bool(0.4) ? d.int(0, Math.floor((full[i]! - 1) / 2)) : 0));
  const value = (list: number[]) => (list.length === 1 ? list[0]! : pairValue(d, list[0]!, list[1]!));
  fields.kernel = value(kernel);
  if (stride.some((v) => v !== 1) || d.bool(0.2)) fields.stride = value(stride);
  if (padding.some((v) => v !== 0)) fields.padding = value(padding);
  if (outputPadding.some((v) => v !== 0)) fields.output_padding = value(outputPadding);
  if (dilation.some((v) => v !== 1)) fields.dilation = value(dilation);
  withPrecision(d, fields);
  const out = axes.map((n, i) => bruteTransposed(n, kernel[i]!, stride[i]!, padding[i]!, dilation[i]!, outputPadding[i]!));
  return { fields, output: isImage(input) ? { width: out[1]!, height: out[0]!, channels: filters } : { tokens: out[0]!, features: filters } };
}

/** Upsampling an image (or a sequence, in 1-D) by an integer scale or to a size. */
function upsampleBuilder(d: Draw, input: ModelShape): Built {
  if (!isImage(input) && !isSequence(input)) return null;
  const fields: SpecLayer = {};
  if (d.bool(0.5)) fields.mode = d.pick(["nearest", "bilinear"]);
  const bySize = d.bool(0.4);
  if (isSequence(input)) {
    const value = bySize ? d.int(1, 40) : d.int(1, 3);
    fields[bySize ? "size" : "scale"] = value;
    return { fields, output: { tokens: bySize ? value : input.tokens * value, features: input.features } };
  }
  const out = bySize ? [d.int(1, 40), d.int(1, 40)] : [d.int(1, 3), d.int(1, 3)];
  fields[bySize ? "size" : "scale"] = pairValue(d, out[0]!, out[1]!);
  const [height, width] = bySize ? out : [input.height * out[0]!, input.width * out[1]!];
  return { fields, output: { height: height!, width: width!, channels: input.channels } };
}

/** A centre crop of an image to a size that fits. */
function cropBuilder(d: Draw, input: ModelShape): Built {
  if (!isImage(input)) return null;
  const height = d.int(1, input.height);
  const width = d.int(1, input.width);
  return { fields: { size: pairValue(d, height, width) }, output: { ...input, height, width } };
}

/** Channels start to start + channels of an image, sequence or vector. */
function sliceBuilder(d: Draw, input: ModelShape): Built {
  if (isTokens(input)) return null;
  const total = featuresOf(input);
  const start = d.int(0, total - 1);
  const channels = d.int(1, total - start);
  const fields: SpecLayer = { channels };
  if (start !== 0 || d.bool(0.3)) fields.start = start;
  return { fields, output: isImage(input) ? { ...input, channels } : { ...input, features: channels } };
}

const same: Builder = (_d, input) => ({ fields: {}, output: input });

/**
 * Positions expert e of E receives, each of T positions going to k experts: the T·k pairs dealt
 * out in turn, so expert e gets one for each i < T·k with i mod E = e (docs/spec-format.md).
 */
function dealt(positions: number, experts: number, topK: number, expert: number): number {
  let count = 0;
  for (let i = 0; i < positions * topK; i++) if (i % experts === expert) count++;
  return count;
}

/** Experts and top_k for T positions, so that every expert receives at least one position. */
function routing(d: Draw, positions: number): { experts: number; topK: number } {
  const experts = d.int(1, 5);
  const topK = d.int(Math.min(experts, Math.ceil(experts / positions)), experts);
  return { experts, topK };
}

/** A dispatch on its own: the positions one expert of a mixture receives. */
function dispatchBuilder(d: Draw, input: ModelShape): Built {
  if (!isSequence(input)) return null;
  const { experts, topK } = routing(d, input.tokens);
  const expert = d.int(0, experts - 1);
  return { fields: { experts, top_k: topK, expert }, output: { tokens: dealt(input.tokens, experts, topK, expert), features: input.features } };
}

/** Every type but the merges: a type of the schema left out here fails typecheck. */
const SINGLE_BUILDERS: Readonly<Record<Exclude<SchemaLayer["type"], "concat" | "add" | "multiply" | "combine" | "split">, Builder>> = {
  conv: convBuilder,
  dense: denseBuilder,
  fc: denseBuilder,
  linear: denseBuilder,
  maxpool: poolBuilder,
  avgpool: poolBuilder,
  // affine with the scale or the shift alone (Keras's scale=False, center=False), never both off
  batchnorm: (d, input) => ({
    fields: withPrecision(d, d.bool(0.5) ? { affine: d.bool() } : d.bool(0.3) ? { affine: true, ...(d.bool() ? { scale: false } : { shift: false }) } : {}),
    output: input,
  }),
  layernorm: (d, input) => ({ fields: d.bool(0.5) ? { affine: true, shift: d.bool() } : d.bool(0.2) ? { affine: false } : {}, output: input }),
  flatten: (_d, input) => ({
    fields: {},
    output: isImage(input)
      ? { features: input.width * input.height * input.channels }
      : isSequence(input)
        ? { features: input.tokens * input.features }
        : input,
  }),
  relu: same,
  sigmoid: same,
  tanh: same,
  softmax: same,
  activation: same,
  lrn: same,
  dropout: same,
  identity: same,
  gelu: same,
  silu: same,
  swish: same,
  hardswish: same,
  hardsigmoid: same,
  relu6: same,
  mish: same,
  embedding: (d, input) => {
    if (!isTokens(input)) return null;
    const features = d.int(1, 24);
    return { fields: { vocab: d.int(1, 100), features }, output: { tokens: input.tokens, features } };
  },
  position_embedding: (_d, input) => (isSequence(input) ? { fields: {}, output: input } : null),
  class_token: (d, input) => {
    if (!isSequence(input)) return null;
    const tokens = d.bool(0.5) ? d.int(1, 3) : undefined;
    return { fields: tokens === undefined ? {} : { tokens }, output: { tokens: input.tokens + (tokens ?? 1), features: input.features } };
  },
  rmsnorm: (d, input) => ({ fields: d.bool(0.5) ? { affine: d.bool() } : {}, output: input }),
  attention: attentionBuilder,
  lstm: recurrentBuilder,
  gru: recurrentBuilder,
  rnn: recurrentBuilder,
  to_sequence: (_d, input) => (isImage(input) ? { fields: {}, output: { tokens: input.height * input.width, features: input.channels } } : null),
  mean: (_d, input) => (isSequence(input) ? { fields: {}, output: { features: input.features } } : null),
  pick: (d, input) => {
    if (!isSequence(input)) return null;
    // from 0, or counting from the end
    const fields = d.bool(0.6) ? { position: d.int(-input.tokens, input.tokens - 1) } : {};
    return { fields, output: { features: input.features } };
  },
  dispatch: dispatchBuilder,
  conv_transpose: convTransposeBuilder,
  upsample: upsampleBuilder,
  crop: cropBuilder,
  slice: sliceBuilder,
  shuffle: (d, input) => (isTokens(input) ? null : { fields: { groups: d.pick(divisors(featuresOf(input))) }, output: input }),
};
const SINGLE: Readonly<Record<string, Builder>> = SINGLE_BUILDERS;
const MERGE_TYPES: readonly string[] = ["concat", "add", "multiply"];

/** Every type name the generator can emit; the coverage test compares it with TYPE_NAMES. */
export const GENERATED_TYPES: readonly string[] = [...Object.keys(SINGLE), ...MERGE_TYPES, "combine", "split"];

/** Explicit names: never a default name (`conv3`), never "input", sometimes not ASCII. */
const NAME_STEMS = ["blk", "b", "层", "ß", "a-b", "x.y", "Conv", "stage 2"] as const;

class SpecBuilder {
  readonly layers: SpecLayer[] = [];
  readonly expected: ExpectedLayer[] = [];
  readonly tensors: Tensor[] = [];
  private readonly ordinals = new Map<string, number>();

  constructor(
    private readonly d: Draw,
    input: ModelShape,
  ) {
    this.tensors.push({ name: "input", shape: input });
  }

  get last(): Tensor {
    return this.tensors[this.tensors.length - 1]!;
  }

  /** Appends a layer; `inputs` are tensor names, left out when they are the default. */
  push(type: string, fields: SpecLayer, inputs: readonly string[], output: ModelShape, forceInputs = false): Tensor {
    const kind = canonical(type);
    const ordinal = (this.ordinals.get(kind) ?? 0) + 1;
    this.ordinals.set(kind, ordinal);
    const explicit = this.d.bool(0.3) ? `${this.d.pick(NAME_STEMS)}${this.layers.length}` : undefined;
    const name = explicit ?? `${kind}${ordinal}`;

    const layer: SpecLayer = { type };
    if (explicit !== undefined) layer.name = explicit;
    // the default input is the previous layer, which after a split is the split, not its last output
    const isDefault = inputs.length === 1 && inputs[0] === (this.expected[this.expected.length - 1]?.name ?? "input");
    if (forceInputs || !isDefault || this.d.bool(0.1)) layer.inputs = [...inputs];
    Object.assign(layer, fields);
    this.layers.push(layer);
    if (type === "embedding") this.embeddings.push({ name, vocab: fields.vocab as number, features: fields.features as number });
    const ownBias = typeof fields.bias === "boolean" && (kind === "conv" || kind === "dense") ? fields.bias : undefined;
    this.expected.push({ name, type: kind, output, ...(ownBias === undefined ? {} : { ownBias }) });
    const tensor = { name, shape: output };
    this.tensors.push(tensor);
    return tensor;
  }

  /** The input for a one-input layer: usually the previous tensor, sometimes an earlier one. */
  chooseInput(accept: (shape: ModelShape) => boolean): Tensor | undefined {
    if (accept(this.last.shape) && this.d.bool(0.75)) return this.last;
    const candidates = this.tensors.filter((t) => accept(t.shape));
    return candidates.length > 0 ? this.d.pick(candidates) : undefined;
  }

  single(type: string): boolean {
    if (type === "split") return this.split();
    const builder = SINGLE[type]!;
    const needsImage = type === "conv" || type === "maxpool" || type === "avgpool" || type === "to_sequence" || type === "conv_transpose";
    const accept =
      type === "embedding"
        ? isTokens
        : ["attention", "position_embedding", "class_token", "lstm", "gru", "rnn", "mean", "pick"].includes(type)
          ? isSequence
          : (shape: ModelShape) => !isTokens(shape) && (!needsImage || isImage(shape) || (type !== "to_sequence" && isSequence(shape)));
    const input = this.chooseInput(accept);
    if (!input) return false;
    if (canonical(type) === "dense" && this.tieDense(type, input)) return true;
    if (type === "attention" && isSequence(input.shape) && this.d.bool(0.2)) return this.crossAttention(input);
    const built = builder(this.d, input.shape, type);
    if (!built) return false;
    this.push(type, built.fields, [input.name], built.output);
    return true;
  }

  /** Embeddings met so far, for dense layers tied to them: name, vocab and features. */
  private readonly embeddings: { name: string; vocab: number; features: number }[] = [];

  /** Sometimes, a dense layer tied to an earlier embedding of the input's features (GPT-2's LM head). */
  private tieDense(type: string, input: Tensor): boolean {
    const features = featuresOf(input.shape);
    const candidates = this.embeddings.filter((e) => e.features === features && (isSequence(input.shape) || isVector(input.shape)));
    if (candidates.length === 0 || !this.d.bool(0.5)) return false;
    const tied = this.d.pick(candidates);
    const fields: SpecLayer = { units: tied.vocab, tied: tied.name };
    if (this.d.bool(0.3)) fields.bias = this.d.bool();
    const output = isSequence(input.shape) ? { tokens: input.shape.tokens, features: tied.vocab } : { features: tied.vocab };
    this.push(type, fields, [input.name], output);
    return true;
  }

  /**
   * A channel split: its outputs become tensors NAME:i that later layers read, and the split
   * itself is no tensor (reading it whole is an error).
   */
  private split(): boolean {
    const input = this.chooseInput((shape) => !isTokens(shape));
    if (!input) return false;
    const total = featuresOf(input.shape);
    const fields: SpecLayer = {};
    let sizes: number[];
    if (this.d.bool(0.5)) {
      const parts = this.d.pick(divisors(total).filter((n) => n <= 6));
      sizes = Array.from({ length: parts }, () => total / parts);
      if (parts !== 2 || this.d.bool(0.5)) fields.parts = parts;
    } else {
      sizes = [];
      for (let left = total; left > 0;) {
        const size = this.d.int(1, left);
        sizes.push(size);
        left -= size;
      }
      fields.sizes = sizes;
    }
    const split = this.push("split", fields, [input.name], input.shape);
    this.tensors.splice(this.tensors.indexOf(split), 1);
    const shape = input.shape;
    for (const [i, size] of sizes.entries()) {
      this.tensors.push({ name: `${split.name}:${i}`, shape: isImage(shape) ? { ...shape, channels: size } : { ...shape, features: size } });
    }
    return true;
  }

  /** Cross-attention: queries from `queries`, keys and values from any sequence. */
  private crossAttention(queries: Tensor): boolean {
    const keys = this.d.pick(this.tensors.filter((t) => isSequence(t.shape)));
    const built = attentionBuilder(this.d, queries.shape);
    if (!built) return false;
    const { causal: _causal, window: _window, count: _count, ...fields } = built.fields;
    this.push("attention", fields, [queries.name, keys.name], queries.shape, true);
    return true;
  }

  /**
   * A merge: concat of tensors sharing height and width (or of vectors), or add of equal
   * shapes. When fewer than two such tensors exist, branches are grown from one first.
   */
  merge(type: "concat" | "add" | "multiply"): boolean {
    const base = this.chooseInput((shape) => !isTokens(shape));
    if (!base) return false;
    const baseShape = base.shape;
    const compatible = (shape: ModelShape) =>
      type !== "concat"
        ? sameShape(shape, baseShape)
        : isImage(baseShape)
          ? isImage(shape) && shape.width === baseShape.width && shape.height === baseShape.height
          : isSequence(baseShape)
            ? isSequence(shape) && shape.tokens === baseShape.tokens
            : isVector(shape);
    const inputs: Tensor[] = [base, ...this.tensors.filter((t) => t !== base && compatible(t.shape) && this.d.bool(0.5))];
    const want = this.d.int(2, 4);
    while (inputs.length < want) inputs.push(this.branch(type, base));
    if (this.d.bool(0.1)) inputs.push(base); // the same tensor twice is allowed
    const order = this.d.bool(0.5) ? inputs : [...inputs].reverse();
    const features = order.reduce((sum, t) => sum + featuresOf(t.shape), 0);
    const output: ModelShape =
      type !== "concat"
        ? baseShape
        : isImage(baseShape)
          ? { ...baseShape, channels: features }
          : isSequence(baseShape)
            ? { tokens: baseShape.tokens, features }
            : { features };
    this.push(
      type,
      {},
      order.map((t) => t.name),
      output,
      true,
    );
    return true;
  }

  /** A whole mixture of experts, written out: a router, each expert's dispatch and dense layer, the combine. */
  mixture(): boolean {
    const input = this.chooseInput(isSequence);
    if (!input || !isSequence(input.shape)) return false;
    const { tokens, features } = input.shape;
    const { experts, topK } = routing(this.d, tokens);
    const router = this.push(this.d.pick(["dense", "fc", "linear"]), { units: experts }, [input.name], { tokens, features: experts }, true);
    const units = this.d.int(1, 12);
    const outputs: string[] = [];
    for (let e = 0; e < experts; e++) {
      const share = dealt(tokens, experts, topK, e);
      const dispatch = this.push("dispatch", { experts, top_k: topK, expert: e }, [input.name], { tokens: share, features }, true);
      outputs.push(this.push("dense", { units }, [dispatch.name], { tokens: share, features: units }, true).name);
    }
    this.push("combine", { top_k: topK }, [router.name, ...outputs], { tokens, features: units }, true);
    return true;
  }

  /** One layer from `base` whose output can merge with it: same shape for add, same H and W for concat. */
  private branch(type: "concat" | "add" | "multiply", base: Tensor): Tensor {
    const d = this.d;
    const shape = base.shape;
    const choice = d.int(0, 2);
    if (choice === 0) return this.push(d.pick(["relu", "identity", "dropout", "batchnorm"]), {}, [base.name], shape, true);
    if (isImage(shape)) {
      // a stride-1 conv with "same" padding keeps height and width: ⌈n / 1⌉ = n
      const filters = type !== "concat" ? shape.channels : d.int(1, 6);
      const kernel = d.pick([1, 3, 5]);
      const fields: SpecLayer = { filters, kernel: choice === 1 ? kernel : [kernel, 1], padding: "same" };
      return this.push("conv", fields, [base.name], { ...shape, channels: filters }, true);
    }
    const units = type === "concat" ? d.int(1, 20) : featuresOf(shape);
    const output = isSequence(shape) ? { tokens: shape.tokens, features: units } : { features: units };
    return this.push(d.pick(["dense", "fc", "linear"]), { units }, [base.name], output, true);
  }
}

function inputShape(d: Draw): { field: Record<string, number>; shape: ModelShape } {
  const kind = d.pick(["whc", "size", "size", "features", "sequence", "signal", "tokens"] as const);
  if (kind === "tokens") {
    const tokens = d.int(1, 40);
    return { field: { tokens }, shape: { tokens } };
  }
  if (kind === "sequence" || kind === "signal") {
    // two spellings of one shape; reports write { tokens, features }
    const tokens = d.int(1, 40);
    const features = d.int(1, 24);
    return { field: kind === "sequence" ? { tokens, features } : { length: tokens, channels: features }, shape: { tokens, features } };
  }
  if (kind === "features") {
    const features = d.int(1, 64);
    return { field: { features }, shape: { features } };
  }
  const channels = d.int(1, 8);
  if (kind === "size") {
    const size = d.int(1, 40);
    return { field: { size, channels }, shape: { width: size, height: size, channels } };
  }
  const width = d.int(1, 40);
  const height = d.int(1, 40);
  return { field: { width, height, channels }, shape: { width, height, channels } };
}

const PUBLISHED_METRICS = ["units", "weights", "biases", "connections", "flops"] as const;

/** A published source with random figures (so `check` may pass or fail) and errata for some of its cells. */
function publishedSource(d: Draw, layers: readonly ExpectedLayer[]): Record<string, unknown> {
  const figure = () => (d.bool(0.7) ? d.int(0, 100000) : `${d.int(0, 999)}${d.bool() ? `.${d.int(0, 9)}` : ""}${d.pick(["K", "M", "B", "G", "T"])}`);
  const cells = () => {
    const out: Record<string, unknown> = {};
    for (const metric of PUBLISHED_METRICS) if (d.bool(0.3)) out[metric] = figure();
    return out;
  };
  const source: Record<string, unknown> = { source: `paper ${d.int(1, 99)}` };
  const addresses: string[] = [];
  const collect = (prefix: string, figures: Record<string, unknown>) => {
    for (const metric of Object.keys(figures)) addresses.push(`${prefix}.${metric}`);
    return figures;
  };
  if (d.bool(0.3)) source.bias = d.bool();
  if (d.bool(0.2)) source.conventions = d.bool(0.8) ? ["bias-connections"] : [];
  if (d.bool(0.3)) source.tolerance = d.pick([0, 0.01, 0.05, 0.5]);
  if (d.bool(0.6)) {
    const named: Record<string, unknown> = {};
    for (const layer of layers) if (d.bool(0.3)) named[layer.name] = collect(`layers.${layer.name}`, cells());
    source.layers = named;
  }
  // figures of block uses: the generated layers use no blocks (and their names may not share a
  // dotted prefix), so the map is empty; test/check/block-cells.test.ts checks real ones
  if (d.bool(0.1)) source.blocks = {};
  if (d.bool(0.4)) {
    const subtotals: Record<string, unknown> = {};
    for (const group of ["conv", "dense", "other"]) if (d.bool(0.5)) subtotals[group] = collect(`subtotals.${group}`, cells());
    source.subtotals = subtotals;
  }
  if (d.bool(0.5)) source.totals = collect("totals", cells());
  const errata = addresses.filter(() => d.bool(0.2)).map((at) => ({ at, note: "printed differently" }));
  if (errata.length > 0 || d.bool(0.1)) source.errata = errata;
  return source;
}

/** Builds one valid spec from a source of random choices. */
export function buildSpec(d: Draw, options: { maxLayers?: number; published?: boolean } = {}): GeneratedSpec {
  const { field, shape } = inputShape(d);
  const builder = new SpecBuilder(d, shape);
  const count = d.int(1, options.maxLayers ?? 10);
  while (builder.layers.length < count) {
    const type = d.pick(TYPE_NAMES);
    if (MERGE_TYPES.includes(type)) builder.merge(type as "concat" | "add" | "multiply");
    else if (type === "combine") builder.mixture();
    else if (SINGLE[type]) builder.single(type);
    else if (SINGLE[type] || type === "split") builder.single(type);
    else throw new Error(`the spec generator does not know layer type "${type}": teach test/support/spec-arbitrary.ts`);
  }

  const spec: Record<string, unknown> = {};
  if (d.bool(0.1)) spec.$schema = "../schema/alexcount.schema.json";
  spec.name = d.pick(["net", "AlexNet-ish", "réseau", "a net: with a colon", "# not a comment"]);
  if (d.bool(0.2)) spec.description = "generated";
  if (d.bool(0.2)) spec.source = d.bool() ? "somewhere" : ["one", "two"];
  spec.input = field;
  if (d.bool(0.5)) spec.bias = d.bool();
  // a block defined and never used is valid (blocks are docs/spec-format.md's extension)
  if (d.bool(0.1)) spec.blocks = { unused: { params: { width: 4 }, layers: [{ type: "conv", filters: "$width", kernel: 1 }] } };
  spec.layers = builder.layers;
  if (options.published ?? d.bool(0.2)) spec.published = Array.from({ length: d.int(1, 2) }, () => publishedSource(d, builder.expected));
  return { spec, layers: builder.expected };
}

/** A valid spec, as a fast-check arbitrary. */
export function specArbitrary(options: { maxLayers?: number; published?: boolean } = {}): fc.Arbitrary<GeneratedSpec> {
  return fc.gen().map((g) => buildSpec(drawFrom(g), options));
}
