import { describe, expect, it } from "vitest";
import { ZERO, factor, product, sum } from "../../src/core/exact.js";
import { formatFormulaNumbers, formatFormulaSymbols, formatWorking, subscript, superscript } from "../../src/render/formula.js";

describe("formula text", () => {
  it("writes equal height and width factors as a square, as the tutorial does", () => {
    // U₂ of AlexNet: H′ = W′ = 27, Kh = Kw = 5, C/g = 48, M = 256
    const u2 = product(
      factor("H′", 27, "height"),
      factor("W′", 27, "width"),
      factor("Kh", 5, "height"),
      factor("Kw", 5, "width"),
      factor("C/g", 48),
      factor("M", 256),
    );
    expect(formatFormulaNumbers(u2)).toBe("27² × 5² × 48 × 256");
    expect(formatFormulaSymbols(u2)).toBe("H′·W′·Kh·Kw·(C/g)·M");
  });

  it("keeps unequal axes, and coincidences between unrelated factors, written out", () => {
    const rectangular = product(factor("H′", 17, "height"), factor("W′", 21, "width"), factor("M", 8));
    expect(formatFormulaNumbers(rectangular)).toBe("17 × 21 × 8");
    // a dense layer: 4096 inputs × 4096 units is no square, and 6 × 6 × 256 is its flattened input
    expect(formatFormulaNumbers(product(factor("F", 4096), factor("M", 4096)))).toBe("4096 × 4096");
    expect(formatFormulaNumbers(product(factor("H", 6), factor("W", 6), factor("C", 256), factor("M", 4096)))).toBe("6 × 6 × 256 × 4096");
  });

  it("writes a sum of products, and the empty sum as 0", () => {
    const withBias = sum(product(factor("Kh", 5, "height"), factor("Kw", 5, "width"), factor("C/g", 48), factor("M", 256)), product(factor("M", 256)));
    expect(formatFormulaNumbers(withBias)).toBe("5² × 48 × 256 + 256");
    expect(formatFormulaSymbols(withBias)).toBe("Kh·Kw·(C/g)·M + M");
    expect(formatFormulaNumbers(ZERO)).toBe("0");
  });

  it("shows the working only when there is more than a lone factor", () => {
    // 5² × 48 × 256 + 256 = 307,200 + 256 = 307,456
    const withBias = sum(product(factor("Kh", 5, "height"), factor("Kw", 5, "width"), factor("C/g", 48), factor("M", 256)), product(factor("M", 256)));
    expect(formatWorking(withBias, 307_456)).toBe("Kh·Kw·(C/g)·M + M = 5² × 48 × 256 + 256 = 307,456");
    expect(formatWorking(product(factor("M", 4096)), 4096)).toBe("M = 4,096");
  });

  it("writes superscripts and subscripts digit by digit", () => {
    expect(superscript(2)).toBe("²");
    expect(superscript(10)).toBe("¹⁰");
    expect(subscript(8)).toBe("₈");
    expect(subscript(17)).toBe("₁₇");
  });
});
