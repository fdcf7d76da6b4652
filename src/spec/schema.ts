// The one definition of the spec file format (contract §1 and §3). Strict objects everywhere,
// so a misspelt field is an error, not silently ignored. `alexcount schema` prints this as JSON
// Schema, so editors validate against the same definition.

import * as z from "zod";
import { CONVENTIONS } from "../core/index.js";

/** zod's own message for a non-integer names JavaScript types; say it in the format's words. */
const integer = () => z.int({ error: (issue) => (issue.code === "invalid_type" ? "expected an integer" : undefined) });
const count = integer().min(1, { error: "expected an integer ≥ 1" });
const nonNegative = integer().min(0, { error: "expected an integer ≥ 0" });

/** An integer for both axes, or [height, width]. */
const pair = z.union([count, z.tuple([count, count])], { error: "expected an integer ≥ 1 or a pair [height, width] of integers ≥ 1" });
const padPair = z.union([nonNegative, z.tuple([nonNegative, nonNegative])], {
  error: "expected an integer ≥ 0 or a pair [height, width] of integers ≥ 0",
});

const layerName = z
  .string()
  .min(1, { error: "expected a non-empty name" })
  .refine((name) => name !== "input", { error: '"input" is reserved: it names the network input' });

const common = {
  name: layerName.optional().describe("unique in the spec; default: the canonical type and its ordinal (conv1, dense2…)"),
  inputs: z.array(z.string()).min(1).optional().describe('earlier layers (or "input") this layer reads; default: the previous layer'),
};

export const convSchema = z.strictObject({
  type: z.literal("conv"),
  ...common,
  filters: count.describe("output channels"),
  kernel: pair,
  stride: pair.optional(),
  padding: z
    .union([padPair, z.literal("same"), z.literal("valid")], { error: 'expected an integer ≥ 0, a pair [height, width], "same" or "valid"' })
    .optional(),
  dilation: pair.optional(),
  groups: count.optional(),
  table: z
    .array(z.array(nonNegative).min(1, { error: "expected at least one input channel per output map" }), { error: "expected a list with one list of input channels per output map" })
    .min(1)
    .optional()
    .describe("connection table: entry m lists the input channels (from 0) that output map m reads, as LeNet-5's C3; instead of groups"),
  bias: z.boolean().optional(),
});

export const denseSchema = z.strictObject({
  type: z.enum(["dense", "fc", "linear"]),
  ...common,
  units: count,
  bias: z.boolean().optional(),
  trainable: z.boolean().optional().describe("false: the parameters are fixed by hand, not learned, and not counted as weights (LeNet-5's RBF output); default true"),
});

const poolFields = {
  ...common,
  kernel: pair.optional(),
  stride: pair.optional(),
  padding: padPair.optional(),
  ceil: z.boolean().optional(),
  global: z.boolean().optional(),
  output: pair.optional().describe("adaptive pooling: the output size"),
};

export const maxpoolSchema = z.strictObject({ type: z.literal("maxpool"), ...poolFields });

export const avgpoolSchema = z.strictObject({
  type: z.literal("avgpool"),
  ...poolFields,
  trainable: z.boolean().optional().describe("a learned coefficient and bias per map, as LeNet-5's subsampling layers S2 and S4"),
});

export const batchNormSchema = z.strictObject({
  type: z.literal("batchnorm"),
  ...common,
  affine: z.boolean().optional(),
});

export const flattenSchema = z.strictObject({ type: z.literal("flatten"), ...common });

export const mergeSchema = z.strictObject({
  type: z.enum(["concat", "add"]),
  ...common,
  inputs: z.array(z.string()).min(2, { error: "expected at least two inputs" }),
});

export const elementwiseSchema = z.strictObject({
  type: z.enum(["relu", "sigmoid", "tanh", "softmax", "activation", "lrn", "dropout", "identity"]),
  ...common,
});

const LAYER_SCHEMAS = [convSchema, denseSchema, maxpoolSchema, avgpoolSchema, batchNormSchema, flattenSchema, mergeSchema, elementwiseSchema] as const;

/** Every spelling of `type` the format accepts, in the order the contract lists them. */
export const TYPE_NAMES: readonly string[] = LAYER_SCHEMAS.flatMap((schema) => {
  const type = schema.shape.type;
  return type instanceof z.ZodLiteral ? [...type.values].map(String) : (type as z.ZodEnum).options.map(String);
});

/** The fields each type accepts, for "did you mean" suggestions. */
export const FIELDS_BY_TYPE: ReadonlyMap<string, readonly string[]> = new Map(
  LAYER_SCHEMAS.flatMap((schema) => {
    const type = schema.shape.type;
    const names = type instanceof z.ZodLiteral ? [...type.values].map(String) : (type as z.ZodEnum).options.map(String);
    return names.map((name) => [name, Object.keys(schema.shape)] as const);
  }),
);

export const layerSchema = z.discriminatedUnion("type", LAYER_SCHEMAS);

const shapeSchema = z.union(
  [
    z.strictObject({ width: count, height: count, channels: count }),
    z.strictObject({ size: count, channels: count }),
    z.strictObject({ features: count }),
  ],
  { error: "expected a shape: { width, height, channels }, { size, channels } or { features }, each an integer ≥ 1" },
);

/** A published figure: an exact integer, or a rounded one with a scale suffix ("61M", "1.5B"). */
const PUBLISHED_VALUE_ERROR = 'expected an integer ≥ 0, or a number with a scale suffix K, M, B, G or T such as "61M" or "1.5B"';
export const publishedValueSchema = z.union([nonNegative, z.string().regex(/^\d+(\.\d+)?[KMBGT]$/, { error: PUBLISHED_VALUE_ERROR })], {
  error: PUBLISHED_VALUE_ERROR,
});

const cellsSchema = z.strictObject({
  units: publishedValueSchema.optional(),
  weights: publishedValueSchema.optional(),
  biases: publishedValueSchema.optional(),
  connections: publishedValueSchema.optional(),
  flops: publishedValueSchema.optional().describe("2 × connections"),
});

export const publishedSourceSchema = z.strictObject({
  source: z.string().min(1),
  bias: z.boolean().optional().describe("the bias convention the figures were printed under (default: the spec's)"),
  conventions: z
    .array(z.enum(CONVENTIONS, { error: `expected a counting convention: ${CONVENTIONS.join(", ")}` }))
    .optional()
    .describe("counting rules the figures were printed under: bias-connections counts a bias as one connection (LeCun et al. 1998)"),
  tolerance: z.number().min(0).optional().describe("relative tolerance for integer figures, e.g. 0.05; default 0"),
  layers: z.record(z.string(), cellsSchema).optional(),
  subtotals: z.strictObject({ conv: cellsSchema.optional(), dense: cellsSchema.optional(), other: cellsSchema.optional() }).optional(),
  totals: cellsSchema.optional(),
  errata: z.array(z.strictObject({ at: z.string().min(1), note: z.string().min(1) })).optional(),
});

/** Names of blocks and of their parameters: identifiers, so `$name` is unambiguous. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A whole value that refers to a block parameter: `$width`. */
export const PARAMETER_REFERENCE = /^\$([A-Za-z_][A-Za-z0-9_]*)$/;

const paramValues = z.record(z.string(), z.unknown(), { error: "expected a map from parameter names to values" });

/** A use of a block, in `layers` or inside another block (docs/spec-format.md, "Blocks"). */
export const useSchema = z.strictObject({
  use: z.string().min(1).describe("the block to expand, a key of `blocks`"),
  name: layerName.optional().describe("names the expansion: its layers are NAME.INNER, or NAME.I.INNER with repeat; default: the block's name and its ordinal"),
  inputs: z
    .array(z.string())
    .length(1, { error: "expected a list of one layer name: a block takes one input" })
    .optional()
    .describe("the block's input; default: the previous layer"),
  repeat: count.optional().describe("expand the block this many times in a chain; names get the repetition index, from 0"),
  with: paramValues.optional().describe("values of the block's parameters"),
  first: z
    .strictObject({
      use: z.string().min(1).optional().describe("another block for the first repetition (e.g. one with a projection shortcut)"),
      with: paramValues.optional().describe("parameter values for the first repetition only, over `with`"),
    })
    .optional()
    .describe("how the first repetition differs (with repeat)"),
});

/** A block definition: named parameters and a list of layers (or uses) that may refer to them as `$name`. */
export const blockSchema = z.strictObject({
  description: z.string().optional(),
  params: z
    .record(z.string(), z.unknown(), { error: "expected a map from parameter names to default values" })
    .optional()
    .describe("parameter names and their defaults; null marks a required parameter"),
  layers: z
    .array(
      z.record(z.string(), z.unknown(), { error: "expected a layer: an object with type (or use)" }).describe("a layer as in `layers`, or a use of another block; any value may be a `$param`"),
    )
    .min(1, { error: "expected at least one layer" }),
});

const header = {
  $schema: z.string().optional().describe("editor hint: the JSON Schema this file follows; ignored by alexcount"),
  name: z.string().min(1),
  description: z.string().optional(),
  source: z.union([z.string(), z.array(z.string())], { error: "expected a string or a list of strings" }).optional(),
  input: shapeSchema,
  bias: z.boolean().optional(),
};
const published = z.array(publishedSourceSchema).optional();

/** A spec after its blocks are expanded: plain layers only. This is what the loader validates. */
export const flatSpecSchema = z.strictObject({
  ...header,
  layers: z.array(layerSchema).min(1, { error: "expected at least one layer" }),
  published,
});

/** The file format: blocks, and layers that may be uses of them (what `alexcount schema` prints). */
export const specSchema = z.strictObject({
  ...header,
  blocks: z.record(z.string(), blockSchema).optional().describe("reusable blocks, by name; see docs/spec-format.md"),
  layers: z.array(z.union([layerSchema, useSchema])).min(1, { error: "expected at least one layer" }),
  published,
});

export type SpecFile = z.infer<typeof flatSpecSchema>;
export type UseEntry = z.infer<typeof useSchema>;
export type BlockDefinition = z.infer<typeof blockSchema>;
export type SpecLayer = z.infer<typeof layerSchema>;
export type PublishedSourceFile = z.infer<typeof publishedSourceSchema>;
export type PublishedValue = z.infer<typeof publishedValueSchema>;
