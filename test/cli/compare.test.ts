// `alexcount compare` (alias `diff`), run in-process. Expected figures are the published totals
// the bundled specs check against, and hand arithmetic on them, written next to each.

import { describe, expect, it } from "vitest";
import type { JsonComparison } from "../../src/render/compare.js";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

// specs/alexnet.yaml, biases off: the CSC321 tutorial's totals (units 659,272; weights
// 60,954,656; conv weights 2,332,704; dense 58,621,952) and the two-GPU AlexNet's 724,406,816
// multiply–accumulates (the tutorial's 612,432,416 plus conv2's missing 111,974,400), of which
// conv 665,784,864 and dense 58,621,952.
const ALEXNET = { units: 659_272, weights: 60_954_656, connections: 724_406_816, convWeights: 2_332_704, convConnections: 665_784_864 };
// specs/vgg16.yaml, biases on: torchvision's num_params 138,357,544; 15,470,264,320
// multiply–accumulates ("15.47G"); conv 14,714,688 weights and 15,346,630,656 connections;
// units 3,211,264·2 + 1,605,632·2 + 802,816·3 + 401,408·3 + 100,352·3 + 4,096·2 + 1,000.
const VGG16 = {
  units: 3_211_264 * 2 + 1_605_632 * 2 + 802_816 * 3 + 401_408 * 3 + 100_352 * 3 + 4_096 * 2 + 1_000,
  weights: 138_357_544,
  connections: 15_470_264_320,
  convWeights: 14_714_688,
  convConnections: 15_346_630_656,
};

async function compareJson(argv: readonly string[], stdin?: string): Promise<JsonComparison> {
  const { exitCode, stdout, stderr } = await runCli(argv, stdin === undefined ? {} : { stdin });
  expect(stderr).toBe("");
  expect(exitCode).toBe(0);
  return JSON.parse(stdout) as JsonComparison;
}

describe("compare alexnet vgg16", () => {
  it("sets VGG-16's totals against AlexNet's: 2.3× the weights, 21× the connections", async () => {
    const { base, specs } = await compareJson(["compare", "alexnet", "vgg16", "--json"]);
    expect(base).toBe("alexnet");
    const [alexnet, vgg16] = specs;
    expect(specs).toHaveLength(2);
    expect(alexnet).toMatchObject({ spec: "alexnet", name: "AlexNet", bias: false, input: { width: 224, height: 224, channels: 3 } });
    expect(vgg16).toMatchObject({ spec: "vgg16", name: "VGG-16", bias: true });
    expect(alexnet?.totals).toMatchObject({ units: ALEXNET.units, weights: ALEXNET.weights, connections: ALEXNET.connections });
    expect(vgg16?.totals).toMatchObject({ units: VGG16.units, weights: VGG16.weights, connections: VGG16.connections });

    // the first spec is the base: every ratio 1
    expect(alexnet?.ratios).toEqual({ units: 1, weights: 1, connections: 1 });
    expect(vgg16?.ratios.weights).toBe(VGG16.weights / ALEXNET.weights);
    expect(vgg16?.ratios.connections).toBe(VGG16.connections / ALEXNET.connections);
    expect(vgg16?.ratios.units).toBe(VGG16.units / ALEXNET.units);
    // 138,357,544 / 60,954,656 = 2.2698…; 15,470,264,320 / 724,406,816 = 21.355…
    expect(vgg16?.ratios.weights?.toFixed(1)).toBe("2.3");
    expect(Math.round(vgg16?.ratios.connections ?? 0)).toBe(21);
  });

  it("splits each spec's weights and connections by kind", async () => {
    const [alexnet, vgg16] = (await compareJson(["compare", "alexnet", "vgg16", "--json"])).specs;
    // 2,332,704 / 60,954,656 = 3.83% of AlexNet's weights are in its convolutions
    expect(alexnet?.shares.weights).toEqual({
      conv: ALEXNET.convWeights / ALEXNET.weights,
      dense: (ALEXNET.weights - ALEXNET.convWeights) / ALEXNET.weights,
      other: 0,
    });
    expect(alexnet?.shares.connections?.conv).toBe(ALEXNET.convConnections / ALEXNET.connections);
    // 14,714,688 / 138,357,544 = 10.6%; 15,346,630,656 / 15,470,264,320 = 99.2%
    expect(vgg16?.shares.weights?.conv).toBe(VGG16.convWeights / VGG16.weights);
    expect(vgg16?.shares.connections?.conv).toBe(VGG16.convConnections / VGG16.connections);
    expect(vgg16?.shares.connections?.dense).toBe((VGG16.connections - VGG16.convConnections) / VGG16.connections);
    // the JSON carries the counts the shares come from, as the report does (contract §2)
    expect(vgg16?.subtotals.conv).toEqual({ units: VGG16.units - 9_192, weights: VGG16.convWeights, biases: 4_224, connections: VGG16.convConnections });
    expect(vgg16?.subtotals.other).toBeUndefined();
  });

  it("prints the side-by-side table", async () => {
    const { exitCode, stdout, stderr } = await runCli(["compare", "alexnet", "vgg16"]);
    expect(stderr).toBe("");
    expect(exitCode).toBe(0);
    await expect(stdout).toMatchFileSnapshot("__golden__/compare-alexnet-vgg16.txt");
  });

  it("answers to diff as well", async () => {
    const viaCompare = await runCli(["compare", "alexnet", "vgg16"]);
    const viaDiff = await runCli(["diff", "alexnet", "vgg16"]);
    expect({ exitCode: viaDiff.exitCode, stdout: viaDiff.stdout, stderr: viaDiff.stderr }).toEqual({
      exitCode: viaCompare.exitCode,
      stdout: viaCompare.stdout,
      stderr: viaCompare.stderr,
    });
  });
});

describe("compare: formats and options", () => {
  it("--format markdown: the same rows as a GitHub table", async () => {
    const { exitCode, stdout } = await runCli(["compare", "alexnet", "vgg16", "--format", "markdown"]);
    expect(exitCode).toBe(0);
    expect(stdout.startsWith("### AlexNet vs VGG-16\n\n|  | AlexNet | VGG-16 |\n|---|---:|---:|\n")).toBe(true);
    expect(stdout).toContain("| Weights | 60,954,656 | 138,357,544 |\n");
    expect(stdout).toContain("| Connections ÷ AlexNet | 1.00× | 21.4× |\n");
  });

  it("--format csv: one row per spec, exact counts", async () => {
    const { exitCode, stdout } = await runCli(["compare", "alexnet", "vgg16", "--format", "csv"]);
    expect(exitCode).toBe(0);
    const [head, ...rows] = stdout
      .trimEnd()
      .split("\r\n")
      .map((line) => line.split(","));
    expect(rows).toHaveLength(2);
    const column = (name: string) => head?.indexOf(name) ?? -1;
    expect(rows[0]?.[column("spec")]).toBe("alexnet");
    expect(rows[1]?.[column("weights")]).toBe(String(VGG16.weights));
    expect(rows[1]?.[column("connections")]).toBe(String(VGG16.connections));
    expect(Number(rows[1]?.[column("connections_ratio")])).toBe(VGG16.connections / ALEXNET.connections);
    expect(Number(rows[0]?.[column("weights_other_share")])).toBe(0);
  });

  it("--no-bias applies to every spec", async () => {
    const [, vgg16] = (await compareJson(["compare", "alexnet", "vgg16", "--no-bias", "--json"])).specs;
    expect(vgg16?.bias).toBe(false);
    // VGG-16's biases: 2·64 + 2·128 + 3·256 + 3·512 + 3·512 = 4,224 conv, 4,096 + 4,096 + 1,000 = 9,192 dense
    expect(vgg16?.totals.weights).toBe(VGG16.weights - 4_224 - 9_192);
    expect(vgg16?.totals.biases).toBe(0);
  });

  it("--bias applies to every spec", async () => {
    const [alexnet] = (await compareJson(["compare", "alexnet", "vgg16", "--bias", "--json"])).specs;
    // the two-GPU AlexNet with its biases: 60,965,224 (BVLC's figure)
    expect(alexnet?.totals.weights).toBe(60_965_224);
  });

  it("reads one spec from standard input, named -", async () => {
    const stdin = "name: Tiny\ninput: { features: 10 }\nlayers:\n  - { type: dense, units: 5 }\n";
    const [alexnet, tiny] = (await compareJson(["compare", "alexnet", "-", "--json"], stdin)).specs;
    expect(tiny?.spec).toBe("-");
    // 10·5 + 5 weights, 10·5 connections, against AlexNet's
    expect(tiny?.totals).toEqual({ units: 5, weights: 55, biases: 5, connections: 50 });
    expect(tiny?.ratios.weights).toBe(55 / Number(alexnet?.totals.weights ?? Number.NaN));
    expect(tiny?.shares.weights).toEqual({ conv: 0, dense: 1, other: 0 });
  });

  it("sets every spec against the first, not the previous one", async () => {
    const specs = (await compareJson(["compare", "vgg16", "alexnet", "vgg16", "--json"])).specs;
    expect(specs.map((s) => s.ratios.weights)).toEqual([1, ALEXNET.weights / VGG16.weights, 1]);
  });

  it("colours the table only when allowed, and never the JSON", async () => {
    const escape = "\u001b[";
    expect((await runCli(["compare", "alexnet", "vgg16"], { color: true })).stdout).toContain(escape);
    expect((await runCli(["compare", "alexnet", "vgg16", "--no-color"], { color: true })).stdout).not.toContain(escape);
    expect((await runCli(["compare", "alexnet", "vgg16", "--json"], { color: true })).stdout).not.toContain(escape);
    expect((await runCli(["compare", "alexnet", "vgg16"])).stdout).not.toContain(escape);
  });
});

describe("compare: bad input exits 2 with a message on stderr and nothing on stdout", () => {
  const BROKEN_KERNEL = "name: A\ninput: { size: 8, channels: 3 }\nlayers:\n  - { type: conv, filters: 4, kernal: 3 }\n";
  const BROKEN_GROUPS = "name: B\ninput: { size: 8, channels: 3 }\nlayers:\n  - { type: conv, filters: 4, kernel: 3, groups: 2 }\n";

  it.each([
    { argv: ["compare", "alexnet"], says: "compare needs at least two specs" },
    { argv: ["compare"], says: "missing required argument" },
    { argv: ["compare", "-", "alexnet", "-"], says: "- (standard input) can be given only once" },
    { argv: ["compare", "alexnet", "vgg16", "--json", "--format", "csv"], says: "--json and --format csv disagree" },
    { argv: ["compare", "alexnet", "vgg16", "--format", "xml"], says: "Allowed choices are table, json, markdown, csv" },
    { argv: ["compare", "alexnet", "nosuchnet"], says: "nosuchnet: no such file, and no bundled spec has that name" },
  ])("$argv → $says", async ({ argv, says }) => {
    const { exitCode, stdout, stderr } = await runCli(argv);
    expect(exitCode).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(says);
  });

  it("reports every broken spec, each located by file:line:column and field path", async () => {
    const files = { "a.yaml": BROKEN_KERNEL, "b.yaml": BROKEN_GROUPS };
    const { exitCode, stdout, stderr } = await runCli(["compare", "a.yaml", "alexnet", "b.yaml"], { files });
    expect(exitCode).toBe(2);
    expect(stdout).toBe("");
    // "  - { type: conv, filters: 4, " is 30 characters: the misspelt key starts in column 31
    expect(stderr).toContain('a.yaml:4:31: layers[0].kernal: unknown field "kernal" (did you mean "kernel"?)');
    // … "kernel: 3, groups: " takes it to column 50, where the value 2 is
    expect(stderr).toContain("b.yaml:4:50: layers[0].groups: (conv1) groups (2) must divide the input channels (3)");
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
