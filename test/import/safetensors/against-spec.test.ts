// Tensors read by role (packed, quantization data, parameters) and set against a spec's
// layers, module by module: the pure parts of `alexcount safetensors` beside a config.json.

import { describe, expect, it } from "vitest";
import { compareWithSpec } from "../../../src/import/safetensors/against-spec.js";
import { readTensors } from "../../../src/import/safetensors/quantized.js";
import type { TensorEntry } from "../../../src/import/safetensors/safetensors-header.js";

const tensor = (name: string, dtype: string, shape: number[]): TensorEntry => {
  const parameters = shape.reduce((a, b) => a * b, 1);
  return { name, dtype, shape, parameters, bytes: parameters, file: "model.safetensors" };
};

describe("readTensors", () => {
  it("GPTQ's qweight holds 32 / bits weights an element: 8 at 4 bits, 4 at 8 bits", () => {
    const tensors = [
      tensor("fc.qweight", "I32", [16, 64]),
      tensor("fc.scales", "F16", [1, 64]),
      tensor("fc.qzeros", "I32", [1, 8]),
      tensor("fc.bias", "F16", [64]),
    ];
    expect(readTensors(tensors).map((t) => [t.role, t.held])).toEqual([
      ["packed", 16 * 64 * 8],
      ["quantization", 0],
      ["quantization", 0],
      ["parameters", 64],
    ]);
    expect(readTensors(tensors, 8)[0]!.held).toBe(16 * 64 * 4);
  });

  it("a uint8 weight is packed only beside a bitsandbytes 4-bit state; scales named like GPTQ's without a qweight are parameters", () => {
    const tensors = [
      tensor("a.weight", "U8", [10]),
      tensor("b.weight", "U8", [10]),
      tensor("b.weight.quant_state.bitsandbytes__fp4", "U8", [5]),
      tensor("norm.scales", "F32", [4]),
    ];
    expect(readTensors(tensors).map((t) => [t.role, t.held])).toEqual([
      ["parameters", 10],
      ["packed", 20],
      ["quantization", 0],
      ["parameters", 4],
    ]);
  });

  it("bitsandbytes 8-bit: the int8 weight one an element, SCB and weight_format the quantization's", () => {
    const tensors = [tensor("fc.weight", "I8", [4, 4]), tensor("fc.SCB", "F32", [4]), tensor("fc.weight_format", "U8", [])];
    expect(readTensors(tensors).map((t) => t.held)).toEqual([16, 0, 0]);
  });
});

describe("compareWithSpec", () => {
  it("a fused tensor (Phi-3's gate_up_proj) is set against the spec layers its module stands for", () => {
    // gate and up: 2 × 8 × 16 = 256 in the spec; the fused tensor [32, 8] = 256
    const layers = [
      { name: "m.gate_up_proj.gate", weights: 128 },
      { name: "m.gate_up_proj.up", weights: 128 },
      { name: "m.down_proj", weights: 128 },
    ];
    const tensors = readTensors([tensor("m.gate_up_proj.weight", "BF16", [32, 8]), tensor("m.down_proj.weight", "BF16", [8, 16])]);
    expect(compareWithSpec(tensors, layers)).toEqual({ specWeights: 384n, fileWeights: 384n, prefix: "", differences: [] });
  });

  it("a tensor the spec has no layer for is a difference of its own, after the spec's modules", () => {
    const layers = [{ name: "fc", weights: 10n }];
    const tensors = readTensors([tensor("rotary.inv_freq", "F32", [4]), tensor("fc.weight", "F32", [2, 4])]);
    expect(compareWithSpec(tensors, layers).differences).toEqual([
      { module: "fc", spec: 10n, file: 8n, tensors: ["fc.weight"] },
      { module: "rotary.inv_freq", spec: 0n, file: 4n, tensors: ["rotary.inv_freq"] },
    ]);
  });
});
