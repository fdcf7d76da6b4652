// `alexcount check` output: a reconciliation table per published source and a verdict.

import { type CellStatus, type CheckResult, type CheckedCell, type CheckedSource, isFailing } from "../check/check-source.js";
import { codeSpan } from "./explain.js";
import { formatWorking } from "./formula.js";
import type { PublishedValue } from "../core/published.js";
import { formatCount, wrap } from "./format.js";
import { markdownTable, markdownText } from "./markdown.js";
import { jsonSafe } from "./json.js";
import { visibleText } from "../core/visible-text.js";
import { exactJson } from "./exact-json.js";
import { type RenderOptions, palette } from "./style.js";
import { renderRowsTable } from "./table.js";

/** Notes under a check table wrap at this width: the 100 columns the tables fit in. */
const NOTE_WIDTH = 100;

/** The JSON form of contract §3; its own type, like the report's. */
export interface JsonCheck {
  ok: boolean;
  sources: {
    source: string;
    /** Present when the source declares counting conventions (an extension). */
    conventions?: string[];
    cells: {
      at: string;
      published: PublishedValue;
      /** Exact: a bigint beyond 2^53 − 1, written as its digits by renderCheckJson. */
      computed: number | bigint;
      status: CellStatus;
      note?: string;
      /** Mismatches only: the simple explanations that reproduce the published figure, joined by "; or ". */
      diagnosis?: string;
      /** Mismatches of layer cells: the computed figure's working, `H′·W′·M = 27² × 256 = 186,624`. */
      derivation?: string;
    }[];
  }[];
}

/** The working and the likely cause of a mismatch, as text (both optional). */
function explainMismatch(cell: CheckedCell): { diagnosis?: string; derivation?: string } {
  const d = cell.diagnosis;
  if (!d) return {};
  return {
    ...(d.causes.length > 0 ? { diagnosis: d.causes.join("; or ") } : {}),
    ...(d.formula ? { derivation: formatWorking(d.formula, cell.computed) } : {}),
  };
}

export function toJsonCheck(result: CheckResult): JsonCheck {
  return {
    ok: result.ok,
    sources: result.sources.map((s) => ({
      source: s.source,
      ...(s.conventions.length > 0 ? { conventions: [...s.conventions] } : {}),
      cells: s.cells.map((c) => ({
        at: c.at,
        published: c.published,
        computed: c.computed,
        status: c.status,
        ...(c.note === undefined ? {} : { note: c.note }),
        ...explainMismatch(c),
      })),
    })),
  };
}

export function renderCheckJson(result: CheckResult): string {
  return `${jsonSafe(exactJson(toJsonCheck(result), 2))}\n`;
}

/** "biases on" or "biases on; counted with bias-connections" */
export function sourceSettings(source: CheckedSource): string {
  const biases = `biases ${source.bias ? "on" : "off"}`;
  return source.conventions.length > 0 ? `${biases}; counted with ${source.conventions.join(", ")}` : biases;
}

function formatPublished(value: PublishedValue): string {
  return typeof value === "number" ? formatCount(value) : visibleText(value);
}

/** What no simple explanation is, for a mismatch the diagnosis could not explain. */
const NO_SIMPLE_EXPLANATION = "no simple explanation fits (a factor, biases, FLOPs for MACs, pooling rounding, a typo)";

/**
 * A cell's finding as lines of plain text, for the CI formats (github, junit): the figures and
 * what disagrees, then the working and the likely cause of a mismatch, or an erratum's note.
 */
export function cellFindings(cell: CheckedCell): string[] {
  const figures = `published ${formatPublished(cell.published)}, computed ${formatCount(cell.computed)}`;
  switch (cell.status) {
    case "match":
      return [figures];
    case "mismatch": {
      const { diagnosis, derivation } = explainMismatch(cell);
      return [`${figures}, and no erratum explains it`, ...(derivation ? [`computed: ${derivation}`] : []), `likely: ${diagnosis ?? NO_SIMPLE_EXPLANATION}`];
    }
    case "stale-erratum":
      return [`${figures}: listed as an erratum, but the figure now matches: remove the erratum`, `erratum: ${cell.note ?? ""}`];
    case "erratum":
      return [`${figures}: a known erratum`, `erratum: ${cell.note ?? ""}`];
  }
}

/** "40 cells: 37 match, 3 errata" */
export function checkVerdict(result: CheckResult): string {
  const counts = new Map<CellStatus, number>();
  let cells = 0;
  for (const s of result.sources)
    for (const c of s.cells) {
      cells++;
      counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
    }
  const plural: Record<CellStatus, [string, string]> = {
    match: ["match", "match"],
    erratum: ["erratum", "errata"],
    mismatch: ["mismatch", "mismatches"],
    "stale-erratum": ["stale erratum", "stale errata"],
  };
  const parts = (["match", "erratum", "mismatch", "stale-erratum"] as const)
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${plural[s][counts.get(s) === 1 ? 0 : 1]}`);
  const sources = `${result.sources.length} source${result.sources.length === 1 ? "" : "s"}`;
  // not ok with no cells: the CLI failed an empty check (alexcount check without --allow-empty)
  if (cells === 0) return `nothing to check: the spec has no published figures${result.ok ? "" : " (--allow-empty accepts that)"}`;
  return `${result.ok ? "check passed" : "check FAILED"}: ${cells} cell${cells === 1 ? "" : "s"} from ${sources} — ${parts.join(", ")}`;
}

export function renderCheck(result: CheckResult, name: string, options: RenderOptions = {}): string {
  const c = palette(options);
  const colour: Record<CellStatus, (s: string) => string> = { match: c.green, erratum: c.yellow, mismatch: c.red.bold, "stale-erratum": c.red.bold };
  const out: string[] = [c.bold(`${visibleText(name)} · check against published figures`), ""];
  for (const source of result.sources) {
    out.push(`${c.bold(visibleText(source.source))} ${c.dim(`(${sourceSettings(source)})`)}`);
    // long notes go below the table, keyed by a marker in the Note column
    const noted = source.cells.filter((cell) => cell.note !== undefined || isFailing(cell.status));
    const marker = new Map(noted.map((cell, i) => [cell.at, `[${i + 1}]`]));
    const body = source.cells.map((cell) => [
      visibleText(cell.at),
      formatPublished(cell.published),
      formatCount(cell.computed),
      cell.status,
      marker.get(cell.at) ?? "",
    ]);
    out.push(
      renderRowsTable(
        ["Cell", "Published", "Computed", "Status", "Note"],
        body,
        new Set(),
        (col) => col === 1 || col === 2,
        options,
        (i, text) => {
          const status = source.cells[i]?.status;
          return status !== undefined && text === status ? colour[status](text) : text;
        },
      ),
    );
    for (const cell of noted) {
      const why =
        cell.status === "mismatch"
          ? `published ${formatPublished(cell.published)}, computed ${formatCount(cell.computed)}; no erratum lists it`
          : cell.status === "stale-erratum"
            ? `listed as an erratum, but the figure now matches: remove the erratum`
            : visibleText(cell.note ?? "");
      const key = marker.get(cell.at) ?? "";
      // wrap the plain text, then colour the status word (escape codes would count as width)
      const text = wrap(`${key} ${cell.status} ${visibleText(cell.at)}: ${why}`, NOTE_WIDTH, key.length + 1);
      out.push(text.replace(`${key} ${cell.status}`, `${key} ${colour[cell.status](cell.status)}`));
      const indent = " ".repeat(key.length + 1);
      const { diagnosis, derivation } = explainMismatch(cell);
      if (derivation) out.push(`${indent}${c.dim("computed")}  ${derivation}`);
      if (cell.status === "mismatch") {
        const likely = diagnosis ?? NO_SIMPLE_EXPLANATION;
        out.push(`${indent}${c.dim("likely")}    ${wrap(likely, NOTE_WIDTH - indent.length - 10, indent.length + 10)}`);
      }
    }
    out.push("");
  }
  const verdict = checkVerdict(result);
  out.push(result.ok ? c.green.bold(verdict) : c.red.bold(verdict));
  return `${out.join("\n")}\n`;
}

/** A source with more cells than this shows only the cells that do not match, unless asked for all. */
const MARKDOWN_FULL_TABLE_UP_TO = 20;

export interface CheckMarkdownOptions {
  /** Every cell, however long the table. */
  readonly all?: boolean;
}

/**
 * The check as Markdown, for a CI job summary ($GITHUB_STEP_SUMMARY): a table per source, and for
 * a source of more than 20 cells only the mismatches, stale errata and errata, with the counts.
 */
export function renderCheckMarkdown(result: CheckResult, name: string, options: CheckMarkdownOptions = {}): string {
  const out: string[] = [`### ${markdownText(name)} · check against published figures`, ""];
  for (const source of result.sources) {
    out.push(`**${markdownText(source.source)}** (${sourceSettings(source)})`, "");
    const long = !options.all && source.cells.length > MARKDOWN_FULL_TABLE_UP_TO;
    const shown = long ? source.cells.filter((cell) => cell.status !== "match") : source.cells;
    if (long) out.push(`${cellCounts(source)}. The matching cells are left out (\`--all\` lists every cell).`, "");
    if (shown.length === 0) continue;
    const body = shown.map((cell) => {
      const { diagnosis, derivation } = explainMismatch(cell);
      const why = [derivation && `computed ${codeSpan(derivation)}`, diagnosis && `likely: ${diagnosis}`].filter(Boolean).join("; ");
      const published = typeof cell.published === "number" ? formatCount(cell.published) : markdownText(cell.published);
      return [markdownText(cell.at), published, formatCount(cell.computed), cell.status, cell.note === undefined ? why : markdownText(cell.note)];
    });
    out.push(markdownTable(["Cell", "Published", "Computed", "Status", "Note"], body, 1), "");
  }
  out.push(`**${checkVerdict(result)}**`);
  return `${out.join("\n")}\n`;
}

/** "31 of 33 cells match; 2 errata" */
function cellCounts(source: CheckedSource): string {
  const count = (status: CellStatus) => source.cells.filter((cell) => cell.status === status).length;
  const words: [CellStatus, string, string][] = [
    ["mismatch", "mismatch", "mismatches"],
    ["stale-erratum", "stale erratum", "stale errata"],
    ["erratum", "erratum", "errata"],
  ];
  const others = words.filter(([status]) => count(status) > 0).map(([status, one, many]) => `${count(status)} ${count(status) === 1 ? one : many}`);
  return [`${count("match")} of ${source.cells.length} cells match`, ...others].join("; ");
}
