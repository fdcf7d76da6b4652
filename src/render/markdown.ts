// GitHub-flavoured Markdown, for READMEs and CI job summaries.

import type { Report } from "../core/analyze.js";
import { formatCount } from "./format.js";
import { depthNote, reportTitle, summaryRows } from "./rows.js";
import type { RenderOptions } from "./style.js";

/** Escapes what would break a Markdown table cell. */
export function markdownCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function markdownTable(head: readonly string[], body: readonly (readonly string[])[], numericFrom: number): string {
  const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(" | ")} |`;
  const rule = `|${head.map((_, i) => (i >= numericFrom ? "---:" : "---")).join("|")}|`;
  return [line(head), rule, ...body.map(line)].join("\n");
}

export function renderMarkdown(report: Report, options: RenderOptions = {}): string {
  const rows = summaryRows(report, options);
  const body = rows.map((r) => {
    const bold = (s: string) => (r.role === "total" && s ? `**${s}**` : s);
    return [r.label, r.type, r.output, r.geometry, formatCount(r.units), formatCount(r.weights), formatCount(r.connections)].map(bold);
  });
  const more = depthNote(report, options);
  const note = more === undefined ? "" : `\n${markdownCell(more)}\n`;
  return `### ${markdownCell(reportTitle(report))}\n\n${markdownTable(["Layer", "Type", "Output", "Kernel", "Units", "Weights", "Connections"], body, 4)}\n${note}`;
}
