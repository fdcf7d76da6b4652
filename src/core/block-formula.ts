// A block use's figures in its parameters: each layer's cost formula (the same factors its
// figures were evaluated from) with every factor traced to where its value comes from — a
// parameter of the block (`filters: $width`), the block's input channels C (or features F),
// the channels a layer of the block produced (a 3×3 conv after a 1×1 conv to width sees
// width channels), a size shared by the whole block (H′, W′, T), or a number — then summed
// and like terms collected: a bottleneck's weights are 9·width² + C·width + width·out + ….

import { type LayerReport, type Report, formulasOf } from "./analyze.js";
import type { Factor, Formula } from "./exact.js";
import type { Shape } from "./network.js";

/** A product of variables (name → power) and a whole coefficient. */
export interface SymbolicTerm {
  readonly coefficient: bigint;
  /** Variables in the order they are written, each with its power. */
  readonly powers: readonly (readonly [string, number])[];
}

export interface BlockWorking {
  /** Each figure as a sum of terms, highest degree first. */
  readonly units: readonly SymbolicTerm[];
  readonly weights: readonly SymbolicTerm[];
  readonly biases: readonly SymbolicTerm[];
  readonly connections: readonly SymbolicTerm[];
  /** The value of each variable used, in the order they are written. */
  readonly values: readonly (readonly [string, number])[];
}

/** The fields a layer's factor can be set by (docs/spec-format.md names them), by the factor's symbol. */
const FIELDS_OF: Readonly<Record<string, readonly string[]>> = {
  M: ["filters", "units"],
  Kh: ["kernel"],
  Kw: ["kernel"],
  V: ["vocab"],
  F: ["features"],
  h: ["heads", "hidden"],
  kv: ["kv_heads"],
  d: ["head_dim"],
  n: ["tokens"],
  L: ["layers"],
};
/** Factors that are a layer's input channels or features. */
const INPUT_SYMBOLS = new Set(["C", "F", "I", "Fk"]);
/** Sizes: a variable when the whole block has one value for them, else a number. */
const SIZE_SYMBOLS = ["H′", "W′", "H", "W", "T", "S", "K"];

type Poly = Map<string, { coefficient: bigint; powers: Map<string, number> }>;

const keyOf = (powers: ReadonlyMap<string, number>) =>
  [...powers]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([v, p]) => `${v}^${p}`)
    .join("·");

function constant(value: number | bigint): Poly {
  return new Map([["", { coefficient: BigInt(value), powers: new Map() }]]);
}

function variable(name: string): Poly {
  return new Map([[`${name}^1`, { coefficient: 1n, powers: new Map([[name, 1]]) }]]);
}

function add(a: Poly, b: Poly): Poly {
  const out: Poly = new Map();
  for (const [key, term] of a) out.set(key, { coefficient: term.coefficient, powers: term.powers });
  for (const [key, term] of b) {
    const known = out.get(key);
    out.set(key, { coefficient: (known?.coefficient ?? 0n) + term.coefficient, powers: term.powers });
  }
  return out;
}

function multiply(a: Poly, b: Poly): Poly {
  let out: Poly = new Map();
  for (const x of a.values()) {
    for (const y of b.values()) {
      const powers = new Map(x.powers);
      for (const [v, p] of y.powers) powers.set(v, (powers.get(v) ?? 0) + p);
      out = add(out, new Map([[keyOf(powers), { coefficient: x.coefficient * y.coefficient, powers }]]));
    }
  }
  return out;
}

function evaluatePoly(poly: Poly, values: ReadonlyMap<string, number>): bigint {
  let total = 0n;
  for (const term of poly.values()) {
    let value = term.coefficient;
    for (const [v, p] of term.powers) value *= BigInt(values.get(v) ?? 0) ** BigInt(p);
    total += value;
  }
  return total;
}

/** A shape's channels (image) or features (vector, sequence); undefined for token ids. */
function channelsOf(shape: Shape | undefined): number | undefined {
  if (shape === undefined) return undefined;
  if (shape.kind === "image") return shape.channels;
  return shape.kind === "tokens" ? undefined : shape.features;
}

/**
 * The working of the layers `first` to `last` (one block use) in the block's parameters.
 * `fields[k]`: the fields of layer first + k that parameters set (field → parameter);
 * `params`: the parameters' values. Undefined when the traced formulas, evaluated, do not give
 * the layers' figures — never a working that disagrees with the figures.
 */
export function blockWorking(
  report: Report,
  first: number,
  last: number,
  fields: readonly (Readonly<Record<string, string>> | undefined)[],
  params: Readonly<Record<string, unknown>>,
): BlockWorking | undefined {
  const rows = report.layers.slice(first, last + 1);
  const costs = rows.map((row) => formulasOf(report, row));
  const index = new Map(rows.map((row) => [row.name, row.index]));
  const values = new Map<string, number>();

  // sizes that are one value throughout the block
  const sizes = new Map<string, Set<number>>();
  for (const cost of costs)
    for (const formula of [cost.units, cost.weights, cost.biases, cost.connections])
      for (const term of formula.terms)
        for (const f of term) if (SIZE_SYMBOLS.includes(f.symbol)) sizes.set(f.symbol, (sizes.get(f.symbol) ?? new Set()).add(f.value));

  // the block's input: the channels of what its first layer reads from outside it
  const external = rows.flatMap((row) => row.layer.inputs.flatMap((name, j) => (index.has(name) ? [] : [row.inputs[j]]))).at(0);
  const inputName = external?.kind === "image" ? "C" : "F";
  const inputValue = channelsOf(external);
  const paramNames = Object.keys(params).filter((name) => name !== inputName && !SIZE_SYMBOLS.includes(name));

  const outputs = new Map<number, Poly>();
  const inputPoly = (row: LayerReport, j: number): Poly | undefined => {
    const source = index.get(row.layer.inputs[j] ?? "");
    const channels = channelsOf(row.inputs[j]);
    if (channels === undefined) return undefined;
    if (source !== undefined) return outputs.get(source) ?? constant(channels);
    if (channels !== inputValue) return constant(channels);
    values.set(inputName, channels);
    return variable(inputName);
  };

  const total = { units: new Map() as Poly, weights: new Map() as Poly, biases: new Map() as Poly, connections: new Map() as Poly };
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    const refs = fields[k] ?? {};
    const fromParams: { value: number; poly: Poly }[] = [];
    const trace = (f: Factor): Poly => {
      for (const field of FIELDS_OF[f.symbol] ?? []) {
        const param = refs[field];
        if (param !== undefined && paramNames.includes(param) && params[param] === f.value) {
          values.set(param, f.value);
          const poly = variable(param);
          fromParams.push({ value: f.value, poly });
          return poly;
        }
      }
      if (INPUT_SYMBOLS.has(f.symbol)) {
        const j = row.inputs.findIndex((shape) => channelsOf(shape) === f.value);
        const poly = j < 0 ? undefined : inputPoly(row, j);
        if (poly !== undefined) return poly;
      }
      if (sizes.get(f.symbol)?.size === 1) {
        values.set(f.symbol, f.value);
        return variable(f.symbol);
      }
      return constant(f.value);
    };
    const traced = (formula: Formula): Poly => {
      let sum: Poly = new Map();
      for (const term of formula.terms)
        sum = add(
          sum,
          term.reduce<Poly>((p, f) => multiply(p, trace(f)), constant(1)),
        );
      return sum;
    };
    const cost = costs[k]!;
    total.units = add(total.units, traced(cost.units));
    total.weights = add(total.weights, traced(cost.weights));
    total.biases = add(total.biases, traced(cost.biases));
    total.connections = add(total.connections, traced(cost.connections));

    // what the layer produces: a parameter's channels, its input's, or the sum of its inputs' (concat)
    const channels = channelsOf(row.output);
    if (channels === undefined) continue;
    const own = fromParams.find((p) => p.value === channels)?.poly;
    const same = row.inputs.length > 0 && channelsOf(row.inputs[0]) === channels ? inputPoly(row, 0) : undefined;
    const joined =
      row.inputs.length > 1 && row.inputs.reduce((n, shape) => n + (channelsOf(shape) ?? Number.NaN), 0) === channels
        ? row.inputs.reduce<Poly | undefined>((p, _, j) => {
            const next = inputPoly(row, j);
            return p === undefined || next === undefined ? undefined : add(p, next);
          }, new Map())
        : undefined;
    outputs.set(row.index, own ?? same ?? joined ?? constant(channels));
  }

  // the working must give the figures: checked here, so no renderer can show one that does not
  for (const metric of ["units", "weights", "biases", "connections"] as const) {
    let figure = 0n;
    for (const row of rows) figure += BigInt(row[metric]);
    if (evaluatePoly(total[metric], values) !== figure) return undefined;
  }
  const order = [...SIZE_SYMBOLS, inputName, ...paramNames];
  const rank = (v: string) => order.indexOf(v);
  const terms = (poly: Poly): SymbolicTerm[] =>
    [...poly.values()]
      .filter((t) => t.coefficient !== 0n)
      .map((t) => ({ coefficient: t.coefficient, powers: [...t.powers].sort(([a], [b]) => rank(a) - rank(b)) }))
      .sort((a, b) => degree(b) - degree(a));
  const used = [...values].filter(([v]) => order.includes(v)).sort(([a], [b]) => rank(a) - rank(b));
  return { units: terms(total.units), weights: terms(total.weights), biases: terms(total.biases), connections: terms(total.connections), values: used };
}

function degree(term: SymbolicTerm): number {
  return term.powers.reduce((n, [, p]) => n + p, 0);
}
