// The one definition of the spec file format (contract §1 and §3). Strict objects everywhere,
// so a misspelt field is an error, not silently ignored. `alexcount schema` prints this as JSON
// Schema, so editors validate against the same definition.
//
// zod/mini, not zod's classic API: the same core, checks, issues and JSON Schema, but schemas
// without classic's several dozen methods each, which made building this schema at every start
// cost as much as validating a spec. Hence z.optional(x) for x.optional(), x.check(z.gte(1))
// for x.min(1), and described() (below) for .describe().

import english from "zod/v4/locales/en.js";
import * as z from "zod/mini";
import { CONVENTIONS, ELEMENTWISE_TYPES, KINDS, type LayerType } from "../core/network.js";
import { PRECISION_SYNTAX, parsePrecision } from "../core/dtypes.js";
import { ROUNDED_FIGURE } from "../core/published.js";

// mini sets no locale; these are the English messages classic zod configures on import
// (imported alone: z.locales would bring every language into the bundle)
z.config(english());

// Building these schemas is a measurable part of every run's start (some 140 zod objects, each
// built in cold code), so: a schema that several fields share is one object (zod's are
// immutable), a description is set on its field's own schema rather than through a
// z.describe() check, which would clone it, and the parts that only a spec with blocks needs
// are built when first asked for.

/** Sets `description` (for JSON Schema) on `schema`, which must be made for this one field, never shared. */
function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  z.globalRegistry.add(schema, { description });
  return schema;
}

/** zod's own message for a non-integer names JavaScript types; say it in the format's words. */
const integer = () => z.int({ error: (issue) => (issue.code === "invalid_type" ? "expected an integer" : undefined) });
const count = integer().check(z.gte(1, { error: "expected an integer ≥ 1" }));
const nonNegative = integer().check(z.gte(0, { error: "expected an integer ≥ 0" }));

/** An integer for both axes, or [height, width]. */
const pair = z.union([count, z.tuple([count, count])], { error: "expected an integer ≥ 1 or a pair [height, width] of integers ≥ 1" });
const padPair = z.union([nonNegative, z.tuple([nonNegative, nonNegative])], {
  error: "expected an integer ≥ 0 or a pair [height, width] of integers ≥ 0",
});
const optionalPair = z.optional(pair);
const optionalBoolean = z.optional(z.boolean());
const optionalString = z.optional(z.string());

const layerName = z.string().check(
  z.minLength(1, { error: "expected a non-empty name" }),
  z.refine((name) => name !== "input", { error: '"input" is reserved: it names the network input' }),
);

/** A layer's own storage precision, for mixed quantization: `int4/g128`, `bf16`. A fresh schema per field, to describe it. */
const precision = () =>
  described(
    z.optional(z.string().check(z.refine((text) => parsePrecision(text) !== undefined, { error: `expected a precision, ${PRECISION_SYNTAX}` }))),
    "how this layer's weights are stored (mixed quantization); default: the run's --dtype",
  );

/** A share in (0, 1]: of weights kept, or of inputs that are not zero. */
const share = z
  .number({ error: "expected a share greater than 0 and at most 1, such as 0.38" })
  .check(
    z.gt(0, { error: "expected a share greater than 0 and at most 1, such as 0.38" }),
    z.lte(1, { error: "expected a share greater than 0 and at most 1, such as 0.38" }),
  );
/** Pruning (Han et al. 2015): the share of weights kept, or { weights, inputs }. A fresh schema per field, to describe it. */
const density = () =>
  described(
    z.optional(
      z.union([share, z.strictObject({ weights: z.optional(share), inputs: z.optional(share) })], {
        error: "expected a share of weights kept such as 0.38, or { weights, inputs } (inputs: the share of non-zero inputs)",
      }),
    ),
    "pruning: the share of weights kept (a number), or { weights, inputs } with the share of non-zero inputs too; connections scale by both",
  );

const common = {
  name: described(z.optional(layerName), "unique in the spec; default: the canonical type and its ordinal (conv1, dense2…)"),
  inputs: described(z.optional(z.array(z.string()).check(z.minLength(1))), 'earlier layers (or "input") this layer reads; default: the previous layer'),
};

const convSchema = z.strictObject({
  type: z.literal("conv"),
  ...common,
  // a copy of count (check() adds none), so that its description is its own
  filters: described(count.check(), "output channels"),
  kernel: pair,
  stride: optionalPair,
  padding: z.optional(
    z.union([padPair, z.literal("same"), z.literal("valid")], { error: 'expected an integer ≥ 0, a pair [height, width], "same" or "valid"' }),
  ),
  dilation: optionalPair,
  groups: z.optional(count),
  table: described(
    z.optional(
      z
        .array(z.array(nonNegative).check(z.minLength(1, { error: "expected at least one input channel per output map" })), {
          error: "expected a list with one list of input channels per output map",
        })
        .check(z.minLength(1)),
    ),
    "connection table: entry m lists the input channels (from 0) that output map m reads, as LeNet-5's C3; instead of groups",
  ),
  bias: optionalBoolean,
  precision: precision(),
  density: density(),
});

const denseSchema = z.strictObject({
  type: z.enum(["dense", "fc", "linear"]),
  ...common,
  units: count,
  bias: optionalBoolean,
  trainable: described(
    z.optional(z.boolean()),
    "false: the parameters are fixed by hand, not learned, and not counted as weights (LeNet-5's RBF output); default true",
  ),
  precision: precision(),
  density: density(),
  tied: described(
    z.optional(z.string().check(z.minLength(1))),
    "an earlier embedding layer whose table is this layer's matrix (GPT-2's LM head): no weights of its own, connections in full",
  ),
});

const poolFields = {
  ...common,
  kernel: optionalPair,
  stride: optionalPair,
  padding: z.optional(padPair),
  ceil: optionalBoolean,
  global: optionalBoolean,
  output: described(z.optional(pair), "adaptive pooling: the output size"),
};

const maxpoolSchema = z.strictObject({ type: z.literal("maxpool"), ...poolFields });

const avgpoolSchema = z.strictObject({
  type: z.literal("avgpool"),
  ...poolFields,
  trainable: described(z.optional(z.boolean()), "a learned coefficient and bias per map, as LeNet-5's subsampling layers S2 and S4"),
  precision: precision(),
});

const batchNormSchema = z.strictObject({
  type: z.literal("batchnorm"),
  ...common,
  affine: optionalBoolean,
  scale: described(z.optional(z.boolean()), "with affine, a learned scale γ per channel (Keras's scale=); default true"),
  shift: described(z.optional(z.boolean()), "with affine, a learned shift β per channel, the bias (Keras's center=); default true"),
  precision: precision(),
});

const layerNormSchema = z.strictObject({
  type: z.literal("layernorm"),
  ...common,
  affine: described(z.optional(z.boolean()), "a learned scale per channel (image) or feature (vector); default true"),
  shift: described(z.optional(z.boolean()), "a learned shift as well, with affine (PyTorch's bias=); default true"),
});

const flattenSchema = z.strictObject({ type: z.literal("flatten"), ...common });

const mergeSchema = z.strictObject({
  type: z.enum(["concat", "add"]),
  ...common,
  inputs: z.array(z.string()).check(z.minLength(2, { error: "expected at least two inputs" })),
});

const elementwiseSchema = z.strictObject({
  type: z.enum(ELEMENTWISE_TYPES),
  ...common,
});

const embeddingSchema = z.strictObject({
  type: z.literal("embedding"),
  ...common,
  vocab: described(count.check(), "rows of the table: the vocabulary size"),
  features: described(count.check(), "features per token"),
});

const positionEmbeddingSchema = z.strictObject({ type: z.literal("position_embedding"), ...common });

const classTokenSchema = z.strictObject({
  type: z.literal("class_token"),
  ...common,
  tokens: described(z.optional(count), "learned vectors prepended to the sequence; default 1"),
});

const rmsNormSchema = z.strictObject({
  type: z.literal("rmsnorm"),
  ...common,
  affine: described(z.optional(z.boolean()), "a learned gain per feature; default true"),
});

const attentionSchema = z.strictObject({
  type: z.literal("attention"),
  ...common,
  inputs: described(
    z.optional(
      z.array(z.string()).check(z.minLength(1), z.maxLength(2, { error: "expected one input (self-attention) or two (queries, then keys and values)" })),
    ),
    "one input: self-attention; two: queries from the first, keys and values from the second",
  ),
  heads: described(count.check(), "query heads"),
  kv_heads: described(z.optional(count), "key/value heads: fewer than heads is grouped-query attention, 1 multi-query; default heads"),
  head_dim: described(z.optional(count), "dimensions per head; default features / heads"),
  bias: described(
    z.optional(
      z.union([z.boolean(), z.strictObject({ q: optionalBoolean, k: optionalBoolean, v: optionalBoolean, o: optionalBoolean })], {
        error: "expected true, false or a map { q, k, v, o } of true or false",
      }),
    ),
    "biases of the q, k, v and output projections: one setting, or one per projection; default: the spec's",
  ),
  causal: described(z.optional(z.boolean()), "each position attends to itself and earlier positions; default false"),
  window: described(z.optional(count), "causal sliding window: each position attends to the last `window` positions"),
  count: described(
    z.optional(z.enum(["full", "kept"], { error: 'expected "full" or "kept"' })),
    'QKᵀ and the weighted sum over the full T×T matrices ("full", the default, as FlopCounterMode counts) or the entries a causal mask keeps ("kept")',
  ),
});

const multiplySchema = z.strictObject({
  type: z.literal("multiply"),
  ...common,
  inputs: z.array(z.string()).check(z.minLength(2, { error: "expected at least two inputs" })),
});

const recurrentSchema = z.strictObject({
  type: z.enum(["lstm", "gru", "rnn"]),
  ...common,
  hidden: described(count.check(), "hidden size per direction"),
  layers: described(z.optional(count), "stacked layers; default 1"),
  bidirectional: described(z.optional(z.boolean()), "a second direction, reading the sequence backwards; default false"),
  bias: optionalBoolean,
  bias_vectors: described(
    z.optional(z.union([z.literal(1), z.literal(2)], { error: "expected 1 or 2" })),
    "bias vectors per gate block: 2 as PyTorch (b_ih and b_hh, the default), 1 as Keras",
  ),
});

const toSequenceSchema = z.strictObject({ type: z.literal("to_sequence"), ...common });

const meanSchema = z.strictObject({ type: z.literal("mean"), ...common });

const pickSchema = z.strictObject({
  type: z.literal("pick"),
  ...common,
  position: described(z.optional(integer()), "the position to keep, from 0; a negative one counts from the end (-1: the last); default 0, the class token"),
});

// a mixture of experts: what a use with `experts` expands to (docs/spec-format.md), or by hand
const dispatchSchema = z.strictObject({
  type: z.literal("dispatch"),
  ...common,
  experts: described(count.check(), "experts in the mixture"),
  top_k: described(count.check(), "experts each position is routed to"),
  expert: described(nonNegative.check(), "which expert this dispatch feeds, from 0: it receives ⌊(T·top_k + experts − 1 − expert) / experts⌋ positions"),
});

const combineSchema = z.strictObject({
  type: z.literal("combine"),
  ...common,
  inputs: described(
    z.array(z.string()).check(z.minLength(2, { error: "expected at least two inputs: the router, then each expert's output" })),
    "the router's logits, then each expert's output",
  ),
  top_k: described(count.check(), "experts each position is routed to"),
});

// cnnops: the modern-CNN vocabulary

const convTransposeSchema = z.strictObject({
  type: z.literal("conv_transpose"),
  ...common,
  filters: described(count.check(), "output channels"),
  kernel: pair,
  stride: optionalPair,
  padding: described(z.optional(padPair), "removed from each side of the output (PyTorch's padding); default 0"),
  output_padding: described(z.optional(padPair), "added to one side of the output, smaller than the stride or the dilation; default 0"),
  dilation: optionalPair,
  groups: z.optional(count),
  bias: optionalBoolean,
  precision: precision(),
});

const upsampleSchema = z.strictObject({
  type: z.literal("upsample"),
  ...common,
  mode: described(z.optional(z.enum(["nearest", "bilinear"], { error: 'expected "nearest" or "bilinear"' })), "interpolation; default nearest"),
  scale: described(z.optional(pair), "an integer factor per axis (one number for both); give scale or size"),
  size: described(z.optional(pair), "the output size (one number for both axes, or [height, width]); give scale or size"),
});

const cropSchema = z.strictObject({
  type: z.literal("crop"),
  ...common,
  inputs: described(
    z.optional(
      z.array(z.string()).check(z.minLength(1), z.maxLength(2, { error: "expected one input, or two: the image, then the layer whose size it crops to" })),
    ),
    "the image; with no size, a second layer whose height and width it is cropped to",
  ),
  size: described(z.optional(pair), "the output height and width (a centre crop); default: the second input's"),
});

const splitSchema = z.strictObject({
  type: z.literal("split"),
  ...common,
  parts: described(z.optional(count), "equal parts of the channels; give parts or sizes (default 2 parts)"),
  sizes: described(
    z.optional(z.array(count).check(z.minLength(1, { error: "expected at least one size" }))),
    "the channels of each part, in order; they add up to the input's",
  ),
});

const sliceSchema = z.strictObject({
  type: z.literal("slice"),
  ...common,
  start: described(z.optional(nonNegative), "the first channel kept, counting from 0; default 0"),
  channels: described(count.check(), "how many consecutive channels are kept"),
});

const shuffleSchema = z.strictObject({
  type: z.literal("shuffle"),
  ...common,
  groups: described(count.check(), "the groups whose channels are interleaved (ShuffleNet); they divide the channels"),
});

const LAYER_SCHEMAS = [
  convSchema,
  denseSchema,
  maxpoolSchema,
  avgpoolSchema,
  batchNormSchema,
  layerNormSchema,
  flattenSchema,
  mergeSchema,
  elementwiseSchema,
  embeddingSchema,
  positionEmbeddingSchema,
  classTokenSchema,
  rmsNormSchema,
  attentionSchema,
  multiplySchema,
  recurrentSchema,
  toSequenceSchema,
  meanSchema,
  pickSchema,
  dispatchSchema,
  combineSchema,
  convTransposeSchema,
  upsampleSchema,
  cropSchema,
  splitSchema,
  sliceSchema,
  shuffleSchema,
] as const;

/** The spellings of `type` one layer schema accepts: its literal's or enum's values, in order. */
const typeNames = (schema: (typeof LAYER_SCHEMAS)[number]): string[] => [...(schema.shape.type._zod.values ?? [])].map(String);

/** Every spelling of `type` the format accepts, in the order the contract lists them. */
export const TYPE_NAMES: readonly string[] = LAYER_SCHEMAS.flatMap(typeNames);

/** The fields each type accepts, for "did you mean" suggestions. */
export const FIELDS_BY_TYPE: ReadonlyMap<string, readonly string[]> = new Map(
  LAYER_SCHEMAS.flatMap((schema) => typeNames(schema).map((name) => [name, Object.keys(schema.shape)] as const)),
);

export const layerSchema = z.discriminatedUnion("type", LAYER_SCHEMAS);

/** `fc` and `linear` are spellings of `dense`. */
type CanonicalType<T extends string> = T extends "fc" | "linear" ? "dense" : T;
/** Checked when compiled: `Missing` must be empty, or the compiler's error names what is in it. */
function noneMissing<Missing extends never>(): Missing[] {
  return [];
}
// every layer type of the core has an entry in LAYER_SCHEMAS: a type left out is named in the
// compiler's error on this line (docs/architecture.md, "Adding a layer type")
noneMissing<Exclude<LayerType, CanonicalType<z.infer<typeof layerSchema>["type"]>>>();

export const shapeSchema = z.union(
  [
    z.strictObject({ width: count, height: count, channels: count }),
    z.strictObject({ size: count, channels: count }),
    z.strictObject({ features: count }),
    // a sequence: positions × features, spelt for tokens or for a 1-D signal; tokens alone are token ids
    z.strictObject({ tokens: count, features: count }),
    z.strictObject({ length: count, channels: count }),
    z.strictObject({ tokens: count }),
  ],
  {
    error:
      "expected a shape: { width, height, channels }, { size, channels }, { features }, a sequence { tokens, features } or { length, channels }, or token ids { tokens }, each an integer ≥ 1",
  },
);

/** A published figure: an exact integer, or a rounded one with a scale suffix ("61M", "1.5B"). */
const PUBLISHED_VALUE_ERROR = 'expected an integer ≥ 0, or a number with a scale suffix K, M, B, G or T such as "61M" or "1.5B"';
const publishedValueSchema = z.union([nonNegative, z.string().check(z.regex(ROUNDED_FIGURE, { error: PUBLISHED_VALUE_ERROR }))], {
  error: PUBLISHED_VALUE_ERROR,
});

/** A printed figure of a pruned network: as above, or a percentage of the full figure ("11%"). */
const KEPT_VALUE_ERROR =
  'expected an integer ≥ 0, a number with a scale suffix K, M, B, G or T such as "6.7M", or a percentage of the full figure such as "11%"';
const keptValueSchema = () =>
  z.optional(z.union([nonNegative, z.string().check(z.regex(/^\d+(\.\d+)?([KMBGT]|%)$/, { error: KEPT_VALUE_ERROR }))], { error: KEPT_VALUE_ERROR }));

const optionalPublishedValue = z.optional(publishedValueSchema);
const cellsSchema = z.strictObject({
  units: optionalPublishedValue,
  weights: optionalPublishedValue,
  biases: optionalPublishedValue,
  connections: optionalPublishedValue,
  flops: described(z.optional(publishedValueSchema), "2 × connections"),
  kept_weights: described(keptValueSchema(), 'weights kept after pruning (the layers\' density), or their share of the weights ("11%")'),
  kept_connections: described(keptValueSchema(), "connections kept after pruning (weights kept × non-zero inputs), or their share"),
  kept_flops: described(keptValueSchema(), '2 × kept connections, or their share of the FLOPs ("30%")'),
  active_weights: described(
    z.optional(publishedValueSchema),
    "a mixture of experts' active weights: the router, the shared layers and top_k experts (the weights, without a mixture)",
  ),
});

const optionalCells = z.optional(cellsSchema);
export const publishedSourceSchema = z.strictObject({
  source: z.string().check(z.minLength(1)),
  bias: described(z.optional(z.boolean()), "the bias convention the figures were printed under (default: the spec's)"),
  conventions: described(
    z.optional(z.array(z.enum(CONVENTIONS, { error: `expected a counting convention: ${CONVENTIONS.join(", ")}` }))),
    "counting rules the figures were printed under: bias-connections counts a bias as one connection (LeCun et al. 1998)",
  ),
  tolerance: described(z.optional(z.number().check(z.gte(0))), "relative tolerance for integer figures, e.g. 0.05; default 0"),
  layers: z.optional(z.record(z.string(), cellsSchema, { error: "expected a map from layer names to their published cells" })),
  blocks: described(
    z.optional(z.record(z.string(), cellsSchema, { error: "expected a map from block uses to their published cells" })),
    "figures of a block use (layer3), a repetition (layer3.1) or a run of repetitions (layer3.1-5): the sums over their layers",
  ),
  subtotals: z.optional(z.strictObject(Object.fromEntries(KINDS.map((kind) => [kind, optionalCells])) as Record<(typeof KINDS)[number], typeof optionalCells>)),
  totals: optionalCells,
  errata: z.optional(z.array(z.strictObject({ at: z.string().check(z.minLength(1)), note: z.string().check(z.minLength(1)) }))),
});

/** Names of blocks and of their parameters: identifiers, so `$name` is unambiguous. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A whole value that refers to a block parameter: `$width`. */
export const PARAMETER_REFERENCE = /^\$([A-Za-z_][A-Za-z0-9_]*)$/;

/** `build()`, made on the first call and kept. */
function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

const paramValues = once(() => z.record(z.string(), z.unknown(), { error: "expected a map from parameter names to values" }));

/** A use of a block, in `layers` or inside another block (docs/spec-format.md, "Blocks"). Built when first asked for. */
export const useSchema = once(() =>
  z.strictObject({
    use: z.string().check(z.minLength(1), z.describe("the block to expand, a key of `blocks`")),
    name: described(
      z.optional(layerName),
      "names the expansion: its layers are NAME.INNER, or NAME.I.INNER with repeat; default: the block's name and its ordinal",
    ),
    inputs: described(
      z.optional(z.array(z.string()).check(z.length(1, { error: "expected a list of one layer name: a block takes one input" }))),
      "the block's input; default: the previous layer",
    ),
    repeat: described(z.optional(count), "expand the block this many times in a chain; names get the repetition index, from 0"),
    with: described(z.optional(paramValues()), "values of the block's parameters"),
    first: described(
      z.optional(
        z.strictObject({
          use: described(z.optional(z.string().check(z.minLength(1))), "another block for the first repetition (e.g. one with a projection shortcut)"),
          with: described(z.optional(paramValues()), "parameter values for the first repetition only, over `with`"),
        }),
      ),
      "how the first repetition differs (with repeat)",
    ),
    experts: described(
      z.optional(count),
      "a mixture of experts: the block is one expert, expanded this many times side by side (NAME.experts.I.INNER), behind a router NAME.gate",
    ),
    top_k: described(z.optional(count), "with experts: the experts each position is routed to; default 1"),
    router_bias: described(optionalBoolean, "with experts: whether the router has biases; default: the spec's bias"),
  }),
);

/** A block definition: named parameters and a list of layers (or uses) that may refer to them as `$name`. Built when first asked for. */
export const blockSchema = once(() =>
  z.strictObject({
    description: optionalString,
    params: described(
      z.optional(z.record(z.string(), z.unknown(), { error: "expected a map from parameter names to default values" })),
      "parameter names and their defaults; null marks a required parameter",
    ),
    layers: z
      .array(
        described(
          z.record(z.string(), z.unknown(), { error: "expected a layer: an object with type (or use)" }),
          "a layer as in `layers`, or a use of another block; any value may be a `$param`",
        ),
      )
      .check(z.minLength(1, { error: "expected at least one layer" })),
  }),
);

const header = {
  $schema: described(z.optional(z.string()), "editor hint: the JSON Schema this file follows; ignored by alexcount"),
  name: z.string().check(z.minLength(1)),
  description: optionalString,
  source: z.optional(z.union([z.string(), z.array(z.string())], { error: "expected a string or a list of strings" })),
  input: shapeSchema,
  bias: optionalBoolean,
};

/**
 * A spec's own fields, its layers and published sources only as lists: what the loader
 * validates first. Each layer (after blocks are expanded) and each source is then validated
 * once, on its own, by layerSchema and publishedSourceSchema.
 */
export const specHeaderSchema = z.strictObject({
  ...header,
  blocks: z.optional(z.unknown()),
  layers: z.array(z.unknown(), { error: "expected a list of layers" }).check(z.minLength(1, { error: "expected at least one layer" })),
  published: z.optional(z.array(z.unknown())),
});

const publishedList = z.optional(z.array(publishedSourceSchema));
const specBlocks = once(() => described(z.optional(z.record(z.string(), blockSchema())), "reusable blocks, by name; see docs/spec-format.md"));
const specLayers = once(() => z.array(z.union([layerSchema, useSchema()])).check(z.minLength(1, { error: "expected at least one layer" })));

/**
 * The file format: blocks, and layers that may be uses of them (what `alexcount schema` prints).
 * The loader validates its parts (specHeaderSchema, then each layer and source); the fields
 * that differ are getters, which zod reads when it first needs them, so that their schemas are
 * built only then.
 */
export const specSchema = z.strictObject({
  ...header,
  get blocks() {
    return specBlocks();
  },
  get layers() {
    return specLayers();
  },
  // a getter too, only so that it keeps its place after the two above in `alexcount schema`,
  // whose JSON Schema otherwise lists it before them
  get published() {
    return publishedList;
  },
});

export type SpecHeader = z.infer<typeof specHeaderSchema>;
export type UseEntry = z.infer<ReturnType<typeof useSchema>>;
export type SpecLayer = z.infer<typeof layerSchema>;
export type PublishedSourceFile = z.infer<typeof publishedSourceSchema>;
