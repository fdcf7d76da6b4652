// The layer types and fields the schema accepts, read back from its literals and enums
// (through zod's core: zod/mini schemas have no .options or .values of their own).
import { describe, expect, it } from "vitest";
import { FIELDS_BY_TYPE, TYPE_NAMES } from "../../src/spec/schema.js";

describe("TYPE_NAMES", () => {
  it("lists every spelling of type in the contract's order, the order messages list them in", () => {
    expect(TYPE_NAMES).toEqual(["conv", "dense", "fc", "linear", "maxpool", "avgpool", "batchnorm", "flatten", "concat", "add", "relu", "sigmoid", "tanh", "softmax", "activation", "lrn", "dropout", "identity"]);
  });
});

describe("FIELDS_BY_TYPE", () => {
  it.each([
    ["fc", ["type", "name", "inputs", "units", "bias", "trainable"]],
    ["avgpool", ["type", "name", "inputs", "kernel", "stride", "padding", "ceil", "global", "output", "trainable"]],
    ["concat", ["type", "name", "inputs"]],
    ["relu", ["type", "name", "inputs"]],
  ])("gives the fields of %s, in the schema's order", (type, fields) => {
    expect(FIELDS_BY_TYPE.get(type)).toEqual(fields);
  });
});
