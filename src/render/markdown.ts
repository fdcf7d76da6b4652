// GitHub-flavoured Markdown, for READMEs and CI job summaries.

import type { Report } from "../core/analyze.js";
import { visibleText } from "../core/visible-text.js";
import { formatCount } from "./format.js";
import { depthNote, reportTitle, showsActiveWeights, summaryRows } from "./rows.js";
import type { RenderOptions } from "./style.js";
import { WHAT_IF_HEAD, whatIfNote } from "./table.js";

/**
 * Text from a spec as Markdown that shows it literally: its unsafe characters escaped
 * (visibleText), then a backslash before each character Markdown could read as emphasis, code,
 * a link, HTML, an entity or a heading (CommonMark §2.4: any ASCII punctuation may be
 * backslash-escaped), `|` included, so the text cannot end a table cell either (GFM §4.10).
 */
export function markdownText(text: string): string {
  // `_` inside a word (bottleneck_down) is never emphasis (CommonMark §6.2: an underscore run
  // between two alphanumerics neither opens nor closes it), so it stays as written there
  return visibleText(text).replace(/[\\`*_[\]<>&#~!|]/g, (ch, at: number, all: string) =>
    ch === "_" && /[\p{L}\p{N}]/u.test(all[at - 1] ?? "") && /[\p{L}\p{N}]/u.test(all[at + 1] ?? "") ? ch : `\\${ch}`,
  );
}

/**
 * A GFM table of cells that are Markdown already: text from a spec passed through markdownText,
 * the rest written here (counts, shapes, code spans of formulas).
 */
export function markdownTable(head: readonly string[], body: readonly (readonly string[])[], numericFrom: number): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  const rule = `|${head.map((_, i) => (i >= numericFrom ? "---:" : "---")).join("|")}|`;
  return [line(head), rule, ...body.map(line)].join("\n");
}

export function renderMarkdown(report: Report, options: RenderOptions = {}): string {
  const rows = summaryRows(report, options);
  const active = showsActiveWeights(report);
  const body = rows.map((r) => {
    const bold = (s: string) => (r.role === "total" && s ? `**${s}**` : s);
    const whatIf = r.weightBytes === undefined || r.flops === undefined ? [] : [formatCount(r.weightBytes), formatCount(r.flops)];
    const activeCell = active ? [r.role === "each" ? "" : formatCount(r.activeWeights ?? r.weights)] : [];
    return [
      markdownText(r.label),
      markdownText(r.type),
      r.output,
      r.geometry,
      formatCount(r.units),
      formatCount(r.weights),
      ...activeCell,
      formatCount(r.connections),
      ...whatIf,
    ].map(bold);
  });
  const notes = [options.whatIf === undefined ? undefined : whatIfNote(options.whatIf), depthNote(report, options)].filter((n) => n !== undefined);
  const note = notes.length === 0 ? "" : `\n${notes.map(markdownText).join("<br>\n")}\n`;
  const head = [
    "Layer",
    "Type",
    "Output",
    "Kernel",
    "Units",
    "Weights",
    ...(active ? ["Active weights"] : []),
    "Connections",
    ...(options.whatIf === undefined ? [] : WHAT_IF_HEAD),
  ];
  return `### ${markdownText(reportTitle(report))}\n\n${markdownTable(head, body, 4)}\n${note}`;
}
