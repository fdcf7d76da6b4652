// The typed network the core computes on: plain data, already validated for form by the spec
// loader, and the one table of facts per layer type (LAYER_TYPE_FACTS). Everything that depends
// on shapes (does `groups` divide the channels? is the output at least 1?) is checked in the
// core, because only the core knows the shapes.

import type { Precision } from "./dtypes.js";
import {
  byKind,
  connectionTable,
  count,
  type FieldRule,
  flag,
  oneOf,
  optional,
  optionalFlag,
  optionalLayerName,
  pair,
  padding,
  projectionBias,
  integer,
  whole,
  countList,
  exactlyOneOf,
} from "./layer-fields.js";

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
  /**
   * The embedding layer whose table this layer's weight matrix is (GPT-2's LM head): the
   * matrix counts no weights here, its multiply–accumulates count in full.
   */
  readonly tied?: string;
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
  /**
   * With `affine`, whether the learned scale γ and the learned shift β are there (absent: yes).
   * Keras's BatchNormalization(scale=False) has β alone, (center=False) γ alone.
   */
  readonly scale?: boolean;
  readonly shift?: boolean;
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
export type ElementwiseType =
  | "relu"
  | "sigmoid"
  | "tanh"
  | "softmax"
  | "activation"
  | "lrn"
  | "dropout"
  | "identity"
  // the activations of transformers and modern CNNs: free element-wise functions, as FlopCounterMode and fvcore count them
  | "gelu"
  | "silu"
  | "swish"
  | "hardswish"
  | "hardsigmoid"
  | "relu6"
  | "mish";

export interface ElementwiseLayer extends LayerBase {
  readonly type: ElementwiseType;
}

/** A lookup table of `vocab` rows of `features`: token ids in, a sequence out. */
export interface EmbeddingLayer extends LayerBase {
  readonly type: "embedding";
  readonly vocab: number;
  readonly features: number;
}

/** A learned T×F tensor added to a sequence (BERT's, GPT-2's and ViT's position embeddings). */
export interface PositionEmbeddingLayer extends LayerBase {
  readonly type: "position_embedding";
}

/** `tokens` learned vectors prepended to a sequence (ViT's class token). */
export interface ClassTokenLayer extends LayerBase {
  readonly type: "class_token";
  readonly tokens: number;
}

/** Root-mean-square normalization: a learned scale per feature when affine (Zhang & Sennrich 2019). */
export interface RmsNormLayer extends LayerBase {
  readonly type: "rmsnorm";
  readonly affine: boolean;
}

/** The q, k, v and output projections of attention, for a bias setting per projection. */
const PROJECTIONS = ["q", "k", "v", "o"] as const;
export type Projection = (typeof PROJECTIONS)[number];

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017): self-attention on one input,
 * cross-attention with queries from the first input and keys and values from the second.
 */
export interface AttentionLayer extends LayerBase {
  readonly type: "attention";
  readonly heads: number;
  /** Key and value heads: fewer than `heads` is grouped-query attention, 1 multi-query. Default heads. */
  readonly kvHeads?: number;
  /** Default: the query features / heads. */
  readonly headDim?: number;
  /** One setting for every projection, or one per projection; absent ones follow `Network.bias`. */
  readonly bias?: boolean | Readonly<Partial<Record<Projection, boolean>>>;
  /** Each position attends to itself and earlier ones (a decoder's mask). */
  readonly causal: boolean;
  /** Causal, and each position attends to the last `window` positions only (sliding window). */
  readonly window?: number;
  /**
   * "full": QKᵀ and the weighted sum of values over full T×T matrices, masked or not, as
   * FlopCounterMode and Hoffmann et al. 2022 (App. F) count; "kept": the entries a causal mask
   * or window keeps.
   */
  readonly count: "full" | "kept";
}

/** Element-wise product of its inputs, broadcasting a channel vector (squeeze-excitation, gated MLPs). */
export interface MultiplyLayer extends LayerBase {
  readonly type: "multiply";
}

/** A stack of LSTM, GRU or plain RNN layers over a sequence, returning every step's output. */
export interface RecurrentLayer extends LayerBase {
  readonly type: "lstm" | "gru" | "rnn";
  readonly hidden: number;
  readonly layers: number;
  readonly bidirectional: boolean;
  /** Bias vectors per gate block: 2 in PyTorch (b_ih and b_hh), 1 in Keras. */
  readonly biasVectors: 1 | 2;
  /** The layer's own setting; absent means it follows `Network.bias`. */
  readonly bias?: boolean;
}

/**
 * An image read as a sequence: its H·W positions, row by row, of C features each (ViT's patch
 * grid after its patchifying convolution; PyTorch's x.flatten(2).transpose(1, 2)).
 */
export interface ToSequenceLayer extends LayerBase {
  readonly type: "to_sequence";
}

/** A sequence to one vector: the mean of its positions (mean pooling over tokens). */
export interface MeanLayer extends LayerBase {
  readonly type: "mean";
}

/** A sequence to one vector: the features at one position (BERT's and ViT's class token, x[:, 0]). */
export interface PickLayer extends LayerBase {
  readonly type: "pick";
  /** From 0; a negative position counts from the end, as Python's indexing (−1: the last). */
  readonly position: number;
}

/**
 * Mixture of experts (Shazeer et al. 2017; GShard's dispatch and combine, Lepikhin et al. 2020):
 * the positions a router sends to expert `expert` of `experts`, each position going to `topK`
 * of them. Balanced routing, made exact: the T·k (position, choice) pairs are dealt to the
 * experts in turn, so expert e receives ⌊(T·k + E − 1 − e) / E⌋ positions. Free: a gather.
 */
export interface DispatchLayer extends LayerBase {
  readonly type: "dispatch";
  readonly experts: number;
  readonly topK: number;
  readonly expert: number;
}

/**
 * The experts' outputs gathered back to every position, each weighted by its router
 * probability: inputs are the router's logits (T×E), then the E experts' outputs. Free, as
 * element-wise products and sums are.
 */
export interface CombineLayer extends LayerBase {
  readonly type: "combine";
  readonly topK: number;
}

// cnnops: the modern-CNN vocabulary (transposed convolution, upsampling, crops, channel splits and shuffles)

/**
 * Transposed convolution (PyTorch ConvTranspose2d, ConvTranspose1d on a sequence): the
 * gradient of a conv, used to upsample with learned weights (U-Net's up-convolutions).
 */
export interface ConvTransposeLayer extends LayerBase {
  readonly type: "conv_transpose";
  readonly filters: number;
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  /** Added to one side of the output (PyTorch's output_padding): smaller than the stride or the dilation. */
  readonly outputPadding: Pair;
  readonly dilation: Pair;
  readonly groups: number;
  /** The layer's own setting; absent means it follows `Network.bias`. */
  readonly bias?: boolean;
}

/** Resizing without weights (PyTorch nn.Upsample): by an integer `scale` per axis, or to a `size`. */
export interface UpsampleLayer extends LayerBase {
  readonly type: "upsample";
  readonly mode: "nearest" | "bilinear";
  /** Exactly one of scale and size. */
  readonly scale?: Pair;
  readonly size?: Pair;
}

/**
 * A centre crop of an image to `size` (the original U-Net's crop of its skip connections,
 * Ronneberger et al. 2015 §2), or, without size, to the height and width of a second input.
 */
export interface CropLayer extends LayerBase {
  readonly type: "crop";
  readonly size?: Pair;
}

/**
 * Channels cut into consecutive parts (torch.split / chunk on the channel axis): `sizes`, or
 * `parts` equal parts. A later layer reads part i as `NAME:i`.
 */
export interface SplitLayer extends LayerBase {
  readonly type: "split";
  /** Exactly one of parts and sizes. */
  readonly parts?: number;
  readonly sizes?: readonly number[];
}

/** `channels` consecutive channels from `start` (counting from 0): x[:, start:start + channels]. */
export interface SliceLayer extends LayerBase {
  readonly type: "slice";
  readonly start: number;
  readonly channels: number;
}

/** ShuffleNet's channel shuffle (Zhang et al. 2018): channels regrouped across `groups`; free. */
export interface ShuffleLayer extends LayerBase {
  readonly type: "shuffle";
  readonly groups: number;
}

export type Layer =
  | ConvLayer
  | DenseLayer
  | PoolLayer
  | BatchNormLayer
  | LayerNormLayer
  | FlattenLayer
  | ConcatLayer
  | AddLayer
  | ElementwiseLayer
  | EmbeddingLayer
  | PositionEmbeddingLayer
  | ClassTokenLayer
  | RmsNormLayer
  | AttentionLayer
  | MultiplyLayer
  | RecurrentLayer
  | ToSequenceLayer
  | MeanLayer
  | PickLayer
  | DispatchLayer
  | CombineLayer
  | ConvTransposeLayer
  | UpsampleLayer
  | CropLayer
  | SplitLayer
  | SliceLayer
  | ShuffleLayer;

export type LayerType = Layer["type"];

/**
 * Subtotals group layers: the kinds of contract §1 (conv, dense, other), which CNNs keep as they
 * were (batchnorm and layernorm stay in `other`), and the groups of sequence models: attention,
 * recurrent layers, embeddings (tables, position embeddings, class tokens) and their norms
 * (rmsnorm). A gated MLP's projections are dense.
 */
export const KINDS = ["conv", "dense", "attention", "recurrent", "embedding", "norm", "other"] as const;
export type Kind = (typeof KINDS)[number];

/** What the rest of alexcount needs to know of a layer type, besides its cost and its spec schema. */
interface LayerTypeFacts<T extends LayerType> {
  /** The subtotal it counts in. */
  readonly group: Kind;
  /** One input, output shape equal to it, costs nothing: an ElementwiseType. */
  readonly elementwise: T extends ElementwiseType ? true : false;
  /**
   * A rule for each field of the type's interface beyond name, inputs, type, precision and
   * density: the guard analyze() applies to a layer a program hands in (validate-network.ts).
   * A field of the interface with no rule here is a compiler error.
   */
  readonly fields: { readonly [F in OwnField<T>]-?: FieldRule };
}

/** The fields of layer type T's interface that are its own, not LayerBase's. */
type OwnField<T extends LayerType> = Exclude<keyof Extract<Layer, { type: T }>, keyof LayerBase | "type">;

const POOL_FIELDS = {
  window: byKind({
    window: { kernel: pair(1), stride: pair(1), padding: pair(0), ceil: flag },
    global: {},
    adaptive: { output: pair(1) },
  }),
  trainable: optionalFlag,
};

const RECURRENT_FIELDS = { hidden: count, layers: count, bidirectional: flag, bias: optionalFlag, biasVectors: oneOf([1, 2]) };

/**
 * The one table of layer types, in the order the contract lists them. A member of `Layer` with
 * no row here, or a row that disagrees with ElementwiseType, is a compiler error in this file.
 */
export const LAYER_TYPE_FACTS: { readonly [T in LayerType]: LayerTypeFacts<T> } = {
  conv: {
    group: "conv",
    elementwise: false,
    fields: { filters: count, kernel: pair(1), stride: pair(1), padding, dilation: pair(1), groups: count, table: connectionTable, bias: optionalFlag },
  },
  dense: {
    group: "dense",
    elementwise: false,
    fields: { units: count, bias: optionalFlag, trainable: optionalFlag, tied: optionalLayerName("an embedding layer") },
  },
  maxpool: { group: "other", elementwise: false, fields: POOL_FIELDS },
  avgpool: { group: "other", elementwise: false, fields: POOL_FIELDS },
  batchnorm: { group: "other", elementwise: false, fields: { affine: flag, scale: optionalFlag, shift: optionalFlag } },
  layernorm: { group: "other", elementwise: false, fields: { affine: flag, shift: flag } },
  flatten: { group: "other", elementwise: false, fields: {} },
  concat: { group: "other", elementwise: false, fields: {} },
  add: { group: "other", elementwise: false, fields: {} },
  relu: { group: "other", elementwise: true, fields: {} },
  sigmoid: { group: "other", elementwise: true, fields: {} },
  tanh: { group: "other", elementwise: true, fields: {} },
  softmax: { group: "other", elementwise: true, fields: {} },
  activation: { group: "other", elementwise: true, fields: {} },
  lrn: { group: "other", elementwise: true, fields: {} },
  dropout: { group: "other", elementwise: true, fields: {} },
  identity: { group: "other", elementwise: true, fields: {} },
  gelu: { group: "other", elementwise: true, fields: {} },
  silu: { group: "other", elementwise: true, fields: {} },
  swish: { group: "other", elementwise: true, fields: {} },
  hardswish: { group: "other", elementwise: true, fields: {} },
  hardsigmoid: { group: "other", elementwise: true, fields: {} },
  relu6: { group: "other", elementwise: true, fields: {} },
  mish: { group: "other", elementwise: true, fields: {} },
  embedding: { group: "embedding", elementwise: false, fields: { vocab: count, features: count } },
  position_embedding: { group: "embedding", elementwise: false, fields: {} },
  class_token: { group: "embedding", elementwise: false, fields: { tokens: count } },
  rmsnorm: { group: "norm", elementwise: false, fields: { affine: flag } },
  attention: {
    group: "attention",
    elementwise: false,
    fields: {
      heads: count,
      kvHeads: optional(count),
      headDim: optional(count),
      bias: projectionBias,
      causal: flag,
      window: optional(count),
      count: oneOf(["full", "kept"]),
    },
  },
  multiply: { group: "other", elementwise: false, fields: {} },
  lstm: { group: "recurrent", elementwise: false, fields: RECURRENT_FIELDS },
  gru: { group: "recurrent", elementwise: false, fields: RECURRENT_FIELDS },
  rnn: { group: "recurrent", elementwise: false, fields: RECURRENT_FIELDS },
  to_sequence: { group: "other", elementwise: false, fields: {} },
  mean: { group: "other", elementwise: false, fields: {} },
  pick: { group: "other", elementwise: false, fields: { position: integer } },
  dispatch: { group: "other", elementwise: false, fields: { experts: count, topK: count, expert: whole(0) } },
  combine: { group: "other", elementwise: false, fields: { topK: count } },
  conv_transpose: {
    group: "conv",
    elementwise: false,
    fields: {
      filters: count,
      kernel: pair(1),
      stride: pair(1),
      padding: pair(0),
      outputPadding: pair(0),
      dilation: pair(1),
      groups: count,
      bias: optionalFlag,
    },
  },
  upsample: {
    group: "other",
    elementwise: false,
    fields: { mode: oneOf(["nearest", "bilinear"]), scale: exactlyOneOf("size", pair(1)), size: optional(pair(1)) },
  },
  crop: { group: "other", elementwise: false, fields: { size: optional(pair(1)) } },
  split: { group: "other", elementwise: false, fields: { parts: exactlyOneOf("sizes", count), sizes: optional(countList) } },
  slice: { group: "other", elementwise: false, fields: { start: whole(0), channels: count } },
  shuffle: { group: "other", elementwise: false, fields: { groups: count } },
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

/** The kinds of contract §1, which tables, charts and compare always list for a CNN. */
export const CONTRACT_KINDS = ["conv", "dense", "other"] as const satisfies readonly Kind[];

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
