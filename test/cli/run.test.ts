// The CLI in-process: argv in, exit code and output out.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/render/json.js";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
const ESC = "\u001b[";

describe("alexcount SPEC", () => {
  it("prints AlexNet's table (golden)", async () => {
    const r = await runCli(["alexnet"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("");
    await expect(r.stdout).toMatchFileSnapshot("__golden__/alexnet.table.txt");
    // fits 100 columns
    expect(Math.max(...r.stdout.split("\n").map((l) => [...l].length))).toBeLessThanOrEqual(100);
  });

  it("--all adds the zero-cost layers (golden)", async () => {
    const r = await runCli(["alexnet", "--all"]);
    expect(r.exitCode).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot("__golden__/alexnet.all.txt");
    expect(r.stdout).toContain("pool5");
  });

  it("--json is the contract's report, alone on stdout (golden)", async () => {
    const r = await runCli(["alexnet", "--json"]);
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.name).toBe("AlexNet");
    expect(report.bias).toBe(false);
    expect(report.input).toEqual({ width: 224, height: 224, channels: 3 });
    expect(report.layers[0]).toEqual({
      name: "L1",
      type: "conv",
      input: { width: 224, height: 224, channels: 3 },
      output: { width: 55, height: 55, channels: 96 }, // ⌊(224 + 4 − 11) / 4⌋ + 1
      units: 290_400, // 55²·96
      weights: 34_848, // 11²·3·96
      biases: 0,
      connections: 105_415_200, // 55²·11²·3·96
    });
    expect(report.totals).toEqual({ units: 659_272, weights: 60_954_656, biases: 0, connections: 724_406_816 });
    expect(Object.keys(report.subtotals)).toEqual(["conv", "dense"]);
    await expect(r.stdout).toMatchFileSnapshot("__golden__/alexnet.report.json");
  });

  it("--bias counts biases and says so", async () => {
    const r = await runCli(["alexnet", "--json", "--bias"]);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.bias).toBe(true);
    expect(report.totals.weights).toBe(60_965_224); // 60,954,656 + 10,568 biases
    const table = await runCli(["alexnet", "--bias"]);
    expect(table.stdout).toContain("biases on");
  });

  it("--format markdown and csv (golden)", async () => {
    const md = await runCli(["alexnet", "--format", "markdown"]);
    expect(md.exitCode).toBe(0);
    await expect(md.stdout).toMatchFileSnapshot("__golden__/alexnet.md");
    const csv = await runCli(["alexnet", "--format", "csv"]);
    expect(csv.exitCode).toBe(0);
    await expect(csv.stdout).toMatchFileSnapshot("__golden__/alexnet.csv");
    expect(csv.stdout.split("\r\n")[0]).toBe("layer,type,output,kernel,units,weights,biases,connections");
  });

  it("reads standard input with -", async () => {
    const r = await runCli(["-", "--json"], { stdin: "name: s\ninput: { features: 3 }\nlayers: [ { type: dense, units: 2 } ]\n" });
    expect(r.exitCode).toBe(0);
    expect((JSON.parse(r.stdout) as JsonReport).totals.weights).toBe(8); // 3 × 2 + 2 biases (default on)
  });

  it("a path that exists wins over a bundled name", async () => {
    const r = await runCli(["alexnet", "--json"], { files: { alexnet: "name: mine\ninput: { features: 1 }\nlayers: [ { type: relu } ]\n" } });
    expect((JSON.parse(r.stdout) as JsonReport).name).toBe("mine");
  });

  it("colour only when allowed", async () => {
    expect((await runCli(["alexnet"], { color: true })).stdout).toContain(ESC);
    expect((await runCli(["alexnet", "--no-color"], { color: true })).stdout).not.toContain(ESC);
    expect((await runCli(["alexnet", "--json"], { color: true })).stdout).not.toContain(ESC);
    expect((await runCli(["alexnet"])).stdout).not.toContain(ESC);
  });
});

describe("bad input and usage: exit 2, a located message, nothing on stdout", () => {
  it.each([
    [["nope.yaml"], /^nope\.yaml: no such file\n$/],
    [["nope"], /^nope: no such file, and no bundled spec has that name \(bundled: .*alexnet.*; see alexcount list\)\n$/],
    [[], /missing SPEC/],
    [["alexnet", "--format", "pdf"], /argument 'pdf' is invalid/],
    [["alexnet", "--json", "--format", "csv"], /--json and --format csv disagree/],
    [["alexnet", "--frobnicate"], /unknown option '--frobnicate'/],
  ])("%j", async (argv, message) => {
    const r = await runCli(argv);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });

  it("a bad spec lists every problem with its place", async () => {
    const r = await runCli(["bad.yaml", "--json"], {
      files: { "bad.yaml": "name: b\ninput: { size: 4, channels: 3 }\nlayers:\n  - { type: conv, filters: 8, kernal: 3 }\n  - { type: dense, units: 0 }\n" },
    });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      [
        "alexcount: 3 problems",
        'bad.yaml:4:5: layers[0].kernel: missing required field "kernel"',
        'bad.yaml:4:31: layers[0].kernal: unknown field "kernal" (did you mean "kernel"?)',
        "bad.yaml:5:27: layers[1].units: expected an integer ≥ 1, found 0",
        "",
      ].join("\n"),
    );
  });

  it("a shape problem found by the core is located too", async () => {
    const r = await runCli(["g.yaml"], {
      files: { "g.yaml": "name: g\ninput: { width: 64, height: 48, channels: 3 }\nlayers:\n  - { type: conv, filters: 16, kernel: 3, groups: 2 }\n" },
    });
    expect(r.exitCode).toBe(2);
    // "  - { type: conv, filters: 16, kernel: 3, groups: " is 50 characters: the value is at 51
    expect(r.stderr).toBe("g.yaml:4:51: layers[0].groups: (conv1) groups (2) must divide the input channels (3)\n");
  });

  it("an unexpected failure is reported as a bug with its own exit status, without a stack trace", async () => {
    const { memoryIo, REPOSITORY } = await import("../support/memory-io.js");
    const { run } = await import("../../src/cli/run.js");
    const { io, stderr } = memoryIo(REPOSITORY);
    const exitCode = await run(["alexnet"], {
      ...io,
      stdout: () => {
        throw new TypeError("boom");
      },
    });
    expect(exitCode).toBe(70);
    expect(stderr()).toBe("alexcount: internal error, please report it with the spec that caused it.\nTypeError: boom\n");
  });
});

describe("alexcount check", () => {
  it("passes on AlexNet and shows the errata with their notes", async () => {
    const r = await runCli(["check", "alexnet"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("erratum layers.L4.units: printed 64,869: two digits transposed");
    expect(r.stdout).toContain("erratum layers.L1.units: the caption's 253,440");
    expect(r.stdout.trim().split("\n").at(-1)).toBe("check passed: 63 cells from 5 sources — 56 match, 7 errata");
  });

  it("fails (exit 1) on a mismatch and on a stale erratum", async () => {
    const r = await runCli(["check", "drift.yaml"], { files: { "drift.yaml": fixture("check-fails.yaml") } });
    expect(r.exitCode).toBe(1);
    await expect(r.stdout).toMatchFileSnapshot("__golden__/check-fails.txt");
    expect(r.stdout).toContain("check FAILED: 3 cells from 1 source — 1 match, 1 mismatch, 1 stale erratum");
  });

  it("--json as the contract gives it", async () => {
    const r = await runCli(["check", "drift.yaml", "--json"], { files: { "drift.yaml": fixture("check-fails.yaml") } });
    expect(r.exitCode).toBe(1);
    // the contract's fields, exactly; diagnosis and derivation are extensions on mismatches
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      sources: [
        {
          source: "An imaginary paper, Table 1",
          cells: [
            { at: "layers.hidden.weights", published: 1000, computed: 1000, status: "match" }, // 100 × 10
            { at: "layers.out.weights", published: 22, computed: 20, status: "mismatch", derivation: "F·M = 10 × 2 = 20" }, // 10 × 2
            { at: "totals.weights", published: 1020, computed: 1020, status: "stale-erratum", note: "was printed wrong in the first draft" },
          ],
        },
      ],
    });
    expect(Object.keys(JSON.parse(r.stdout).sources[0].cells[0])).toEqual(["at", "published", "computed", "status"]);
  });

  it("a bad spec is exit 2, not 1", async () => {
    const r = await runCli(["check", "nope.yaml"]);
    expect(r.exitCode).toBe(2);
  });
});

describe("list, schema, version, help", () => {
  it("list shows the bundled specs with their totals", async () => {
    const r = await runCli(["list"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/alexnet .*60,954,656 .*724,406,816/);
    expect(Math.max(...r.stdout.split("\n").map((l) => [...l].length))).toBeLessThanOrEqual(100);
  });

  it("schema prints the committed JSON Schema, generated from the zod schema", async () => {
    const r = await runCli(["schema"]);
    expect(r.exitCode).toBe(0);
    const committed = readFileSync(new URL("../../schema/alexcount.schema.json", import.meta.url), "utf8");
    expect(r.stdout).toBe(committed); // regenerate with: node dist/cli/main.js schema > schema/alexcount.schema.json
    const schema = JSON.parse(r.stdout) as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(["name", "input", "layers"]);
  });

  it("--version and --help exit 0; help has examples", async () => {
    const version = await runCli(["--version"]);
    expect(version).toMatchObject({ exitCode: 0, stdout: "0.0.0-test\n", stderr: "" });
    const help = await runCli(["--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("jq '.totals.weights'");
    expect(help.stdout).toContain("npx alexcount check");
  });
});

// 4 features → dense 3 without bias: weights 4·3 = 12, connections 4·3 = 12
const SMALL_CHECKED = `name: small
input: { features: 4 }
bias: false
layers:
  - { type: dense, units: 3 }
published:
  - source: hand arithmetic
    totals: { weights: 12, connections: 12 }
`;

describe("check --json, the flag before or after the spec", () => {
  it.each([
    ["after the spec", ["check", "small.yaml", "--json"]],
    ["before the spec", ["check", "--json", "small.yaml"]],
  ])("prints the JSON verdict with --json %s", async (_where, argv) => {
    const result = await runCli(argv, { files: { "small.yaml": SMALL_CHECKED } });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const verdict = JSON.parse(result.stdout) as { ok: boolean; sources: { cells: { at: string; computed: number; status: string }[] }[] };
    expect(verdict.ok).toBe(true);
    expect(verdict.sources[0]?.cells.map((c) => [c.at, c.computed, c.status])).toEqual([
      ["totals.weights", 12, "match"],
      ["totals.connections", 12, "match"],
    ]);
  });

  it("keeps the report's own flags where they were: SPEC --json and --json SPEC", async () => {
    for (const argv of [
      ["small.yaml", "--json"],
      ["--json", "small.yaml"],
    ]) {
      const result = await runCli(argv, { files: { "small.yaml": SMALL_CHECKED } });
      expect(result.exitCode).toBe(0);
      expect((JSON.parse(result.stdout) as { totals: { weights: number } }).totals.weights).toBe(12);
    }
  });
});

describe("check with a flops cell beyond 2^53 − 1", () => {
  // input 1 × (2^52 + 1) × 1, a 1×1 conv with 1 filter: connections = 2^52 + 1 = 4,503,599,627,370,497;
  // flops = 2 × connections = 2^53 + 2 = 9,007,199,254,740,994, past 2^53 − 1 and still exact
  const spec = `name: wide
input: { width: 4503599627370497, height: 1, channels: 1 }
bias: false
layers:
  - { type: conv, filters: 1, kernel: 1 }
published:
  - source: s
    totals: { flops: 1 }
`;

  it("is checked exactly: the published 1 is a mismatch against 9,007,199,254,740,994", async () => {
    const result = await runCli(["check", "wide.yaml"], { files: { "wide.yaml": spec } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("9,007,199,254,740,994");
  });

  it("still reports the network itself, whose every count is exact", async () => {
    const result = await runCli(["wide.yaml", "--json"], { files: { "wide.yaml": spec } });
    expect(result.exitCode).toBe(0);
    expect((JSON.parse(result.stdout) as { totals: { connections: number } }).totals.connections).toBe(4503599627370497);
  });
});
