// A spec's `published` entries, validated by the schema, become the check's PublishedSource:
// their cells addressed, their layer and block use names and errata checked against the spec.

import { KINDS } from "../core/network.js";
import { CELL_METRICS, type CellScope, type PublishedCell, type PublishedSource, cellAddress } from "../core/published.js";
import { allGroups, groupRangeNamed, type StructureNode } from "../core/structure.js";
import { closeNames, type PathSegment } from "./problems.js";
import type { PublishedSourceFile } from "./schema.js";

/** Reports a problem at `at` inside the source; `key`: at the field's name rather than its value. */
export type SourceProblem = (at: readonly PathSegment[], message: string, key?: boolean) => void;

/** `structure`: the spec's block uses (or name groups), asked for only when a source names one. */
export function toPublished(
  source: PublishedSourceFile,
  layerNames: ReadonlySet<string>,
  structure: () => readonly StructureNode[],
  problem: SourceProblem,
): PublishedSource {
  const cells: PublishedCell[] = [];
  const addCells = (scope: CellScope, figures: Partial<Record<string, number | string>> | undefined) => {
    if (!figures) return;
    for (const metric of CELL_METRICS) {
      const value = figures[metric];
      if (value !== undefined) cells.push({ at: cellAddress(scope, metric), scope, metric, value });
    }
  };
  for (const [name, figures] of Object.entries(source.layers ?? {})) {
    if (!layerNames.has(name)) problem(["layers", name], `no layer is named "${name}"`, true);
    addCells({ kind: "layer", name }, figures);
  }
  for (const [name, figures] of Object.entries(source.blocks ?? {})) {
    const range = groupRangeNamed(structure(), name);
    if (range === undefined) problem(["blocks", name], unknownBlockUse(name, structure(), layerNames), true);
    else addCells({ kind: "block", name, ...range }, figures);
  }
  for (const group of KINDS) addCells({ kind: "subtotal", group }, source.subtotals?.[group]);
  addCells({ kind: "total" }, source.totals);

  const errata = new Map<string, string>();
  const addresses = new Set(cells.map((c) => c.at));
  for (const [i, erratum] of (source.errata ?? []).entries()) {
    if (errata.has(erratum.at)) problem(["errata", i, "at"], `"${erratum.at}" is listed twice`);
    else if (!addresses.has(erratum.at)) {
      const layer = /^layers\.(.+)\.[a-z_]+$/.exec(erratum.at)?.[1];
      const block = /^blocks\.(.+)\.[a-z_]+$/.exec(erratum.at)?.[1];
      problem(
        ["errata", i, "at"],
        layer !== undefined && !layerNames.has(layer)
          ? `no layer is named "${layer}"`
          : block !== undefined && groupRangeNamed(structure(), block) === undefined
            ? unknownBlockUse(block, structure(), layerNames)
            : `"${erratum.at}" is not a cell this source publishes; expected one of: ${[...addresses].join(", ") || "(none)"}`,
      );
    }
    errata.set(erratum.at, erratum.note);
  }
  return {
    source: source.source,
    ...(source.bias === undefined ? {} : { bias: source.bias }),
    conventions: source.conventions ?? [],
    tolerance: source.tolerance ?? 0,
    cells,
    errata,
  };
}

/** What a `blocks` key that names no block use says: the names it may have meant, or those there are. */
function unknownBlockUse(name: string, structure: readonly StructureNode[], layerNames: ReadonlySet<string>): string {
  const names = [...new Set(allGroups(structure).map((group) => group.name))];
  if (names.length === 0) return `no block use is named "${name}": the spec uses no blocks, and no layer names share a dotted prefix`;
  if (layerNames.has(name)) return `"${name}" is a layer, not a block use: put its figures under layers`;
  const close = closeNames(name, names);
  const shown = names.slice(0, 12).join(", ") + (names.length > 12 ? `, … (${names.length} in all)` : "");
  return `no block use is named "${name}"; ${close.length > 0 ? `close names: ${close.join(", ")}` : `the block uses are ${shown}`}`;
}
