// `alexcount list`: the bundled specs, what they are, and their totals.

import { analyzeSpec } from "../loader/analyze-spec.js";
import { formatCount } from "../render/format.js";
import { renderRowsTable } from "../render/table.js";
import type { BundledSpecs } from "./io.js";
import { loadInput } from "./load-input.js";

/** Keeps the list within 100 columns with the zoo's longest names and totals. */
const DESCRIPTION_WIDTH = 42;

function truncate(text: string, width: number): string {
  return [...text].length > width ? `${[...text].slice(0, width - 1).join("")}…` : text;
}

export async function renderList(bundled: BundledSpecs, options: { color: boolean }): Promise<string> {
  const body: string[][] = [];
  for (const name of bundled.names()) {
    const input = await bundled.read(name);
    const loaded = input && (await loadInput(input));
    const analysis = loaded?.ok ? analyzeSpec(loaded.spec) : undefined;
    if (!loaded?.ok || !analysis?.ok) {
      body.push([name, "(invalid spec: run alexcount " + name + " to see why)", "", ""]);
      continue;
    }
    const description = (loaded.spec.description ?? loaded.spec.network.name).split("\n")[0] ?? "";
    const { totals } = analysis.report;
    body.push([name, truncate(description, DESCRIPTION_WIDTH), formatCount(totals.weights), formatCount(totals.connections)]);
  }
  return `${renderRowsTable(
    ["Spec", "Description", "Weights", "Connections"],
    body,
    new Set(),
    (col) => col >= 2,
    options,
    (_, text) => text,
  )}\n`;
}
