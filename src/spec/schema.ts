// The one definition of the spec file format (contract §1 and §3). Strict objects everywhere,
// so a misspelt field is an error, not silently ignored. `alexcount schema` prints this as JSON
// Schema, so editors validate against the same definition.

import * as z from "zod";

const count = z.int().min(1, { error: "expected an integer ≥ 1" });
const nonNegative = z.int().min(0, { error: "expected an integer ≥ 0" });

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
  bias: z.boolean().optional(),
});

export const denseSchema = z.strictObject({
  type: z.enum(["dense", "fc", "linear"]),
  ...common,
  units: count,
  bias: z.boolean().optional(),
});

export const poolSchema = z.strictObject({
  type: z.enum(["maxpool", "avgpool"]),
  ...common,
  kernel: pair.optional(),
  stride: pair.optional(),
  padding: padPair.optional(),
  ceil: z.boolean().optional(),
  global: z.boolean().optional(),
  output: pair.optional().describe("adaptive pooling: the output size"),
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

const LAYER_SCHEMAS = [convSchema, denseSchema, poolSchema, batchNormSchema, flattenSchema, mergeSchema, elementwiseSchema] as const;

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
const PUBLISHED_VALUE = 'expected an integer ≥ 0, or a number with a scale suffix K, M, B, G or T such as "61M" or "1.5B"';
export const publishedValueSchema = z.union([nonNegative, z.string().regex(/^\d+(\.\d+)?[KMBGT]$/, { error: PUBLISHED_VALUE })], { error: PUBLISHED_VALUE });

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
  tolerance: z.number().min(0).optional().describe("relative tolerance for integer figures, e.g. 0.05; default 0"),
  layers: z.record(z.string(), cellsSchema).optional(),
  subtotals: z.strictObject({ conv: cellsSchema.optional(), dense: cellsSchema.optional(), other: cellsSchema.optional() }).optional(),
  totals: cellsSchema.optional(),
  errata: z.array(z.strictObject({ at: z.string().min(1), note: z.string().min(1) })).optional(),
});

export const specSchema = z.strictObject({
  $schema: z.string().optional().describe("editor hint: the JSON Schema this file follows; ignored by alexcount"),
  name: z.string().min(1),
  description: z.string().optional(),
  source: z.union([z.string(), z.array(z.string())], { error: "expected a string or a list of strings" }).optional(),
  input: shapeSchema,
  bias: z.boolean().optional(),
  layers: z.array(layerSchema).min(1, { error: "expected at least one layer" }),
  published: z.array(publishedSourceSchema).optional(),
});

export type SpecFile = z.infer<typeof specSchema>;
export type SpecLayer = z.infer<typeof layerSchema>;
export type PublishedSourceFile = z.infer<typeof publishedSourceSchema>;
export type PublishedValue = z.infer<typeof publishedValueSchema>;
