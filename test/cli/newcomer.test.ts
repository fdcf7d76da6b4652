// The frictions a newcomer met (issue 12): a misspelt command or bundled name gets a
// suggestion; `list` fits the terminal and has --json; `check` with nothing to check is not
// green unless asked to be.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { memoryIo, runCli } from "../support/memory-io.js";

const spec = (name: string) => readFileSync(new URL(`../../specs/${name}.yaml`, import.meta.url), "utf8");
const bundled = { alexnet: spec("alexnet"), vgg16: spec("vgg16"), lenet5: spec("lenet5") };
// 100 → 10 → 2, no biases: 100 × 10 + 10 × 2 = 1,020 weights and connections, 12 units
const DRIFTED = readFileSync(new URL("../fixtures/check-fails.yaml", import.meta.url), "utf8");
/** 4 × 3 = 12 weights, no published figures. */
const UNPUBLISHED = "name: small\ninput: { features: 4 }\nbias: false\nlayers:\n  - { type: dense, units: 3 }\n";

describe("did you mean", () => {
  it("chek alexnet: chek is not a command, check is suggested", async () => {
    const r = await runCli(["chek", "alexnet"], { bundled });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "alexcount: chek is not a command; did you mean check? (commands: check, compare, diff, import, safetensors, gguf, list, schema)\nRun alexcount --help for usage.\n",
    );
  });

  it("two specs are two reports, not a misspelt command: a path that is missing is named as a file", async () => {
    // `chek.yaml` looks like a path, so it is a spec (which does not exist), not a misspelt `check`
    const r = await runCli(["chek.yaml", "alexnet"], { bundled });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("chek.yaml: no such file");
    expect(r.stderr).not.toContain("is not a command");
  });

  it.each([[["alexnt"]], [["check", "alexnt"]], [["compare", "alexnt", "vgg16"]]])("%j: did you mean alexnet?", async (argv) => {
    const r = await runCli(argv, { bundled });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      "alexnt: no such file, and no bundled spec has that name; did you mean alexnet? (bundled: alexnet, lenet5, vgg16; see alexcount list)\n",
    );
  });

  it("a path gets no bundled-name suggestion", async () => {
    const r = await runCli(["alexnt.yaml"], { bundled });
    expect(r.stderr).toBe("alexnt.yaml: no such file\n");
  });
});

describe("list", () => {
  it("--json: each spec's name, description, sources, published titles and totals", async () => {
    const r = await runCli(["list", "--json"], { bundled: { drifted: DRIFTED } });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      specs: [
        {
          name: "drifted",
          description: "Drifted",
          sources: [],
          published: ["An imaginary paper, Table 1"],
          totals: { units: 12, weights: 1020, biases: 0, connections: 1020 },
        },
      ],
    });
  });

  it("fits the terminal's width: longer descriptions on a wide terminal, cut on a narrow one", async () => {
    const widths: Record<number, number> = {};
    const lines: Record<number, string> = {};
    for (const columns of [80, 100, 200]) {
      const { io, stdout } = memoryIo({ bundled: { ...bundled, squeezenet1_1: spec("squeezenet1_1") } });
      expect(await run(["list"], { ...io, columns: () => columns })).toBe(0);
      const out = stdout().split("\n");
      widths[columns] = Math.max(...out.map((l) => [...l].length));
      lines[columns] = out.find((l) => l.includes("squeezenet1_1")) ?? "";
    }
    expect(widths[100]).toBeLessThanOrEqual(100);
    expect(widths[80]).toBeLessThanOrEqual(80);
    expect([...(lines[80] ?? "")].length).toBeLessThan([...(lines[100] ?? "")].length);
    expect(widths[200]).toBeLessThanOrEqual(200);
    // SqueezeNet 1.1's description (130 characters) is cut at 80 and 100 columns, whole at 200
    expect(lines[100]).toContain("…");
    expect(lines[200]).not.toContain("…");
    expect([...(lines[200] ?? "")].length).toBeGreaterThan([...(lines[100] ?? "")].length);
  });

  it("without a terminal, 100 columns as before", async () => {
    const r = await runCli(["list"], { bundled });
    expect(Math.max(...r.stdout.split("\n").map((l) => [...l].length))).toBeLessThanOrEqual(100);
  });
});

describe("check with nothing to check", () => {
  it("exits 1 with 'nothing to check' as its verdict, and --json's ok false, as any failing check", async () => {
    const r = await runCli(["check", "net.yaml"], { files: { "net.yaml": UNPUBLISHED } });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain("nothing to check: the spec has no published figures (--allow-empty accepts that)\n");
    expect(r.stderr).toBe("");
    const json = await runCli(["check", "net.yaml", "--json"], { files: { "net.yaml": UNPUBLISHED } });
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ ok: false, sources: [] });
  });

  it.each([[[]], [["--json"]], [["--format", "markdown"]]])("--allow-empty %j: exit 0, nothing on stderr", async (flags) => {
    const r = await runCli(["check", "net.yaml", "--allow-empty", ...flags], { files: { "net.yaml": UNPUBLISHED } });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toContain("--allow-empty accepts");
  });

  it("a spec with figures is unaffected: the drifted fixture still fails (1), AlexNet passes (0)", async () => {
    expect((await runCli(["check", "d.yaml"], { files: { "d.yaml": DRIFTED } })).exitCode).toBe(1);
    expect((await runCli(["check", "alexnet"], { bundled })).exitCode).toBe(0);
  });
});
