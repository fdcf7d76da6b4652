// Exact integer arithmetic. Counts (units, weights, connections) are a `Count`: a number while
// the count is a safe integer (≤ 2^53 − 1), a bigint beyond, never a rounded double. Keeping
// one representation per value (a number whenever it fits) lets `===` compare counts, and keeps
// the network walk on plain numbers for every real CNN. Sizes (heights, features, positions)
// stay numbers: a size past 2^53 − 1 is an error (InexactCountError), never rounded.
//
// Why the number road is sound: for non-negative integers a and b, the double nearest to a·b
// (or a + b) is at least 2^53 whenever the true result is, because rounding is monotonic. So a
// result that is still a safe integer is the exact result; any other is redone in bigint.

/**
 * 60954656 → "60,954,656": an integer's digits grouped in threes, as en-US writes them, without
 * Intl, whose first use in a process loads ICU's locale data (bench/results.md has its cost).
 */
export function groupDigits(n: number | bigint): string {
  const digits = String(n);
  const sign = digits.startsWith("-") ? "-" : "";
  return sign + digits.slice(sign.length).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** An exact count: a safe integer as a number, a larger one as a bigint (never a bigint that fits). */
export type Count = number | bigint;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A bigint as a Count: a number when it is a safe integer. */
export function toCount(value: bigint): Count {
  return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value;
}

/** a · b, exactly. */
export function countMul(a: Count, b: Count): Count {
  if (typeof a === "number" && typeof b === "number") {
    const product = a * b;
    if (Number.isSafeInteger(product)) return product;
  }
  return toCount(BigInt(a) * BigInt(b));
}

/** a + b, exactly. */
export function countAdd(a: Count, b: Count): Count {
  if (typeof a === "number" && typeof b === "number") {
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  return toCount(BigInt(a) + BigInt(b));
}

/** a − b, exactly (negative when b > a). */
export function countSub(a: Count, b: Count): Count {
  if (typeof a === "number" && typeof b === "number") {
    const difference = a - b;
    if (Number.isSafeInteger(difference)) return difference;
  }
  return toCount(BigInt(a) - BigInt(b));
}

/** −1, 0 or 1 as a is below, equal to or above b. */
export function countCompare(a: Count, b: Count): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0; // < and > compare a number with a bigint exactly
}

/** Thrown by exactMul and exactAdd (sizes); `analyze` turns it into an issue naming the layer. */
export class InexactCountError extends Error {
  constructor(readonly operation: string) {
    super(`${operation} exceeds 2^53 − 1 = ${groupDigits(Number.MAX_SAFE_INTEGER)}, the largest size that can be exact`);
    this.name = "InexactCountError";
  }
}

/** a · b for sizes, exactly, or InexactCountError. */
export function exactMul(a: number, b: number): number {
  const product = a * b;
  if (!Number.isSafeInteger(product)) throw new InexactCountError(`${a} × ${b}`);
  return product;
}

/** a + b for sizes, exactly, or InexactCountError. */
export function exactAdd(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new InexactCountError(`${a} + ${b}`);
  return sum;
}

/**
 * One named factor of a cost formula, e.g. { symbol: "K", value: 5 }. Keeping the factors
 * (and not only their product) is what lets `--explain` print the working from the same
 * data that produced the figure.
 */
export interface Factor {
  readonly symbol: string;
  readonly value: number;
  /**
   * Set on per-axis factors (output height and width, kernel height and width): a height
   * factor followed by a width factor of the same value is a square, which `--explain` writes
   * as a power (27 × 27 → 27²). Unset on a dense layer's flattened H·W·C, written out as is.
   */
  readonly axis?: "height" | "width";
}

/** A product of factors; an empty product is 1. */
export type Term = readonly Factor[];

/** A sum of products; an empty sum is 0. */
export interface Formula {
  readonly terms: readonly Term[];
}

export const ZERO: Formula = { terms: [] };

export function factor(symbol: string, value: number, axis?: "height" | "width"): Factor {
  return axis === undefined ? { symbol, value } : { symbol, value, axis };
}

export function product(...factors: Factor[]): Formula {
  return { terms: [factors] };
}

export function sum(...formulas: Formula[]): Formula {
  // a loop, not flatMap: flatMap's array per formula was garbage made for every layer
  const terms: Term[] = [];
  for (const formula of formulas) for (const term of formula.terms) terms.push(term);
  return { terms };
}

/** The exact value of a formula: Σ over terms of Π over factors. */
export function evaluate(formula: Formula): Count {
  let total: Count = 0;
  for (const term of formula.terms) {
    let value: Count = 1;
    for (const f of term) value = countMul(value, f.value);
    total = countAdd(total, value);
  }
  return total;
}

/**
 * How a cost function combines its named factors. Run with FORMULAS, a cost function gives the
 * formulas that --explain prints; run with NUMBERS, the same function gives the exact counts
 * alone, building nothing on the way, which is what the network walk needs for each layer.
 * One function for both, so the working shown cannot drift from the counts.
 */
export interface Algebra<F, S> {
  /** the empty sum */
  readonly zero: S;
  factor(symbol: string, value: number, axis?: "height" | "width"): F;
  product(factors: readonly F[]): S;
  sum(a: S, b: S): S;
}

/** Factors kept by name: the formulas themselves. */
export const FORMULAS: Algebra<Factor, Formula> = {
  zero: ZERO,
  factor,
  product: (factors) => ({ terms: [factors] }),
  sum: (a, b) => sum(a, b),
};

/**
 * Factors as their values: products and sums are evaluated as they are formed, in the order
 * `evaluate` takes them (factors left to right, terms left to right), so the counts come out as
 * evaluating the formulas would give them.
 */
export const NUMBERS: Algebra<number, Count> = {
  zero: 0,
  factor: (_symbol, value) => value,
  product: (factors) => {
    // in doubles first: factors are integers ≥ 0, so with none 0 each partial product is at
    // least the one before; the first to reach 2^53 rounds to at least 2^53 (rounding is
    // monotonic), and so does every later one. A final safe integer is therefore exact.
    let value = 1;
    for (const f of factors) value *= f;
    if (Number.isSafeInteger(value)) return value;
    let big = 1n;
    for (const f of factors) big *= BigInt(f);
    return toCount(big);
  },
  sum: countAdd,
};
