// Several specs in one run: `alexcount check A B …` and `alexcount A B …`.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
const BAD = "name: Bad\ninput: { features: 4 }\nlayers:\n  - { name: d, type: dense, units: -1 }\n";
const files = { "drift.yaml": fixture("check-fails.yaml"), "bad.yaml": BAD };
const FORMATS = ["table", "json", "markdown", "github", "junit"] as const;

describe("alexcount check SPEC…", () => {
  it("checks each spec, prints each result and a summary, exits with the worst status", async () => {
    const r = await runCli(["check", "alexnet", "drift.yaml", "bad.yaml", "lenet5"], { files });
    expect(r.exitCode).toBe(2);
    // every spec that could be loaded is checked, the bad one in the middle notwithstanding
    expect(r.stdout).toContain("AlexNet · check against published figures");
    expect(r.stdout).toContain("Drifted · check against published figures");
    expect(r.stdout).toContain("LeNet-5 · check against published figures");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("4 specs checked: 2 passed, 1 FAILED (drift.yaml), 1 could not be loaded (bad.yaml)");
    expect(r.stderr).toMatch(/^bad\.yaml:4:\d+: layers\[0\]\.units: /);
  });

  it("worst status: 1 when one fails and the others pass; 0 when all pass", async () => {
    expect((await runCli(["check", "alexnet", "drift.yaml", "lenet5"], { files })).exitCode).toBe(1);
    const passing = await runCli(["check", "alexnet", "lenet5"]);
    expect(passing.exitCode).toBe(0);
    expect(passing.stdout.trimEnd().split("\n").at(-1)).toBe("2 specs checked: 2 passed");
  });

  it.each(FORMATS)("--format %s: the exit status is the same as the table's (0 pass, 1 fail, 2 not loaded)", async (format) => {
    expect((await runCli(["check", "alexnet", "--format", format], { files })).exitCode).toBe(0);
    expect((await runCli(["check", "drift.yaml", "--format", format], { files })).exitCode).toBe(1);
    expect((await runCli(["check", "bad.yaml", "--format", format], { files })).exitCode).toBe(2);
    expect((await runCli(["check", "bad.yaml", "drift.yaml", "alexnet", "--format", format], { files })).exitCode).toBe(2);
  });

  it("--json with one spec prints exactly the contract's JSON; with several, JSON Lines with the spec first", async () => {
    const one = await runCli(["check", "drift.yaml", "--json"], { files });
    const parsed = JSON.parse(one.stdout) as { ok: boolean };
    expect(parsed.ok).toBe(false);
    expect(one.stdout).toBe(`${JSON.stringify(parsed, null, 2)}\n`);

    const many = await runCli(["check", "alexnet", "drift.yaml", "bad.yaml", "--json"], { files });
    expect(many.exitCode).toBe(2);
    const lines = many.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2); // the spec that could not be loaded is on stderr only
    const [alexnet, drift] = lines.map((line) => JSON.parse(line) as { spec: string; ok: boolean; sources: unknown[] });
    expect(Object.keys(alexnet ?? {})).toEqual(["spec", "ok", "sources"]);
    expect(alexnet).toMatchObject({ spec: "alexnet", ok: true });
    expect(alexnet?.sources).toHaveLength(5);
    expect(drift).toMatchObject({ spec: "drift.yaml", ok: false });
    // each line is that spec's check, as one spec's --json gives it
    const { spec: _spec, ...driftCheck } = drift!;
    expect(`${JSON.stringify(driftCheck, null, 2)}\n`).toBe(one.stdout);
    expect(many.stderr).toMatch(/^bad\.yaml:4:\d+: /);
  });

  it("a JSON line holds what that spec's own --json prints", async () => {
    const alone = await runCli(["check", "alexnet", "--json"]);
    const { spec: _s, ...line } = JSON.parse((await runCli(["check", "alexnet", "lenet5", "--json"])).stdout.split("\n")[0] ?? "") as Record<string, unknown>;
    expect(alone.stdout).toBe(`${JSON.stringify(line, null, 2)}\n`);
  });

  it("- may be given once", async () => {
    const r = await runCli(["check", "-", "-"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("- (standard input) can be given only once");
    expect(r.stdout).toBe("");
  });

  it("markdown: a section per spec and the summary in bold", async () => {
    const r = await runCli(["check", "lenet5", "drift.yaml", "--format", "markdown"], { files });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain("### LeNet-5 · check against published figures");
    expect(r.stdout).toContain("### Drifted · check against published figures");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("**2 specs checked: 1 passed, 1 FAILED (drift.yaml)**");
  });
});

describe("alexcount SPEC SPEC …", () => {
  it("--json: JSON Lines, a report per spec in the order given, each with its spec argument first", async () => {
    const r = await runCli(["alexnet", "lenet5", "--json"]);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { spec: string; name: string; totals: { weights: number } });
    expect(lines.map((l) => [l.spec, l.name])).toEqual([
      ["alexnet", "AlexNet"],
      ["lenet5", "LeNet-5"],
    ]);
    // AlexNet without biases, the tutorial's table: 60,954,656 weights; LeNet-5: LeCun et al.'s 60,000 trainable parameters
    expect(lines.map((l) => l.totals.weights)).toEqual([60954656, 60000]);
    // a line is the single spec's report with `spec` added
    const { spec: _spec, ...alexnet } = lines[0]!;
    expect(alexnet).toEqual(JSON.parse((await runCli(["alexnet", "--json"])).stdout));
  });

  it("a spec built of blocks: its line has the same tree as its report alone, and --depth applies to each table", async () => {
    const r = await runCli(["resnet18", "alexnet", "--json"]);
    const { spec: _spec, ...resnet } = JSON.parse(r.stdout.split("\n")[0] ?? "") as Record<string, unknown>;
    expect(resnet.tree).toBeDefined();
    expect(resnet).toEqual(JSON.parse((await runCli(["resnet18", "--json"])).stdout));
    const tables = await runCli(["resnet18", "resnet34", "--depth", "0"]);
    expect(tables.exitCode).toBe(0);
    expect(tables.stdout).toBe(`${(await runCli(["resnet18", "--depth", "0"])).stdout}\n${(await runCli(["resnet34", "--depth", "0"])).stdout}`);
  });

  it("one spec prints exactly what it printed alone (the conformance kit parses it)", async () => {
    const alone = await runCli(["alexnet", "--json"]);
    expect(alone.stdout).toBe(readFileSync(new URL("__golden__/alexnet.report.json", import.meta.url), "utf8"));
  });

  it("tables one after another; a spec that cannot be loaded is reported, the others printed, exit 2", async () => {
    const r = await runCli(["alexnet", "bad.yaml", "lenet5"], { files });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toContain("AlexNet · input 224×224×3 · biases off");
    expect(r.stdout).toContain("LeNet-5 · input 32×32×1");
    expect(r.stderr).toMatch(/^bad\.yaml:4:\d+: layers\[0\]\.units: /);
  });

  it("the what-if options take one spec", async () => {
    for (const args of [["--memory"], ["--batch", "8"], ["--input", "227"], ["--density", "0.5"]]) {
      const r = await runCli(["alexnet", "lenet5", ...args]);
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("take one spec");
    }
  });

  it("csv, svg, --explain and --chart take one spec", async () => {
    for (const args of [["--format", "csv"], ["--format", "svg"], ["--explain"], ["--chart"]]) {
      const r = await runCli(["alexnet", "lenet5", ...args]);
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("take one spec");
    }
  });
});
