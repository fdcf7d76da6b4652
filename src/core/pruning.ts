// Pruning (Han, Pool, Tran & Dally 2015, "Learning both Weights and Connections"): a layer keeps a
// share of its weights, and sees a share of non-zero inputs, so of its multiply–accumulates it
// does the share of both. Exact: densities are the decimals written, as fractions, and each kept
// count is rounded half up once per layer.

import type { LayerReport, Report } from "./analyze.js";
import type { Density, Fraction } from "./network.js";

export const WHOLE: Fraction = { num: 1n, den: 1n };

/**
 * The exact fraction a decimal number is written as: 0.38 → 38/100, 1e-3 → 1/1000. From the
 * shortest text that gives back the double (what YAML, JSON and the command line wrote), not from
 * the double's binary value, which for 0.38 is not 38/100.
 */
export function fractionOf(value: number): Fraction {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(value));
  if (!match) throw new RangeError(`not a non-negative decimal: ${value}`);
  const [, whole = "", decimals = "", exponent = "0"] = match;
  const shift = decimals.length - Number(exponent);
  const digits = BigInt(whole + decimals);
  return shift >= 0 ? { num: digits, den: 10n ** BigInt(shift) } : { num: digits * 10n ** BigInt(-shift), den: 1n };
}

/** ⌊n/d + ½⌋ for n ≥ 0: rounded half up. */
export function roundHalfUp(num: bigint, den: bigint): bigint {
  return (2n * num + den) / (2n * den);
}

export interface PrunedLayer {
  readonly name: string;
  readonly density: Density;
  /** Kept weights: round((weights − biases) · d_w) + biases. */
  readonly weights: bigint;
  /** Kept multiply–accumulates: round(connections · d_w · d_in). */
  readonly connections: bigint;
}

export interface PruningReport {
  /** The layers with a density, in order. */
  readonly layers: readonly PrunedLayer[];
  /** Over every layer, those without a density counted whole. */
  readonly totals: { readonly weights: bigint; readonly connections: bigint };
}

/** A layer's density: from `densityOf` (the command line), or the spec's. */
export type DensityOf = (row: LayerReport) => Density | undefined;

export function prunedLayer(row: LayerReport, density: Density): PrunedLayer {
  const kernel = BigInt(row.weights) - BigInt(row.biases);
  const { weights: w, inputs: i } = density;
  return {
    name: row.name,
    density,
    weights: roundHalfUp(kernel * w.num, w.den) + BigInt(row.biases),
    connections: roundHalfUp(BigInt(row.connections) * w.num * i.num, w.den * i.den),
  };
}

/** The kept figures, or undefined when no layer has a density. */
export function pruningReport(report: Report, densityOf: DensityOf = (row) => row.layer.density): PruningReport | undefined {
  const layers: PrunedLayer[] = [];
  let weights = 0n;
  let connections = 0n;
  for (const row of report.layers) {
    const density = densityOf(row);
    if (density === undefined) {
      weights += BigInt(row.weights);
      connections += BigInt(row.connections);
      continue;
    }
    const pruned = prunedLayer(row, density);
    layers.push(pruned);
    weights += pruned.weights;
    connections += pruned.connections;
  }
  return layers.length === 0 ? undefined : { layers, totals: { weights, connections } };
}
