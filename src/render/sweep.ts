// `--sweep`: one row per value of the swept option, with the totals, the FLOPs and the memory of
// the network at that value; as a table, Markdown, CSV (for plotting) and JSON.

import type { Report } from "../core/analyze.js";
import { formatPrecision } from "../core/dtypes.js";
import { csvField } from "./csv.js";
import { formatCount, wrap } from "./format.js";
import { formatShape } from "../core/shape-text.js";
import { jsonCounts, jsonShape } from "./json.js";
import { markdownTable } from "./markdown.js";
import { type Costs, compactJson, flopsJson, formatBig, formatBinary, memoryJson } from "./memory-block.js";
import { type RenderOptions, palette } from "./style.js";
import { renderRowsTable } from "./table.js";

export interface SweepRow {
  /** The value as given on the command line. */
  readonly text: string;
  /** As the JSON report gives it: a number (a side, a batch) or the text (227x227x3). */
  readonly value: number | string;
  readonly report: Report;
  readonly costs: Costs;
}

const HEAD = ["Input", "Batch", "Weights", "Connections", "FLOPs fwd", "Weights mem", "Act. peak", "Training"] as const;
/** With attention layers: the KV cache after the peak activations. */
const HEAD_KV = ["Input", "Batch", "Weights", "Connections", "FLOPs fwd", "Weights mem", "Act. peak", "KV cache", "Training"] as const;

/** Whether the swept network has a KV cache to show (a CNN's sweep keeps its columns). */
function hasKvCache(rows: readonly SweepRow[]): boolean {
  return rows.some((row) => row.costs.memory.kv.layers.length > 0);
}

function cells(row: SweepRow, kv: boolean): string[] {
  const { report, costs } = row;
  const withKv = (memory: string[]) => (kv ? [...memory.slice(0, 2), formatBinary(costs.memory.kvCache), ...memory.slice(2)] : memory);
  return [
    formatShape(report.input),
    String(costs.memory.options.batch),
    formatCount(report.totals.weights),
    formatCount(report.totals.connections),
    formatBig(costs.flops.forward),
    ...withKv([formatBinary(costs.memory.weights), formatBinary(costs.memory.activations.peak), formatBinary(costs.memory.training.total)]),
  ];
}

export function sweepTitle(axis: string, rows: readonly SweepRow[]): string {
  const first = rows[0];
  if (!first) return `sweep of ${axis}`;
  const { options, training, kv } = first.costs.memory;
  const kvCache = kv.layers.length === 0 ? "" : ` · KV cache ${formatPrecision(kv.precision)}`;
  return `${first.report.name} · sweep of ${axis} · batch ${axis === "batch" ? "swept" : options.batch} · weights ${formatPrecision(options.weights)} · activations ${formatPrecision(options.activations)}${kvCache} · training: ${training.convention.title}`;
}

const NOTE = "FLOPs fwd: 2 × connections × batch · memory in binary units (MiB = 1024² bytes); --json or --format csv give exact bytes";

export function renderSweepTable(axis: string, rows: readonly SweepRow[], options: RenderOptions = {}): string {
  const c = palette(options);
  const kv = hasKvCache(rows);
  const table = renderRowsTable(
    kv ? HEAD_KV : HEAD,
    rows.map((row) => cells(row, kv)),
    new Set(),
    (col) => col >= 2,
    options,
    (_, text) => text,
  );
  return `${c.bold(wrap(sweepTitle(axis, rows), 100, 2))}\n${table}\n${c.dim(wrap(NOTE, 100, 2))}\n`;
}

export function renderSweepMarkdown(axis: string, rows: readonly SweepRow[]): string {
  const kv = hasKvCache(rows);
  return `### ${sweepTitle(axis, rows)}\n\n${markdownTable(
    kv ? HEAD_KV : HEAD,
    rows.map((row) => cells(row, kv)),
    2,
  )}\n\n${NOTE}\n`;
}

const CSV_HEAD = [
  "axis",
  "value",
  "input",
  "batch",
  "units",
  "weights",
  "biases",
  "connections",
  "flops_forward",
  "flops_training_step",
  "memory_weights",
  "memory_activations",
  "memory_activations_all",
  "memory_kv_cache",
  "memory_training",
];

/** One row per value, exact integers (bytes and FLOPs), CRLF line ends as RFC 4180 asks. */
export function renderSweepCsv(axis: string, rows: readonly SweepRow[]): string {
  const lines = rows.map(({ value, report, costs }) => {
    const { memory, flops } = costs;
    const t = report.totals;
    return [
      axis,
      value,
      formatShape(report.input),
      memory.options.batch,
      t.units,
      t.weights,
      t.biases,
      t.connections,
      String(flops.forward),
      String(flops.trainingStep),
      String(memory.weights),
      String(memory.activations.peak),
      String(memory.activations.all),
      String(memory.kvCache),
      String(memory.training.total),
    ]
      .map(csvField)
      .join(",");
  });
  return `${[CSV_HEAD.join(","), ...lines].join("\r\n")}\r\n`;
}

/** `{ "axis", "sweep": [ { "value", "input", "totals", "flops", "memory" }, … ] }`, an entry per line. */
export function renderSweepJson(axis: string, rows: readonly SweepRow[]): string {
  const entries = rows.map(({ value, report, costs }) =>
    compactJson({
      value,
      input: jsonShape(report.input),
      totals: { ...jsonCounts(report.totals), flops: costs.flops.perExample },
      flops: flopsJson(costs.flops),
      memory: memoryJson(costs.memory),
    }),
  );
  return `{\n  "name": ${JSON.stringify(rows[0]?.report.name ?? "")},\n  "axis": ${JSON.stringify(axis)},\n  "sweep": [\n    ${entries.join(",\n    ")}\n  ]\n}\n`;
}
