import { describe, expect, it } from "vitest";
import { formatCount, formatScaled, wrap } from "../../src/render/format.js";
import { exactJson } from "../../src/render/exact-json.js";

describe("counts past 2^53 − 1 (bigints)", () => {
  it("formatCount writes every digit", () => {
    expect(formatCount(2n ** 54n + 1n)).toBe("18,014,398,509,481,985");
    expect(formatCount(-(2n ** 53n))).toBe("-9,007,199,254,740,992");
  });

  it("formatScaled scales exactly, in tenths of a trillion", () => {
    expect(formatScaled(2n ** 54n)).toBe("18014.4T"); // 18,014,398,509,481,984 / 10^12 = 18,014.398…
    expect(formatScaled(9_007_249_999_999_999n)).toBe("9007.2T"); // …249,999… rounds down
    expect(formatScaled(9_007_250_000_000_000n)).toBe("9007.3T"); // half rounds up
  });

  it("exactJson writes a bigint as its digits, and anything else as JSON.stringify does", () => {
    const value = { a: 1, b: [2n ** 60n, "x"], c: { d: null, e: undefined }, f: [] };
    expect(exactJson(value)).toBe('{"a":1,"b":[1152921504606846976,"x"],"c":{"d":null},"f":[]}');
    const plain = { a: 1, b: [3, "x"], c: { d: null, e: undefined }, f: [], g: {} };
    expect(exactJson({ ...plain, big: 2n ** 60n }, 2)).toBe(JSON.stringify({ ...plain, big: 1 }, null, 2).replace('"big": 1', '"big": 1152921504606846976'));
    expect(exactJson(plain, 2)).toBe(JSON.stringify(plain, null, 2));
  });
});

describe("formatting", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [1000, "1,000"],
    [60_954_656, "60,954,656"],
    [Number.MAX_SAFE_INTEGER, "9,007,199,254,740,991"],
  ])("formatCount(%i) = %s", (n, text) => {
    expect(formatCount(n)).toBe(text);
  });

  it.each([
    [60_954_656, "61.0M"],
    [724_406_816, "724.4M"],
    [1_448_813_632, "1.4G"],
    [512, "512"],
  ])("formatScaled(%i) = %s", (n, text) => {
    expect(formatScaled(n)).toBe(text);
  });

  it("wraps words with a hanging indent", () => {
    expect(wrap("[1] one two three four", 10, 4)).toBe("[1] one\n    two\n    three\n    four");
    expect(wrap("short", 10, 2)).toBe("short");
  });
});
