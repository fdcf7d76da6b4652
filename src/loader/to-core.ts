// Conversion of validated spec values to the core's types: a layer as the schema read it, with
// its name and inputs resolved by expand.ts, becomes a core Layer; the spec's input a Shape.
// The checks that need more than one field of a valid layer (a pool's window fields) are here.

import {
  type AttentionLayer,
  type RecurrentLayer,
  type BatchNormLayer,
  type ConvLayer,
  type ConvTransposeLayer,
  type UpsampleLayer,
  type Density,
  type DenseLayer,
  type ElementwiseType,
  type Layer,
  type Pair,
  type PoolLayer,
  type PoolWindow,
  type Shape,
  LAYER_TYPE_FACTS,
} from "../core/network.js";
import { assertNever } from "../core/costs.js";
import { parsePrecision } from "../core/dtypes.js";
import { WHOLE, fractionOf } from "../core/pruning.js";
import type { PathSegment } from "./problems.js";
import type { SpecHeader, SpecLayer } from "./schema.js";

/** Reports a problem at `field` of the layer being converted; `key`: at the field's name. */
export type FieldProblem = (field: PathSegment, message: string) => void;

export function toShape(shape: SpecHeader["input"]): Shape {
  // a sequence, spelt for tokens or for a 1-D signal; tokens alone are token ids
  if ("tokens" in shape)
    return "features" in shape ? { kind: "sequence", length: shape.tokens, features: shape.features } : { kind: "tokens", length: shape.tokens };
  if ("length" in shape) return { kind: "sequence", length: shape.length, features: shape.channels };
  if ("features" in shape) return { kind: "vector", features: shape.features };
  if ("size" in shape) return { kind: "image", width: shape.size, height: shape.size, channels: shape.channels };
  return { kind: "image", width: shape.width, height: shape.height, channels: shape.channels };
}

function toPair(value: number | readonly [number, number]): Pair {
  return typeof value === "number" ? [value, value] : [value[0], value[1]];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function isElementwiseEntry(layer: SpecLayer): layer is Extract<SpecLayer, { type: ElementwiseType }> {
  return (LAYER_TYPE_FACTS as Partial<Record<string, { elementwise: boolean }>>)[layer.type]?.elementwise === true;
}

/** The core layer for a valid spec layer; problems of field combinations go to `problem`. */
export function toLayer(layer: SpecLayer, name: string, inputs: readonly string[], problem: FieldProblem): Layer {
  // the element-wise types have no fields of their own
  if (isElementwiseEntry(layer)) return { name, inputs, type: layer.type };
  // optional fields are assigned only when given, so that they stay absent
  switch (layer.type) {
    case "conv": {
      const conv: Mutable<ConvLayer> = {
        name,
        inputs,
        type: "conv",
        filters: layer.filters,
        kernel: toPair(layer.kernel),
        stride: toPair(layer.stride ?? 1),
        padding: layer.padding === "same" ? "same" : toPair(layer.padding === "valid" || layer.padding === undefined ? 0 : layer.padding),
        dilation: toPair(layer.dilation ?? 1),
        groups: layer.groups ?? 1,
      };
      if (layer.table !== undefined) conv.table = layer.table;
      if (layer.bias !== undefined) conv.bias = layer.bias;
      if (layer.precision !== undefined) conv.precision = parsePrecision(layer.precision)!; // the schema checked it
      if (layer.density !== undefined) conv.density = toDensity(layer.density);
      return conv;
    }
    case "dense":
    case "fc":
    case "linear": {
      const dense: Mutable<DenseLayer> = { name, inputs, type: "dense", units: layer.units };
      if (layer.bias !== undefined) dense.bias = layer.bias;
      if (layer.trainable !== undefined) dense.trainable = layer.trainable;
      if (layer.precision !== undefined) dense.precision = parsePrecision(layer.precision)!;
      if (layer.density !== undefined) dense.density = toDensity(layer.density);
      if (layer.tied !== undefined) dense.tied = layer.tied;
      return dense;
    }
    case "maxpool":
      return { name, inputs, type: "maxpool", window: toPoolWindow(layer, problem) };
    case "avgpool": {
      const pool: Mutable<PoolLayer> = { name, inputs, type: "avgpool", window: toPoolWindow(layer, problem) };
      if (layer.trainable) pool.trainable = true;
      if (layer.precision !== undefined) pool.precision = parsePrecision(layer.precision)!;
      return pool;
    }
    case "batchnorm": {
      const norm: Mutable<BatchNormLayer> = { name, inputs, type: "batchnorm", affine: layer.affine ?? true };
      if (layer.scale !== undefined || layer.shift !== undefined) {
        if (!norm.affine)
          problem(layer.scale !== undefined ? "scale" : "shift", "the scale and the shift are the affine transform: remove them, or set affine: true");
        else if (layer.scale === false && layer.shift === false) problem("scale", "no scale and no shift is affine: false");
        else {
          if (layer.scale === false) norm.scale = false;
          if (layer.shift === false) norm.shift = false;
        }
      }
      if (layer.precision !== undefined) norm.precision = parsePrecision(layer.precision)!;
      return norm;
    }
    case "layernorm": {
      const affine = layer.affine ?? true;
      if (!affine && layer.shift) problem("shift", "the shift is part of the affine transform: remove shift, or set affine: true");
      return { name, inputs, type: "layernorm", affine, shift: affine && (layer.shift ?? true) };
    }
    case "flatten":
    case "concat":
    case "add":
    case "position_embedding":
    case "multiply":
      return { name, inputs, type: layer.type };
    case "embedding":
      return { name, inputs, type: "embedding", vocab: layer.vocab, features: layer.features };
    case "class_token":
      return { name, inputs, type: "class_token", tokens: layer.tokens ?? 1 };
    case "rmsnorm":
      return { name, inputs, type: "rmsnorm", affine: layer.affine ?? true };
    case "lstm":
    case "gru":
    case "rnn": {
      const recurrent: Mutable<RecurrentLayer> = {
        name,
        inputs,
        type: layer.type,
        hidden: layer.hidden,
        layers: layer.layers ?? 1,
        bidirectional: layer.bidirectional ?? false,
        biasVectors: layer.bias_vectors ?? 2,
      };
      if (layer.bias !== undefined) recurrent.bias = layer.bias;
      return recurrent;
    }
    case "attention": {
      const attention: Mutable<AttentionLayer> = {
        name,
        inputs,
        type: "attention",
        heads: layer.heads,
        causal: layer.causal ?? false,
        count: layer.count ?? "full",
      };
      if (layer.kv_heads !== undefined) attention.kvHeads = layer.kv_heads;
      if (layer.head_dim !== undefined) attention.headDim = layer.head_dim;
      if (layer.bias !== undefined) attention.bias = layer.bias;
      if (layer.window !== undefined) attention.window = layer.window;
      return attention;
    }
    case "to_sequence":
    case "mean":
      return { name, inputs, type: layer.type };
    case "pick":
      return { name, inputs, type: "pick", position: layer.position ?? 0 };
    case "dispatch":
      return { name, inputs, type: "dispatch", experts: layer.experts, topK: layer.top_k, expert: layer.expert };
    case "combine":
      return { name, inputs, type: "combine", topK: layer.top_k };
    case "conv_transpose": {
      const transposed: Mutable<ConvTransposeLayer> = {
        name,
        inputs,
        type: "conv_transpose",
        filters: layer.filters,
        kernel: toPair(layer.kernel),
        stride: toPair(layer.stride ?? 1),
        padding: toPair(layer.padding ?? 0),
        outputPadding: toPair(layer.output_padding ?? 0),
        dilation: toPair(layer.dilation ?? 1),
        groups: layer.groups ?? 1,
      };
      if (layer.bias !== undefined) transposed.bias = layer.bias;
      if (layer.precision !== undefined) transposed.precision = parsePrecision(layer.precision)!;
      return transposed;
    }
    case "upsample": {
      const upsample: Mutable<UpsampleLayer> = { name, inputs, type: "upsample", mode: layer.mode ?? "nearest" };
      if (layer.scale !== undefined && layer.size !== undefined) problem("size", "give either scale or size, not both");
      if (layer.scale === undefined && layer.size === undefined) problem("scale", 'missing required field "scale" (or size)');
      if (layer.size !== undefined) upsample.size = toPair(layer.size);
      else upsample.scale = toPair(layer.scale ?? 1);
      return upsample;
    }
    case "crop":
      return layer.size === undefined ? { name, inputs, type: "crop" } : { name, inputs, type: "crop", size: toPair(layer.size) };
    case "split":
      if (layer.parts !== undefined && layer.sizes !== undefined) problem("sizes", "give either parts or sizes, not both");
      return layer.sizes !== undefined ? { name, inputs, type: "split", sizes: layer.sizes } : { name, inputs, type: "split", parts: layer.parts ?? 2 };
    case "slice":
      return { name, inputs, type: "slice", start: layer.start ?? 0, channels: layer.channels };
    case "shuffle":
      return { name, inputs, type: "shuffle", groups: layer.groups };
    default:
      return assertNever(layer);
  }
}

/** A spec's `density`: a number is the share of weights kept; an object may give the share of non-zero inputs too. */
function toDensity(density: number | { weights?: number | undefined; inputs?: number | undefined }): Density {
  if (typeof density === "number") return { weights: fractionOf(density), inputs: WHOLE };
  return {
    weights: density.weights === undefined ? WHOLE : fractionOf(density.weights),
    inputs: density.inputs === undefined ? WHOLE : fractionOf(density.inputs),
  };
}

type SpecPool = Extract<SpecLayer, { type: "maxpool" | "avgpool" }>;

function toPoolWindow(layer: SpecPool, problem: FieldProblem): PoolWindow {
  if (layer.global && layer.output !== undefined) problem("output", "give either global: true or output, not both");
  if (layer.global || layer.output !== undefined) {
    for (const field of ["kernel", "stride", "padding", "ceil"] as const) {
      if (layer[field] !== undefined) problem(field, `${layer.global ? "global" : "adaptive"} pooling chooses its own windows: remove ${field}`);
    }
    return layer.global ? { kind: "global" } : { kind: "adaptive", output: toPair(layer.output!) };
  }
  if (layer.kernel === undefined) {
    problem("kernel", 'missing required field "kernel" (or set global: true, or output for adaptive pooling)');
    return { kind: "global" };
  }
  const kernel = toPair(layer.kernel);
  return {
    kind: "window",
    kernel,
    stride: layer.stride === undefined ? kernel : toPair(layer.stride),
    padding: toPair(layer.padding ?? 0),
    ceil: layer.ceil ?? false,
  };
}
