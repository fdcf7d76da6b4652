// A spec's `published` entries, validated by the schema, become the check's PublishedSource:
// their cells addressed, their layer names and errata checked against the spec.

import { KINDS } from "../core/network.js";
import { CELL_METRICS, type CellScope, type PublishedCell, type PublishedSource, cellAddress } from "../core/published.js";
import type { PathSegment } from "./problems.js";
import type { PublishedSourceFile } from "./schema.js";

/** Reports a problem at `at` inside the source; `key`: at the field's name rather than its value. */
export type SourceProblem = (at: readonly PathSegment[], message: string, key?: boolean) => void;

export function toPublished(source: PublishedSourceFile, layerNames: ReadonlySet<string>, problem: SourceProblem): PublishedSource {
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
  for (const group of KINDS) addCells({ kind: "subtotal", group }, source.subtotals?.[group]);
  addCells({ kind: "total" }, source.totals);

  const errata = new Map<string, string>();
  const addresses = new Set(cells.map((c) => c.at));
  for (const [i, erratum] of (source.errata ?? []).entries()) {
    if (errata.has(erratum.at)) problem(["errata", i, "at"], `"${erratum.at}" is listed twice`);
    else if (!addresses.has(erratum.at)) {
      const layer = /^layers\.(.+)\.[a-z_]+$/.exec(erratum.at)?.[1];
      problem(
        ["errata", i, "at"],
        layer !== undefined && !layerNames.has(layer)
          ? `no layer is named "${layer}"`
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
