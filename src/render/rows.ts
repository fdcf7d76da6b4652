// The rows every tabular renderer shows (table, markdown, csv): one per layer that costs
// something (or every layer with `all`), then the subtotal rows by kind and the total, as in
// the tutorial's summary table.

import type { Counts, Report } from "../core/analyze.js";
import type { Kind } from "../core/network.js";
import { formatGeometry, formatShape, hasCost } from "./format.js";

export interface SummaryRow extends Counts {
  readonly role: "layer" | "free" | "subtotal" | "total";
  readonly label: string;
  readonly type: string;
  readonly output: string;
  readonly geometry: string;
}

export const SUBTOTAL_LABELS: Record<Kind, string> = { conv: "Conv subtotal", dense: "Dense subtotal", other: "Other subtotal" };

export function summaryRows(report: Report, options: { readonly all?: boolean } = {}): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const layer of report.layers) {
    const costly = hasCost(layer);
    if (!costly && !options.all) continue;
    rows.push({
      role: costly ? "layer" : "free",
      label: layer.name,
      type: layer.type,
      output: formatShape(layer.output),
      geometry: formatGeometry(layer.layer),
      units: layer.units,
      weights: layer.weights,
      biases: layer.biases,
      connections: layer.connections,
    });
  }
  for (const kind of ["conv", "dense", "other"] as const) {
    const subtotal = report.subtotals[kind];
    if (subtotal) rows.push({ role: "subtotal", label: SUBTOTAL_LABELS[kind], type: "", output: "", geometry: "", ...subtotal });
  }
  rows.push({ role: "total", label: "Total", type: "", output: "", geometry: "", ...report.totals });
  return rows;
}

/** "AlexNet · input 224×224×3 · biases off" */
export function reportTitle(report: Report): string {
  return `${report.name} · input ${formatShape(report.input)} · biases ${report.bias ? "on" : "off"}`;
}
