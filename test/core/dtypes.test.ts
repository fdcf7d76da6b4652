import { describe, expect, it } from "vitest";
import { DTYPES, parsePrecision, scaleCount, tensorBytes } from "../../src/core/dtypes.js";

describe("parsePrecision", () => {
  it("reads every dtype, and a group scale on the quantized ones", () => {
    for (const dtype of DTYPES) expect(parsePrecision(dtype)).toEqual({ dtype });
    expect(parsePrecision("int4/g128")).toEqual({ dtype: "int4", group: 128 });
    expect(parsePrecision("fp8/g32")).toEqual({ dtype: "fp8", group: 32 });
  });

  it("refuses what is not a precision", () => {
    for (const text of ["fp7", "", "INT4", "int4/", "int4/g0", "int4/g", "int4/128", "bf16/g128", "fp32/g64", "int4/g128/g2", " int4"]) {
      expect(parsePrecision(text), text).toBeUndefined();
    }
  });
});

describe("tensorBytes", () => {
  it("is count × bits / 8 for whole-byte formats", () => {
    // AlexNet with biases, 60,965,224 weights: bf16 2 bytes each = 121,930,448
    expect(tensorBytes(60_965_224n, { dtype: "bf16" })).toBe(121_930_448n);
    // fp32 and tf32 (stored as fp32): 4 bytes each
    expect(tensorBytes(1000n, { dtype: "fp32" })).toBe(4000n);
    expect(tensorBytes(1000n, { dtype: "tf32" })).toBe(4000n);
    expect(tensorBytes(1000n, { dtype: "fp8" })).toBe(1000n);
    expect(tensorBytes(1000n, { dtype: "int8" })).toBe(1000n);
  });

  it("rounds int4 up to whole bytes once per tensor", () => {
    // 3 values × 4 bits = 12 bits → 2 bytes; 4 values = 16 bits = 2 bytes
    expect(tensorBytes(3n, { dtype: "int4" })).toBe(2n);
    expect(tensorBytes(4n, { dtype: "int4" })).toBe(2n);
  });

  it("adds a 16-bit scale per group, a partial last group with its own", () => {
    // 1000 values at int4/g128: ⌈1000/128⌉ = 8 scales; 1000·4 + 8·16 = 4,128 bits = 516 bytes
    expect(scaleCount(1000n, { dtype: "int4", group: 128 })).toBe(8n);
    expect(tensorBytes(1000n, { dtype: "int4", group: 128 })).toBe(516n);
    // 1024 values: 8 scales exactly; 4096 + 128 = 4,224 bits = 528 bytes = 4.125 bits per value
    expect(tensorBytes(1024n, { dtype: "int4", group: 128 })).toBe(528n);
    // int8/g64 on 65 values: 2 scales; 520 + 32 = 552 bits = 69 bytes
    expect(tensorBytes(65n, { dtype: "int8", group: 64 })).toBe(69n);
  });
});
