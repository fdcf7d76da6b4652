// CSV (RFC 4180) for spreadsheets: exact integers, no thousands separators.

import type { Report } from "../core/analyze.js";
import { summaryRows } from "./rows.js";
import type { RenderOptions } from "./style.js";

export function csvField(value: string | number | bigint): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One line per row. Given a structure (a view at a depth), two more columns say each row's
 * level (0: top) and how many equal groups it stands for; the names are not indented.
 */
export function renderCsv(report: Report, options: RenderOptions = {}): string {
  const nested = options.structure !== undefined;
  const head = ["layer", "type", "output", "kernel", "units", "weights", "biases", "connections", ...(nested ? ["level", "repeat"] : [])];
  const lines = summaryRows(report, options).map((r) =>
    [r.name, r.type, r.output, r.geometry, r.units, r.weights, r.biases, r.connections, ...(nested ? [r.level, r.repeat] : [])].map(csvField).join(","),
  );
  return `${[head.join(","), ...lines].join("\r\n")}\r\n`;
}
