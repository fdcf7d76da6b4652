// `alexcount check --format github`: GitHub Actions workflow commands. Each failing cell is an
// `::error` annotation on the line of the spec where its published figure is written (an
// erratum a `::notice` when asked for), then one plain line per spec with its verdict.

import { visibleText } from "../core/visible-text.js";
import { type CellStatus, isFailing } from "../check/check-source.js";
import { cellFindings, checkVerdict, sourceSettings } from "./check-report.js";
import { type Place, type SpecCheck, checksSummary } from "./spec-check.js";

export interface GithubOptions {
  /** Also a `::notice` for each erratum (a cell printed wrong that an erratum explains). */
  readonly annotateErrata?: boolean;
}

/**
 * GitHub shows at most 10 annotations of each kind (error, warning, notice) per step; the rest
 * are only in the log (actions/toolkit, docs/problem-matchers.md, "Limitations").
 */
const SHOWN_PER_STEP = 10;

// Escaping as the runner reads a workflow command, `::name key=value,…::data` on one line: the
// facts are those of actions/toolkit's packages/core/src/command.ts (escapeData, escapeProperty).

/** A command's data: `%`, CR and LF escaped, so the text stays on its line. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property's value: as data, and `:` and `,`, which end a value, escaped too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

type Level = "error" | "warning" | "notice";

interface AnnotationProperties {
  readonly file?: string | undefined;
  readonly place?: Place | undefined;
  readonly title?: string;
}

function annotation(level: Level, properties: AnnotationProperties, message: string): string {
  const { file, place, title } = properties;
  const fields: [string, string | number][] = [];
  if (file !== undefined) fields.push(["file", file]);
  // a line without a file would point nowhere
  if (file !== undefined && place) fields.push(["line", place.line], ["col", place.column]);
  if (title !== undefined) fields.push(["title", title]);
  const props = fields.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(",");
  return `::${level}${props ? ` ${props}` : ""}::${escapeData(message)}`;
}

/** A plain log line: control characters shown as escapes, so a name cannot start a line of its own. */
function logLine(text: string): string {
  return visibleText(text);
}

const STATUS_WORDS: Record<CellStatus, string> = { match: "match", mismatch: "mismatch", "stale-erratum": "stale erratum", erratum: "erratum" };

/** The annotations and verdict lines of a check of one or more specs, in the order given. */
export function renderCheckGithub(specs: readonly SpecCheck[], options: GithubOptions = {}): string {
  const out: string[] = [];
  const counts: Record<Level, number> = { error: 0, warning: 0, notice: 0 };
  const emit = (level: Level, properties: AnnotationProperties, message: string) => {
    counts[level]++;
    out.push(annotation(level, properties, message));
  };
  for (const spec of specs) {
    const file = spec.repositoryPath;
    if (spec.kind === "unloadable") {
      for (const problem of spec.problems) {
        emit(
          "error",
          { file, place: problem.place, title: `alexcount: ${spec.file} could not be loaded` },
          problem.path ? `${problem.path}: ${problem.message}` : problem.message,
        );
      }
      out.push(logLine(`${spec.file}: not checked: ${spec.problems.length === 1 ? "1 problem" : `${spec.problems.length} problems`}`));
      continue;
    }
    for (const [s, source] of spec.result.sources.entries()) {
      for (const [c, cell] of source.cells.entries()) {
        const level: Level | undefined = isFailing(cell.status) ? "error" : cell.status === "erratum" && options.annotateErrata ? "notice" : undefined;
        if (level === undefined) continue;
        const message = [...cellFindings(cell), `source: ${source.source} (${sourceSettings(source)})`].join("\n");
        emit(level, { file, place: spec.placeOf(s, c), title: `${spec.name}: ${STATUS_WORDS[cell.status]} in ${cell.at}` }, message);
      }
    }
    out.push(logLine(`${spec.file}: ${checkVerdict(spec.result)}`));
  }
  if (specs.length > 1) out.push(logLine(checksSummary(specs)));
  if (counts.error > SHOWN_PER_STEP) {
    emit("warning", {}, `${counts.error} error annotations: GitHub shows ${SHOWN_PER_STEP} per step; the others are in this step's log`);
  }
  return `${out.join("\n")}\n`;
}
