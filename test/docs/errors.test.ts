// docs/errors.md cannot go stale: every example in it is run through the CLI in-process, and
// what it prints on stderr must be exactly what the page says (see test/support/catalogue.ts
// for how examples are written).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXPAND_LIMITS, LIMITS } from "../../src/loader/load.js";
import { examples, expand, runExample } from "../support/catalogue.js";
import { SLOW_SKIPPED } from "../helpers.js";

const markdown = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");
const all = examples(markdown);

describe("docs/errors.md", () => {
  it("has an example for every message class (at least 60)", () => {
    expect(all.length).toBeGreaterThanOrEqual(60);
    // each example under its own heading, so the page's links lead to one example
    expect(new Set(all.map((e) => e.title)).size).toBe(all.length);
  });

  // the fast loop skips the examples of 100,000 lines or more (the layer limit's)
  const run = all.filter((e) => !SLOW_SKIPPED || !/# × \d{6,}$/m.test(e.spec ?? ""));
  it.each(run.map((e) => [e.title, e] as const))("%s", async (_title, example) => {
    const result = await runExample(example);
    expect(result.stderr, `docs/errors.md line ${example.line}`).toBe(example.stderr);
    // status 1 is check's: its report is on stdout, and the message on stderr says why it failed
    if (example.exit !== 1) expect(result.stdout).toBe("");
    expect(result.exitCode).toBe(example.exit ?? 2);
  });

  it("states the limits the loader enforces", () => {
    expect(markdown).toContain(`| file size | ${LIMITS.maxBytes.toLocaleString("en-US")} bytes (8 MiB)`);
    expect(markdown).toContain(`| nesting | ${LIMITS.maxDepth} levels`);
    expect(markdown).toContain(`| YAML aliases | ${LIMITS.maxAliasCount} alias uses`);
    expect(markdown).toContain(`| layers | ${LIMITS.maxLayers.toLocaleString("en-US")} |`);
    expect(markdown).toContain(`| block nesting | ${LIMITS.maxBlockDepth} levels of uses |`);
    expect(markdown).toContain(`| expanded values | ${EXPAND_LIMITS.maxExpandedValues.toLocaleString("en-US")} |`);
    expect(markdown).toContain(`| names | ${EXPAND_LIMITS.maxNameLength} characters |`);
  });
});

describe("the example format", () => {
  it("reads a spec, a command and the stderr that follows", () => {
    const page = ["### A title", "", "```yaml", "name: n", "```", "", "```text", "$ alexcount net.yaml", "net.yaml:1:1: boom", "```", ""].join("\n");
    expect(examples(page)).toEqual([{ title: "A title", line: 8, spec: "name: n\n", command: "alexcount net.yaml", stderr: "net.yaml:1:1: boom\n" }]);
  });

  it("reads `# exit status N` after the command", () => {
    const page = ["### T", "", "```text", "$ alexcount alexnet > /dev/full  # exit status 74", "alexcount: boom", "```", ""].join("\n");
    expect(examples(page)).toEqual([{ title: "T", line: 4, command: "alexcount alexnet > /dev/full", stderr: "alexcount: boom\n", exit: 74 }]);
  });

  it("expands `# × N` into N copies of the line", () => {
    expect(expand("a\n  - x  # × 3\nb\n")).toBe("a\n  - x\n  - x\n  - x\nb\n");
  });
});
