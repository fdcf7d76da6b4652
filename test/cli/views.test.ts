import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { closeNames } from "../../src/loader/problems.js";
import { runCliOnRepository as cli } from "../support/memory-io.js";
import { parseXml } from "../support/xml.js";
import { BINARY } from "../support/binary.js";

const FIXTURE = fileURLToPath(new URL("../fixtures/alexnet-tutorial-no-errata.yaml", import.meta.url));

describe("alexcount SPEC --explain", () => {
  it("explains every layer, or the one named", async () => {
    const all = await cli(["alexnet", "--explain"]);
    expect(all.exitCode).toBe(0);
    expect(all.stdout).toContain("N₁ = H′·W′·M = 55² × 96 = 290,400"); // 55² × 96 = 3,025 × 96
    const one = await cli(["alexnet", "--explain", "L2"]);
    expect(one.exitCode).toBe(0);
    expect(one.stdout).toContain("U₂ = H′·W′·Kh·Kw·(C/g)·M = 27² × 5² × 48 × 256 = 223,948,800");
    expect(one.stdout).not.toContain("L1 ·");
  });

  it("writes Markdown with --format markdown", async () => {
    const md = await cli(["alexnet", "--explain", "L1", "--format", "markdown"]);
    expect(md.exitCode).toBe(0);
    expect(md.stdout).toContain("#### `L1` · conv 11×11 s4 p2 · 224×224×3 → 55×55×96");
    expect(md.stdout).toContain("- units: `N₁ = H′·W′·M = 55² × 96 = 290,400`");
  });

  it("exits 2 on an unknown layer, naming close ones, with nothing on stdout", async () => {
    const r = await cli(["alexnet", "--explain", "l9"]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^specs\/alexnet\.yaml: --explain l9: no layer of that name in AlexNet; close names: L1, L2, L3, L4, L5\n$/);
    const far = await cli(["alexnet", "--explain", "classifier"]);
    expect(far.exitCode).toBe(2);
    expect(far.stderr).toContain("its layers are L1, relu1, norm1, pool1, L2,");
  });

  it("says to put the spec first when --explain took it as the layer name", async () => {
    const r = await cli(["--explain", "alexnet"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("put the spec first: alexcount alexnet --explain");
  });

  it("exits 2 on flags that do not go together", async () => {
    for (const argv of [
      ["alexnet", "--explain", "--chart"],
      ["alexnet", "--explain", "--format", "csv"],
      ["alexnet", "--explain", "--json"],
      ["alexnet", "--chart", "--format", "markdown"],
    ]) {
      const r = await cli(argv);
      expect(r.exitCode, argv.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^alexcount: --(explain|chart) /);
    }
  });
});

describe("alexcount SPEC --chart", () => {
  it("draws in the terminal, and as SVG with --format svg", async () => {
    const text = await cli(["alexnet", "--chart"]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain("5 conv layers");
    const svg = await cli(["alexnet", "--chart", "--format", "svg"]);
    expect(svg.exitCode).toBe(0);
    expect(svg.stdout).toMatch(/^<\?xml/);
    expect(parseXml(svg.stdout).root).toBe("svg");
  });

  it("colours on a terminal only, through the built binary", () => {
    const env = { ...process.env };
    delete env.FORCE_COLOR;
    const piped = spawnSync(process.execPath, [BINARY, "alexnet", "--chart"], { encoding: "utf8", env });
    expect(piped.status).toBe(0);
    expect(piped.stdout).not.toMatch(/\u001b\[/);
    const forced = spawnSync(process.execPath, [BINARY, "alexnet", "--chart"], { encoding: "utf8", env: { ...env, FORCE_COLOR: "1" } });
    expect(forced.stdout).toMatch(/\u001b\[36m█/);
    const noColor = spawnSync(process.execPath, [BINARY, "alexnet", "--chart", "--no-color"], { encoding: "utf8", env: { ...env, FORCE_COLOR: "1" } });
    expect(noColor.stdout).not.toMatch(/\u001b\[/);
  });
});

describe("alexcount check explains its mismatches", () => {
  // The tutorial's table as printed, without errata: L2's connections are one tower's,
  // 27² × 5² × 48 × 128 = 111,974,400 instead of 27² × 5² × 48 × 256 = 223,948,800, and L4's
  // units are 64,869, two digits of 13² × 384 = 64,896 swapped.
  it("fails and names one GPU tower (factor 1/2) and transposed digits", async () => {
    const r = await cli(["check", FIXTURE]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(
      [
        "[1] mismatch layers.L2.connections: published 111,974,400, computed 223,948,800; no erratum lists it",
        "    computed  H′·W′·Kh·Kw·(C/g)·M = 27² × 5² × 48 × 256 = 223,948,800",
        "    likely    exactly half (factor 1/2): one GPU tower's share (groups = 2)",
      ].join("\n"),
    );
    expect(r.stdout).toContain("    likely    two adjacent digits transposed: 64,869 for 64,896");
    // 612,432,416 − 724,406,816 = −111,974,400: the printed total carries L2's halving
    expect(r.stdout).toMatch(
      /mismatch totals\.connections: .*\n {4}likely {4}carries the printed layer figure of layers\.L2\.connections \(a difference of\s+−111,974,400\)/,
    );
  });

  it("adds the diagnosis to the cell in --json", async () => {
    const r = await cli(["check", FIXTURE, "--json"]);
    expect(r.exitCode).toBe(1);
    const json = JSON.parse(r.stdout) as { ok: boolean; sources: { cells: { at: string; status: string; diagnosis?: string; derivation?: string }[] }[] };
    expect(json.ok).toBe(false);
    const cells = new Map(json.sources[0]!.cells.map((c) => [c.at, c]));
    expect(cells.get("layers.L2.connections")).toMatchObject({
      status: "mismatch",
      diagnosis: "exactly half (factor 1/2): one GPU tower's share (groups = 2)",
      derivation: "H′·W′·Kh·Kw·(C/g)·M = 27² × 5² × 48 × 256 = 223,948,800",
    });
    expect(cells.get("layers.L4.units")).toMatchObject({ status: "mismatch", diagnosis: "two adjacent digits transposed: 64,869 for 64,896" });
    expect(cells.get("layers.L1.units")).not.toHaveProperty("diagnosis");
  });
});

describe("closeNames", () => {
  it.each([
    ["l2", ["L1", "L2", "L3"], ["L2", "L1", "L3"]], // case ignored; one edit away from each
    ["conv", ["conv1", "conv2", "pool1"], ["conv1", "conv2"]], // contained
    ["layer3.2.cnv1", ["layer3.2.conv1", "layer3.2.conv2", "fc"], ["layer3.2.conv1", "layer3.2.conv2"]],
    ["xyz", ["L1", "L2"], []],
  ] as const)("%s among %j → %j", (typed, names, expected) => {
    expect(closeNames(typed, names)).toEqual(expected);
  });
});
