// Which fields of a block use's layers are the block's parameters: `filters: $width` in the
// block itself, or `filters: $out` in a block it uses with `with: { out: $width }`. What
// --explain BLOCK needs to write a block's working in its parameters.

import type { GroupNode } from "../core/structure.js";
import type { LayerOrigin } from "./place.js";

/**
 * For each layer from `first` to `last`, its fields that the group's block parameters set,
 * field → parameter; undefined for a layer with none. Undefined altogether when the group is
 * not one block's expansion.
 */
export function blockFields(
  origins: readonly LayerOrigin[],
  group: GroupNode,
  first: number,
  last: number,
): (Readonly<Record<string, string>> | undefined)[] | undefined {
  if (group.block === undefined) return undefined;
  const fields: (Readonly<Record<string, string>> | undefined)[] = [];
  for (let i = first; i <= last; i++) {
    const origin = origins[i];
    let refs = origin?.refs;
    // from the innermost use out to the group's own, each step renaming through `with`
    for (const site of origin?.uses ?? []) {
      if (refs === undefined || (site.instance === group.name && site.block === group.block)) break;
      const renamed: Record<string, string> = {};
      for (const [field, param] of Object.entries(refs)) {
        const outer = site.refs?.[param];
        if (outer !== undefined) renamed[field] = outer;
      }
      refs = Object.keys(renamed).length === 0 ? undefined : renamed;
    }
    fields.push(refs);
  }
  return fields;
}
