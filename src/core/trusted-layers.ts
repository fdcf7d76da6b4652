// Layer lists that hold what the Layer type says because the loader built them from a spec its
// schema validated, so that analyze() need not run validate-network.ts's guard over every layer
// a second time. The mark is a module-private WeakSet, which a program cannot forge through the
// library API. A marked list is frozen, so no layer can be added to it or replaced; the layers'
// own fields are readonly in their types but not frozen (freezing them costs what the guard
// does), so a program that writes into them anyway is outside the guard.

import type { Layer } from "./network.js";

const TRUSTED = new WeakSet<readonly Layer[]>();

/** Marks (and freezes) the list of layers of a network the loader built from a validated spec. */
export function trustLayers(layers: readonly Layer[]): readonly Layer[] {
  Object.freeze(layers);
  TRUSTED.add(layers);
  return layers;
}

/**
 * What of `network` the guard still has to check: all of it, or, when its layers are a trusted
 * list, the same network with no layers. Anything that cannot be read as plain data (a throwing
 * getter) is left whole, for the guard to report.
 */
export function untrustedPart(network: unknown): unknown {
  try {
    if (typeof network !== "object" || network === null) return network;
    const { layers } = network as { layers?: unknown };
    if (typeof layers !== "object" || layers === null || !TRUSTED.has(layers as readonly Layer[])) return network;
    return { ...network, layers: [] };
  } catch {
    return network;
  }
}
