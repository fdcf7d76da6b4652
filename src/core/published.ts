// Figures printed elsewhere (a paper's table, a framework's model card), as plain data for
// `check`, and the grammar of a printed figure ("61M", "1.5B"): the loader validates against it
// and check compares with it, so both import it from here.

import type { Convention, Kind } from "./network.js";

export const CELL_METRICS = ["units", "weights", "biases", "connections", "flops", "kept_weights", "kept_connections", "kept_flops", "active_weights"] as const;
export type CellMetric = (typeof CELL_METRICS)[number];

/** The figures of a pruned network (layers with a `density`), each with the full figure it is a share of. */
const KEPT_METRICS = { kept_weights: "weights", kept_connections: "connections", kept_flops: "flops" } as const;
export type KeptMetric = keyof typeof KEPT_METRICS;

export function isKeptMetric(metric: CellMetric): metric is KeptMetric {
  return metric in KEPT_METRICS;
}

/**
 * Where a published cell sits: one layer's row, a block use's row (a use, a repetition or a run
 * of repetitions, by name, covering the layers `first` to `last` of the expanded list), a
 * subtotal row, or the total row.
 */
export type CellScope =
  | { readonly kind: "layer"; readonly name: string }
  | { readonly kind: "block"; readonly name: string; readonly first: number; readonly last: number }
  | { readonly kind: "subtotal"; readonly group: Kind }
  | { readonly kind: "total" };

/**
 * A printed figure: exact, or rounded with a scale suffix as tables in papers print them; for a
 * kept figure, also a percentage of the full one ("11%").
 */
export type PublishedValue = number | string;

export interface PublishedCell {
  /** `layers.L4.units`, `blocks.layer3.weights`, `subtotals.conv.weights`, `totals.connections` */
  readonly at: string;
  readonly scope: CellScope;
  readonly metric: CellMetric;
  readonly value: PublishedValue;
}

export interface PublishedSource {
  readonly source: string;
  /** The bias convention the figures were printed under; absent: the spec's. */
  readonly bias?: boolean;
  /** Counting conventions the figures were printed under; empty: the contract's own rules. */
  readonly conventions: readonly Convention[];
  /** Relative tolerance for integer figures. */
  readonly tolerance: number;
  readonly cells: readonly PublishedCell[];
  /** Cells known to be printed wrong, by `at`, with the reason. */
  readonly errata: ReadonlyMap<string, string>;
}

export function cellAddress(scope: CellScope, metric: CellMetric): string {
  switch (scope.kind) {
    case "layer":
      return `layers.${scope.name}.${metric}`;
    case "block":
      return `blocks.${scope.name}.${metric}`;
    case "subtotal":
      return `subtotals.${scope.group}.${metric}`;
    case "total":
      return `totals.${metric}`;
  }
}

/** The scale suffixes of a rounded figure; G and B are both 10^9 (GFLOPs, "1.5B parameters"). */
const SCALES: Readonly<Record<string, bigint>> = { K: 10n ** 3n, M: 10n ** 6n, B: 10n ** 9n, G: 10n ** 9n, T: 10n ** 12n };

/** A rounded figure as written: digits, optional decimals, one scale suffix. */
export const ROUNDED_FIGURE = /^(\d+)(?:\.(\d+))?([KMBGT])$/;

/** A rounded figure, read: `printed` is the number × 10^decimals ("1.5B": 15n, 1 decimal, 10^9). */
export interface RoundedFigure {
  readonly printed: bigint;
  readonly decimals: number;
  readonly scale: bigint;
  readonly suffix: string;
}

export function readRoundedFigure(text: string): RoundedFigure | undefined {
  const parsed = ROUNDED_FIGURE.exec(text);
  if (!parsed) return undefined;
  const [, whole = "", fraction = "", suffix = ""] = parsed;
  const scale = SCALES[suffix];
  return scale === undefined ? undefined : { printed: BigInt(whole + fraction), decimals: fraction.length, scale, suffix };
}

/**
 * `computed` as the figure would print it, × 10^decimals: computed / scale rounded half up to
 * the figure's decimals, ⌊x / scale + ½⌋, in bigint so that no floating-point rounding can tip it.
 */
export function roundAsPrinted(computed: number | bigint, figure: RoundedFigure): bigint {
  const scaled = BigInt(computed) * 10n ** BigInt(figure.decimals);
  return (2n * scaled + figure.scale) / (2n * figure.scale);
}

/** `computed` cut off rather than rounded, × 10^decimals. */
export function truncateAsPrinted(computed: number | bigint, figure: RoundedFigure): bigint {
  return (BigInt(computed) * 10n ** BigInt(figure.decimals)) / figure.scale;
}

/** Digits × 10^decimals written as the figure writes them: (15n, figure of "1.5B") → "1.5B". */
export function writeAsPrinted(digits: bigint, figure: RoundedFigure): string {
  const text = digits.toString().padStart(figure.decimals + 1, "0");
  return `${figure.decimals === 0 ? text : `${text.slice(0, -figure.decimals)}.${text.slice(-figure.decimals)}`}${figure.suffix}`;
}
