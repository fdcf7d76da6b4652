import { describe, expect, it } from "vitest";
import { ceilDiv, convOutputSize, floorDiv, poolOutputSize, sameOutputSize } from "../../src/core/size.js";

describe("floorDiv / ceilDiv", () => {
  it.each([
    // [a, b, ⌊a/b⌋, ⌈a/b⌉]
    [7, 2, 3, 4],
    [8, 2, 4, 4],
    [-1, 4, -1, 0], // ⌊−0.25⌋ = −1, ⌈−0.25⌉ = 0
    [-16, 64, -1, 0],
    [0, 3, 0, 0],
  ])("%i / %i", (a, b, floor, ceil) => {
    expect(floorDiv(a, b)).toBe(floor);
    expect(ceilDiv(a, b)).toBe(ceil);
  });
});

describe("conv output size: ⌊(n + 2p − d(k − 1) − 1) / s⌋ + 1", () => {
  it.each([
    // n, k, s, p, d, expected — with the arithmetic
    [224, 11, 4, 2, 1, 55], // ⌊(224 + 4 − 10 − 1) / 4⌋ + 1 = ⌊217/4⌋ + 1 = 54 + 1
    [227, 11, 4, 0, 1, 55], // ⌊(227 − 10 − 1) / 4⌋ + 1 = 54 + 1
    [27, 5, 1, 2, 1, 27], //   ⌊(27 + 4 − 4 − 1) / 1⌋ + 1 = 26 + 1
    [13, 3, 1, 1, 1, 13], //   ⌊(13 + 2 − 2 − 1) / 1⌋ + 1 = 12 + 1
    [32, 5, 1, 0, 1, 28], //   LeNet C1: 32 − 4 = 28
    [17, 3, 1, 2, 2, 17], //   dilation 2: ⌊(17 + 4 − 4 − 1) / 1⌋ + 1 = 17
    [21, 3, 1, 1, 2, 19], //   ⌊(21 + 2 − 4 − 1) / 1⌋ + 1 = 19
    [17, 3, 2, 0, 1, 8], //    ⌊(17 − 2 − 1) / 2⌋ + 1 = 7 + 1
    [2, 3, 1, 0, 1, 0], //     the window does not fit: ⌊(2 − 2 − 1) / 1⌋ + 1 = 0
  ])("n=%i k=%i s=%i p=%i d=%i → %i", (n, k, s, p, d, expected) => {
    expect(convOutputSize(n, k, s, p, d).value).toBe(expected);
  });
});

describe('"same" padding: ⌈n / s⌉', () => {
  it.each([
    [37, 2, 19], // ⌈18.5⌉
    [50, 2, 25],
    [7, 1, 7],
    [7, 3, 3], // ⌈2.33⌉
  ])("n=%i s=%i → %i", (n, s, expected) => {
    expect(sameOutputSize(n, s).value).toBe(expected);
  });
});

describe("pool output size, floor and ceil (Caffe/PyTorch rule)", () => {
  it.each([
    // n, k, s, p, ceil, expected, last window dropped
    [55, 3, 2, 0, false, 27, false], // ⌊(55 − 3) / 2⌋ + 1 = 26 + 1
    [27, 3, 2, 0, false, 13, false], // ⌊24 / 2⌋ + 1 = 13
    [13, 3, 2, 0, false, 6, false], //  ⌊10 / 2⌋ + 1 = 6
    [28, 3, 2, 0, true, 14, false], //  ⌈25 / 2⌉ + 1 = 13 + 1; last start 26 < 28
    [28, 3, 2, 0, false, 13, false], // ⌊25 / 2⌋ + 1 = 12 + 1
    [112, 3, 2, 0, true, 56, false], // GoogLeNet pool1: ⌈109 / 2⌉ + 1 = 55 + 1
    [17, 3, 2, 0, true, 8, false], //   ⌈14 / 2⌉ + 1 = 8; last start 14 < 17
    [8, 3, 2, 1, true, 5, false], //    ⌈(8 + 2 − 3) / 2⌉ + 1 = 4 + 1; last start 8 < 8 + 1
    [6, 2, 2, 1, true, 4, false], //    ⌈(6 + 2 − 2) / 2⌉ + 1 = 4; last start 6 < 6 + 1
    [5, 2, 2, 1, true, 3, true], //     ⌈(5 + 2 − 2) / 2⌉ + 1 = 4; last start 6 ≥ 5 + 1 → 3
    [5, 1, 3, 0, true, 2, true], //     ⌈4 / 3⌉ + 1 = 3; last start 6 ≥ 5 → 2
    [48, 64, 64, 0, false, 0, false], // ⌊−16 / 64⌋ + 1 = −1 + 1 = 0: does not fit
  ])("n=%i k=%i s=%i p=%i ceil=%s → %i", (n, k, s, p, ceil, expected, dropped) => {
    const d = poolOutputSize(n, k, s, p, ceil);
    expect(d.value).toBe(expected);
    expect(d.rule === "pool" && d.lastWindowDropped).toBe(dropped);
  });
});
