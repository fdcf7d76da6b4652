// The rows every tabular renderer shows (table, markdown, csv): one per layer that costs
// something (or every layer with `all`), then the subtotal rows by kind and the total, as in
// the tutorial's summary table.

import type { Counts, LayerReport, Report } from "../core/analyze.js";
import { tensorBytes } from "../core/dtypes.js";
import { FLOPS_PER_MAC } from "../core/flops.js";
import type { Count } from "../core/exact.js";
import { type Kind, KINDS } from "../core/network.js";
import type { StructureNode } from "../core/structure.js";
import { SCREEN_ROWS, autoDepth, depthRows, fullDepth } from "./depth-rows.js";
import { visibleText } from "../core/visible-text.js";
import { hasCost } from "./format.js";
import { formatShape } from "../core/shape-text.js";
import type { RowWhatIf } from "./style.js";

export interface SummaryRow extends Counts {
  /** "each": under a row of several equal groups, the figures of one of them. */
  readonly role: "layer" | "free" | "group" | "each" | "subtotal" | "total";
  /** The name, indented by its level. */
  readonly label: string;
  /** The name alone, and its level (0: top). */
  readonly name: string;
  readonly level: number;
  /** How many equal groups the row stands for (1 but for a collapsed row). */
  readonly repeat: number;
  readonly type: string;
  readonly output: string;
  readonly geometry: string;
  /** With the what-if options: the bytes of its layers' weights, each layer at its precision and rounded up as memory sums them. */
  readonly weightBytes?: bigint;
  /** With the what-if options: 2 × connections × batch, the forward pass's FLOPs. */
  readonly flops?: bigint;
  /** A mixture of experts' active weights, when the report has them (see showsActiveWeights). */
  readonly activeWeights?: Count;
}

/** What the active-weights column means, under a table that has one. */
export const ACTIVE_NOTE =
  "active weights: the router, the shared layers and top_k experts, the weights one position computes with; connections count top_k experts per position";

/**
 * Whether a view shows an active-weights column: a mixture of experts whose active weights
 * differ from its weights (top_k below experts).
 */
export function showsActiveWeights(report: Report): boolean {
  return report.active !== undefined && report.active.totals !== report.totals.weights;
}

export const SUBTOTAL_LABELS: Record<Kind, string> = {
  conv: "Conv subtotal",
  dense: "Dense subtotal",
  attention: "Attention subtotal",
  recurrent: "Recurrent subtotal",
  embedding: "Embedding subtotal",
  norm: "Norm subtotal",
  other: "Other subtotal",
};

/** How rows are chosen: every layer with `all`; at a depth of the structure otherwise. */
export interface RowOptions {
  /** Every layer, zero-cost ones included, at the full depth. */
  readonly all?: boolean;
  /** The groups above the layers (block uses, name prefixes); none: the layers alone. */
  readonly structure?: readonly StructureNode[];
  /** 0: totals only; 1: the top level; absent: the deepest that fits a screen (see autoDepth). */
  readonly depth?: number;
  /** The what-if options' precision and batch: rows carry weight bytes and FLOPs. */
  readonly whatIf?: RowWhatIf;
}

/** A row's weight bytes and FLOPs over the layers that `take` picks, as memory and flops count them. */
export function whatIfFigures(report: Report, whatIf: RowWhatIf | undefined, take: (row: LayerReport) => boolean, first = 0, last = report.layers.length - 1) {
  if (whatIf === undefined) return {};
  let bytes = 0n;
  let connections = 0n;
  for (let i = first; i <= last; i++) {
    const row = report.layers[i]!;
    if (!take(row)) continue;
    if (row.weights !== 0) bytes += tensorBytes(BigInt(row.weights), row.layer.precision ?? whatIf.precision);
    connections += BigInt(row.connections);
  }
  return { weightBytes: bytes, flops: FLOPS_PER_MAC * connections * BigInt(whatIf.batch) };
}

/** Indentation of a nested row: two no-break spaces a level, which Markdown keeps too. */
const INDENT = "\u00a0\u00a0";

/**
 * The depth the rows are shown at (undefined: every layer, without group rows, as a network
 * without groups is always shown), and the depth that would show every layer under its groups.
 * With no depth asked for, every layer when they fit a screen, so small networks look as they
 * always have; else the deepest level that fits (autoDepth). `all` without a depth: every layer.
 */
function viewDepth(report: Report, options: RowOptions): { readonly depth: number | undefined; readonly full: number } {
  const structure = options.structure ?? [];
  const full = fullDepth(structure);
  if (options.depth !== undefined) return { depth: options.depth, full };
  if (options.all || full === 1) return { depth: undefined, full };
  const flat = report.layers.reduce((n, row) => (hasCost(row) ? n + 1 : n), 0);
  return { depth: flat <= SCREEN_ROWS ? undefined : autoDepth(report, structure, false), full };
}

export function summaryRows(report: Report, options: RowOptions = {}): SummaryRow[] {
  const { depth } = viewDepth(report, options);
  const structure = depth === undefined ? report.layers.map((_, index) => ({ kind: "layer" as const, index })) : (options.structure ?? []);
  const rows: SummaryRow[] = depthRows(report, structure, depth ?? 1, options.all ?? false).flatMap((row) => {
    const shown: SummaryRow = {
      role: row.role,
      // names from the spec shown with visibleText: they cannot drive the terminal, the
      // spreadsheet or the page the rows end up in
      label: INDENT.repeat(row.level) + visibleText(row.label),
      name: visibleText(row.label),
      level: row.level,
      repeat: row.repeat,
      type: visibleText(row.type),
      output: formatShape(row.output),
      geometry: row.geometry,
      units: row.units,
      weights: row.weights,
      biases: row.biases,
      connections: row.connections,
      ...whatIfFigures(report, options.whatIf, () => true, row.first, row.last),
      ...(row.activeWeights === undefined ? {} : { activeWeights: row.activeWeights }),
    };
    if (row.each === undefined) return [shown];
    const one: SummaryRow = {
      role: "each",
      label: INDENT.repeat(row.level + 1) + "each",
      name: "each",
      level: row.level + 1,
      repeat: 1,
      type: "",
      output: "",
      geometry: "",
      ...row.each.counts,
      ...whatIfFigures(report, options.whatIf, () => true, row.each.first, row.each.last),
    };
    return [shown, one];
  });
  for (const kind of KINDS) {
    const subtotal = report.subtotals[kind];
    if (subtotal)
      rows.push({
        role: "subtotal",
        label: SUBTOTAL_LABELS[kind],
        name: SUBTOTAL_LABELS[kind],
        level: 0,
        repeat: 1,
        type: "",
        output: "",
        geometry: "",
        ...subtotal,
        ...whatIfFigures(report, options.whatIf, (row) => row.kind === kind),
        ...(report.active === undefined ? {} : { activeWeights: report.active.subtotals[kind] ?? 0 }),
      });
  }
  rows.push({
    role: "total",
    label: "Total",
    name: "Total",
    level: 0,
    repeat: 1,
    type: "",
    output: "",
    geometry: "",
    ...report.totals,
    ...whatIfFigures(report, options.whatIf, () => true),
    ...(report.active === undefined ? {} : { activeWeights: report.active.totals }),
  });
  return rows;
}

/** The line under a view that does not show every level: how to see more. */
export function depthNote(report: Report, options: RowOptions): string | undefined {
  const { depth, full } = viewDepth(report, options);
  if (depth === undefined || depth >= full) return undefined;
  const deeper = depth + 1 < full ? `--depth ${depth + 1} for the next level, --depth ${full} for each layer` : `--depth ${full} for each layer`;
  return `shown at depth ${depth} of ${full}: ${deeper}, --all for every layer including zero-cost ones`;
}

/** "AlexNet · input 224×224×3 · biases off" */
export function reportTitle(report: Report): string {
  return `${visibleText(report.name)} · input ${formatShape(report.input)} · biases ${report.bias ? "on" : "off"}`;
}
