// `alexcount SPEC --dtype … --batch … --sweep …`: the memory and FLOPs of a run, and sweeps of
// them, worked out from the report and handed to the renderers. run.ts forwards the flags here.

import type { Report } from "../core/analyze.js";
import { flopsReport } from "../core/flops.js";
import { memoryReport } from "../core/memory.js";
import type { JsonAdditions } from "../render/json.js";
import { type Costs, compactJson, flopsJson, memoryJson, renderMemoryMarkdown, renderMemoryText } from "../render/memory.js";
import { type SweepRow, renderSweepCsv, renderSweepJson, renderSweepMarkdown, renderSweepTable } from "../render/sweep.js";
import { renderSweepSvg } from "../render/sweep-svg.js";
import type { Format } from "./run.js";
import { type InputOverride, type Sweep, type WhatIfFlags, memoryOptions } from "./what-if-options.js";

export function costsOf(report: Report, flags: WhatIfFlags, batch: number = flags.batch ?? 1): Costs {
  return { memory: memoryReport(report, memoryOptions(flags, batch)), flops: flopsReport(report.totals.connections, batch) };
}

/** What the JSON report adds: FLOPs in its totals, and its `flops` and `memory` fields. */
export function jsonAdditions(costs: Costs): JsonAdditions {
  return {
    totalsFlops: costs.flops.perExample,
    fields: [
      ["flops", compactJson(flopsJson(costs.flops))],
      ["memory", compactJson(memoryJson(costs.memory))],
    ],
  };
}

/** The block of memory and FLOPs printed under the table or the Markdown. */
export function costsText(costs: Costs, format: "table" | "markdown", color: boolean): string {
  return `\n${format === "table" ? renderMemoryText(costs, { color }) : renderMemoryMarkdown(costs)}`;
}

/** Analyzes the spec again with another input: what a sweep of the input needs from run.ts. */
export type AnalyzeWith = (input: InputOverride | undefined) => Promise<Report>;

export async function sweepRows(sweep: Sweep, flags: WhatIfFlags, analyzeWith: AnalyzeWith): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  if (sweep.axis === "batch") {
    const report = await analyzeWith(flags.input);
    for (const { text, value } of sweep.values) rows.push({ text, value, report, costs: costsOf(report, flags, value) });
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
