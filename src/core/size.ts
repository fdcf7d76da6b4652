// Output size along one spatial axis. Each function returns the value together with the
// numbers it came from, so that `--explain` can print the working from the same data.

import { exactAdd, exactMul } from "./exact.js";

export type AxisDerivation =
  /** out = ⌊(n + 2p − d·(k − 1) − 1) / s⌋ + 1   (PyTorch Conv2d docs; Caffe's conv output rule) */
  | { readonly rule: "conv"; readonly n: number; readonly k: number; readonly s: number; readonly p: number; readonly d: number; readonly value: number }
  /** out = ⌈n / s⌉   (TensorFlow "SAME" padding) */
  | { readonly rule: "same"; readonly n: number; readonly s: number; readonly value: number }
  /**
   * out = ⌊(n + 2p − k) / s⌋ + 1, or with ceil ⌈(n + 2p − k) / s⌉ + 1, less one when the
   * last window would start at or beyond n + p (Caffe's pooling_layer.cpp; PyTorch MaxPool2d)
   */
  | {
      readonly rule: "pool";
      readonly n: number;
      readonly k: number;
      readonly s: number;
      readonly p: number;
      readonly ceil: boolean;
      /** true when ceil mode's last window started in the padding and was dropped */
      readonly lastWindowDropped: boolean;
      readonly value: number;
    }
  /** out = (n − 1)·s − 2p + d·(k − 1) + op + 1   (PyTorch ConvTranspose2d docs) */
  | {
      readonly rule: "transposed";
      readonly n: number;
      readonly k: number;
      readonly s: number;
      readonly p: number;
      readonly d: number;
      /** output_padding: added on one side, to pick among the sizes a strided conv maps to one */
      readonly op: number;
      readonly value: number;
    }
  /** upsampling by an integer factor: out = n·f */
  | { readonly rule: "scale"; readonly n: number; readonly f: number; readonly value: number }
  /** the output size is given: an upsample's `size`, a crop's */
  | { readonly rule: "given"; readonly n: number; readonly by: "upsample" | "crop"; readonly value: number }
  /** global pooling: one window covers the whole axis */
  | { readonly rule: "global"; readonly n: number; readonly value: 1 }
  /** adaptive pooling: the output size is given (PyTorch AdaptiveAvgPool2d) */
  | { readonly rule: "adaptive"; readonly n: number; readonly value: number };

/**
 * ⌊a / b⌋ for integer a (possibly negative) and integer b ≥ 1, without floating-point rounding.
 * In bigint: with b above 2^52 the remainder trick ((a % b) + b) % b adds past 2^53, rounds,
 * and gave 0.9999999999999998 for ⌊2^52 / (2^52 + 3)⌋ + 1.
 */
export function floorDiv(a: number, b: number): number {
  // Sizes of real layers are small: there, the double quotient floors exactly. For a non-integer
  // quotient q = a/b, the distance to the nearest integer is at least 1/b, and rounding moves
  // q by at most |q|·2^−53 = |a|·2^−53/b, less than 1/b while |a| < 2^53; so the rounded
  // quotient never reaches the next integer. Bounded here at 2^52 with room to spare; the
  // BigInt road below is far slower. `+ 0`: never −0.
  if (Math.abs(a) <= 2 ** 52 && b <= 2 ** 52) return Math.floor(a / b) + 0;
  const [big, divisor] = [BigInt(a), BigInt(b)];
  const quotient = big / divisor; // truncates toward zero
  return Number(big % divisor !== 0n && big < 0n ? quotient - 1n : quotient);
}

/** ⌈a / b⌉ for integer a (possibly negative) and integer b ≥ 1. */
export function ceilDiv(a: number, b: number): number {
  return 0 - floorDiv(-a, b); // 0 − x, not −x: never −0
}

export function convOutputSize(n: number, k: number, s: number, p: number, d: number): AxisDerivation {
  // n + 2p − d·(k − 1) − 1
  const span = exactAdd(n, exactMul(2, p)) - exactMul(d, k - 1) - 1;
  return { rule: "conv", n, k, s, p, d, value: floorDiv(span, s) + 1 };
}

export function sameOutputSize(n: number, s: number): AxisDerivation {
  return { rule: "same", n, s, value: ceilDiv(n, s) };
}

export function poolOutputSize(n: number, k: number, s: number, p: number, ceil: boolean): AxisDerivation {
  const span = exactAdd(n, exactMul(2, p)) - k;
  if (!ceil) return { rule: "pool", n, k, s, p, ceil, lastWindowDropped: false, value: floorDiv(span, s) + 1 };
  const value = ceilDiv(span, s) + 1;
  // The last window starts at (value − 1)·s in padded coordinates; the input ends at n + p.
  const lastWindowDropped = value > 1 && exactMul(value - 1, s) >= n + p;
  return { rule: "pool", n, k, s, p, ceil, lastWindowDropped, value: lastWindowDropped ? value - 1 : value };
}

export function transposedOutputSize(n: number, k: number, s: number, p: number, d: number, op: number): AxisDerivation {
  // (n − 1)·s − 2p + d·(k − 1) + op + 1
  const value = exactAdd(exactAdd(exactMul(n - 1, s), exactMul(d, k - 1)), op + 1) - exactMul(2, p);
  return { rule: "transposed", n, k, s, p, d, op, value };
}
