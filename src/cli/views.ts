// The views that show a report other than as its table: `--explain [LAYER]` (the working behind
// every figure) and `--chart` (each layer's share, in the terminal or as SVG). Decides which
// renderer a combination of flags asks for; run.ts only forwards the flags and prints.

import type { Report } from "../core/analyze.js";
import { type GroupNode, type StructureNode, allGroups, layerRange } from "../core/structure.js";
import { blockFields } from "../loader/block-fields.js";
import type { LayerOrigin } from "../loader/place.js";
import { closeNames } from "../loader/problems.js";
import { renderChart } from "../render/chart.js";
import { renderExplain } from "../render/explain.js";
import { renderCostsExplain } from "../render/explain-costs.js";
import type { Costs } from "../render/memory-block.js";
import { renderSvgChart } from "../render/svg.js";
import type { Format } from "./formats.js";

export interface ViewFlags {
  /** `--explain` alone is true; `--explain NAME` is the name. */
  readonly explain?: string | boolean;
  readonly chart?: boolean;
}

export type ViewResult =
  | { readonly ok: true; readonly text: string }
  /** `usage`: the flags do not go together; `spec`: the spec has no such layer. */
  | { readonly ok: false; readonly kind: "usage" | "spec"; readonly message: string };

/** Whether the flags ask for a view rather than the report's table, JSON, Markdown or CSV. */
export function wantsView(flags: ViewFlags): boolean {
  return flags.explain !== undefined || flags.chart === true;
}

function unknownLayer(typed: string, report: Report, groups: readonly GroupNode[]): ViewResult {
  const names = [...report.layers.map((l) => l.name), ...groups.map((g) => g.name)];
  const close = closeNames(typed, names);
  const shown = names.slice(0, 12).join(", ") + (names.length > 12 ? `, … (${names.length} layers)` : "");
  const hint = close.length > 0 ? `close names: ${close.join(", ")}` : `its layers are ${shown}`;
  return { ok: false, kind: "spec", message: `--explain ${typed}: no layer of that name in ${report.name}; ${hint}` };
}

/** The fields of a block use's layers that its parameters set, for renderExplain. */
function groupFieldsOf(origins: readonly LayerOrigin[], group: GroupNode) {
  const { first, last } = layerRange(group);
  const fields = blockFields(origins, group, first, last);
  return fields === undefined ? {} : { groupFields: fields };
}

/** The groups above the layers, and the depth asked for, if any: for the chart at a depth. */
export interface ViewDepth {
  readonly structure?: readonly StructureNode[];
  readonly depth?: number;
  /** Where each layer is written (the loaded spec's origins): for --explain BLOCK in its parameters. */
  readonly origins?: readonly LayerOrigin[];
}

/** `costs`: the run's memory and FLOPs (the what-if options), whose working --explain adds after the layers'. */
export function renderView(report: Report, flags: ViewFlags, format: Format, color: boolean, at: ViewDepth = {}, costs?: Costs): ViewResult {
  if (flags.explain !== undefined && flags.chart) return { ok: false, kind: "usage", message: "--explain and --chart are separate views: give one of them" };
  if (flags.explain !== undefined) {
    if (format !== "table" && format !== "markdown") {
      return { ok: false, kind: "usage", message: `--explain writes plain text or, with --format markdown, Markdown; not ${format}` };
    }
    const name = typeof flags.explain === "string" ? flags.explain : undefined;
    const groups = allGroups(at.structure ?? []);
    // a layer's name first; else a block use's or a repetition's (`layer3`, `layer3.1`)
    const isLayer = name !== undefined && report.layers.some((l) => l.name === name);
    const group = name === undefined || isLayer ? undefined : groups.find((g) => g.name === name);
    if (name !== undefined && !isLayer && group === undefined) return unknownLayer(name, report, groups);
    const text = renderExplain(report, {
      format: format === "markdown" ? "markdown" : "text",
      color: format === "table" && color,
      ...(isLayer ? { layer: name } : {}),
      ...(group === undefined ? {} : { group }),
      ...(group === undefined || at.origins === undefined ? {} : groupFieldsOf(at.origins, group)),
    });
    // the working of memory and FLOPs is the whole network's: with a layer or a group named, theirs alone
    if (!costs || name !== undefined) return { ok: true, text };
    const working = renderCostsExplain(report, costs, { color: format === "table" && color });
    return { ok: true, text: `${text}\n${format === "markdown" ? `\`\`\`text\n${working}\`\`\`\n` : working}` };
  }
  if (format === "svg") return { ok: true, text: renderSvgChart(report, at) };
  if (format !== "table") return { ok: false, kind: "usage", message: `--chart draws in the terminal or, with --format svg, as an SVG image; not ${format}` };
  return { ok: true, text: renderChart(report, { color, ...at }) };
}
