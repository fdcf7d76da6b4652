// The JSON report (contract §2). Its types are its own, separate from the core's, so that a
// refactor inside cannot silently change what scripts read.

import { type Counts, type LayerReport, type Report } from "../core/analyze.js";
import { whatIfFigures } from "./rows.js";
import type { RowWhatIf } from "./style.js";
import { type Kind, type Shape, KINDS } from "../core/network.js";
import { type StructureNode, layerRange, nodeActiveWeights, nodeTotals } from "../core/structure.js";
import type { Count } from "../core/exact.js";
import { UNSAFE_IN_JSON, unicodeEscape } from "../core/visible-text.js";
import { exactJson } from "./exact-json.js";

const holdsBigCount = (c: Counts & { readonly activeWeights?: Count }) =>
  typeof c.units === "bigint" ||
  typeof c.weights === "bigint" ||
  typeof c.biases === "bigint" ||
  typeof c.connections === "bigint" ||
  typeof c.activeWeights === "bigint";

export type JsonShape = { width: number; height: number; channels: number } | { features: number } | { tokens: number; features: number } | { tokens: number };

/**
 * Exact counts: a number while a count is a safe integer, a bigint beyond 2^53 − 1, which the
 * JSON text writes as its digits (docs/spec-format.md, "Reading counts past 2^53 exactly").
 */
export interface JsonCounts {
  units: number | bigint;
  weights: number | bigint;
  biases: number | bigint;
  connections: number | bigint;
  /**
   * A mixture of experts' active weights: the router, the shared layers and top_k experts
   * (an extension; present only in the report of a network with a mixture of experts).
   */
  activeWeights?: number | bigint;
}

export interface JsonLayer extends JsonCounts {
  name: string;
  type: string;
  input: JsonShape;
  output: JsonShape;
}

export interface JsonReport {
  name: string;
  input: JsonShape;
  bias: boolean;
  layers: JsonLayer[];
  /** conv, dense, other (contract §2); attention, recurrent, embedding, norm for sequence models (an extension). */
  subtotals: Partial<Record<Kind, JsonCounts>>;
  totals: JsonCounts;
  /** The block uses (or name-prefix groups) above the layers; absent when there are none. */
  tree?: JsonGroup[];
}

/** A block use, a repetition of one, or a group of layers sharing a name prefix. */
export interface JsonGroup {
  name: string;
  block?: string;
  params?: Record<string, unknown>;
  /** Indices into `layers` of the group's first and last layer: it covers those and all between. */
  layers: { first: number; last: number };
  output: JsonShape;
  /** With the what-if options, also `flops` (2 × connections, as totals.flops) and `weight_bytes` (as memory.weights). */
  totals: JsonCounts & { flops?: bigint; weight_bytes?: bigint };
  /** The groups within it, if any. */
  groups?: JsonGroup[];
}

/** The groups of a structure, with their figures; layers are referred to by index. */
function jsonTree(report: Report, structure: readonly StructureNode[], whatIf?: RowWhatIf): JsonGroup[] {
  const groups: JsonGroup[] = [];
  for (const node of structure) {
    if (node.kind !== "group") continue;
    const { counts, output } = nodeTotals(report, node);
    const inner = jsonTree(report, node.children, whatIf);
    const range = layerRange(node);
    // one example's FLOPs, as totals.flops: the batch multiplies flops.forward only
    const extra = whatIfFigures(report, whatIf === undefined ? undefined : { ...whatIf, batch: 1 }, () => true, range.first, range.last);
    groups.push({
      name: node.name,
      ...(node.block === undefined ? {} : { block: node.block }),
      ...(node.params === undefined ? {} : { params: { ...node.params } }),
      layers: range,
      output: jsonShape(output),
      totals: {
        ...jsonCounts(counts, nodeActiveWeights(report, node)),
        ...(extra.flops === undefined ? {} : { flops: extra.flops, weight_bytes: extra.weightBytes }),
      },
      ...(inner.length === 0 ? {} : { groups: inner }),
    });
  }
  return groups;
}

/**
 * JSON text with every character visibleText would escape written as `\uXXXX`: the same value to
 * a JSON reader, and nothing raw for a terminal. JSON.stringify escapes C0 controls itself but
 * leaves DEL, C1 controls and the bidirectional marks raw; in its output they can only be inside
 * strings, where an escape means the same character.
 */
export function jsonSafe(json: string): string {
  return json.replace(UNSAFE_IN_JSON, unicodeEscape);
}

export function jsonShape(shape: Shape): JsonShape {
  switch (shape.kind) {
    case "image":
      return { width: shape.width, height: shape.height, channels: shape.channels };
    case "vector":
      return { features: shape.features };
    // a sequence however it was spelt (tokens/features or length/channels), as the spec's first spelling
    case "sequence":
      return { tokens: shape.length, features: shape.features };
    case "tokens":
      return { tokens: shape.length };
  }
}

/** The counts, with the active weights after the weights when there are some. */
export function jsonCounts(c: Counts, activeWeights?: Count): JsonCounts {
  if (activeWeights === undefined) return { units: c.units, weights: c.weights, biases: c.biases, connections: c.connections };
  return { units: c.units, weights: c.weights, activeWeights, biases: c.biases, connections: c.connections };
}

/** The subtotals present in the report (contract §2: a kind appears only when a layer of it exists). */
export function jsonSubtotals(report: Report): JsonReport["subtotals"] {
  const subtotals: JsonReport["subtotals"] = {};
  for (const kind of KINDS) {
    const s = report.subtotals[kind];
    if (s) subtotals[kind] = jsonCounts(s, report.active === undefined ? undefined : (report.active.subtotals[kind] ?? 0));
  }
  return subtotals;
}

export function toJsonReport(report: Report, structure: readonly StructureNode[] = []): JsonReport {
  const tree = jsonTree(report, structure);
  return {
    name: report.name,
    input: jsonShape(report.input),
    bias: report.bias,
    layers: report.layers.map((row, i) => jsonLayer(row, report.input, report.active?.layers[i])),
    subtotals: jsonSubtotals(report),
    totals: jsonCounts(report.totals, report.active?.totals),
    ...(tree.length === 0 ? {} : { tree }),
  };
}

/** One layer of the JSON report. */
function jsonLayer(row: LayerReport, networkInput: Shape, activeWeights?: Count): JsonLayer {
  // the counts written out, not spread from jsonCounts: a fresh object per row spread again
  if (activeWeights !== undefined) {
    return {
      name: row.name,
      type: row.type,
      input: jsonShape(row.inputs[0] ?? networkInput),
      output: jsonShape(row.output),
      units: row.units,
      weights: row.weights,
      activeWeights,
      biases: row.biases,
      connections: row.connections,
    };
  }
  return {
    name: row.name,
    type: row.type,
    input: jsonShape(row.inputs[0] ?? networkInput),
    output: jsonShape(row.output),
    units: row.units,
    weights: row.weights,
    biases: row.biases,
    connections: row.connections,
  };
}

/**
 * The report as JSON (contract §2): a field per line, and each layer and each subtotal on a line
 * of its own, so that grep and diff take a layer at a time, at half the size of
 * JSON.stringify's two-space layout, which gave every shape's sizes three lines of their own.
 */
export function renderJson(report: Report, structure: readonly StructureNode[] = []): string {
  return [...jsonReportChunks(report, structure)].join("");
}

/**
 * Layers written per chunk of `jsonReportChunks`: a chunk's text stays below the size at which
 * the C library maps fresh memory for each encoded chunk (128 kB).
 */
const LAYERS_PER_CHUNK = 250;

/**
 * renderJson's text in pieces, the layers 250 at a time, for a caller that writes each piece as
 * it comes, rather than holding a large network's whole text two or three times over while it
 * is built and encoded.
 */
export function* jsonReportChunks(report: Report, structure: readonly StructureNode[] = [], additions: JsonAdditions = {}): Generator<string> {
  for (const chunk of rawJsonReportChunks(report, structure, additions)) yield jsonSafe(chunk);
}

function* rawJsonReportChunks(report: Report, structure: readonly StructureNode[], additions: JsonAdditions): Generator<string> {
  const subtotals = Object.entries(jsonSubtotals(report)).map(([kind, counts]) => `${JSON.stringify(kind)}: ${exactJson(counts)}`);
  yield `{\n  "name": ${JSON.stringify(report.name)},\n  "input": ${JSON.stringify(jsonShape(report.input))},\n  "bias": ${report.bias},\n  "layers": [\n    `;
  for (let first = 0; first < report.layers.length; first += LAYERS_PER_CHUNK) {
    const rows = report.layers.slice(first, first + LAYERS_PER_CHUNK);
    yield `${first === 0 ? "" : ",\n    "}${layerLines(rows, report.input, report.active?.layers.slice(first, first + LAYERS_PER_CHUNK))}`;
  }
  const tree = jsonTree(report, structure, additions.treeWhatIf);
  yield [
    "\n  ],",
    subtotals.length === 0 ? `  "subtotals": {},` : `  "subtotals": {\n    ${subtotals.join(",\n    ")}\n  },`,
    // the totals, the tree (a top-level group per line), then what the run adds (memory, FLOPs, pruning)
    [
      `  "totals": ${totalsText(report, additions)}`,
      ...(tree.length === 0 ? [] : [`  "tree": [\n    ${tree.map((group) => exactJson(group)).join(",\n    ")}\n  ]`]),
      ...(additions.fields ?? []).map(([name, text]) => `  ${JSON.stringify(name)}: ${text}`),
    ].join(",\n"),
    "}\n",
  ].join("\n");
}

/**
 * What a run adds to the report (`--dtype`, `--batch` and the other what-if options): FLOPs in
 * the totals, and fields after them, each already JSON text (exact integers beyond 2^53 included).
 */
export interface JsonAdditions {
  /** `totals.flops`: 2 × connections, exact. */
  readonly totalsFlops?: bigint;
  readonly fields?: readonly (readonly [name: string, json: string])[];
  /** The run's precision: each group of the tree then carries its FLOPs and weight bytes. */
  readonly treeWhatIf?: RowWhatIf;
}

function totalsText(report: Report, additions: JsonAdditions): string {
  const counts = exactJson(jsonCounts(report.totals, report.active?.totals));
  return additions.totalsFlops === undefined ? counts : `${counts.slice(0, -1)},"flops":${additions.totalsFlops}}`;
}

/**
 * Layers, one per line: one JSON.stringify of them all, broken after each layer. Each layer
 * object starts with its name, so `},{"name":` is where one layer ends and the next begins, and
 * nowhere else: inside a JSON string a quote is always escaped (`\"`), and a layer holds no list
 * in which `},{` could appear. One call rather than one per layer, joined, which costs more.
 */
function layerLines(rows: readonly LayerReport[], networkInput: Shape, active?: readonly Count[]): string {
  const layers = rows.map((row, i) => jsonLayer(row, networkInput, active?.[i]));
  // a layer with a count past 2^53 − 1 (a bigint) is written a layer at a time, by exactJson
  if (layers.some(holdsBigCount)) return layers.map((layer) => exactJson(layer)).join(",\n    ");
  const text = JSON.stringify(layers);
  return text.slice(1, -1).replaceAll('},{"name":', '},\n    {"name":');
}
