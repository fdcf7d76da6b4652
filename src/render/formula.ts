// Formulas as text, in the tutorial's notation: `27² × 5² × 48 × 256 + 256`. Only the core's
// `Formula` values are written out here — the figure after "=" is always the report's, which
// the core evaluated from the very same formula.

import type { Count, Factor, Formula, Term } from "../core/exact.js";
import { formatCount } from "./format.js";

const SUPERSCRIPT_DIGITS = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"] as const;
const SUBSCRIPT_DIGITS = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"] as const;

/** 2 → "²", 12 → "¹²" */
export function superscript(n: number): string {
  return [...String(n)].map((d) => SUPERSCRIPT_DIGITS[Number(d)] ?? d).join("");
}

/** 2 → "₂", 17 → "₁₇" */
export function subscript(n: number): string {
  return [...String(n)].map((d) => SUBSCRIPT_DIGITS[Number(d)] ?? d).join("");
}

/** A factor written once, with how many times it repeats. */
interface Power {
  readonly factor: Factor;
  readonly exponent: number;
}

/**
 * Collapses a height factor followed by a width factor of equal value (H′ × W′ = 27 × 27,
 * Kh × Kw = 5 × 5) into one squared factor. Coincidences between unrelated factors (a dense
 * layer's 4096 inputs × 4096 units) stay written out, as the tutorial writes them.
 */
function powers(term: Term): Power[] {
  const out: Power[] = [];
  for (let i = 0; i < term.length; i++) {
    const f = term[i]!;
    const next = term[i + 1];
    if (f.axis === "height" && next?.axis === "width" && next.value === f.value) {
      out.push({ factor: f, exponent: 2 });
      i++;
    } else {
      out.push({ factor: f, exponent: 1 });
    }
  }
  return out;
}

/** `27² × 5² × 48 × 256`; an empty product is 1. */
function formatTermNumbers(term: Term): string {
  if (term.length === 0) return "1";
  return powers(term)
    .map((p) => `${p.factor.value}${p.exponent === 1 ? "" : superscript(p.exponent)}`)
    .join(" × ");
}

/** `27² × 5² × 48 × 256 + 256`; an empty sum is 0. */
export function formatFormulaNumbers(formula: Formula): string {
  if (formula.terms.length === 0) return "0";
  return formula.terms.map(formatTermNumbers).join(" + ");
}

function symbolOf(f: Factor): string {
  // a compound symbol such as C/g is parenthesized inside a product: Kh·Kw·(C/g)·M
  return /^[\p{L}\p{N}\u2032]+$/u.test(f.symbol) ? f.symbol : `(${f.symbol})`;
}

/** `H′·W′·Kh·Kw·(C/g)·M + M`: the factors' names, every factor written (no powers). */
export function formatFormulaSymbols(formula: Formula): string {
  if (formula.terms.length === 0) return "0";
  return formula.terms.map((term) => (term.length === 0 ? "1" : term.map(symbolOf).join("·"))).join(" + ");
}

/** Whether writing the numbers out says more than the result alone (not for a lone factor). */
function hasWorking(formula: Formula): boolean {
  const [first, ...rest] = formula.terms;
  return first !== undefined && (rest.length > 0 || first.length > 1);
}

/**
 * `H′·W′·M = 27² × 256 = 186,624`: the symbols, the numbers (when there is more than a lone
 * factor to show) and the figure — which is the report's, evaluated from this very formula.
 */
export function formatWorking(formula: Formula, figure: Count): string {
  const numbers = hasWorking(formula) ? ` = ${formatFormulaNumbers(formula)}` : "";
  return `${formatFormulaSymbols(formula)}${numbers} = ${formatCount(figure)}`;
}
