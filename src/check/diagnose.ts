// Why a published figure disagrees with the computed one: the nearest simple explanation that
// fits exactly. Printed tables go wrong in a few recurring ways — one GPU tower counted for
// two, biases counted under the other convention, FLOPs for MACs, pooling rounded the other
// way, attention's T² products left out, a figure per token, a typo — and each is a hypothesis
// that either reproduces the printed figure exactly or does not. Pure: recomputations go through the core's `analyze`.

import { type LayerReport, type Report, analyze, formulasOf } from "../core/analyze.js";
import { type Count, type Formula, factor, toCount } from "../core/exact.js";
import { type Network, type PoolLayer } from "../core/network.js";
import { keptEntries } from "../core/costs/attention.js";
import { type CheckedCell, type Diagnosis, countsAt, matches, metricValue, rowsAt } from "./check-source.js";
import {
  type CellMetric,
  type CellScope,
  type KeptMetric,
  type PublishedSource,
  isKeptMetric,
  readRoundedFigure,
  roundAsPrinted,
  truncateAsPrinted,
  writeAsPrinted,
} from "../core/published.js";

export interface DiagnoseContext {
  readonly network: Network;
  /** The network computed under the source's bias convention. */
  readonly report: Report;
  readonly source: PublishedSource;
  /** Every checked cell of the source, for totals that carry a layer's difference. */
  readonly cells: readonly CheckedCell[];
}

/** 64896 → "64,896" (the check's own formatting lives in render; causes are plain prose). */
function grouped(n: Count): string {
  const sign = n < 0 ? "−" : "";
  return sign + String(n < 0 ? -n : n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The formula behind a layer cell's figure; FLOPs are 2 × the connections' formula. */
function formulaOf(report: Report, row: LayerReport, metric: Exclude<CellMetric, KeptMetric | "active_weights">): Formula {
  const cost = formulasOf(report, row);
  if (metric !== "flops") return cost[metric];
  return { terms: cost.connections.terms.map((term) => [factor("2", 2), ...term]) };
}

/** An attention row's QKᵀ and weighted sum of values: 2·h·T·S·d, or 2·h·K·d with count: kept. */
function attentionProducts(row: LayerReport): bigint {
  const { layer } = row;
  const [queries, keys = queries] = row.inputs;
  if (layer.type !== "attention" || queries?.kind !== "sequence" || keys?.kind !== "sequence") return 0n;
  const d = BigInt(layer.headDim ?? queries.features / layer.heads);
  const entries = layer.count === "kept" ? BigInt(keptEntries(queries.length, layer.window)) : BigInt(queries.length) * BigInt(keys.length);
  return 2n * BigInt(layer.heads) * entries * d;
}

/** Window pooling layers upstream of `name` (all of them when `name` is undefined), in spec order. */
function poolsFeeding(network: Network, name: string | undefined): PoolLayer[] {
  const byName = new Map(network.layers.map((l) => [l.name, l]));
  const upstream = new Set<string>();
  const stack = name === undefined ? network.layers.map((l) => l.name) : [...(byName.get(name)?.inputs ?? [])];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (upstream.has(current)) continue;
    upstream.add(current);
    stack.push(...(byName.get(current)?.inputs ?? []));
  }
  return network.layers.filter((l): l is PoolLayer => (l.type === "maxpool" || l.type === "avgpool") && l.window.kind === "window" && upstream.has(l.name));
}

/** The network with `flipped` pooling layers rounding the other way (floor ↔ ceil). */
function withRoundingFlipped(network: Network, flipped: ReadonlySet<string>): Network {
  return {
    ...network,
    layers: network.layers.map((layer) =>
      (layer.type === "maxpool" || layer.type === "avgpool") && layer.window.kind === "window" && flipped.has(layer.name)
        ? { ...layer, window: { ...layer.window, ceil: !layer.window.ceil } }
        : layer,
    ),
  };
}

/** Whether the layer named `name` is among the rows a block use, subtotal or total sums. */
function inCarryingScope(report: Report, scope: Exclude<CellScope, { kind: "layer" }>, name: string): boolean {
  if (scope.kind === "total") return true;
  if (scope.kind === "block") {
    for (let i = scope.first; i <= scope.last; i++) if (report.layers[i]?.name === name) return true;
    return false;
  }
  return report.layers.find((r) => r.name === name)?.kind === scope.group;
}

/** Whether a block use's layers lie inside a total or another block use (never a subtotal: a block mixes kinds). */
function blockWithin(inner: CellScope, outer: Exclude<CellScope, { kind: "layer" }>): boolean {
  if (inner.kind !== "block") return false;
  if (outer.kind === "total") return true;
  return outer.kind === "block" && outer.first <= inner.first && inner.last <= outer.last && (outer.first !== inner.first || outer.last !== inner.last);
}

/** The block cells not inside another of them, so that no layer's difference counts twice. */
function outermost(cells: readonly CheckedCell[]): CheckedCell[] {
  return cells.filter((c, i) =>
    cells.every((other, j) => {
      if (i === j || c.cell.scope.kind !== "block" || other.cell.scope.kind !== "block") return true;
      const a = c.cell.scope;
      const b = other.cell.scope;
      const overlaps = b.first <= a.last && a.first <= b.last;
      // of two overlapping cells, keep the wider one (the earlier one when they are as wide)
      return !overlaps || a.last - a.first > b.last - b.first || (a.last - a.first === b.last - b.first && i < j);
    }),
  );
}

const PLACES = ["ones", "tens", "hundreds", "thousands", "ten-thousands", "hundred-thousands", "millions", "ten-millions", "hundred-millions", "billions"];

/** "two adjacent digits transposed", "one digit wrong", or nothing, comparing decimal digits. */
function typo(published: number, computed: Count): string | undefined {
  const p = String(published);
  const c = String(computed);
  if (p.length !== c.length || p === c) return undefined;
  const differ = [...p].flatMap((digit, i) => (digit === c[i] ? [] : [i]));
  const [first, second] = differ;
  if (differ.length === 2 && first !== undefined && second === first + 1 && p[first] === c[second] && p[second] === c[first]) {
    return `two adjacent digits transposed: ${grouped(published)} for ${grouped(computed)}`;
  }
  if (differ.length === 1 && first !== undefined) {
    const place = PLACES[p.length - 1 - first] ?? `${p.length - first}th-from-last`;
    return `one digit wrong: the ${place} digit is ${p[first]}, not ${c[first]} (${grouped(published)} for ${grouped(computed)})`;
  }
  return undefined;
}

/** For a suffixed value ("663K"): off by one in its last printed digit, and whether truncating explains it. */
function lastDigitOff(published: string, computed: Count): string | undefined {
  const figure = readRoundedFigure(published);
  if (figure === undefined) return undefined;
  const rounded = roundAsPrinted(computed, figure);
  const diff = figure.printed - rounded;
  if (diff !== 1n && diff !== -1n) return undefined;
  const why = figure.printed === truncateAsPrinted(computed, figure) ? `; ${published} is the figure cut off rather than rounded` : "";
  return `off by one in the last printed digit: ${grouped(computed)} rounds to ${writeAsPrinted(rounded, figure)}${why}`;
}

/** A ratio of published to computed that is a small whole number or its reciprocal, as words. */
function exactFactor(published: number, computed: bigint): { factor: number; inverse: boolean } | undefined {
  if (computed === 0n || published === 0) return undefined;
  for (const f of [2, 3, 4]) {
    if (BigInt(published) === computed * BigInt(f)) return { factor: f, inverse: false };
    if (computed === BigInt(published) * BigInt(f)) return { factor: f, inverse: true };
  }
  return undefined;
}

const FRACTION_WORDS: Record<number, string> = { 2: "half", 3: "a third", 4: "a quarter" };
const MULTIPLE_WORDS: Record<number, string> = { 2: "twice", 3: "three times", 4: "four times" };

/**
 * Explains a mismatching cell when a simple hypothesis reproduces its published figure exactly
 * (or, for a suffixed figure, as printed): see the module comment for the list. The structural
 * hypotheses (grouping, biases, FLOPs, pooling, carried differences) are all returned when
 * several fit, so a reader can weigh coincidences; a bare factor or a typo only when none does.
 */
export function diagnoseCell(cell: CheckedCell, context: DiagnoseContext): Diagnosis {
  const { network, report, source } = context;
  const metric = cell.cell.metric;
  // a pruned network's kept figures follow its densities, which none of the hypotheses below vary
  // nor a mixture of experts' active weights, which follow its top_k
  if (isKeptMetric(metric) || metric === "active_weights") return { causes: [] };
  const published = cell.published;
  // in bigint: the hypotheses' figures are exact at any size
  const computed = BigInt(cell.computed);
  const fits = (figure: bigint) => figure !== computed && matches(toCount(figure), published, source.tolerance);
  const causes: string[] = [];
  const add = (cause: string | undefined) => {
    if (cause !== undefined && !causes.includes(cause)) causes.push(cause);
  };

  const scope = cell.cell.scope;
  const row = scope.kind === "layer" ? report.layers.find((r) => r.name === scope.name) : undefined;
  if (scope.kind === "layer" && row === undefined) return { causes };

  // 1. one group's share, or the layer computed as if it were not grouped
  const groups = row?.layer.type === "conv" ? row.layer.groups : 1;
  if (row && groups > 1 && (metric === "weights" || metric === "connections" || metric === "flops")) {
    const g = BigInt(groups);
    const bias = metric === "weights" ? BigInt(row.biases) : 0n;
    const kernelPart = computed - bias;
    if (kernelPart % g === 0n && fits(kernelPart / g + bias)) {
      const share = groups === 2 ? "exactly half (factor 1/2): one GPU tower's share" : `exactly 1/${groups}: one group's share`;
      add(`${share} (groups = ${groups})`);
    }
    if (fits(kernelPart * g + bias)) {
      add(
        `${MULTIPLE_WORDS[groups] ?? `${groups} times`} (factor ${groups}): as if the layer were not grouped, each filter seeing all input channels (groups = ${groups})`,
      );
    }
  }

  // 2. biases counted under the other convention
  if (metric === "weights" || metric === "biases") {
    const flipped = analyze({ ...network, bias: !report.bias });
    const counts = flipped.ok ? countsAt(flipped.report, cell.cell) : undefined;
    if (counts && fits(BigInt(metricValue(counts, metric)))) {
      const delta = BigInt(metricValue(counts, metric)) - computed;
      add(
        report.bias
          ? `biases left out: ${grouped(-delta)} fewer, the figure with biases off`
          : `biases counted: ${grouped(delta)} more, the figure with biases on`,
      );
    } else if (row && row.biases > 0 && metric === "weights" && fits(computed - BigInt(row.biases))) {
      // a layer that sets its own bias keeps it under either convention; its biases may still be left out
      add(`biases left out: computed minus the layer's ${grouped(row.biases)} biases`);
    }
  }

  // 3. FLOPs for MACs, or MACs for FLOPs
  if (metric === "connections" && fits(2n * computed)) add("twice the connections: FLOPs (2 per multiply–accumulate) where multiply–accumulates are counted");
  if (metric === "flops" && computed % 2n === 0n && fits(computed / 2n))
    add("half the FLOPs: multiply–accumulates printed where FLOPs (2 per multiply–accumulate) are counted");

  // 4. pooling rounded the other way, on all the pooling layers feeding the cell, or on one of them
  const pools = poolsFeeding(network, row?.name);
  const trials: string[][] = pools.length > 1 ? [pools.map((p) => p.name), ...pools.map((p) => [p.name])] : pools.map((p) => [p.name]);
  for (const names of trials) {
    const flippedNet = withRoundingFlipped(network, new Set(names));
    const analysis = analyze({ ...flippedNet, bias: report.bias });
    const counts = analysis.ok ? countsAt(analysis.report, cell.cell) : undefined;
    if (!analysis.ok || !counts || !fits(BigInt(metricValue(counts, metric)))) continue;
    const changes = names.map((name) => {
      const before = report.layers.find((r) => r.name === name)?.output;
      const after = analysis.report.layers.find((r) => r.name === name)?.output;
      const layer = pools.find((p) => p.name === name);
      const how = layer?.window.kind === "window" && layer.window.ceil ? "down (floor)" : "up (ceil)";
      const size = before?.kind === "image" && after?.kind === "image" ? `, ${after.height}×${after.width} instead of ${before.height}×${before.width}` : "";
      return `${name} rounding ${how}${size}`;
    });
    add(`pooling rounded the other way: ${changes.join(" and ")}`);
  }

  // 5. attention's T² products left out (calflops and DeepSpeed's flops profiler count only the
  // projections), or a sequence model's figure per token rather than per sequence
  if (metric === "connections" || metric === "flops") {
    const inScope = rowsAt(report, cell.cell);
    const perMac = metric === "flops" ? 2n : 1n;
    const products = inScope.reduce((s, r) => s + attentionProducts(r), 0n) * perMac;
    if (products > 0n && fits(computed - products)) {
      add(
        `without attention's QKᵀ and weighted sum of values (${grouped(products)} ${metric === "flops" ? "FLOPs" : "multiply–accumulates"}): the projections alone, as calflops and DeepSpeed's flops profiler count`,
      );
    }
    const input = report.input;
    const tokens = input.kind === "tokens" || input.kind === "sequence" ? BigInt(input.length) : 1n;
    if (tokens > 1n) {
      if (computed % tokens === 0n && fits(computed / tokens))
        add(`per token: the figure for the ${grouped(tokens)}-token sequence divided by ${grouped(tokens)}`);
      const without = computed - products;
      if (products > 0n && without % tokens === 0n && fits(without / tokens)) {
        add(`per token and without attention's QKᵀ and weighted sum of values: the projections' figure divided by ${grouped(tokens)} tokens`);
      }
    }
  }

  // 6. a block use, subtotal or total that carries the differences of layer cells printed
  // wrong, or (a total, or a block use around them) those of block uses' cells
  if (scope.kind !== "layer" && typeof published === "number") {
    const wrong = context.cells.filter(
      (c) => c.cell.metric === metric && (c.status === "mismatch" || c.status === "erratum") && typeof c.published === "number" && c !== cell,
    );
    const layerCells = wrong.filter((c) => c.cell.scope.kind === "layer" && inCarryingScope(report, scope, c.cell.scope.name));
    const blockCells = outermost(wrong.filter((c) => c.cell.scope.kind === "block" && blockWithin(c.cell.scope, scope)));
    for (const [carried, what] of [
      [layerCells, "layer"],
      [blockCells, "block use"],
    ] as const) {
      const difference = carried.reduce((s, c) => s + (BigInt(c.published as number) - BigInt(c.computed)), 0n);
      if (carried.length > 0 && difference !== 0n && BigInt(published) - computed === difference) {
        add(
          `carries the printed ${what} ${carried.length === 1 ? "figure" : "figures"} of ${carried.map((c) => c.at).join(", ")} (a difference of ${grouped(difference)})`,
        );
      }
    }
  }

  // 7. an exact small factor that none of the above accounts for (generic, so only as a fallback)
  if (typeof published === "number" && causes.length === 0) {
    const f = exactFactor(published, computed);
    if (f)
      add(
        f.inverse
          ? `exactly ${FRACTION_WORDS[f.factor]} the computed figure (factor 1/${f.factor})`
          : `exactly ${MULTIPLE_WORDS[f.factor]} the computed figure (factor ${f.factor})`,
      );
  }

  // 8. a typo, or a rounded figure's last digit: the explanation of last resort, since a
  // one-digit difference also follows from most of the causes above
  if (causes.length === 0) add(typeof published === "number" ? typo(published, computed) : lastDigitOff(published, computed));

  return { causes, ...(row ? { formula: formulaOf(report, row, metric) } : {}) };
}
