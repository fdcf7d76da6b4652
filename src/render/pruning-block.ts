// A pruned network's kept figures (layers with a `density`, or `--density`): per pruned layer the
// shares and what they keep, and the totals, as the table's block, Markdown, and the JSON report's
// `pruning` field.

import type { Report } from "../core/analyze.js";
import type { Fraction } from "../core/network.js";
import type { PruningReport } from "../core/pruning.js";
import { wrap } from "./format.js";
import { markdownTable } from "./markdown.js";
import { JsonNumberText, formatBig } from "./memory-block.js";
import { type RenderOptions, palette } from "./style.js";
import { renderRowsTable } from "./table.js";

/** 38/100 → "38%", 1/3 → "33.33%": a share to two decimals at most, for reading. */
function formatShare(f: Fraction): string {
  const hundredths = (f.num * 10_000n * 2n + f.den) / (2n * f.den); // ×100 for percent, ×100 for two decimals
  const whole = hundredths / 100n;
  const rest = hundredths % 100n;
  return rest === 0n ? `${whole}%` : `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}%`;
}

/** A fraction as the decimal it was written as (38/100 → 0.38); one whose denominator is not a power of 10, to 6 decimals. */
function decimalText(f: Fraction): string {
  const digits = String(f.den).length - 1;
  if (f.den !== 10n ** BigInt(digits)) return decimalText({ num: (f.num * 10n ** 6n * 2n + f.den) / (2n * f.den), den: 10n ** 6n });
  const whole = f.num / f.den;
  const rest = f.num % f.den;
  return rest === 0n ? String(whole) : `${whole}.${String(rest).padStart(digits, "0").replace(/0+$/, "")}`;
}

/** kept / full as a share, for reading. */
function shareOf(kept: bigint, full: bigint): string {
  return full === 0n ? "—" : formatShare({ num: kept, den: full });
}

const HEAD = ["Layer", "Weights kept", "Inputs non-zero", "Weights", "Connections", "Conn. kept"] as const;

function rows(report: Report, pruning: PruningReport): string[][] {
  const byName = new Map(report.layers.map((row) => [row.name, row]));
  const body = pruning.layers.map((layer) => {
    const row = byName.get(layer.name)!;
    return [
      layer.name,
      formatShare(layer.density.weights),
      formatShare(layer.density.inputs),
      formatBig(layer.weights),
      formatBig(layer.connections),
      shareOf(layer.connections, BigInt(row.connections)),
    ];
  });
  const { weights, connections } = pruning.totals;
  const fullWeights = BigInt(report.totals.weights);
  const fullConnections = BigInt(report.totals.connections);
  body.push(["Total", shareOf(weights, fullWeights), "", formatBig(weights), formatBig(connections), shareOf(connections, fullConnections)]);
  return body;
}

const NOTE =
  "weights: round((weights − biases) × weights kept) + biases · connections: round(connections × weights kept × inputs non-zero), after Han et al. 2015; FLOPs are 2 × connections · Total: layers without a density counted whole";

export function renderPruningText(report: Report, pruning: PruningReport, options: RenderOptions = {}): string {
  const c = palette(options);
  const body = rows(report, pruning);
  const table = renderRowsTable(
    HEAD,
    body,
    new Set([body.length - 1]),
    (col) => col >= 1,
    options,
    (i, text) => (i === body.length - 1 ? c.bold(text) : text),
  );
  return `${c.bold("Pruning · what the densities keep")}\n${table}\n${c.dim(wrap(NOTE, 100, 2))}\n`;
}

export function renderPruningMarkdown(report: Report, pruning: PruningReport): string {
  return `**Pruning · what the densities keep**\n\n${markdownTable(HEAD, rows(report, pruning), 1)}\n\n${NOTE}\n`;
}

/** The report's `pruning` field: each pruned layer's shares (as decimals) and kept figures, and the totals. */
export function pruningJson(pruning: PruningReport): Record<string, unknown> {
  const decimal = (f: Fraction) => new JsonNumberText(decimalText(f));
  return {
    layers: pruning.layers.map((layer) => ({
      name: layer.name,
      density: { weights: decimal(layer.density.weights), inputs: decimal(layer.density.inputs) },
      weights: layer.weights,
      connections: layer.connections,
      flops: 2n * layer.connections,
    })),
    totals: { weights: pruning.totals.weights, connections: pruning.totals.connections, flops: 2n * pruning.totals.connections },
  };
}
