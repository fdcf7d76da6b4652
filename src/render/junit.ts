// `alexcount check --format junit`: JUnit XML, the test report GitLab, Jenkins, Azure Pipelines
// and CircleCI show. A <testsuite> per spec and published source, a <testcase> per published
// cell; a mismatch or a stale erratum is a <failure>, a spec the loader refused an <error>.
// An erratum is a passing case with its note in <system-out>: the cell was checked, and it is
// wrong exactly as the erratum says, which is what the check asks of it; <skipped> would say it
// was not checked at all.

import { type CheckedSource, isFailing } from "../check/check-source.js";
import { cellFindings, sourceSettings } from "./check-report.js";
import { type CheckedSpec, type Place, type SpecCheck, type UnloadableSpec } from "./spec-check.js";
import { xmlEscape } from "./xml.js";

interface Counts {
  tests: number;
  failures: number;
  errors: number;
}

/**
 * Attribute values escaped, with tab, LF and CR as character references: a parser would
 * otherwise read each of them as a space (XML 1.0 §3.3.3, attribute-value normalization).
 */
function attributeValue(text: string): string {
  return xmlEscape(text).replace(/[\t\n\r]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Text content escaped, CR as a reference: a parser would read a bare CR as LF (XML 1.0 §2.11). */
function textContent(text: string): string {
  return xmlEscape(text).replace(/\r/g, "&#13;");
}

/** ` name="…" tests="…"`: attributes in the order given, values escaped. */
function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${attributeValue(String(value))}"`)
    .join("");
}

/** `specs/x.yaml:12:7: ` — where a finding is, for the text of a failure. */
function where(spec: SpecCheck, place: Place | undefined): string {
  return place ? `${spec.file}:${place.line}:${place.column}: ` : `${spec.file}: `;
}

function properties(values: Record<string, string>): string[] {
  return ["    <properties>", ...Object.entries(values).map(([name, value]) => `      <property${attributes({ name, value })}/>`), "    </properties>"];
}

function sourceSuite(spec: CheckedSpec, source: CheckedSource, index: number, totals: Counts): string[] {
  const suite = `${spec.name}: ${source.source}`;
  const failures = source.cells.filter((cell) => isFailing(cell.status)).length;
  totals.tests += source.cells.length;
  totals.failures += failures;
  const cases = source.cells.flatMap((cell, c) => {
    const open = `    <testcase${attributes({ name: cell.at, classname: suite })}`;
    if (cell.status === "match") return [`${open}/>`];
    const [headline = "", ...rest] = cellFindings(cell);
    const text = textContent([`${where(spec, spec.placeOf(index, c))}${cell.at}: ${headline}`, ...rest].join("\n"));
    const body = isFailing(cell.status)
      ? `<failure${attributes({ type: cell.status, message: headline })}>${text}</failure>`
      : `<system-out>${text}</system-out>`;
    return [`${open}>`, `      ${body}`, "    </testcase>"];
  });
  return [
    `  <testsuite${attributes({ name: suite, tests: source.cells.length, failures, errors: 0, skipped: 0, file: spec.repositoryPath })}>`,
    ...properties({ spec: spec.spec, file: spec.file, source: source.source, settings: sourceSettings(source) }),
    ...cases,
    "  </testsuite>",
  ];
}

function unloadableSuite(spec: UnloadableSpec, totals: Counts): string[] {
  totals.tests += 1;
  totals.errors += 1;
  const count = spec.problems.length === 1 ? "1 problem" : `${spec.problems.length} problems`;
  return [
    `  <testsuite${attributes({ name: spec.file, tests: 1, failures: 0, errors: 1, skipped: 0, file: spec.repositoryPath })}>`,
    ...properties({ spec: spec.spec, file: spec.file }),
    `    <testcase${attributes({ name: "load", classname: spec.file })}>`,
    `      <error${attributes({ type: "invalid-spec", message: `could not be loaded: ${count}` })}>${textContent(spec.problems.map((p) => p.line).join("\n"))}</error>`,
    "    </testcase>",
    "  </testsuite>",
  ];
}

/** One JUnit XML document for a check of one or more specs. */
export function renderCheckJunit(specs: readonly SpecCheck[]): string {
  const totals: Counts = { tests: 0, failures: 0, errors: 0 };
  const suites = specs.flatMap((spec) => {
    if (spec.kind === "unloadable") return unloadableSuite(spec, totals);
    // a spec with nothing published still shows, as an empty suite
    if (spec.result.sources.length === 0) {
      return [`  <testsuite${attributes({ name: spec.name, tests: 0, failures: 0, errors: 0, skipped: 0, file: spec.repositoryPath })}/>`];
    }
    return spec.result.sources.flatMap((source, index) => sourceSuite(spec, source, index, totals));
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: "alexcount check", tests: totals.tests, failures: totals.failures, errors: totals.errors })}>`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}
