// The structure of a loaded spec: its block uses (a use, then each repetition of a repeated
// one), or, in a spec without blocks, the groups its layer names imply.

import { type GroupLevel, type StructureNode, structureFromLevels, structureFromNames } from "../core/structure.js";
import type { LayerOrigin } from "./place.js";
import { formatPath } from "./problems.js";

/** A loaded spec (its network's layers and their origins), or the expanded layers' names and origins. */
type Expansion = { readonly network: { readonly layers: readonly { readonly name: string }[] }; readonly origins: readonly LayerOrigin[] };

export function specStructure(spec: Expansion | { readonly names: readonly string[]; readonly origins: readonly LayerOrigin[] }): StructureNode[] {
  const { origins } = spec;
  if (!origins.some((origin) => origin.uses.length > 0))
    return structureFromNames("names" in spec ? spec.names : spec.network.layers.map((layer) => layer.name));
  return structureFromLevels(
    origins.map((origin) => {
      const levels: GroupLevel[] = [];
      let key = "";
      // outermost use first
      for (let u = origin.uses.length - 1; u >= 0; u--) {
        const site = origin.uses[u]!;
        const params = site.params === undefined ? undefined : Object.fromEntries(site.params);
        const details = { ...(site.block === undefined ? {} : { block: site.block }), ...(params === undefined ? {} : { params }) };
        const useName = site.use ?? site.instance;
        if (useName !== site.instance) {
          // a repeated use: the use, then this repetition
          key = `${key}/${formatPath(site.path)}:${useName}`;
          levels.push({ key, name: useName });
        }
        key = `${key}/${site.instance}`;
        levels.push({ key, name: site.instance, ...details });
      }
      return levels;
    }),
  );
}
