// The typed network the core computes on: plain data, already validated for form by the spec
// loader. Everything that depends on shapes (does `groups` divide the channels? is the output
// at least 1?) is checked here, in the core, because only the core knows the shapes.

import type { Precision } from "./dtypes.js";
import type { Density } from "./pruning.js";

/** An image-like tensor, height × width × channels. */
export interface ImageShape {
  readonly kind: "image";
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}

/** A flat vector. */
export interface VectorShape {
  readonly kind: "vector";
  readonly features: number;
}

/**
 * A sequence: positions (tokens, time steps, samples) × features (channels) at each. Spelt
 * `{ tokens, features }` or, for a 1-D signal, `{ length, channels }` (docs/spec-format.md).
 */
export interface SequenceShape {
  readonly kind: "sequence";
  readonly length: number;
  readonly features: number;
}

/** Token ids: `length` integers, readable only by an embedding (spelt `{ tokens }`). */
export interface TokensShape {
  readonly kind: "tokens";
  readonly length: number;
}

export type Shape = ImageShape | VectorShape | SequenceShape | TokensShape;

/** A per-axis pair, [height, width], as PyTorch orders kernel_size and stride. */
export type Pair = readonly [height: number, width: number];

interface LayerBase {
  /** Unique; resolved by the loader (explicit, or canonical type + ordinal). */
  readonly name: string;
  /** Names of earlier layers or "input"; resolved by the loader (default: the previous layer). */
  readonly inputs: readonly string[];
  /** How this layer's weights are stored (mixed quantization); absent: the run's --dtype. */
  readonly precision?: Precision;
  /** Pruning (conv and dense): the share of weights kept and of non-zero inputs; absent: dense. */
  readonly density?: Density;
}

export interface ConvLayer extends LayerBase {
  readonly type: "conv";
  readonly filters: number;
  readonly kernel: Pair;
  readonly stride: Pair;
  /** Explicit zero padding per side, or TensorFlow-style "same" (output = ⌈n / s⌉). */
  readonly padding: Pair | "same";
  readonly dilation: Pair;
  readonly groups: number;
  /**
   * A connection table: entry m lists the input channels that output map m reads (LeCun et
   * al. 1998, Table I: LeNet-5's C3 links 60 of the 96 S2-map/C3-map pairs). Absent: map m
   * reads the C/groups channels of its group. A table generalizes groups (groups is the
   * block-diagonal table), so it lives on the conv member rather than a member of its own:
   * the output size rule and every other field are the same; only the fan-in differs.
   */
  readonly table?: readonly (readonly number[])[];
  /** The layer's own setting; absent means it follows `Network.bias`. */
  readonly bias?: boolean;
}

export interface DenseLayer extends LayerBase {
  readonly type: "dense";
  readonly units: number;
  /** The layer's own setting; absent means it follows `Network.bias`. */
  readonly bias?: boolean;
  /**
   * false: the parameters are fixed, not learned, so `weights` does not count them (LeNet-5's
   * output RBF units, whose prototypes "were chosen by hand and kept fixed"). Default true.
   */
  readonly trainable?: boolean;
}

/** How a pooling layer chooses its windows. */
export type PoolWindow =
  | { readonly kind: "window"; readonly kernel: Pair; readonly stride: Pair; readonly padding: Pair; readonly ceil: boolean }
  | { readonly kind: "global" }
  | { readonly kind: "adaptive"; readonly output: Pair };

export interface PoolLayer extends LayerBase {
  readonly type: "maxpool" | "avgpool";
  readonly window: PoolWindow;
  /**
   * avgpool only: each output map scales its window sum by a learned coefficient and adds a
   * learned bias (LeNet-5's subsampling layers S2 and S4, LeCun et al. 1998 §II-B). It keeps
   * the pooling member because the windows and the output size are exactly a pool's.
   */
  readonly trainable?: boolean;
}

export interface BatchNormLayer extends LayerBase {
  readonly type: "batchnorm";
  readonly affine: boolean;
}

export interface FlattenLayer extends LayerBase {
  readonly type: "flatten";
}

export interface ConcatLayer extends LayerBase {
  readonly type: "concat";
}

export interface AddLayer extends LayerBase {
  readonly type: "add";
}

/** The types whose output is their input and that cost nothing. */
export const ELEMENTWISE_TYPES = ["relu", "sigmoid", "tanh", "softmax", "activation", "lrn", "dropout", "identity"] as const;
export type ElementwiseType = (typeof ELEMENTWISE_TYPES)[number];

export interface ElementwiseLayer extends LayerBase {
  readonly type: ElementwiseType;
}

export type Layer = ConvLayer | DenseLayer | PoolLayer | BatchNormLayer | FlattenLayer | ConcatLayer | AddLayer | ElementwiseLayer;

export type LayerType = Layer["type"];

export const LAYER_TYPES = [
  "conv",
  "dense",
  "maxpool",
  "avgpool",
  "batchnorm",
  "flatten",
  "concat",
  "add",
  ...ELEMENTWISE_TYPES,
] as const satisfies readonly LayerType[];

/** Subtotals group layers by kind (contract §1): conv, dense, and everything else, in this order. */
export const KINDS = ["conv", "dense", "other"] as const;
export type Kind = (typeof KINDS)[number];

export function kindOf(type: LayerType): Kind {
  return type === "conv" || type === "dense" ? type : "other";
}

/**
 * Counting rules a published source may have followed, applied when checking that source
 * (docs/spec-format.md, "Conventions"):
 *   bias-connections  a bias is one more connection of the unit it feeds (LeCun et al. 1998)
 */
export const CONVENTIONS = ["bias-connections"] as const;
export type Convention = (typeof CONVENTIONS)[number];

export interface Network {
  readonly name: string;
  readonly input: Shape;
  /** The spec-level bias setting in force (after --bias / --no-bias); layers may override it. */
  readonly bias: boolean;
  readonly layers: readonly Layer[];
}
