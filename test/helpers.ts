// Shared by the tests: load a spec from text or from specs/ (to run the CLI in-process:
// test/support/memory-io.ts).

import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Report } from "../src/core/analyze.js";
import { type LoadedSpec, loadSpec } from "../src/loader/load.js";
import { analyzeSpec } from "../src/loader/analyze-spec.js";

/**
 * Set by `npm run test:fast` (ALEXCOUNT_TEST_FAST=1): the cases that are slow by design, the
 * seeded fuzz run and inputs of 100,000 elements, are skipped with `it.skipIf(SLOW_SKIPPED)`.
 */
export const SLOW_SKIPPED = process.env.ALEXCOUNT_TEST_FAST === "1";

export const SPECS_DIR = fileURLToPath(new URL("../specs/", import.meta.url));

/** Every bundled spec's name (specs/NAME.yaml), so tests cover specs added later too. */
export function bundledSpecNames(): string[] {
  return readdirSync(SPECS_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

function bundledSpecText(name: string): string {
  return readFileSync(`${SPECS_DIR}${name}.yaml`, "utf8");
}

export function load(text: string, file = "test.yaml", bias?: boolean): LoadedSpec {
  const loaded = loadSpec(text, file, bias === undefined ? {} : { bias });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("\n"));
  return loaded.spec;
}

export function reportOf(text: string, bias?: boolean): Report {
  const analysis = analyzeSpec(load(text, "test.yaml", bias));
  if (!analysis.ok) throw new Error(analysis.problems.map((p) => p.message).join("\n"));
  return analysis.report;
}

export function bundledReport(name: string, bias?: boolean): Report {
  return reportOf(bundledSpecText(name), bias);
}
