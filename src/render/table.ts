// The terminal table: the tutorial's summary table, with shapes and geometry added.

import Table from "cli-table3";
import type { Report } from "../core/analyze.js";
import { formatCount } from "./format.js";
import { ACTIVE_NOTE, type SummaryRow, depthNote, reportTitle, showsActiveWeights, summaryRows } from "./rows.js";
import { type RenderOptions, type RowWhatIf, palette } from "./style.js";
import { formatPrecision } from "../core/dtypes.js";

const HEAD = ["Layer", "Type", "Output", "Kernel", "Units", "Weights", "Connections"] as const;
/** With a mixture of experts: the weights one position computes with, after the weights. */
const HEAD_ACTIVE = ["Layer", "Type", "Output", "Kernel", "Units", "Weights", "Active weights", "Connections"] as const;
const NUMERIC_FROM = 4; // columns from here on are counts, right-aligned

/** The what-if options' columns: each row's weight bytes and FLOPs. */
export const WHAT_IF_HEAD = ["Weight bytes", "FLOPs"] as const;

function cells(row: SummaryRow, active: boolean): string[] {
  const whatIf = row.weightBytes === undefined || row.flops === undefined ? [] : [formatCount(row.weightBytes), formatCount(row.flops)];
  // an "each" row is one of several equal groups, which may differ in what is active: no figure
  const activeCell = active ? [row.role === "each" ? "" : formatCount(row.activeWeights ?? row.weights)] : [];
  return [
    row.label,
    row.type,
    row.output,
    row.geometry,
    formatCount(row.units),
    formatCount(row.weights),
    ...activeCell,
    formatCount(row.connections),
    ...whatIf,
  ];
}

/**
 * A table on cli-table3: `numeric` columns right-aligned, a rule row before the body rows in
 * `ruleBefore` (the subtotals), each cell passed through `styleCell` for colour.
 */
export function renderRowsTable(
  head: readonly string[],
  body: readonly (readonly string[])[],
  ruleBefore: ReadonlySet<number>,
  numeric: (column: number) => boolean,
  options: RenderOptions,
  styleCell: (row: number, text: string) => string,
): string {
  const c = palette(options);
  const widths = head.map((h, col) => Math.max(h.length, ...body.map((r) => (r[col] ?? "").length)) + 2);
  const table = new Table({
    head: head.map((h) => c.bold(h)),
    colWidths: widths,
    colAligns: head.map((_, col) => (numeric(col) ? "right" : "left")),
    style: { head: [], border: [], compact: true },
    wordWrap: false,
  });
  body.forEach((r, i) => {
    if (ruleBefore.has(i)) table.push(widths.map((w) => c.dim("─".repeat(w - 2))));
    table.push(r.map((text) => styleCell(i, text)));
  });
  return table.toString();
}

export function renderTable(report: Report, options: RenderOptions = {}): string {
  const c = palette(options);
  const rows = summaryRows(report, options);
  const firstSummary = rows.findIndex((r) => r.role === "subtotal" || r.role === "total");
  const active = showsActiveWeights(report);
  const table = renderRowsTable(
    [...(active ? HEAD_ACTIVE : HEAD), ...(options.whatIf === undefined ? [] : WHAT_IF_HEAD)],
    rows.map((row) => cells(row, active)),
    new Set([firstSummary]),
    (col) => col >= NUMERIC_FROM,
    options,
    (i, text) => {
      const role = rows[i]?.role;
      return role === "total" || role === "group" ? c.bold(text) : role === "free" || role === "each" ? c.dim(text) : text;
    },
  );
  const notes = [
    c.dim("units: output neurons · weights: learned parameters" + (report.bias ? ", biases included" : "") + " · connections: multiply–accumulates"),
  ];
  if (options.whatIf !== undefined) notes.push(c.dim(whatIfNote(options.whatIf)));
  if (active) notes.push(c.dim(ACTIVE_NOTE));
  const more = depthNote(report, options);
  if (more !== undefined) notes.push(c.dim(more));
  return `${c.bold(reportTitle(report))}\n${table}\n${notes.join("\n")}\n`;
}

/** What the what-if columns count: "weight bytes: each layer's weights at bf16 · FLOPs: 2 × connections × batch 1". */
export function whatIfNote(whatIf: RowWhatIf): string {
  return `weight bytes: each layer's weights at ${formatPrecision(whatIf.precision)} (or its own precision), rounded up per layer · FLOPs: 2 × connections × batch ${whatIf.batch}`;
}
