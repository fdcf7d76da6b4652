// `--sweep … --chart --format svg`: the curves of a sweep as a self-contained SVG image, two
// panels side by side: the FLOPs of a forward pass, and the memory (weights, peak activations,
// training), each against the swept value, on linear axes from 0.

import { formatPrecision } from "../core/dtypes.js";
import { formatScaled } from "./format.js";
import { formatBinary } from "./memory-block.js";
import { type SweepRow, sweepTitle } from "./sweep.js";
import { xmlEscape } from "./xml.js";

const FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace";
const PANEL_WIDTH = 360;
const PANEL_HEIGHT = 220;
const LEFT = 80;
const GAP = 110;
const TOP = 70;
const BOTTOM = 90;

interface Series {
  readonly label: string;
  readonly colour: string;
  readonly values: readonly bigint[];
}

interface Panel {
  readonly title: string;
  readonly series: readonly Series[];
  readonly format: (value: bigint) => string;
}

function text(x: number, y: number, content: string, attrs = ""): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attrs ? ` ${attrs}` : ""}>${xmlEscape(content)}</text>`;
}

/** Where each value sits along the x axis, from 0 to 1: by value when all are numbers, else evenly. */
function xPositions(rows: readonly SweepRow[]): number[] {
  const numbers = rows.map((r) => r.value);
  if (rows.length === 1) return [0.5];
  if (numbers.every((v): v is number => typeof v === "number")) {
    const min = Math.min(...numbers);
    const max = Math.max(...numbers);
    if (max > min) return numbers.map((v) => (v - min) / (max - min));
  }
  return rows.map((_, i) => i / (rows.length - 1));
}

function drawPanel(panel: Panel, x0: number, xs: readonly number[], rows: readonly SweepRow[], axis: string): string[] {
  const out: string[] = [];
  const max = panel.series.reduce((m, s) => s.values.reduce((a, v) => (v > a ? v : a), m), 0n);
  // heights as fractions of the largest value: the one place a double enters, for drawing only
  const y = (v: bigint) => TOP + PANEL_HEIGHT - (max === 0n ? 0 : Number((v * 10_000n) / max) / 10_000) * PANEL_HEIGHT;
  const x = (f: number) => x0 + f * PANEL_WIDTH;
  out.push(text(x0, TOP - 30, panel.title, `font-weight="bold" font-size="13"`));
  out.push(`<line x1="${x0}" y1="${TOP + PANEL_HEIGHT}" x2="${x0 + PANEL_WIDTH}" y2="${TOP + PANEL_HEIGHT}" stroke="#999"/>`);
  out.push(`<line x1="${x0}" y1="${TOP}" x2="${x0}" y2="${TOP + PANEL_HEIGHT}" stroke="#999"/>`);
  for (const tick of [0n, max / 2n, max]) {
    out.push(`<line x1="${x0 - 4}" y1="${y(tick).toFixed(1)}" x2="${x0 + PANEL_WIDTH}" y2="${y(tick).toFixed(1)}" stroke="#eee"/>`);
    out.push(text(x0 - 6, y(tick) + 4, panel.format(tick), `text-anchor="end" font-size="10" fill="#666"`));
  }
  rows.forEach((row, i) => {
    out.push(text(x(xs[i]!), TOP + PANEL_HEIGHT + 16, String(row.value), `text-anchor="middle" font-size="10" fill="#666"`));
  });
  out.push(text(x0 + PANEL_WIDTH / 2, TOP + PANEL_HEIGHT + 34, axis, `text-anchor="middle" font-size="11"`));
  panel.series.forEach((series, k) => {
    const points = series.values.map((v, i) => `${x(xs[i]!).toFixed(1)},${y(v).toFixed(1)}`);
    out.push(`<polyline points="${points.join(" ")}" fill="none" stroke="${series.colour}" stroke-width="2"/>`);
    series.values.forEach((v, i) => {
      out.push(
        `<circle cx="${x(xs[i]!).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${series.colour}"><title>${xmlEscape(`${series.label}: ${panel.format(v)} at ${axis} ${rows[i]!.value}`)}</title></circle>`,
      );
    });
    const ly = TOP + PANEL_HEIGHT + 52 + k * 16;
    out.push(`<rect x="${x0}" y="${ly - 9}" width="14" height="3" fill="${series.colour}"/>`);
    out.push(text(x0 + 20, ly, series.label, `font-size="11"`));
  });
  return out;
}

/** Okabe & Ito's colour-blind-safe palette, as the layer chart uses. */
const COLOURS = { blue: "#0072B2", orange: "#E69F00", green: "#009E73", vermillion: "#D55E00", sky: "#56B4E9" } as const;

export function renderSweepSvg(axis: string, rows: readonly SweepRow[]): string {
  const xs = xPositions(rows);
  const first = rows[0];
  const panels: Panel[] = [
    {
      title: "FLOPs of a forward pass (2 × connections × batch)",
      series: [{ label: "forward FLOPs", colour: COLOURS.blue, values: rows.map((r) => r.costs.flops.forward) }],
      format: (v) => formatScaled(Number(v)),
    },
    {
      title: "Memory (binary units)",
      series: [
        {
          label: `weights (${first ? first.costs.memory.options.weights.dtype : ""})`,
          colour: COLOURS.orange,
          values: rows.map((r) => r.costs.memory.weights),
        },
        { label: "activations, peak", colour: COLOURS.green, values: rows.map((r) => r.costs.memory.activations.peak) },
        // a network with attention layers: its KV cache, which grows with the context
        ...(rows.some((r) => r.costs.memory.kv.layers.length > 0)
          ? [{ label: `KV cache (${formatPrecision(first!.costs.memory.kv.precision)})`, colour: COLOURS.sky, values: rows.map((r) => r.costs.memory.kvCache) }]
          : []),
        {
          label: `training, ${first ? first.costs.memory.training.convention.title : ""}`,
          colour: COLOURS.vermillion,
          values: rows.map((r) => r.costs.memory.training.total),
        },
      ],
      format: formatBinary,
    },
  ];
  const width = LEFT + 2 * PANEL_WIDTH + GAP + 40;
  const height = TOP + PANEL_HEIGHT + BOTTOM + 20;
  const title = sweepTitle(axis, rows);
  const body = [text(16, 24, title, `font-weight="bold" font-size="14"`)];
  panels.forEach((panel, i) => body.push(...drawPanel(panel, LEFT + i * (PANEL_WIDTH + GAP), xs, rows, axis)));
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="12" fill="#222">`,
    `<title>${xmlEscape(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...body,
    `</svg>`,
    "",
  ].join("\n");
}
