// The closed-form output-size rules (contract §1) against counting window positions one by
// one, and, for sizes too large to count, against the same formula evaluated in bigint.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ceilDiv, convOutputSize, floorDiv, poolOutputSize, sameOutputSize } from "../../src/core/size.js";
import { bruteConv, brutePool, bruteSame } from "../support/brute-force.js";

const RUNS = { numRuns: 3000, seed: 20260501 } as const;
const small = (min: number, max: number) => fc.integer({ min, max });

describe("output size, small sizes, against a count of window positions", () => {
  it("conv with integer padding: ⌊(n + 2p − d·(k − 1) − 1) / s⌋ + 1 windows fit", () => {
    fc.assert(
      fc.property(small(1, 60), small(1, 12), small(1, 6), small(0, 6), small(1, 4), (n, k, s, p, d) => {
        const brute = bruteConv(n, k, s, p, d);
        const { value } = convOutputSize(n, k, s, p, d);
        // a window that does not fit gives a value below 1, which the core turns into an error
        if (brute === 0) expect(value).toBeLessThan(1);
        else expect(value).toBe(brute);
      }),
      RUNS,
    );
  });

  it('conv with "same" padding: ⌈n / s⌉, one output per stride step inside the input', () => {
    fc.assert(
      fc.property(small(1, 200), small(1, 20), (n, s) => {
        expect(sameOutputSize(n, s).value).toBe(bruteSame(n, s));
      }),
      RUNS,
    );
  });

  it("pooling, floor and ceil mode, padding up to the kernel size", () => {
    fc.assert(
      fc.property(small(1, 60), small(1, 8), small(1, 6), fc.boolean(), fc.gen(), (n, k, s, ceil, g) => {
        const p = g(fc.integer, { min: 0, max: k });
        const brute = brutePool(n, k, s, p, ceil);
        const derivation = poolOutputSize(n, k, s, p, ceil);
        if (brute === 0) expect(derivation.value).toBeLessThan(1);
        else expect(derivation.value).toBe(brute);
      }),
      RUNS,
    );
  });

  it("ceil mode drops a last window that would start in the right padding (Caffe, PyTorch)", () => {
    // n = 5, k = 2, s = 2, p = 1: padded length 7; ⌈(7 − 2) / 2⌉ + 1 = 4 windows start at
    // 0, 2, 4, 6; the one at 6 starts at n + p = 6, inside the right padding: dropped → 3.
    const derivation = poolOutputSize(5, 2, 2, 1, true);
    expect(derivation).toMatchObject({ value: 3, lastWindowDropped: true });
    expect(brutePool(5, 2, 2, 1, true)).toBe(3);
  });
});

/** ⌊a / b⌋ in bigint, for b ≥ 1. */
function bigFloorDiv(a: bigint, b: bigint): bigint {
  const q = a / b; // truncates toward zero
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

const SAFE = Number.MAX_SAFE_INTEGER;
/** Integers spread over the whole safe range: small ones, ones near 2^52 and near 2^53. */
const anySafe = (min: number) =>
  fc.oneof(
    fc.integer({ min, max: 1000 }),
    fc.integer({ min: Math.max(min, 2 ** 52 - 1000), max: 2 ** 52 + 1000 }),
    fc.integer({ min: SAFE - 1000, max: SAFE }),
    fc.maxSafeInteger().filter((v) => v >= min),
  );

describe("output size, sizes up to 2^53 − 1, against the formula in bigint", () => {
  it("floorDiv and ceilDiv are exact for every safe dividend and divisor", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anySafe(0),
          anySafe(0).map((v) => -v),
        ),
        anySafe(1),
        (a, b) => {
          const floor = bigFloorDiv(BigInt(a), BigInt(b));
          expect(floorDiv(a, b)).toBe(Number(floor));
          expect(ceilDiv(a, b)).toBe(Number(-bigFloorDiv(-BigInt(a), BigInt(b))));
        },
      ),
      { ...RUNS, numRuns: 20000 },
    );
  });

  it("a regression: ⌊2^52 / (2^52 + 3)⌋ + 1 is exactly 1, not 0.9999999999999998", () => {
    // n = 2^52 + 1, k = 1, s = 2^52 + 3, p = 0, d = 1: ⌊(2^52 + 1 − 1) / (2^52 + 3)⌋ + 1 = 0 + 1
    expect(convOutputSize(2 ** 52 + 1, 1, 2 ** 52 + 3, 0, 1).value).toBe(1);
    expect(floorDiv(2 ** 53 - 2, 2 ** 53 - 1)).toBe(0);
  });

  it("conv: ⌊(n + 2p − d·(k − 1) − 1) / s⌋ + 1 is the exact integer whenever the count itself is safe", () => {
    fc.assert(
      fc.property(anySafe(1), anySafe(1), anySafe(1), fc.oneof(fc.constant(0), anySafe(0)), anySafe(1), (n, k, s, p, d) => {
        const span = BigInt(n) + 2n * BigInt(p) - BigInt(d) * (BigInt(k) - 1n) - 1n;
        let value: number;
        try {
          value = convOutputSize(n, k, s, p, d).value;
        } catch (error) {
          // only a step that leaves the safe range may refuse: n + 2p or d·(k − 1)
          expect((error as Error).name).toBe("InexactCountError");
          expect(BigInt(n) + 2n * BigInt(p) > BigInt(SAFE) || BigInt(d) * (BigInt(k) - 1n) > BigInt(SAFE)).toBe(true);
          return;
        }
        expect(value).toBe(Number(bigFloorDiv(span, BigInt(s)) + 1n));
      }),
      { ...RUNS, numRuns: 20000 },
    );
  });
});
