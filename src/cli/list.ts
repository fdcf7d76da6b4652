// `alexcount list`: the bundled specs, what they are, and their totals; as a table that fits the
// terminal, or as JSON.

import { visibleText } from "../core/visible-text.js";
import type { Counts } from "../core/analyze.js";
import { analyzeSpec } from "../loader/analyze-spec.js";
import { formatCount } from "../render/format.js";
import { jsonCounts, jsonSafe } from "../render/json.js";
import { renderRowsTable } from "../render/table.js";
import type { BundledSpecs } from "./io.js";
import { loadInput } from "./load-input.js";

/** The width the table keeps to when there is no terminal to measure: the 100 columns the other tables fit. */
export const DEFAULT_WIDTH = 100;
/** A description is never cut shorter than this, however narrow the terminal. */
const MIN_DESCRIPTION = 20;

interface Listed {
  readonly name: string;
  /** The spec's description (its first line in the table), or its network's name; null for an invalid spec. */
  readonly description: string | null;
  /** What the spec cites (its `sources`). */
  readonly sources: readonly string[];
  /** The titles of its published figures (`published[].source`), which `alexcount check` compares. */
  readonly published: readonly string[];
  readonly totals: Counts | null;
}

async function listed(bundled: BundledSpecs): Promise<Listed[]> {
  const out: Listed[] = [];
  for (const name of bundled.names()) {
    const input = await bundled.read(name);
    const loaded = input && (await loadInput(input));
    const analysis = loaded?.ok ? analyzeSpec(loaded.spec) : undefined;
    if (!loaded?.ok || !analysis?.ok) {
      out.push({ name, description: null, sources: [], published: [], totals: null });
      continue;
    }
    const { spec } = loaded;
    out.push({
      name,
      description: spec.description ?? spec.network.name,
      sources: spec.sources,
      published: spec.published.map((p) => p.source),
      totals: analysis.report.totals,
    });
  }
  return out;
}

function truncate(text: string, width: number): string {
  return [...text].length > width ? `${[...text].slice(0, width - 1).join("")}…` : text;
}

/** `{ "specs": [{ name, description, sources, published, totals }] }`, totals null for an invalid spec. */
export async function renderListJson(bundled: BundledSpecs): Promise<string> {
  const specs = (await listed(bundled)).map((s) => ({ ...s, totals: s.totals && jsonCounts(s.totals) }));
  return `${jsonSafe(JSON.stringify({ specs }, null, 2))}\n`;
}

/** The table, `width` columns wide at most: descriptions are cut to what the other columns leave. */
export async function renderList(bundled: BundledSpecs, options: { color: boolean; width: number }): Promise<string> {
  const rows = (await listed(bundled)).map((s) => {
    const name = visibleText(s.name);
    if (s.totals === null || s.description === null) return [name, `(invalid spec: run alexcount ${name} to see why)`, "", ""];
    return [name, visibleText(s.description.split("\n")[0] ?? ""), formatCount(s.totals.weights), formatCount(s.totals.connections)];
  });
  const head = ["Spec", "Description", "Weights", "Connections"];
  // each column is its widest cell plus two of padding; a border before, between and after
  const widest = (col: number) => Math.max(head[col]!.length, ...rows.map((r) => [...(r[col] ?? "")].length)) + 2;
  const others = widest(0) + widest(2) + widest(3) + head.length + 1;
  const room = Math.max(MIN_DESCRIPTION, options.width - others - 2);
  const body = rows.map(([name = "", description = "", ...rest]) => [name, truncate(description, room), ...rest]);
  return `${renderRowsTable(
    head,
    body,
    new Set(),
    (col) => col >= 2,
    options,
    (_, text) => text,
  )}\n`;
}
