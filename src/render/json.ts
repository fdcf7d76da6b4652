// The JSON report (contract §2). Its types are its own, separate from the core's, so that a
// refactor inside cannot silently change what scripts read.

import { type Counts, type Report, type Shape, KINDS } from "../core/index.js";

export type JsonShape = { width: number; height: number; channels: number } | { features: number };

export interface JsonCounts {
  units: number;
  weights: number;
  biases: number;
  connections: number;
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
  subtotals: { conv?: JsonCounts; dense?: JsonCounts; other?: JsonCounts };
  totals: JsonCounts;
}

export function jsonShape(shape: Shape): JsonShape {
  return shape.kind === "image" ? { width: shape.width, height: shape.height, channels: shape.channels } : { features: shape.features };
}

export function jsonCounts(c: Counts): JsonCounts {
  return { units: c.units, weights: c.weights, biases: c.biases, connections: c.connections };
}

/** The subtotals present in the report (contract §2: a kind appears only when a layer of it exists). */
export function jsonSubtotals(report: Report): JsonReport["subtotals"] {
  const subtotals: JsonReport["subtotals"] = {};
  for (const kind of KINDS) {
    const s = report.subtotals[kind];
    if (s) subtotals[kind] = jsonCounts(s);
  }
  return subtotals;
}

export function toJsonReport(report: Report): JsonReport {
  return {
    name: report.name,
    input: jsonShape(report.input),
    bias: report.bias,
    layers: report.layers.map((row) => {
      // the counts written out, not spread from jsonCounts: a fresh object per row spread again
      return {
        name: row.name,
        type: row.type,
        input: jsonShape(row.inputs[0] ?? report.input),
        output: jsonShape(row.output),
        units: row.units,
        weights: row.weights,
        biases: row.biases,
        connections: row.connections,
      };
    }),
    subtotals: jsonSubtotals(report),
    totals: jsonCounts(report.totals),
  };
}

export function renderJson(report: Report): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}
