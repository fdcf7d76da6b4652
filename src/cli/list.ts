// `alexcount list`: the bundled specs, what they are, and their totals.

import { analyzeSpec } from "../loader/analyze-spec.js";
import { loadSpec } from "../loader/load.js";
import { formatCount } from "../render/format.js";
import { renderRowsTable } from "../render/table.js";
import type { BundledSpecs } from "./io.js";

/** The list stays within 100 columns: descriptions get what the names and totals leave. */
const LIST_WIDTH = 100;

function truncate(text: string, width: number): string {
  return [...text].length > width ? `${[...text].slice(0, width - 1).join("")}…` : text;
}

export async function renderList(bundled: BundledSpecs, options: { color: boolean }): Promise<string> {
  const body: string[][] = [];
  for (const name of bundled.names()) {
    const input = await bundled.read(name);
    const loaded = input && loadSpec(input.text, input.file);
    const analysis = loaded?.ok ? analyzeSpec(loaded.spec) : undefined;
    if (!loaded?.ok || !analysis?.ok) {
      body.push([name, "(invalid spec: run alexcount " + name + " to see why)", "", ""]);
      continue;
    }
    const description = (loaded.spec.description ?? loaded.spec.network.name).split("\n")[0] ?? "";
    const { totals } = analysis.report;
    body.push([name, description, formatCount(totals.weights), formatCount(totals.connections)]);
  }
  // each column is its widest cell and 2 of padding, with 5 borders: the description takes the rest
  const widest = (col: number, head: string) => Math.max(head.length, ...body.map((row) => [...(row[col] ?? "")].length));
  const descriptionWidth = LIST_WIDTH - 5 - 8 - widest(0, "Spec") - widest(2, "Weights") - widest(3, "Connections");
  for (const row of body) if (row[3] !== "") row[1] = truncate(row[1] ?? "", descriptionWidth);
  return `${renderRowsTable(
    ["Spec", "Description", "Weights", "Connections"],
    body,
    new Set(),
    (col) => col >= 2,
    options,
    (_, text) => text,
  )}\n`;
}
