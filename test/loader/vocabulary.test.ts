// The random-spec generator speaks the whole schema: every type name, every field of every
// layer type, every top-level and published field. A type or field added to
// src/spec/schema.ts fails here until test/support/spec-arbitrary.ts learns to generate it.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIELDS_BY_TYPE, TYPE_NAMES, publishedSourceSchema, specSchema } from "../../src/loader/schema.js";
import { GENERATED_TYPES, specArbitrary } from "../support/spec-arbitrary.js";

// 1,500: with sequences and token ids among the inputs, and to_sequence, mean and pick leaving
// images behind, image layers and their rarer fields need more samples
const samples = fc.sample(specArbitrary({ maxLayers: 12 }), { seed: 7, numRuns: 1500 });

describe("the spec generator covers the schema", () => {
  it("knows exactly the type names the schema accepts", () => {
    expect([...GENERATED_TYPES].sort()).toEqual([...TYPE_NAMES].sort());
  });

  it("emits every type name and every field of each type", () => {
    const seen = new Map<string, Set<string>>();
    for (const { spec } of samples) {
      for (const layer of spec.layers as Record<string, unknown>[]) {
        const type = String(layer.type);
        const fields = seen.get(type) ?? new Set<string>();
        for (const key of Object.keys(layer)) fields.add(key);
        seen.set(type, fields);
      }
    }
    for (const type of TYPE_NAMES) {
      expect(seen.has(type), `layer type ${type}`).toBe(true);
      expect([...(seen.get(type) ?? [])].sort(), `fields of ${type}`).toEqual([...(FIELDS_BY_TYPE.get(type) ?? [])].sort());
    }
  });

  it("emits every top-level field and every field of a published source", () => {
    const top = new Set<string>();
    const published = new Set<string>();
    for (const { spec } of samples) {
      for (const key of Object.keys(spec)) top.add(key);
      for (const source of (spec.published ?? []) as Record<string, unknown>[]) for (const key of Object.keys(source)) published.add(key);
    }
    expect([...top].sort()).toEqual(Object.keys(specSchema.shape).sort());
    expect([...published].sort()).toEqual(Object.keys(publishedSourceSchema.shape).sort());
  });

  it("emits each option in each of its forms", () => {
    const forms = new Set<string>();
    const formOf = (value: unknown) => (Array.isArray(value) ? "pair" : typeof value === "string" ? value : typeof value);
    for (const { spec } of samples) {
      for (const layer of spec.layers as Record<string, unknown>[]) {
        for (const field of ["kernel", "stride", "padding", "dilation", "output"]) {
          if (layer[field] !== undefined) forms.add(`${String(layer.type).replace("avg", "max")}.${field}:${formOf(layer[field])}`);
        }
        if (layer.type === "maxpool" || layer.type === "avgpool") forms.add(`pool.ceil:${String(layer.ceil)}`);
        if (layer.type === "batchnorm") forms.add(`batchnorm.affine:${String(layer.affine)}`);
        if (layer.type === "conv" && typeof layer.groups === "number" && layer.groups > 1) forms.add("conv.groups>1");
      }
      const input = spec.input as Record<string, unknown>;
      forms.add(`input:${Object.keys(input).sort().join(",")}`);
    }
    const expected = [
      ...["kernel", "stride", "dilation"].flatMap((f) => [`conv.${f}:number`, `conv.${f}:pair`]),
      "conv.padding:number",
      "conv.padding:pair",
      "conv.padding:same",
      "conv.padding:valid",
      "conv.groups>1",
      ...["kernel", "stride", "padding", "output"].flatMap((f) => [`maxpool.${f}:number`, `maxpool.${f}:pair`]),
      "pool.ceil:true",
      "pool.ceil:false",
      "pool.ceil:undefined",
      "batchnorm.affine:true",
      "batchnorm.affine:false",
      "batchnorm.affine:undefined",
      "input:channels,height,width",
      "input:channels,size",
      "input:features",
    ];
    for (const form of expected) expect(forms.has(form), form).toBe(true);
  });
});
