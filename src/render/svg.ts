// `alexcount SPEC --chart --format svg`: the terminal chart as a self-contained SVG image (no
// scripts, no external fonts or styles), for notes, slides and READMEs.

import { type Kind, KINDS } from "../core/network.js";
import type { Report } from "../core/analyze.js";
import { CHART_METRICS, type ChartRow, type ChartRowOptions, chartData, formatShare } from "./chart.js";
import { xmlEscape } from "./xml.js";

/** Colours that stay apart for the common forms of colour blindness (Okabe & Ito's palette). */
// Okabe–Ito's colour-blind-safe palette
const KIND_COLOURS: Record<Kind, string> = {
  conv: "#0072B2",
  dense: "#E69F00",
  attention: "#CC79A7",
  recurrent: "#56B4E9",
  embedding: "#D55E00",
  norm: "#999999",
  other: "#009E73",
};

const FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace";
const FONT_SIZE = 12;
/** Advance of one character of a monospace font at FONT_SIZE, in px (0.6 em). */
const CHAR = 7.2;
const ROW = 20;
const BAR_HEIGHT = 12;
const MARGIN = 16;
const BAR_WIDTH = 180;
const PERCENT = 60;
const PANEL_GAP = 20;
const MAX_LABEL_CHARS = 28;

function text(x: number, y: number, content: string, attrs = ""): string {
  return `<text x="${x}" y="${y}"${attrs ? ` ${attrs}` : ""}>${xmlEscape(content)}</text>`;
}

function truncate(label: string): string {
  const chars = [...label];
  return chars.length <= MAX_LABEL_CHARS ? label : `${chars.slice(0, MAX_LABEL_CHARS - 1).join("")}…`;
}

export function renderSvgChart(report: Report, options: ChartRowOptions = {}): string {
  const data = chartData(report, options);
  const layers = data.rows.filter((r) => r.role === "layer");
  const typeChars = Math.max(4, ...layers.map((r) => r.type.length));
  const nameChars = Math.max(5, ...data.rows.map((r) => [...truncate(r.label)].length - (r.role === "subtotal" ? typeChars + 1 : 0)));
  const typeX = MARGIN + (nameChars + 1) * CHAR;
  const panelsX = typeX + (typeChars + 2) * CHAR;
  const panelWidth = BAR_WIDTH + PERCENT;
  const width = Math.ceil(panelsX + 3 * panelWidth + 2 * PANEL_GAP + MARGIN);

  const body: string[] = [];
  let y = MARGIN + 14;
  body.push(text(MARGIN, y, data.title, `font-weight="bold" font-size="14"`));
  y += 28;
  CHART_METRICS.forEach((m, i) => body.push(text(panelsX + i * (panelWidth + PANEL_GAP), y, m.title, `font-weight="bold"`)));
  y += 10;

  const drawRow = (row: ChartRow) => {
    const baseline = y + BAR_HEIGHT - 2;
    const full = row.label === truncate(row.label) ? "" : `<title>${xmlEscape(row.label)}</title>`;
    if (row.role === "layer") {
      body.push(`<text x="${MARGIN}" y="${baseline}">${full}${xmlEscape(truncate(row.label))}</text>`);
      body.push(text(typeX, baseline, row.type, `fill="#666"`));
    } else {
      body.push(text(MARGIN, baseline, row.label, `font-weight="bold"`));
    }
    CHART_METRICS.forEach(({ metric }, i) => {
      const x = panelsX + i * (panelWidth + PANEL_GAP);
      const { share } = row.values[metric];
      // the track shows where 100% would end, so short bars read as small shares
      body.push(`<rect x="${x}" y="${y}" width="${BAR_WIDTH}" height="${BAR_HEIGHT}" fill="#eeeeee"/>`);
      if (share > 0)
        body.push(`<rect x="${x}" y="${y}" width="${Math.max(0.5, share * BAR_WIDTH).toFixed(2)}" height="${BAR_HEIGHT}" fill="${KIND_COLOURS[row.kind]}"/>`);
      body.push(text(x + panelWidth - 4, baseline, formatShare(share), `text-anchor="end"${row.role === "subtotal" ? ` font-weight="bold"` : ""}`));
    });
    y += ROW;
  };

  for (const row of layers) drawRow(row);
  const subtotals = data.rows.filter((r) => r.role === "subtotal");
  if (subtotals.length > 0) {
    y += 4;
    body.push(`<line x1="${MARGIN}" y1="${y - 6}" x2="${width - MARGIN}" y2="${y - 6}" stroke="#999" stroke-width="1"/>`);
    for (const row of subtotals) drawRow(row);
  }

  y += 12;
  // the key names every colour drawn: a kind only a subtotal row shows (attention, inside a decoder row) too
  const kinds = KINDS.filter((k) => data.rows.some((r) => r.kind === k));
  let x = MARGIN;
  for (const kind of kinds) {
    body.push(`<rect x="${x}" y="${y}" width="${BAR_HEIGHT}" height="${BAR_HEIGHT}" fill="${KIND_COLOURS[kind]}"/>`);
    body.push(text(x + BAR_HEIGHT + 6, y + BAR_HEIGHT - 2, kind));
    x += BAR_HEIGHT + 6 + (kind.length + 3) * CHAR;
  }
  const note = `Each bar is a share of the network's total; a full bar is 100%.${data.weightsIncludeBiases ? " Weights include biases." : ""}`;
  body.push(text(x + CHAR, y + BAR_HEIGHT - 2, note, `fill="#666"`));
  const height = Math.ceil(y + BAR_HEIGHT + MARGIN);

  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="${FONT_SIZE}" fill="#222">`,
    `<title>${xmlEscape(data.title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...body,
    `</svg>`,
    "",
  ].join("\n");
}
