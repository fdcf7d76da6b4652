// CSV (RFC 4180) for spreadsheets: exact integers, no thousands separators.

import type { Report } from "../core/analyze.js";
import { summaryRows } from "./rows.js";
import type { RenderOptions } from "./style.js";

export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(report: Report, options: RenderOptions = {}): string {
  const head = ["layer", "type", "output", "kernel", "units", "weights", "biases", "connections"];
  const lines = summaryRows(report, options).map((r) =>
    [r.label, r.type, r.output, r.geometry, r.units, r.weights, r.biases, r.connections].map(csvField).join(","),
  );
  return `${[head.join(","), ...lines].join("\r\n")}\r\n`;
}
