// Exact integer arithmetic for counts. Every count alexcount reports is a JavaScript number
// that must be a safe integer (≤ 2^53 − 1): beyond that a double can no longer represent every
// integer, so a product or sum that leaves the range is an error, never a rounded figure.
//
// Why this detection is sound: for non-negative integers a and b, the double nearest to a·b
// (or a + b) is at least 2^53 whenever the true result is, because rounding is monotonic. So a
// result that is still a safe integer is the exact result.

/**
 * 60954656 → "60,954,656": an integer's digits grouped in threes, as en-US writes them, without
 * Intl, whose first use in a process costs some 10 ms (toLocaleString loads ICU's locale data).
 */
export function groupDigits(n: number | bigint): string {
  const digits = String(n);
  const sign = digits.startsWith("-") ? "-" : "";
  return sign + digits.slice(sign.length).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Thrown by the helpers below; `analyze` turns it into an issue naming the layer. */
export class InexactCountError extends Error {
  constructor(readonly operation: string) {
    super(`${operation} exceeds 2^53 − 1 = ${groupDigits(Number.MAX_SAFE_INTEGER)}, the largest count that can be exact`);
    this.name = "InexactCountError";
  }
}

/** a · b, exactly, or InexactCountError. */
export function exactMul(a: number, b: number): number {
  const product = a * b;
  if (!Number.isSafeInteger(product)) throw new InexactCountError(`${a} × ${b}`);
  return product;
}

/** a + b, exactly, or InexactCountError. */
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
export function evaluate(formula: Formula): number {
  let total = 0;
  for (const term of formula.terms) {
    let value = 1;
    for (const f of term) value = exactMul(value, f.value);
    total = exactAdd(total, value);
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
 * `evaluate` takes them (factors left to right, terms left to right), so the counts, and a
 * count that is not exact, come out as evaluating the formulas would give them.
 */
export const NUMBERS: Algebra<number, number> = {
  zero: 0,
  factor: (_symbol, value) => value,
  product: (factors) => {
    let value = 1;
    for (const f of factors) value = exactMul(value, f);
    return value;
  },
  sum: exactAdd,
};
