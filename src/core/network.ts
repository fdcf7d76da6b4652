// The typed network the core computes on: plain data, already validated for form by the spec
// loader, and the one table of facts per layer type (LAYER_TYPE_FACTS). Everything that depends
// on shapes (does `groups` divide the channels? is the output at least 1?) is checked in the
// core, because only the core knows the shapes.

import type { Precision } from "./dtypes.js";

/** A share, exact: num / den, den ≥ 1 (pruning.ts computes with it). */
export interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

export interface Density {
  /** The share of the layer's weights kept (its biases are kept whole). */
  readonly weights: Fraction;
  /** The share of its inputs that are not zero (after a ReLU, say); connections scale by both. */
  readonly inputs: Fraction;
}

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

export type Shape = ImageShape | VectorShape;

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

/**
 * Layer normalization (Ba, Kiros and Hinton 2016), over the last dimension: the channels of an
 * image, the features of a vector. With `affine`, a learned scale γ per value of that
 * dimension, and with `shift` a learned shift β as well (PyTorch nn.LayerNorm's
 * elementwise_affine and bias).
 */
export interface LayerNormLayer extends LayerBase {
  readonly type: "layernorm";
  readonly affine: boolean;
  /** The shift β; there is none without `affine`. */
  readonly shift: boolean;
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

/** The types whose output is their input and that cost nothing (LAYER_TYPE_FACTS marks them element-wise). */
export type ElementwiseType = "relu" | "sigmoid" | "tanh" | "softmax" | "activation" | "lrn" | "dropout" | "identity";

export interface ElementwiseLayer extends LayerBase {
  readonly type: ElementwiseType;
}

export type Layer = ConvLayer | DenseLayer | PoolLayer | BatchNormLayer | LayerNormLayer | FlattenLayer | ConcatLayer | AddLayer | ElementwiseLayer;

export type LayerType = Layer["type"];

/** Subtotals group layers (contract §1): conv, dense, and everything else, in this order. */
export const KINDS = ["conv", "dense", "other"] as const;
export type Kind = (typeof KINDS)[number];

/** What the rest of alexcount needs to know of a layer type, besides its fields and its cost. */
interface LayerTypeFacts<T extends LayerType> {
  /** The subtotal it counts in. */
  readonly group: Kind;
  /** One input, output shape equal to it, costs nothing: an ElementwiseType. */
  readonly elementwise: T extends ElementwiseType ? true : false;
}

/**
 * The one table of layer types, in the order the contract lists them. A member of `Layer` with
 * no row here, or a row that disagrees with ElementwiseType, is a compiler error in this file.
 */
export const LAYER_TYPE_FACTS: { readonly [T in LayerType]: LayerTypeFacts<T> } = {
  conv: { group: "conv", elementwise: false },
  dense: { group: "dense", elementwise: false },
  maxpool: { group: "other", elementwise: false },
  avgpool: { group: "other", elementwise: false },
  batchnorm: { group: "other", elementwise: false },
  layernorm: { group: "other", elementwise: false },
  flatten: { group: "other", elementwise: false },
  concat: { group: "other", elementwise: false },
  add: { group: "other", elementwise: false },
  relu: { group: "other", elementwise: true },
  sigmoid: { group: "other", elementwise: true },
  tanh: { group: "other", elementwise: true },
  softmax: { group: "other", elementwise: true },
  activation: { group: "other", elementwise: true },
  lrn: { group: "other", elementwise: true },
  dropout: { group: "other", elementwise: true },
  identity: { group: "other", elementwise: true },
};

export const LAYER_TYPES = Object.keys(LAYER_TYPE_FACTS) as readonly LayerType[];

/** The element-wise types, in the table's order (a non-empty list, as zod's enum wants). */
export const ELEMENTWISE_TYPES = LAYER_TYPES.filter((type): type is ElementwiseType => LAYER_TYPE_FACTS[type].elementwise) as unknown as readonly [
  ElementwiseType,
  ...ElementwiseType[],
];

export function kindOf(type: LayerType): Kind {
  return LAYER_TYPE_FACTS[type].group;
}

export function isElementwise(layer: Layer): layer is ElementwiseLayer {
  return LAYER_TYPE_FACTS[layer.type].elementwise;
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

/** A problem found while computing; `layer` indexes `network.layers` (absent: the whole network), `field` is relative to it. */
export interface CoreIssue {
  readonly layer?: number;
  readonly field?: string;
  readonly message: string;
}
