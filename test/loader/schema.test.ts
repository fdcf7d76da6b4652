// The layer types and fields the schema accepts, read back from its literals and enums
// (through zod's core: zod/mini schemas have no .options or .values of their own), held to the
// core's table of layer types.
import { describe, expect, it } from "vitest";
import { LAYER_TYPES } from "../../src/core/network.js";
import { canonicalType } from "../../src/loader/expand.js";
import { FIELDS_BY_TYPE, TYPE_NAMES } from "../../src/loader/schema.js";

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
      "layernorm",
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
      "to_sequence",
      "mean",
      "pick",
      "dispatch",
      "combine",
      "conv_transpose",
      "upsample",
      "crop",
      "split",
      "slice",
      "shuffle",
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

describe("the layer types", () => {
  it("are the core's (LAYER_TYPE_FACTS), each spelt at least once: fc and linear spell dense (src/loader/schema.ts, LAYER_SCHEMAS)", () => {
    expect(new Set(TYPE_NAMES.map(canonicalType))).toEqual(new Set(LAYER_TYPES));
  });
});
