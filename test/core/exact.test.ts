import { describe, expect, it } from "vitest";
import {
  InexactCountError,
  countAdd,
  countCompare,
  countMul,
  countSub,
  evaluate,
  exactAdd,
  exactMul,
  factor,
  groupDigits,
  product,
  sum,
} from "../../src/core/exact.js";

describe("groupDigits", () => {
  it.each([
    [0, "0"],
    [7, "7"],
    [999, "999"],
    [1000, "1,000"],
    [-1000, "-1,000"],
    [8_388_608, "8,388,608"], // 8 MiB in bytes
    [Number.MAX_SAFE_INTEGER, "9,007,199,254,740,991"], // 2^53 − 1
  ])("groupDigits(%i) = %s", (n, text) => {
    expect(groupDigits(n)).toBe(text);
  });

  it("names 2^53 − 1 in full in the inexact-count message", () => {
    expect(new InexactCountError("a × b").message).toBe("a × b exceeds 2^53 − 1 = 9,007,199,254,740,991, the largest size that can be exact");
  });
});

describe("exact arithmetic", () => {
  it("multiplies and adds within the safe range", () => {
    expect(exactMul(94_906_265, 94_906_265)).toBe(9_007_199_136_250_225); // 94,906,265² < 2^53 − 1
    expect(exactAdd(Number.MAX_SAFE_INTEGER - 1, 1)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("refuses a result it cannot represent exactly", () => {
    expect(() => exactMul(94_906_266, 94_906_266)).toThrow(InexactCountError); // 94,906,266² > 2^53 − 1
    expect(() => exactAdd(Number.MAX_SAFE_INTEGER, 1)).toThrow(InexactCountError);
  });

  it("counts: a number while safe, an exact bigint beyond, a number again when back in range", () => {
    expect(countMul(94_906_265, 94_906_265)).toBe(9_007_199_136_250_225); // safe: a number
    expect(countMul(94_906_266, 94_906_266)).toBe(9_007_199_326_062_756n); // 94,906,266² > 2^53 − 1
    expect(countAdd(Number.MAX_SAFE_INTEGER, 2)).toBe(9_007_199_254_740_993n); // 2^53 + 1: a double would give 2^53
    expect(countSub(2n ** 53n, 1)).toBe(Number.MAX_SAFE_INTEGER); // back in range: a number, so === compares
    expect(countMul(2n ** 40n, 0)).toBe(0);
    expect(countCompare(2n ** 53n, Number.MAX_SAFE_INTEGER)).toBe(1);
    expect(countCompare(3, 3)).toBe(0);
  });

  it("evaluates a sum of products beyond 2^53 exactly", () => {
    // 131,072 · 131,072 · 128 · 128 + 1 = 2^17 · 2^17 · 2^7 · 2^7 + 1 = 2^48 + 1 (a number);
    // × 2^10 positions as another factor: 2^58 + 2^10, beyond what a double holds exactly
    const f = sum(product(factor("T", 131_072), factor("T", 131_072), factor("d", 128), factor("d", 128), factor("L", 1024)), product(factor("L", 1024)));
    expect(evaluate(f)).toBe(2n ** 58n + 1024n);
  });

  it("evaluates a sum of products", () => {
    // 5² × 48 × 256 + 256 = 307,200 + 256
    const f = sum(product(factor("Kh", 5), factor("Kw", 5), factor("C/g", 48), factor("M", 256)), product(factor("M", 256)));
    expect(evaluate(f)).toBe(307_456);
    expect(evaluate({ terms: [] })).toBe(0);
    expect(evaluate({ terms: [[]] })).toBe(1);
  });
});
