import { describe, expect, it } from "vitest";
import { formatCount, formatScaled, wrap } from "../../src/render/format.js";

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
