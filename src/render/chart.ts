// `alexcount SPEC --chart`: each layer's share of the network's units, weights and connections
// as bars, so the tutorial's closing observation — "the convolutional layers comprise most of
// the units and connections, but the fully connected layers are responsible for most of the
// weights" — is visible at a glance. The shares are for drawing only; the exact figures stay
// in the table.

import type { Counts, Report } from "../core/analyze.js";
import type { Count } from "../core/exact.js";
import { type Kind, KINDS } from "../core/network.js";
import type { StructureNode } from "../core/structure.js";
import { type DepthRow, depthRows, fullDepth } from "./depth-rows.js";
import { visibleText } from "../core/visible-text.js";
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
  /** A layer's type, a group's block (`bottleneck × 5`), or empty for a subtotal row. */
  readonly type: string;
  /** A layer's kind; a group's is the kind of most of its connections (of its weights, if it has none). */
  readonly kind: Kind;
  readonly role: "layer" | "subtotal";
  /** The figure and its share of the network's total (0…1), per metric. */
  readonly values: Readonly<Record<ChartMetric, { readonly figure: Count; readonly share: number }>>;
}

export interface ChartData {
  readonly title: string;
  readonly rows: readonly ChartRow[];
  readonly weightsIncludeBiases: boolean;
}

function shares(counts: Counts, totals: Counts): ChartRow["values"] {
  // shares are for drawing: a double's ratio is close enough even for bigint counts
  const of = (metric: ChartMetric) => ({ figure: counts[metric], share: totals[metric] === 0 ? 0 : Number(counts[metric]) / Number(totals[metric]) });
  return { units: of("units"), weights: of("weights"), connections: of("connections") };
}

const KIND_NAMES: Record<Kind, [string, string]> = {
  conv: ["conv layer", "conv layers"],
  dense: ["dense layer", "dense layers"],
  attention: ["attention layer", "attention layers"],
  recurrent: ["recurrent layer", "recurrent layers"],
  embedding: ["embedding", "embeddings"],
  norm: ["norm layer", "norm layers"],
  other: ["other layer", "other layers"],
};

/** Which rows a chart draws: see RenderOptions for `structure` and `depth`. */
export interface ChartRowOptions {
  readonly structure?: readonly StructureNode[];
  readonly depth?: number;
}

/** The bars a chart aims to stay within when no depth is asked for: about AlexNet's picture. */
const CHART_ROWS = 24;

/**
 * One row per layer that costs something, or at a depth one per group or layer shown there
 * (the rows whose parts are not shown, so the shares add up to the whole); then one per kind
 * (conv, dense, other) with its subtotal's share. With no depth asked for: every layer when
 * they are few, else the deepest level whose rows stay within CHART_ROWS.
 */
export function chartData(report: Report, options: ChartRowOptions = {}): ChartData {
  const structure = options.structure ?? [];
  const flat = report.layers.filter(hasCost).length;
  let depth = options.depth;
  if (depth === undefined && flat > CHART_ROWS) {
    for (let d = fullDepth(structure) - 1; d >= 1; d--) {
      if (leafRows(report, structure, d).length <= CHART_ROWS) {
        depth = d;
        break;
      }
    }
  }
  const shown =
    depth === undefined
      ? report.layers.filter(hasCost).map((row) => ({ label: row.name, type: row.type as string, kind: row.kind, counts: row as Counts }))
      : leafRows(report, structure, depth).map((row) => ({ label: row.label, type: row.type, kind: rowKind(report, row), counts: row as Counts }));
  const rows: ChartRow[] = shown.map((row) => ({
    label: visibleText(row.label),
    type: row.type,
    kind: row.kind,
    role: "layer",
    values: shares(row.counts, report.totals),
  }));
  for (const kind of KINDS) {
    const subtotal = report.subtotals[kind];
    const count = report.layers.filter((r) => r.kind === kind && hasCost(r)).length;
    if (!subtotal || count === 0) continue;
    rows.push({ label: `${count} ${KIND_NAMES[kind][count === 1 ? 0 : 1]}`, type: "", kind, role: "subtotal", values: shares(subtotal, report.totals) });
  }
  const each = depth === undefined ? "each layer's" : `at depth ${depth}, each part's`;
  return { title: `${reportTitle(report)} · ${each} share of the total`, rows, weightsIncludeBiases: report.bias };
}

/** The rows at a depth whose parts are not shown below them: together they cover the network once. */
function leafRows(report: Report, structure: readonly StructureNode[], depth: number): DepthRow[] {
  const rows = depthRows(report, structure, depth, false);
  return rows.filter((row, i) => row.role !== "free" && (rows[i + 1]?.level ?? 0) <= row.level);
}

function rowKind(report: Report, row: DepthRow): Kind {
  if (row.role !== "group") return report.layers[row.first]!.kind;
  const sums = Object.fromEntries(KINDS.map((kind) => [kind, { connections: 0, weights: 0 }])) as Record<Kind, { connections: number; weights: number }>;
  for (let i = row.first; i <= row.last; i++) {
    const layer = report.layers[i]!;
    sums[layer.kind].connections += Number(layer.connections);
    sums[layer.kind].weights += Number(layer.weights);
  }
  // drawing only: a double's rounding cannot change which kind is the largest by much
  const kinds = KINDS;
  const by = row.connections > 0 ? "connections" : "weights";
  return kinds.reduce((best, kind) => (sums[kind][by] > sums[best][by] ? kind : best), kinds[0]);
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

export interface ChartOptions extends ChartRowOptions {
  readonly color?: boolean;
  /** Columns available; the chart never exceeds 100. */
  readonly width?: number;
}

const MAX_WIDTH = 100;
const PERCENT_WIDTH = 6; // "100.0%"
const PANEL_GAP = 2;
const MAX_BAR = 30;

export function renderChart(report: Report, options: ChartOptions = {}): string {
  const data = chartData(report, options);
  const c = palette(options);
  const colour: Record<Kind, (s: string) => string> = {
    conv: c.cyan,
    dense: c.yellow,
    attention: c.magenta,
    recurrent: c.blue,
    embedding: c.red,
    norm: c.dim,
    other: c.green,
  };
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
  // the key names every colour drawn: a kind only a subtotal row shows (attention, inside a decoder row) too
  const kinds = KINDS.filter((k) => data.rows.some((r) => r.kind === k));
  out.push("", c.dim(`Each bar is a share of the network's total; a full bar is 100%.${data.weightsIncludeBiases ? " Weights include biases." : ""}`));
  // the colour key means nothing without colour; plain output names each layer's type instead
  if (options.color) out.push(`${c.dim("Bars by kind:")} ${kinds.map((k) => colour[k](`█ ${k}`)).join("  ")}`);
  return `${out.join("\n")}\n`;
}
