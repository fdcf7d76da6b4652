// `alexcount SPEC --chart`: each layer's share of the network's units, weights and connections
// as bars, so the tutorial's closing observation — "the convolutional layers comprise most of
// the units and connections, but the fully connected layers are responsible for most of the
// weights" — is visible at a glance. The shares are for drawing only; the exact figures stay
// in the table.

import type { Counts, Report } from "../core/analyze.js";
import type { Kind, LayerType } from "../core/network.js";
import { hasCost } from "./format.js";
import { reportTitle } from "./rows.js";
import { palette } from "./style.js";

export const CHART_METRICS = [
  { metric: "units", title: "Units" },
  { metric: "weights", title: "Weights" },
  { metric: "connections", title: "Connections" },
] as const satisfies readonly { metric: keyof Counts; title: string }[];

type ChartMetric = (typeof CHART_METRICS)[number]["metric"];

export interface ChartRow {
  readonly label: string;
  /** A layer's type, or empty for a subtotal row. */
  readonly type: LayerType | "";
  readonly kind: Kind;
  readonly role: "layer" | "subtotal";
  /** The figure and its share of the network's total (0…1), per metric. */
  readonly values: Readonly<Record<ChartMetric, { readonly figure: number; readonly share: number }>>;
}

export interface ChartData {
  readonly title: string;
  readonly rows: readonly ChartRow[];
  readonly weightsIncludeBiases: boolean;
}

function shares(counts: Counts, totals: Counts): ChartRow["values"] {
  const of = (metric: ChartMetric) => ({ figure: counts[metric], share: totals[metric] === 0 ? 0 : counts[metric] / totals[metric] });
  return { units: of("units"), weights: of("weights"), connections: of("connections") };
}

const KIND_NAMES: Record<Kind, [string, string]> = {
  conv: ["conv layer", "conv layers"],
  dense: ["dense layer", "dense layers"],
  other: ["other layer", "other layers"],
};

/** One row per layer that costs something, then one per kind (conv, dense, other) with its subtotal's share. */
export function chartData(report: Report): ChartData {
  const rows: ChartRow[] = report.layers.filter(hasCost).map((row) => ({
    label: row.name,
    type: row.type,
    kind: row.kind,
    role: "layer",
    values: shares(row, report.totals),
  }));
  for (const kind of ["conv", "dense", "other"] as const) {
    const subtotal = report.subtotals[kind];
    const count = rows.filter((r) => r.kind === kind).length;
    if (!subtotal || count === 0) continue;
    rows.push({ label: `${count} ${KIND_NAMES[kind][count === 1 ? 0 : 1]}`, type: "", kind, role: "subtotal", values: shares(subtotal, report.totals) });
  }
  return { title: `${reportTitle(report)} · each layer's share of the total`, rows, weightsIncludeBiases: report.bias };
}

/** 0.44 → "44.0%", 0.0003 → "<0.1%", 0.9996 → ">99.9%" (not all of it), 0 → "–" */
export function formatShare(share: number): string {
  if (share === 0) return "–";
  if (share < 0.0005) return "<0.1%";
  if (share < 1 && share >= 0.9995) return ">99.9%";
  return `${(share * 100).toFixed(1)}%`;
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"] as const;

/** A bar of `share` × `width` columns in eighth-blocks; a nonzero share shows at least one eighth. */
export function bar(share: number, width: number): string {
  const eighths = Math.max(share > 0 ? 1 : 0, Math.round(share * width * 8));
  return "█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/** Cuts a label to `width` columns with an ellipsis. */
function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text + " ".repeat(width - chars.length) : `${chars.slice(0, width - 1).join("")}…`;
}

export interface ChartOptions {
  readonly color?: boolean;
  /** Columns available; the chart never exceeds 100. */
  readonly width?: number;
}

const MAX_WIDTH = 100;
const PERCENT_WIDTH = 6; // "100.0%"
const PANEL_GAP = 2;
const MAX_BAR = 30;

export function renderChart(report: Report, options: ChartOptions = {}): string {
  const data = chartData(report);
  const c = palette(options);
  const colour: Record<Kind, (s: string) => string> = { conv: c.cyan, dense: c.yellow, other: c.green };
  const width = Math.min(MAX_WIDTH, options.width ?? MAX_WIDTH);

  const layers = data.rows.filter((r) => r.role === "layer");
  const typeWidth = Math.max(4, ...layers.map((r) => r.type.length));
  const longestSubtotal = Math.max(0, ...data.rows.filter((r) => r.role === "subtotal").map((r) => r.label.length));
  const nameWidth = Math.min(24, Math.max(5, ...layers.map((r) => [...r.label].length), longestSubtotal - typeWidth - 1));
  const labelWidth = nameWidth + 1 + typeWidth;
  // label, gap, then three panels of bar + space + percentage, two columns apart
  const barWidth = Math.max(8, Math.min(MAX_BAR, Math.floor((width - labelWidth - PANEL_GAP - 2 * PANEL_GAP - 3 * (1 + PERCENT_WIDTH)) / 3)));
  const panelWidth = barWidth + 1 + PERCENT_WIDTH;

  const pad = " ".repeat(labelWidth + PANEL_GAP);
  const head = CHART_METRICS.map((m) => c.bold(m.title.padEnd(panelWidth))).join(" ".repeat(PANEL_GAP));
  const out: string[] = [c.bold(data.title), "", `${pad}${head}`.trimEnd()];

  const cells = (row: ChartRow) =>
    CHART_METRICS.map(({ metric }) => {
      const { share } = row.values[metric];
      const drawn = bar(share, barWidth);
      return `${colour[row.kind](drawn)}${" ".repeat(barWidth - [...drawn].length)} ${formatShare(share).padStart(PERCENT_WIDTH)}`;
    }).join(" ".repeat(PANEL_GAP));

  let ruled = false;
  for (const row of data.rows) {
    if (row.role === "subtotal" && !ruled) {
      out.push(c.dim("─".repeat(labelWidth + PANEL_GAP + 3 * panelWidth + 2 * PANEL_GAP)));
      ruled = true;
    }
    const label = row.role === "layer" ? `${fit(row.label, nameWidth)} ${c.dim(row.type.padEnd(typeWidth))}` : c.bold(row.label.padEnd(labelWidth));
    out.push(`${label}${" ".repeat(PANEL_GAP)}${cells(row)}`.trimEnd());
  }
  const kinds = (["conv", "dense", "other"] as const).filter((k) => layers.some((r) => r.kind === k));
  out.push("", c.dim(`Each bar is a share of the network's total; a full bar is 100%.${data.weightsIncludeBiases ? " Weights include biases." : ""}`));
  // the colour key means nothing without colour; plain output names each layer's type instead
  if (options.color) out.push(`${c.dim("Bars by kind:")} ${kinds.map((k) => colour[k](`█ ${k}`)).join("  ")}`);
  return `${out.join("\n")}\n`;
}
