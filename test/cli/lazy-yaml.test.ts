// The binary sets up the YAML libraries for YAML text only (scripts/build-bin.mjs, "lazyYaml"):
// V8's coverage of the bundle tells whether a run called the method that loads one.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BINARY } from "../support/binary.js";

const dir = mkdtempSync(join(tmpdir(), "alexcount-lazy-yaml-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPEC = { name: "d", input: { features: 3 }, layers: [{ type: "dense", units: 2 }] };
const jsonSpec = join(dir, "spec.json");
writeFileSync(jsonSpec, JSON.stringify(SPEC));
const yamlSpec = join(dir, "spec.yaml");
writeFileSync(yamlSpec, "name: d\ninput: { features: 3 }\nlayers:\n  - { type: dense, units: 2 }\n");

const brokenYamlSpec = join(dir, "broken.yaml");
writeFileSync(brokenYamlSpec, "name: d\ninput: { features: 3\nlayers: []\n");

let runs = 0;

/** How many times the run called each package's loader, by package, from V8's coverage. */
function loads(args: string[], status = 0): Record<string, number> {
  const coverage = join(dir, `coverage-${runs++}`);
  const result = spawnSync(process.execPath, [BINARY, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", NODE_V8_COVERAGE: coverage } });
  expect(result.status).toBe(status);
  if (status === 0) expect(result.stderr).toBe("");
  const counts: Record<string, number> = { yaml: 0, "js-yaml": 0 };
  for (const name of readdirSync(coverage)) {
    const { result: scripts } = JSON.parse(readFileSync(join(coverage, name), "utf8")) as {
      result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
    };
    for (const script of scripts) {
      for (const fn of script.functions) {
        const loaded = /^alexcount: load (.+)$/.exec(fn.functionName)?.[1];
        if (loaded !== undefined) counts[loaded] = (counts[loaded] ?? 0) + (fn.ranges[0]?.count ?? 0);
      }
    }
  }
  return counts;
}

describe("the YAML libraries", () => {
  it("js-yaml, the one parser of values, is loaded for a YAML spec; the yaml package, which only explains errors, is not", () => {
    const counts = loads([yamlSpec, "--json"]);
    expect(counts["js-yaml"]).toBeGreaterThan(0);
    expect(counts.yaml).toBe(0);
  });

  it("the yaml package is loaded to explain a YAML syntax error", () => {
    const counts = loads([brokenYamlSpec], 2);
    expect(counts.yaml).toBeGreaterThan(0);
  });

  it.each([
    ["a JSON spec", [jsonSpec, "--json"]],
    ["a JSON spec, as a table", [jsonSpec]],
    ["a bundled spec", ["alexnet"]],
    ["check of a bundled spec", ["check", "alexnet"]],
    ["the version", ["--version"]],
  ])("are not loaded for %s", (_, args) => {
    expect(loads(args)).toEqual({ yaml: 0, "js-yaml": 0 });
  });
});
