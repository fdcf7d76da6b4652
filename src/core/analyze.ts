// The network walk: shapes flow from the input through each layer in order; each layer's
// counts come from `layerCounts` (its cost function, in exact numbers); subtotals and totals are
// summed once, here, from the rows.

import { LayerIssue, type LayerCost, layerCost, layerCounts } from "./costs.js";
import { type Count, InexactCountError, countAdd } from "./exact.js";
import { type Convention, type DenseLayer, type Kind, type Layer, type LayerType, type Network, type Shape, kindOf } from "./network.js";
import { untrustedPart } from "./trusted-layers.js";
import { validateAnalyzeArguments } from "./validate-network.js";
import { type ActiveWeights, activeWeights } from "./active-weights.js";

/** Exact counts: each a safe integer as a number, or a bigint beyond 2^53 − 1. */
export interface Counts {
  readonly units: Count;
  readonly weights: Count;
  readonly biases: Count;
  readonly connections: Count;
}

export const METRICS = ["units", "weights", "biases", "connections"] as const satisfies readonly (keyof Counts)[];

export interface LayerReport extends Counts {
  readonly index: number;
  readonly name: string;
  readonly type: LayerType;
  readonly kind: Kind;
  readonly layer: Layer;
  /** The shapes the layer receives, one per entry of `layer.inputs`. */
  readonly inputs: readonly Shape[];
  readonly output: Shape;
  /** The bias setting this layer ended up with (conv and dense only). */
  readonly bias?: boolean;
}

export interface Report {
  readonly name: string;
  readonly input: Shape;
  readonly bias: boolean;
  /** The counting conventions the figures were computed under (none by default). */
  readonly conventions: readonly Convention[];
  readonly layers: readonly LayerReport[];
  /** Present for a kind when a layer of it exists; `other` only when such a layer costs something. */
  readonly subtotals: Readonly<Partial<Record<Kind, Counts>>>;
  readonly totals: Counts;
  /**
   * A mixture of experts' active weights (active-weights.ts), per row, by subtotal and in all;
   * absent in a network without one, whose active weights are its weights.
   */
  readonly active?: ActiveWeights;
}

import type { CoreIssue } from "./network.js";
export type { CoreIssue };

export type AnalyzeResult = { readonly ok: true; readonly report: Report } | { readonly ok: false; readonly issues: readonly CoreIssue[] };

/** All four counts zero: the empty sum. */
export const NO_COUNTS: Counts = { units: 0, weights: 0, biases: 0, connections: 0 };

/** a + b, count by count, exactly (InexactCountError past 2^53 − 1). */
export function addCounts(a: Counts, b: Counts): Counts {
  return {
    units: countAdd(a.units, b.units),
    weights: countAdd(a.weights, b.weights),
    biases: countAdd(a.biases, b.biases),
    connections: countAdd(a.connections, b.connections),
  };
}

function isZero(c: Counts): boolean {
  return c.units === 0 && c.weights === 0 && c.biases === 0 && c.connections === 0;
}

/** Subtotals by kind and the grand total, from the rows alone. */
function summarize(rows: readonly LayerReport[]): { subtotals: Partial<Record<Kind, Counts>>; totals: Counts } {
  const subtotals: Partial<Record<Kind, Counts>> = {};
  let totals = NO_COUNTS;
  for (const row of rows) {
    // contract §1: `other` groups the remaining types that have a nonzero figure
    if (row.kind !== "other" || !isZero(row)) subtotals[row.kind] = addCounts(subtotals[row.kind] ?? NO_COUNTS, row);
    totals = addCounts(totals, row);
  }
  return { subtotals, totals };
}

/**
 * The formulas behind a row's counts, and how its output size was derived: the row's own cost
 * function run again on its layer and input shapes, under the report's bias and conventions, so
 * they are the very formulas its counts were evaluated from.
 */
export function formulasOf(report: Report, row: LayerReport): LayerCost {
  return layerCost(row.layer, row.inputs, report.bias, report.conventions);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A dense layer tied to an embedding reuses its table as the weight matrix (GPT-2's LM head
 * is the token embedding's transpose): the embedding comes earlier and is vocab × F for a
 * layer of vocab units reading F features.
 */
function checkTied(layer: DenseLayer, input: Shape, before: readonly Layer[]): void {
  const tied = before.find((l) => l.name === layer.tied);
  if (tied === undefined) throw new LayerIssue(`tied names "${layer.tied}", which is not an earlier layer`, "tied");
  if (tied.type !== "embedding")
    throw new LayerIssue(`tied names "${layer.tied}", a ${tied.type} layer: a dense layer can be tied only to an embedding`, "tied");
  const features = input.kind === "image" ? input.height * input.width * input.channels : input.kind === "tokens" ? 0 : input.features;
  if (tied.vocab !== layer.units || tied.features !== features) {
    throw new LayerIssue(
      `tied to ${tied.name}, a table of ${tied.vocab} × ${tied.features}, but this layer maps ${features} features to ${layer.units} units: its matrix must be the table's transpose`,
      "tied",
    );
  }
}

/** Output i of a layer with several outputs, read as `NAME:i`: null (blocked) when that layer failed. */
function partOf(ref: string, shapes: ReadonlyMap<string, Shape | null>, outputCounts: ReadonlyMap<string, number>): Shape | null | undefined {
  const colon = ref.lastIndexOf(":");
  if (colon <= 0 || !/^\d+$/.test(ref.slice(colon + 1))) return undefined;
  const base = ref.slice(0, colon);
  return shapes.get(base) === null && !outputCounts.has(base) ? null : undefined;
}

function unknownInput(ref: string, outputCounts: ReadonlyMap<string, number>): string {
  const colon = ref.lastIndexOf(":");
  const parts = colon > 0 ? outputCounts.get(ref.slice(0, colon)) : undefined;
  if (parts !== undefined)
    return `unknown input "${ref}": ${ref.slice(0, colon)} has ${parts} outputs, ${ref.slice(0, colon)}:0 to ${ref.slice(0, colon)}:${parts - 1}`;
  return `unknown input "${ref}"`;
}

export interface AnalyzeOptions {
  /** Counting rules of a published source (see CONVENTIONS); none: the contract's own rules. */
  readonly conventions?: readonly Convention[];
  /**
   * Names of layers left out of the network, whose shapes are unknown (a spec's invalid layers,
   * reported on their own): a layer that reads one is skipped, as one that reads a layer that
   * failed, and not reported.
   */
  readonly unknownShapes?: Iterable<string>;
}

/**
 * Computes every layer's shapes and counts. Collects every problem it can: a layer that fails
 * is reported, and the layers that depend on it are skipped rather than reported again. What it
 * is given is checked first (validate-network.ts): a network that is not what the type says
 * (a count of 0 or "3", a kernel of 0, an unknown type) is `ok: false` with an issue per field.
 * Layers the loader built from a validated spec (trusted-layers.ts) are not checked again; the
 * rest of the network and the options still are.
 */
export function analyze(network: Network, options: AnalyzeOptions = {}): AnalyzeResult {
  const invalid = validateAnalyzeArguments(untrustedPart(network), options);
  if (invalid.length > 0) return { ok: false, issues: invalid };
  const conventions = options.conventions ?? [];
  const shapes = new Map<string, Shape | null>([["input", network.input]]);
  for (const name of options.unknownShapes ?? []) shapes.set(name, null);
  const rows: LayerReport[] = [];
  const issues: CoreIssue[] = [];

  const layers = network.layers;
  // layers with several outputs (split), by name: how many; each output is read as NAME:i
  const outputCounts = new Map<string, number>();
  const shapeOf = (name: string) => {
    const shape = shapes.get(name);
    return shape === undefined ? partOf(name, shapes, outputCounts) : shape;
  };
  for (let index = 0; index < layers.length; index++) {
    const layer = layers[index]!;
    const found = layer.inputs.map(shapeOf);
    let blocked = false;
    for (let k = 0; k < found.length; k++) {
      const shape = found[k];
      const parts = outputCounts.get(layer.inputs[k]!);
      if (parts !== undefined) {
        issues.push({
          layer: index,
          field: "inputs",
          message: `"${layer.inputs[k]}" has ${parts} outputs: read one of them, ${layer.inputs[k]}:0 to ${layer.inputs[k]}:${parts - 1}`,
        });
        blocked = true;
      } else if (shape === undefined) issues.push({ layer: index, field: "inputs", message: unknownInput(layer.inputs[k]!, outputCounts) });
      if (!shape) blocked = true;
    }
    if (blocked) {
      shapes.set(layer.name, null);
      continue;
    }
    const inputs = found as readonly Shape[]; // every entry checked above
    try {
      // counts only: `formulasOf` builds the formulas for the rows that need them (--explain,
      // check's diagnoses), rather than every row keeping its own
      const cost = layerCounts(layer, inputs, network.bias, conventions);
      if (inputs.length === 0) throw new LayerIssue("has no input", "inputs");
      if (layer.type === "dense" && layer.tied !== undefined) checkTied(layer, inputs[0]!, layers.slice(0, index));
      const bias = layer.type === "conv" || layer.type === "dense" || layer.type === "conv_transpose" ? (layer.bias ?? network.bias) : undefined;
      const output = cost.output;
      for (let i = 0; i < (cost.parts?.length ?? 0); i++) {
        if (shapes.has(`${layer.name}:${i}`))
          throw new LayerIssue(`its output ${layer.name}:${i} has the name of an earlier layer; rename one of them`, "name");
      }
      const row: Mutable<LayerReport> = {
        index,
        name: layer.name,
        type: layer.type,
        kind: kindOf(layer.type),
        layer,
        inputs,
        output,
        units: cost.units,
        weights: cost.weights,
        biases: cost.biases,
        connections: cost.connections,
      };
      if (bias !== undefined) row.bias = bias;
      rows.push(row);
      shapes.set(layer.name, output);
      if (cost.parts !== undefined) {
        outputCounts.set(layer.name, cost.parts.length);
        for (const [i, part] of cost.parts.entries()) shapes.set(`${layer.name}:${i}`, part);
      }
    } catch (error) {
      if (error instanceof LayerIssue) issues.push({ layer: index, ...(error.field ? { field: error.field } : {}), message: error.message });
      else if (error instanceof InexactCountError) issues.push({ layer: index, message: `a size of this layer is not exact: ${error.message}` });
      else throw error;
      shapes.set(layer.name, null);
    }
  }
  if (issues.length > 0) return { ok: false, issues };

  const { subtotals, totals } = summarize(rows);
  const report: Report = { name: network.name, input: network.input, bias: network.bias, conventions, layers: rows, subtotals, totals };
  const active = activeWeights(rows, Object.keys(subtotals) as Kind[]);
  return { ok: true, report: active === undefined ? report : { ...report, active } };
}
