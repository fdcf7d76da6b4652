// `alexcount compare`: several reports side by side — each one's totals, how its weights and
// connections split by kind, and its totals as multiples of the first one's. Pure: reports in,
// string out.

import { type Counts, type Report } from "../core/analyze.js";
import { type Kind, CONTRACT_KINDS, KINDS } from "../core/network.js";
import type { StructureNode } from "../core/structure.js";
import { depthRows } from "./depth-rows.js";
import { csvField } from "./csv.js";
import { formatCount } from "./format.js";
import { formatShape } from "../core/shape-text.js";
import { type JsonCounts, type JsonReport, type JsonShape, jsonCounts, jsonSafe, jsonShape, jsonSubtotals } from "./json.js";
import { markdownTable, markdownText } from "./markdown.js";
import { visibleText } from "../core/visible-text.js";
import { exactJson } from "./exact-json.js";
import { type RenderOptions, palette } from "./style.js";
import { renderRowsTable } from "./table.js";

/** One compared spec: the argument that named it (path, bundled name or `-`) and its report. */
export interface ComparedReport {
  readonly spec: string;
  readonly report: Report;
  /** The groups above its layers (block uses, name prefixes), for a comparison by part. */
  readonly structure?: readonly StructureNode[];
}

/** A part of a spec at the depth compared: a top-level layer or group, or one below it. */
export interface JsonComparedPart {
  name: string;
  /** 0 at the top level. */
  level: number;
  totals: JsonCounts;
  /** This part's total divided by the first spec's part of the same name; null when it has none or it is 0. */
  ratios: Record<(typeof RATIO_METRICS)[number], number | null>;
}

/** The metrics a comparison splits by kind and sets against the first spec. */
const SHARED_METRICS = ["weights", "connections"] as const satisfies readonly (keyof Counts)[];
const RATIO_METRICS = ["units", "weights", "connections"] as const satisfies readonly (keyof Counts)[];

/** Each kind's fraction of a total, from 0 to 1 (0 for a kind the spec does not have). */
export type JsonKindShares = Record<(typeof CONTRACT_KINDS)[number], number> & Partial<Record<Kind, number>>;

export interface JsonComparedSpec {
  /** The argument as given: a path, a bundled name, or `-`. */
  spec: string;
  name: string;
  input: JsonShape;
  bias: boolean;
  subtotals: JsonReport["subtotals"];
  totals: JsonCounts;
  /** Each kind's part of this spec's total; null when that total is 0. */
  shares: Record<(typeof SHARED_METRICS)[number], JsonKindShares | null>;
  /** This spec's total divided by the first spec's (1 for the first); null when the first's is 0. */
  ratios: Record<(typeof RATIO_METRICS)[number], number | null>;
  /** With a depth: the spec's parts at that depth, each set against the first spec's part of the same name. */
  parts?: JsonComparedPart[];
}

/** The JSON form of `alexcount compare`: its own type, like the report's (src/render/json.ts). */
export interface JsonComparison {
  /** The spec the ratios are against: the first one. */
  base: string;
  specs: JsonComparedSpec[];
}

function shares(report: Report, metric: (typeof SHARED_METRICS)[number]): JsonKindShares | null {
  const total = report.totals[metric];
  if (total === 0) return null;
  const share = (kind: Kind) => Number(report.subtotals[kind]?.[metric] ?? 0) / Number(total);
  const shares: JsonKindShares = { conv: share("conv"), dense: share("dense"), other: share("other") };
  // the groups of sequence models, when the spec has them
  for (const kind of KINDS) if (!(kind in shares) && report.subtotals[kind] !== undefined) shares[kind] = share(kind);
  return shares;
}

/** A spec's rows at a depth, by name: every part shown there, groups and layers that cost something. */
function partsAt(entry: ComparedReport, depth: number): { name: string; level: number; counts: Counts }[] {
  const structure = entry.structure ?? entry.report.layers.map((_, index) => ({ kind: "layer" as const, index }));
  return depthRows(entry.report, structure, depth, false).map((row) => ({ name: row.label, level: row.level, counts: row }));
}

export function toJsonComparison(compared: readonly ComparedReport[], depth?: number): JsonComparison {
  const [first] = compared;
  if (first === undefined) throw new Error("compare needs at least one report");
  const base = first.report.totals;
  const baseParts = depth === undefined ? undefined : new Map(partsAt(first, depth).map((part) => [part.name, part.counts]));
  return {
    base: first.spec,
    specs: compared.map(({ spec, report, ...rest }) => {
      const ratio = (metric: (typeof RATIO_METRICS)[number]) => (base[metric] === 0 ? null : Number(report.totals[metric]) / Number(base[metric]));
      return {
        spec,
        name: report.name,
        input: jsonShape(report.input),
        bias: report.bias,
        subtotals: jsonSubtotals(report),
        totals: jsonCounts(report.totals),
        shares: { weights: shares(report, "weights"), connections: shares(report, "connections") },
        ratios: { units: ratio("units"), weights: ratio("weights"), connections: ratio("connections") },
        ...(depth === undefined || baseParts === undefined
          ? {}
          : {
              parts: partsAt({ spec, report, ...rest }, depth).map((part) => {
                const against = baseParts.get(part.name);
                const partRatio = (metric: (typeof RATIO_METRICS)[number]) =>
                  against === undefined || against[metric] === 0 ? null : Number(part.counts[metric]) / Number(against[metric]);
                return {
                  name: part.name,
                  level: part.level,
                  totals: jsonCounts(part.counts),
                  ratios: { units: partRatio("units"), weights: partRatio("weights"), connections: partRatio("connections") },
                };
              }),
            }),
      };
    }),
  };
}

export function renderCompareJson(compared: readonly ComparedReport[], depth?: number): string {
  return `${jsonSafe(exactJson(toJsonComparison(compared, depth), 2))}\n`;
}

const NOT_DEFINED = "—";

/** 2.2698… → "2.27×", 21.356… → "21.4×", 1,234.5 → "1,235×": three significant digits, whole numbers from 100 on. */
export function formatRatio(ratio: number | null): string {
  if (ratio === null) return NOT_DEFINED;
  if (ratio === 0) return "0×";
  return `${ratio >= 100 ? formatCount(Math.round(ratio)) : ratio.toPrecision(3)}×`;
}

/**
 * 0.0383 → "3.8%". A share that is not 0 never prints as "0.0%", and one that is not all of
 * the total never prints as "100.0%": those read as exact.
 */
export function formatShare(share: number | null): string {
  if (share === null) return NOT_DEFINED;
  if (share === 0) return "0%";
  if (share === 1) return "100%";
  const percent = share * 100;
  if (percent < 0.05) return "<0.1%";
  if (percent >= 99.95) return ">99.9%";
  return `${percent.toFixed(1)}%`;
}

const METRIC_LABELS = { units: "Units", weights: "Weights", connections: "Connections" } as const;

/**
 * The rows every tabular form shows, one column per spec, and the rows that start a new group;
 * `shown` makes a spec's own text (its argument, its name, its parts' names) safe for the format.
 */
function comparisonRows(
  compared: readonly ComparedReport[],
  shown: (text: string) => string,
  depth?: number,
): { head: string[]; body: string[][]; groupStarts: Set<number> } {
  const { specs } = toJsonComparison(compared, depth);
  const baseName = shown(compared[0]?.report.name ?? "");
  // a kind gets share rows when some compared spec has layers of it (conv and dense, nearly always)
  const kinds = KINDS.filter((kind) => specs.some((s) => s.subtotals[kind] !== undefined));
  const groups: string[][][] = [
    [
      ["Spec", ...specs.map((s) => shown(s.spec))],
      ["Input", ...compared.map((c) => formatShape(c.report.input))],
      ["Biases", ...specs.map((s) => (s.bias ? "on" : "off"))],
    ],
    RATIO_METRICS.map((metric) => [METRIC_LABELS[metric], ...specs.map((s) => formatCount(s.totals[metric]))]),
    SHARED_METRICS.flatMap((metric) =>
      kinds.map((kind) => [`${METRIC_LABELS[metric]}: ${kind}`, ...specs.map((s) => formatShare(s.shares[metric]?.[kind] ?? null))]),
    ),
    RATIO_METRICS.map((metric) => [`${METRIC_LABELS[metric]} ÷ ${baseName}`, ...specs.map((s) => formatRatio(s.ratios[metric]))]),
    // by part: each part's weights and connections, and (after the first spec) its multiple of the first's part
    ...(depth === undefined ? [] : SHARED_METRICS.map((metric) => partRows(specs, metric, shown))),
  ];
  const body: string[][] = [];
  const groupStarts = new Set<number>();
  for (const group of groups) {
    if (body.length > 0) groupStarts.add(body.length);
    body.push(...group);
  }
  return { head: ["", ...specs.map((s) => shown(s.name))], body, groupStarts };
}

/** One row per part name met in any spec, in the order first met: its figure in each spec, and its ratio to the first's. */
function partRows(specs: readonly JsonComparedSpec[], metric: (typeof SHARED_METRICS)[number], shown: (text: string) => string): string[][] {
  const names: { name: string; level: number }[] = [];
  const seen = new Set<string>();
  for (const s of specs) {
    for (const part of s.parts ?? []) {
      if (seen.has(part.name)) continue;
      seen.add(part.name);
      names.push({ name: part.name, level: part.level });
    }
  }
  return names.map(({ name, level }) => [
    `${"\u00a0\u00a0".repeat(level)}${shown(name)}: ${metric}`,
    ...specs.map((s, i) => {
      const part = s.parts?.find((p) => p.name === name);
      if (part === undefined) return NOT_DEFINED;
      const figure = formatCount(part.totals[metric]);
      return i === 0 ? figure : `${figure} (${formatRatio(part.ratios[metric])})`;
    }),
  ]);
}

/** "AlexNet vs VGG-16" */
function comparisonTitle(compared: readonly ComparedReport[], shown: (text: string) => string): string {
  return compared.map((c) => shown(c.report.name)).join(" vs ");
}

const NOTE = "shares: each kind's part of the spec's own total · ÷: each total divided by the first spec's";

export function renderCompareTable(compared: readonly ComparedReport[], options: RenderOptions = {}): string {
  const c = palette(options);
  const { head, body, groupStarts } = comparisonRows(compared, visibleText, options.depth);
  const table = renderRowsTable(
    head,
    body,
    groupStarts,
    (col) => col >= 1,
    options,
    (_, text) => text,
  );
  return `${c.bold(comparisonTitle(compared, visibleText))}\n${table}\n${c.dim(NOTE)}\n`;
}

export function renderCompareMarkdown(compared: readonly ComparedReport[], depth?: number): string {
  const { head, body } = comparisonRows(compared, markdownText, depth);
  return `### ${comparisonTitle(compared, markdownText)}\n\n${markdownTable(head, body, 1)}\n\n${NOTE}\n`;
}

/** One row per spec, exact counts and unrounded shares and ratios, for spreadsheets. */
export function renderCompareCsv(compared: readonly ComparedReport[]): string {
  // share columns: conv, dense and other always (contract §1), the other groups when a spec has them
  const csvKinds = KINDS.filter((kind) => (CONTRACT_KINDS as readonly Kind[]).includes(kind) || compared.some((c) => c.report.subtotals[kind] !== undefined));
  const head = [
    "spec",
    "name",
    "bias",
    "units",
    "weights",
    "biases",
    "connections",
    ...SHARED_METRICS.flatMap((metric) => csvKinds.map((kind) => `${metric}_${kind}_share`)),
    ...RATIO_METRICS.map((metric) => `${metric}_ratio`),
  ];
  const lines = toJsonComparison(compared).specs.map((s) =>
    [
      s.spec,
      s.name,
      String(s.bias),
      s.totals.units,
      s.totals.weights,
      s.totals.biases,
      s.totals.connections,
      ...SHARED_METRICS.flatMap((metric) => csvKinds.map((kind) => s.shares[metric]?.[kind] ?? (s.shares[metric] ? 0 : ""))),
      ...RATIO_METRICS.map((metric) => s.ratios[metric] ?? ""),
    ]
      .map(csvField)
      .join(","),
  );
  return `${[head.join(","), ...lines].join("\r\n")}\r\n`;
}
