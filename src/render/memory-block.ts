// The memory and FLOPs of a run, as the table's closing block, as Markdown and as the JSON
// report's `memory` and `flops` fields. Bytes are exact; beside them, binary units (KiB, MiB,
// GiB: powers of 1024, as memory is sized), labelled as such.

import { formatPrecision } from "../core/dtypes.js";
import type { FlopsReport } from "../core/flops.js";
import type { KvCache, MemoryReport } from "../core/memory.js";
import { wrap } from "./format.js";
import { type RenderOptions, palette } from "./style.js";

/** The figures of one run beyond the counts: what `--dtype`, `--batch` and the rest ask for. */
export interface Costs {
  readonly memory: MemoryReport;
  readonly flops: FlopsReport;
}

/** 1234567n → "1,234,567". */
export function formatBig(n: bigint): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

const BINARY_UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB"] as const;

/** Bytes in binary units to one decimal (232.5 MiB); for reading, beside the exact figure. */
export function formatBinary(bytes: bigint): string {
  if (bytes < 1024n) return `${bytes} B`;
  let unit = 0;
  let scale = 1024n;
  while (unit < BINARY_UNITS.length - 1 && bytes >= scale * 1024n) {
    scale *= 1024n;
    unit++;
  }
  // tenths, rounded half up, in integers: no double ever holds the byte count
  const tenths = (bytes * 10n + scale / 2n) / scale;
  return `${tenths / 10n}.${tenths % 10n} ${BINARY_UNITS[unit]}`;
}

/** A JSON number already written out exactly (a decimal such as 0.38), for `compactJson`. */
export class JsonNumberText {
  constructor(readonly text: string) {}
}

/** One JSON value on one line, bigints written as their exact digits. */
export function compactJson(value: unknown): string {
  if (typeof value === "bigint") return String(value);
  if (value instanceof JsonNumberText) return value.text;
  if (Array.isArray(value)) return `[${value.map(compactJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${compactJson(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The report's `memory` field: bytes, exact. */
export function memoryJson(memory: MemoryReport): Record<string, unknown> {
  const { options, training } = memory;
  return {
    dtype: formatPrecision(options.weights),
    activationDtype: formatPrecision(options.activations),
    batch: options.batch,
    weights: memory.weights,
    activations: memory.activations.peak,
    activationsAll: memory.activations.all,
    kvCache: memory.kvCache,
    // the KV cache's own precision, for a network that has one (a CNN's report stays as it was)
    ...(memory.kv.layers.length === 0 ? {} : { kvCacheDtype: formatPrecision(memory.kv.precision) }),
    training: {
      convention: training.convention.name,
      weights: training.weights,
      gradients: training.gradients,
      optimizer: training.optimizer,
      activations: training.activations,
      total: training.total,
    },
  };
}

/** The report's `flops` field. */
export function flopsJson(flops: FlopsReport): Record<string, unknown> {
  // a sequence model's per token and per sequence (one example), the others' as they were
  if (flops.perToken === undefined) return { batch: flops.batch, forward: flops.forward, trainingStep: flops.trainingStep };
  return { batch: flops.batch, forward: flops.forward, trainingStep: flops.trainingStep, perSequence: flops.perExample, perToken: flops.perToken };
}

/**
 * What the KV cache holds, in a line: "2 (K, V) × 8 KV heads × 128 × 8,192 tokens × batch 1 ×
 * 32 layers, bf16" when every attention layer caches the same, else the layers and the precision.
 */
function kvCacheNote(kv: KvCache): string {
  const [first] = kv.layers;
  if (first === undefined) return "no attention layers";
  const precision = formatPrecision(kv.precision);
  const same = kv.layers.every((l) => l.kvHeads === first.kvHeads && l.headDim === first.headDim && l.tokens === first.tokens);
  if (!same) return `${kv.layers.length} attention layers, ${precision}`;
  const layers = kv.layers.length === 1 ? "1 layer" : `${kv.layers.length} layers`;
  const window = first.tokens < first.positions ? ` (a window of ${formatBig(BigInt(first.tokens))} of ${formatBig(BigInt(first.positions))})` : "";
  return `2 (K, V) × ${first.kvHeads} KV heads × ${first.headDim} × ${formatBig(BigInt(first.tokens))} tokens${window} × batch ${kv.batch} × ${layers}, ${precision}`;
}

interface Line {
  readonly label: string;
  readonly bytes: bigint;
  readonly note?: string;
}

function memoryLines(costs: Costs): { heading: string; lines: Line[]; training: string; trainingLines: Line[]; flops: string[] } {
  const { memory, flops } = costs;
  const { options, training } = memory;
  const convention = training.convention;
  const heading = `Memory · weights ${formatPrecision(options.weights)} · activations ${formatPrecision(options.activations)} · batch ${options.batch}`;
  const lines: Line[] = [
    { label: "weights", bytes: memory.weights },
    { label: "activations, peak", bytes: memory.activations.peak, note: `live tensors at ${memory.activations.peakAt}` },
    { label: "activations, all", bytes: memory.activations.all, note: "every layer's output and the input" },
    { label: "KV cache", bytes: memory.kvCache, note: kvCacheNote(memory.kv) },
  ];
  const trainingLines: Line[] = [
    { label: convention.weights.label, bytes: training.weights },
    { label: convention.gradients.label, bytes: training.gradients },
    {
      label: "optimizer states",
      bytes: training.optimizer,
      note: convention.states.map((s) => s.label).join(", ") + (convention.blockConstants ? ", block constants" : ""),
    },
    { label: `activations kept (${formatPrecision(convention.activations)})`, bytes: training.activations },
    { label: "total", bytes: training.total },
  ];
  return {
    heading,
    lines,
    training: `Training, ${convention.title} (${convention.source})`,
    trainingLines,
    flops: [
      `FLOPs · forward ${formatBig(flops.forward)} (2 × connections × batch ${flops.batch})`,
      `      · training step ≈ ${formatBig(flops.trainingStep)} (3 × forward: Kaplan et al. 2020's 6N per token)`,
      ...(flops.perToken === undefined
        ? []
        : [
            `      · per sequence ${formatBig(flops.perExample)} (2 × connections, one example)`,
            `      · per token ${formatBig(flops.perToken)} (2 × connections of one position alone, T = 1: every weight used once, a mixture's top_k experts only; the context's attention is in the sequence)`,
          ]),
    ],
  };
}

/** The block printed under the table. */
export function renderMemoryText(costs: Costs, options: RenderOptions = {}): string {
  const c = palette(options);
  const { heading, lines, training, trainingLines, flops } = memoryLines(costs);
  const all = [...lines, ...trainingLines];
  const labelWidth = Math.max(...all.map((l) => [...l.label].length));
  const bytesWidth = Math.max(...all.map((l) => formatBig(l.bytes).length));
  const unitWidth = Math.max(...all.map((l) => formatBinary(l.bytes).length));
  const line = (l: Line, indent: string) =>
    `${indent}${l.label.padEnd(labelWidth)}  ${formatBig(l.bytes).padStart(bytesWidth)} B  ${(l.bytes < 1024n ? "" : formatBinary(l.bytes)).padStart(unitWidth)}${l.note ? c.dim(`  ${l.note}`) : ""}`;
  return [
    c.bold(heading),
    ...lines.map((l) => line(l, "  ")),
    c.bold(wrap(training, 100, 2)),
    ...trainingLines.map((l) => line(l, "  ")),
    ...flops,
    c.dim("bytes exact; KiB, MiB, GiB are 1024, 1024², 1024³ bytes"),
    "",
  ].join("\n");
}

/** The same as Markdown. */
export function renderMemoryMarkdown(costs: Costs): string {
  const { heading, lines, training, trainingLines, flops } = memoryLines(costs);
  const table = (rows: Line[]) => [
    "| | bytes | binary | |",
    "|---|---:|---:|---|",
    ...rows.map((l) => `| ${l.label} | ${formatBig(l.bytes)} | ${formatBinary(l.bytes)} | ${l.note ?? ""} |`),
  ];
  return [
    `**${heading}**`,
    "",
    ...table(lines),
    "",
    `**${training}**`,
    "",
    ...table(trainingLines),
    "",
    ...flops.map((f) => `${f.trim().replace(/^\u00b7 /, "")}  `),
    "",
    "Bytes are exact; KiB, MiB and GiB are 1024, 1024² and 1024³ bytes.",
    "",
  ].join("\n");
}
