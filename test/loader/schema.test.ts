// The layer types and fields the schema accepts, read back from its literals and enums
// (through zod's core: zod/mini schemas have no .options or .values of their own); and the
// generated parser for large specs, held to zod's own.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../src/loader/limits.js";
import { parseSpecText } from "../../src/loader/parse.js";
import { FIELDS_BY_TYPE, TYPE_NAMES, compiledLayerSchema, flatSpecSchema, layerSchema, specHeaderSchema } from "../../src/loader/schema.js";
import { fuzzCase } from "../support/fuzz-case.js";
import { specArbitrary } from "../support/spec-arbitrary.js";

describe("TYPE_NAMES", () => {
  it("lists every spelling of type in the contract's order, the order messages list them in", () => {
    expect(TYPE_NAMES).toEqual([
      "conv",
      "dense",
      "fc",
      "linear",
      "maxpool",
      "avgpool",
      "batchnorm",
      "flatten",
      "concat",
      "add",
      "relu",
      "sigmoid",
      "tanh",
      "softmax",
      "activation",
      "lrn",
      "dropout",
      "identity",
      "gelu",
      "silu",
      "swish",
      "hardswish",
      "hardsigmoid",
      "relu6",
      "mish",
      "embedding",
      "position_embedding",
      "class_token",
      "rmsnorm",
      "attention",
      "multiply",
      "lstm",
      "gru",
      "rnn",
    ]);
  });
});

describe("FIELDS_BY_TYPE", () => {
  it.each([
    ["fc", ["type", "name", "inputs", "units", "bias", "trainable", "precision", "density", "tied"]],
    ["attention", ["type", "name", "inputs", "heads", "kv_heads", "head_dim", "bias", "causal", "window", "count"]],
    ["avgpool", ["type", "name", "inputs", "kernel", "stride", "padding", "ceil", "global", "output", "trainable", "precision"]],
    ["concat", ["type", "name", "inputs"]],
    ["relu", ["type", "name", "inputs"]],
  ])("gives the fields of %s, in the schema's order", (type, fields) => {
    expect(FIELDS_BY_TYPE.get(type)).toEqual(fields);
  });
});

describe("compiledLayerSchema", () => {
  /** Both parsers' verdicts on `value`: the same success, value and issues, or the test fails. */
  function expectSameVerdict(value: unknown): boolean {
    const reference = layerSchema.safeParse(value, { reportInput: true });
    const compiled = compiledLayerSchema().safeParse(value, { reportInput: true });
    expect(compiled.success).toBe(reference.success);
    if (reference.success && compiled.success) expect(compiled.data).toStrictEqual(reference.data);
    if (!reference.success && !compiled.success) expect(compiled.error.issues).toStrictEqual(reference.error.issues);
    return reference.success;
  }

  it("reads every valid layer as zod's own parser does", () => {
    fc.assert(
      fc.property(specArbitrary({ maxLayers: 20 }), ({ spec }) => {
        for (const layer of spec.layers as unknown[]) expect(expectSameVerdict(layer)).toBe(true);
      }),
      { numRuns: 300, seed: 20261127 },
    );
  });

  it("refuses what zod's own parser refuses, with the same issues (the fuzzer's specs)", () => {
    let refused = 0;
    for (let index = 0; index < 400; index++) {
      const c = fuzzCase(7, index);
      const parsed = parseSpecText(c.stdin ?? Object.values(c.files)[0] ?? "", c.file, LIMITS);
      const layers = parsed.ok ? (parsed.value as { layers?: unknown } | null)?.layers : undefined;
      if (!Array.isArray(layers)) continue;
      for (const layer of layers) if (!expectSameVerdict(layer)) refused++;
    }
    // a fuzzer whose layers all passed would prove nothing
    expect(refused).toBeGreaterThan(50);
  });
});

describe("specHeaderSchema", () => {
  it("with a non-empty list of valid layers, accepts what flatSpecSchema accepts (the loader's check of a spec of many layers)", () => {
    for (let index = 0; index < 400; index++) {
      const c = fuzzCase(7, index);
      const parsed = parseSpecText(c.stdin ?? Object.values(c.files)[0] ?? "", c.file, LIMITS);
      if (!parsed.ok || parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) continue;
      const { layers, ...rest } = parsed.value as Record<string, unknown>;
      const byParts =
        Array.isArray(layers) && layers.length > 0 && specHeaderSchema.safeParse(rest).success && layers.every((layer) => layerSchema.safeParse(layer).success);
      expect(byParts).toBe(flatSpecSchema.safeParse(parsed.value).success);
    }
  });
});
