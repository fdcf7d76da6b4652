// Active weights of a mixture of experts: the weights one position computes with, the router,
// the shared layers and top_k of the experts (Jiang et al. 2024 call them "active parameters").
// Every expert of a mixture is the same block on the same features, so any top_k of them hold
// the same weights: the first top_k stand for them, and the others' weights count as inactive.

import { type Count, countAdd } from "./exact.js";
import type { Kind, Layer } from "./network.js";

/** What this needs of a report's row (analyze.ts's LayerReport has it). */
interface Row {
  readonly layer: Layer;
  readonly kind: Kind;
  readonly weights: Count;
}

export interface ActiveWeights {
  /** Per row of the report: its weights, or 0 for a layer of an expert past the first top_k. */
  readonly layers: readonly Count[];
  readonly subtotals: Readonly<Partial<Record<Kind, Count>>>;
  readonly totals: Count;
}

/**
 * The active weights of each row, by subtotal and in all; undefined for a network without a
 * mixture of experts (its active weights are its weights). A layer belongs to expert e when
 * what it reads comes from expert e's dispatch; the combine ends the expert.
 */
export function activeWeights(rows: readonly Row[], subtotalKinds: readonly Kind[]): ActiveWeights | undefined {
  if (!rows.some((row) => row.layer.type === "dispatch")) return undefined;
  const idle = new Set<string>();
  const expertOf = new Map<string, boolean>();
  const layers: Count[] = [];
  const subtotals: Partial<Record<Kind, Count>> = {};
  let totals: Count = 0;
  for (const row of rows) {
    const { layer } = row;
    let inExpert = false;
    if (layer.type === "dispatch") {
      inExpert = true;
      if (layer.expert >= layer.topK) idle.add(layer.name);
    } else if (layer.type !== "combine") {
      for (const input of layer.inputs) {
        if (expertOf.get(input)) inExpert = true;
        if (idle.has(input)) idle.add(layer.name);
      }
    }
    expertOf.set(layer.name, inExpert);
    const active = idle.has(layer.name) ? 0 : row.weights;
    layers.push(active);
    if (subtotalKinds.includes(row.kind)) subtotals[row.kind] = countAdd(subtotals[row.kind] ?? 0, active);
    totals = countAdd(totals, active);
  }
  return { layers, subtotals, totals };
}
