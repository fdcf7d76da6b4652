// `alexcount SPEC --dtype … --batch … --sweep …`: the memory and FLOPs of a run, and sweeps of
// them, worked out from the report and handed to the renderers. run.ts forwards the flags here.

import type { Report } from "../core/analyze.js";
import { flopsReport } from "../core/flops.js";
import { memoryReport } from "../core/memory.js";
import type { Density } from "../core/network.js";
import { type PruningReport, pruningReport } from "../core/pruning.js";
import { closeNames } from "../loader/problems.js";
import { pruningJson, renderPruningMarkdown, renderPruningText } from "../render/pruning-block.js";
import type { JsonAdditions } from "../render/json.js";
import { type Costs, compactJson, flopsJson, memoryJson, renderMemoryMarkdown, renderMemoryText } from "../render/memory-block.js";
import { type SweepRow, renderSweepCsv, renderSweepJson, renderSweepMarkdown, renderSweepTable } from "../render/sweep.js";
import { renderSweepSvg } from "../render/sweep-svg.js";
import type { Format } from "./formats.js";
import { type DensityEntry, type InputOverride, type Sweep, type WhatIfFlags, inputOverride, memoryOptions } from "./what-if-options.js";

/**
 * The kept figures of a pruned network: `--density` entries over the spec's densities, a named
 * entry over a bare one. A string when an entry names no conv or dense layer of the report.
 */
export function pruningOf(report: Report, entries: readonly DensityEntry[] = []): PruningReport | undefined | string {
  const prunable = report.layers.filter((row) => row.type === "conv" || row.type === "dense").map((row) => row.name);
  const named = new Map<string, Density>();
  let every: Density | undefined;
  for (const entry of entries) {
    if (entry.layer === undefined) every = entry.density;
    else if (!prunable.includes(entry.layer)) {
      const close = closeNames(entry.layer, prunable);
      return `--density ${entry.layer}: ${report.name} has no conv or dense layer of that name; ${close.length > 0 ? `close names: ${close.join(", ")}` : `its conv and dense layers are ${prunable.slice(0, 12).join(", ")}${prunable.length > 12 ? ", …" : ""}`}`;
    } else named.set(entry.layer, entry.density);
  }
  return pruningReport(report, (row) => named.get(row.name) ?? (every && prunable.includes(row.name) ? every : row.layer.density));
}

/** `token`: a sequence model's report at one position (T = 1), for the FLOPs per token. */
export function costsOf(report: Report, flags: WhatIfFlags, batch: number = flags.batch ?? 1, token?: Report): Costs {
  return { memory: memoryReport(report, memoryOptions(flags, batch)), flops: flopsReport(report.totals.connections, batch, token?.totals.connections) };
}

/** What the JSON report adds: FLOPs in its totals, its `flops` and `memory` fields, and `pruning`. */
export function jsonAdditions(costs: Costs | undefined, pruning: PruningReport | undefined): JsonAdditions {
  const fields: [string, string][] = [];
  if (costs) fields.push(["flops", compactJson(flopsJson(costs.flops))], ["memory", compactJson(memoryJson(costs.memory))]);
  if (pruning) fields.push(["pruning", compactJson(pruningJson(pruning))]);
  return {
    ...(costs ? { totalsFlops: costs.flops.perExample, treeWhatIf: { precision: costs.memory.options.weights, batch: costs.memory.options.batch } } : {}),
    fields,
  };
}

/** The blocks printed under the table or the Markdown: what pruning keeps, then memory and FLOPs. */
export function costsText(report: Report, costs: Costs | undefined, pruning: PruningReport | undefined, format: "table" | "markdown", color: boolean): string {
  const blocks: string[] = [];
  if (pruning) blocks.push(format === "table" ? renderPruningText(report, pruning, { color }) : renderPruningMarkdown(report, pruning));
  if (costs) blocks.push(format === "table" ? renderMemoryText(costs, { color }) : renderMemoryMarkdown(costs));
  return blocks.map((block) => `\n${block}`).join("");
}

/** Analyzes the spec again with another input: what a sweep of the input needs from run.ts. */
export type AnalyzeWith = (input: InputOverride | undefined) => Promise<Report>;

/**
 * A sequence model's report at one position (T = 1), for its FLOPs per token; undefined for a
 * network without positions, or one that cannot take a single position (a window wider than 1).
 */
export async function tokenReport(report: Report, analyzeWith: AnalyzeWith): Promise<Report | undefined> {
  if (report.input.kind !== "sequence" && report.input.kind !== "tokens") return undefined;
  try {
    return await analyzeWith({ kind: "tokens", length: 1 });
  } catch {
    return undefined;
  }
}

export async function sweepRows(sweep: Sweep, flags: WhatIfFlags, analyzeWith: AnalyzeWith): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  if (sweep.axis === "batch") {
    const report = await analyzeWith(inputOverride(flags));
    const token = await tokenReport(report, analyzeWith);
    for (const { text, value } of sweep.values) rows.push({ text, value, report, costs: costsOf(report, flags, value, token) });
  } else if (sweep.axis === "tokens") {
    let token: Report | undefined;
    for (const { text, value } of sweep.values) {
      const report = await analyzeWith({ kind: "tokens", length: value });
      token ??= await tokenReport(report, analyzeWith);
      rows.push({ text, value, report, costs: costsOf(report, flags, undefined, token) });
    }
  } else {
    for (const { text, value } of sweep.values) {
      const report = await analyzeWith(value);
      rows.push({ text, value: value.kind === "side" ? value.size : text, report, costs: costsOf(report, flags) });
    }
  }
  return rows;
}

export function renderSweep(axis: Sweep["axis"], rows: readonly SweepRow[], format: Format, chart: boolean, color: boolean): string | { usage: string } {
  if (chart || format === "svg") {
    if (format !== "svg") return { usage: "--sweep --chart draws an SVG image: add --format svg" };
    return renderSweepSvg(axis, rows);
  }
  switch (format) {
    case "table":
      return renderSweepTable(axis, rows, { color });
    case "markdown":
      return renderSweepMarkdown(axis, rows);
    case "csv":
      return renderSweepCsv(axis, rows);
    case "json":
      return renderSweepJson(axis, rows);
  }
}
