// CSV (RFC 4180) for spreadsheets: exact integers, no thousands separators.

import type { Report } from "../core/analyze.js";
import { visibleText } from "../core/visible-text.js";
import { showsActiveWeights, summaryRows } from "./rows.js";
import type { RenderOptions } from "./style.js";

/**
 * Characters that make a spreadsheet read a cell as a formula (=1+2, +cmd, -2+3, @SUM) or that
 * some strip before doing so: OWASP's "CSV Injection" page lists = + - @, tab and carriage return.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A CSV field. A number is written as it is (counts, shares and ratios are never negative). Text
 * is shown with visibleText, and text that a spreadsheet could take for a formula gets a single
 * quote in front and is quoted, as OWASP recommends; other text is quoted when it holds a quote,
 * a comma or a line break (RFC 4180 §2).
 */
export function csvField(value: string | number | bigint): string {
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  const text = visibleText(value);
  if (FORMULA_START.test(text)) return `"'${text.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One line per row. Given a structure (a view at a depth), two more columns say each row's
 * level (0: top) and how many equal groups it stands for; the names are not indented. With the
 * what-if options, two more: the row's weight bytes and its FLOPs.
 */
export function renderCsv(report: Report, options: RenderOptions = {}): string {
  const nested = options.structure !== undefined;
  const whatIf = options.whatIf !== undefined;
  // active_weights last but for level and repeat, so that the columns of a network without experts stay as they were
  const active = showsActiveWeights(report);
  const head = [
    "layer",
    "type",
    "output",
    "kernel",
    "units",
    "weights",
    "biases",
    "connections",
    ...(active ? ["active_weights"] : []),
    ...(nested ? ["level", "repeat"] : []),
    ...(whatIf ? ["weight_bytes", "flops"] : []),
  ];
  const lines = summaryRows(report, options)
    // a row of several equal groups carries its count (repeat); the figures of one are its own divided by it
    .filter((r) => r.role !== "each")
    .map((r) =>
      [
        r.name,
        r.type,
        r.output,
        r.geometry,
        r.units,
        r.weights,
        r.biases,
        r.connections,
        ...(active ? [r.activeWeights ?? r.weights] : []),
        ...(nested ? [r.level, r.repeat] : []),
        ...(whatIf ? [r.weightBytes ?? 0n, r.flops ?? 0n] : []),
      ]
        .map(csvField)
        .join(","),
    );
  return `${[head.join(","), ...lines].join("\r\n")}\r\n`;
}
