import { describe, expect, it } from "vitest";
import { InexactCountError, evaluate, exactAdd, exactMul, factor, groupDigits, product, sum } from "../../src/core/exact.js";

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
    expect(new InexactCountError("a × b").message).toBe("a × b exceeds 2^53 − 1 = 9,007,199,254,740,991, the largest count that can be exact");
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

  it("evaluates a sum of products", () => {
    // 5² × 48 × 256 + 256 = 307,200 + 256
    const f = sum(product(factor("Kh", 5), factor("Kw", 5), factor("C/g", 48), factor("M", 256)), product(factor("M", 256)));
    expect(evaluate(f)).toBe(307_456);
    expect(evaluate({ terms: [] })).toBe(0);
    expect(evaluate({ terms: [[]] })).toBe(1);
  });
});
