// Shared by the tests: load a spec from text or from specs/, and run the CLI in-process.

import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Report } from "../src/core/index.js";
import { type LoadedSpec, analyzeSpec, loadSpec } from "../src/spec/index.js";
import type { Io } from "../src/cli/io.js";
import { run } from "../src/cli/run.js";

export const SPECS_DIR = fileURLToPath(new URL("../specs/", import.meta.url));

/** Every bundled spec's name (specs/NAME.yaml), so tests cover specs added later too. */
export function bundledSpecNames(): string[] {
  return readdirSync(SPECS_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

export function bundledSpecText(name: string): string {
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

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `alexcount ARGV` in-process with files read from disk and colour as given. */
export async function cli(argv: readonly string[], options: { color?: boolean } = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const readText = (path: string): string | undefined => {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  };
  const io: Io = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => "",
    readFile: async (path) => readText(path),
    bundled: { names: bundledSpecNames, read: async (name) => readText(`${SPECS_DIR}${name}.yaml`) },
    colorSupported: () => options.color ?? false,
    version: "0.0.0-test",
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
