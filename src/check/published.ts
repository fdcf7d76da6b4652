// Figures printed elsewhere (a paper's table, a framework's model card), as plain data for
// `check`. The spec loader builds these from a spec's `published` list.

import type { Convention, Kind } from "../core/network.js";

export const CELL_METRICS = ["units", "weights", "biases", "connections", "flops", "kept_weights", "kept_connections", "kept_flops"] as const;
export type CellMetric = (typeof CELL_METRICS)[number];

/** The figures of a pruned network (layers with a `density`), each with the full figure it is a share of. */
const KEPT_METRICS = { kept_weights: "weights", kept_connections: "connections", kept_flops: "flops" } as const;
export type KeptMetric = keyof typeof KEPT_METRICS;

export function isKeptMetric(metric: CellMetric): metric is KeptMetric {
  return metric in KEPT_METRICS;
}

/** Where a published cell sits: one layer's row, a subtotal row, or the total row. */
export type CellScope = { readonly kind: "layer"; readonly name: string } | { readonly kind: "subtotal"; readonly group: Kind } | { readonly kind: "total" };

/**
 * A printed figure: exact, or rounded with a scale suffix as tables in papers print them; for a
 * kept figure, also a percentage of the full one ("11%").
 */
export type PublishedValue = number | string;

export interface PublishedCell {
  /** `layers.L4.units`, `subtotals.conv.weights`, `totals.connections` */
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
    case "subtotal":
      return `subtotals.${scope.group}.${metric}`;
    case "total":
      return `totals.${metric}`;
  }
}
