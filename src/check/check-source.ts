// Published figures against computed ones (contract §3). Pure: reports in, statuses out.

import type { Convention } from "../core/network.js";
import { type Counts, type LayerReport, type Report, NO_COUNTS, addCounts } from "../core/analyze.js";
import { type Count, countAdd, countMul, countSub, toCount } from "../core/exact.js";
import { type PrunedLayer, prunedLayer } from "../core/pruning.js";
import type { Formula } from "../core/exact.js";
import {
  type CellMetric,
  type KeptMetric,
  type PublishedCell,
  type PublishedSource,
  type PublishedValue,
  isKeptMetric,
  readRoundedFigure,
  roundAsPrinted,
} from "../core/published.js";

/** Why a mismatched figure differs (diagnose.ts): the explanations that reproduce it, and the working. */
export interface Diagnosis {
  /** The explanations that reproduce the published figure, simplest first; empty when none does. */
  readonly causes: readonly string[];
  /** The formula the computed figure was evaluated from (layer cells only), to show the working. */
  readonly formula?: Formula;
}

const CELL_STATUSES = ["match", "erratum", "mismatch", "stale-erratum"] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];

/** Statuses that fail `alexcount check`. */
export function isFailing(status: CellStatus): boolean {
  return status === "mismatch" || status === "stale-erratum";
}

export interface CheckedCell {
  readonly at: string;
  readonly cell: PublishedCell;
  readonly published: PublishedValue;
  readonly computed: Count;
  readonly status: CellStatus;
  readonly note?: string;
  /** For a mismatch: the computed figure's formula and the simple explanations that fit. */
  readonly diagnosis?: Diagnosis;
}

export interface CheckedSource {
  readonly source: string;
  /** The bias convention the source's figures were computed under. */
  readonly bias: boolean;
  /** The counting conventions they were computed under. */
  readonly conventions: readonly Convention[];
  readonly cells: readonly CheckedCell[];
}

export interface CheckResult {
  readonly ok: boolean;
  readonly sources: readonly CheckedSource[];
}

/** A computed figure, as the metric asks: `flops` is 2 × connections (one MAC = two FLOPs). */
export function metricValue(counts: Counts, metric: Exclude<CellMetric, KeptMetric | "active_weights">): Count {
  return metric === "flops" ? countMul(2, counts.connections) : counts[metric];
}

/** The rows a cell's scope sums: one layer, a block use's layers, a kind's layers, or every layer. */
export function rowsAt(report: Report, cell: PublishedCell): readonly LayerReport[] {
  const scope = cell.scope;
  if (scope.kind === "layer") return report.layers.filter((row) => row.name === scope.name);
  if (scope.kind === "block") return report.layers.slice(scope.first, scope.last + 1);
  if (scope.kind === "subtotal") return report.layers.filter((row) => row.kind === scope.group);
  return report.layers;
}

/**
 * A kept figure (Han et al. 2015's pruning) over a cell's scope: each layer with a density as
 * `prunedLayer` counts it, every other layer whole; with the full figure beside it, for shares.
 */
function keptValue(report: Report, cell: PublishedCell & { readonly metric: KeptMetric }): { kept: bigint; full: bigint } {
  let kept = 0n;
  let full = 0n;
  for (const row of rowsAt(report, cell)) {
    const pruned: PrunedLayer | undefined = row.layer.density ? prunedLayer(row, row.layer.density) : undefined;
    const weights = BigInt(row.weights);
    const connections = BigInt(row.connections);
    if (cell.metric === "kept_weights") {
      kept += pruned?.weights ?? weights;
      full += weights;
    } else {
      const factor = cell.metric === "kept_flops" ? 2n : 1n;
      kept += factor * (pruned?.connections ?? connections);
      full += factor * connections;
    }
  }
  return { kept, full };
}

/**
 * Whether a kept figure matches a printed one: a count as `matches` takes it, or a percentage of
 * the full figure ("11%", "14.5%"), which matches when 100 · kept / full, rounded half up to the
 * printed decimals, equals it.
 */
export function keptMatches(kept: bigint, full: bigint, published: PublishedValue, tolerance: number): boolean {
  const percent = typeof published === "string" ? /^(\d+)(?:\.(\d+))?%$/.exec(published) : null;
  if (!percent) return matches(toCount(kept), published, tolerance);
  if (full === 0n) return false;
  const [, whole = "", fraction = ""] = percent;
  const scaled = kept * 100n * 10n ** BigInt(fraction.length);
  return (2n * scaled + full) / (2n * full) === BigInt(whole + fraction);
}

/**
 * Whether a computed figure matches a printed one. A suffixed value ("61M", "1.5B") matches when
 * computed / scale, rounded half up to the printed number of decimals, equals it — in bigint,
 * so no floating-point rounding can tip the verdict.
 */
export function matches(computed: Count, published: PublishedValue, tolerance: number): boolean {
  if (typeof published === "number") {
    if (computed === published) return true;
    // the difference exactly, then as a double against the relative slack
    const difference = Number(countSub(computed, published));
    return Math.abs(difference) <= tolerance * Math.abs(published);
  }
  const figure = readRoundedFigure(published);
  return figure !== undefined && roundAsPrinted(computed, figure) === figure.printed;
}

/**
 * The counts a published cell refers to: a layer's row, the sum of a block use's rows, a
 * subtotal (zero when absent) or the totals.
 */
export function countsAt(report: Report, cell: PublishedCell): Counts | undefined {
  switch (cell.scope.kind) {
    case "layer": {
      const name = cell.scope.name;
      return report.layers.find((row) => row.name === name);
    }
    case "block": {
      const { first, last } = cell.scope;
      if (first < 0 || last >= report.layers.length || first > last) return undefined;
      let counts: Counts = NO_COUNTS;
      for (let i = first; i <= last; i++) counts = addCounts(counts, report.layers[i]!);
      return counts;
    }
    case "subtotal":
      return report.subtotals[cell.scope.group] ?? { units: 0, weights: 0, biases: 0, connections: 0 };
    case "total":
      return report.totals;
  }
}

/** A mixture of experts' active weights over a cell's scope; a network without one: its weights. */
function activeValue(report: Report, cell: PublishedCell): Count {
  const active = report.active;
  if (active === undefined) return countsAt(report, cell)?.weights ?? 0;
  let total: Count = 0;
  report.layers.forEach((row, i) => {
    const scope = cell.scope;
    const inScope =
      scope.kind === "total" ||
      (scope.kind === "layer" ? row.name === scope.name : scope.kind === "block" ? i >= scope.first && i <= scope.last : row.kind === scope.group);
    if (inScope) total = countAdd(total, active.layers[i]!);
  });
  return total;
}

/**
 * Checks one source against the report computed under its bias setting and conventions. The caller
 * supplies that report (see `checkSpec` in the library API), so this stays free of loading.
 */
export function checkSource(source: PublishedSource, report: Report): CheckedSource {
  const cells = source.cells.map((cell): CheckedCell => {
    const counts = countsAt(report, cell);
    let computed: Count;
    let isMatch: boolean;
    if (cell.metric === "active_weights") {
      computed = activeValue(report, cell);
      isMatch = counts !== undefined && matches(computed, cell.value, source.tolerance);
    } else if (isKeptMetric(cell.metric)) {
      const { kept, full } = keptValue(report, { ...cell, metric: cell.metric });
      computed = toCount(kept);
      isMatch = counts !== undefined && keptMatches(kept, full, cell.value, source.tolerance);
    } else {
      computed = counts === undefined ? 0 : metricValue(counts, cell.metric);
      isMatch = counts !== undefined && matches(computed, cell.value, source.tolerance);
    }
    const note = source.errata.get(cell.at);
    const status: CellStatus = isMatch ? (note === undefined ? "match" : "stale-erratum") : note === undefined ? "mismatch" : "erratum";
    return { at: cell.at, cell, published: cell.value, computed, status, ...(note === undefined ? {} : { note }) };
  });
  return { source: source.source, bias: report.bias, conventions: report.conventions, cells };
}

export function summarizeCheck(sources: readonly CheckedSource[]): CheckResult {
  return { ok: sources.every((s) => s.cells.every((c) => !isFailing(c.status))), sources };
}
