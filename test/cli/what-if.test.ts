// The what-if options in-process: memory and FLOPs in the JSON report, overrides, sweeps, and
// bad values refused with what is accepted.
import { describe, expect, it } from "vitest";
import type { JsonCounts, JsonLayer, JsonShape } from "../../src/render/json.js";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

interface MemoryJson {
  dtype: string;
  activationDtype: string;
  batch: number;
  weights: number;
  activations: number;
  activationsAll: number;
  kvCache: number;
  training: { convention: string; weights: number; gradients: number; optimizer: number; activations: number; total: number };
}
interface FlopsJson {
  batch: number;
  forward: number;
  trainingStep: number;
}
interface WhatIfJson {
  input: JsonShape;
  layers: JsonLayer[];
  totals: JsonCounts & { flops?: number };
  flops?: FlopsJson;
  memory: MemoryJson;
  axis: string;
  sweep: { value: number | string; totals: JsonCounts & { flops: number }; flops: FlopsJson; memory: MemoryJson }[];
}

/** The JSON a run prints; which fields it has depends on the run (a report, or a sweep). */
const json = async (argv: string[]): Promise<WhatIfJson> => {
  const r = await runCli(argv);
  expect(r.stderr).toBe("");
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout) as WhatIfJson;
};

describe("memory and FLOPs in the JSON report", () => {
  it("AlexNet with biases in bf16: 60,965,224 weights × 2 bytes", async () => {
    const report = await json(["alexnet", "--bias", "--dtype", "bf16", "--json"]);
    expect(report.memory.dtype).toBe("bf16");
    expect(report.memory.weights).toBe(121_930_448);
    expect(report.memory.kvCache).toBe(0);
    // 2 × 724,406,816 connections
    expect(report.totals.flops).toBe(1_448_813_632);
    expect(report.flops).toEqual({ batch: 1, forward: 1_448_813_632, trainingStep: 4_346_440_896 });
  });

  it("activations follow --batch; weights do not", async () => {
    // peak at relu1: 2 × 290,400 values × 4 bytes × batch 8 = 18,585,600; all: 2,076,752 × 4 × 8
    const report = await json(["alexnet", "--batch", "8", "--json"]);
    expect(report.memory.activations).toBe(18_585_600);
    expect(report.memory.activationsAll).toBe(66_456_064);
    expect(report.memory.weights).toBe(243_818_624); // 60,954,656 × 4
    expect(report.flops?.forward).toBe(11_590_509_056); // 8 × 1,448,813,632
    // training: 16 × 60,954,656 = 975,274,496, + 2,076,752 × 8 × 2 bytes (fp16) = 33,228,032
    expect(report.memory.training).toEqual({
      convention: "adam-mixed",
      weights: 121_909_312,
      gradients: 121_909_312,
      optimizer: 731_455_872,
      activations: 33_228_032,
      total: 1_008_502_528,
    });
  });

  it("int4 weights keep fp16 activations unless --act-dtype says otherwise", async () => {
    const report = await json(["alexnet", "--dtype", "int4", "--json"]);
    // 60,954,656 × 4 bits = 30,477,328 bytes (every layer's count is even)
    expect(report.memory.weights).toBe(30_477_328);
    expect(report.memory.activationDtype).toBe("fp16");
    expect(report.memory.activations).toBe(1_161_600); // 580,800 × 2
    const int8 = await json(["alexnet", "--dtype", "int4", "--act-dtype", "int8", "--json"]);
    expect(int8.memory.activations).toBe(580_800);
  });

  it("without a what-if option the report is as before", async () => {
    const report = await json(["alexnet", "--json"]);
    expect(report.memory).toBeUndefined();
    expect(report.totals).toEqual({ units: 659_272, weights: 60_954_656, biases: 0, connections: 724_406_816 });
  });

  it("--memory adds the figures at the defaults: fp32, batch 1, mixed-precision Adam", async () => {
    const report = await json(["alexnet", "--memory", "--json"]);
    expect([report.memory.dtype, report.memory.batch, report.memory.training.convention]).toEqual(["fp32", 1, "adam-mixed"]);
  });
});

describe("--input", () => {
  it("227: AlexNet's first layer gives 56, then pool1 gives 27 again", async () => {
    // ⌊(227 + 2·2 − 11)/4⌋ + 1 = 56; pool1 ⌊(56 − 3)/2⌋ + 1 = 27, as at 224
    const report = await json(["alexnet", "--input", "227", "--json"]);
    expect(report.input).toEqual({ width: 227, height: 227, channels: 3 });
    expect(report.layers[0]!.output).toEqual({ width: 56, height: 56, channels: 96 });
    // L1: 56² × 11² × 3 × 96 = 109,283,328 against 105,415,200; the rest unchanged
    expect(report.totals.connections).toBe(728_274_944); // 724,406,816 − 105,415,200 + 109,283,328
    expect(report.totals.flops).toBe(1_456_549_888);
  });

  it("HxWxC sets the channels too", async () => {
    const report = await json(["alexnet", "--input", "224x224x1", "--json"]);
    expect(report.layers[0]!.weights).toBe(11_616); // 11² × 1 × 96
  });

  it("an input the network cannot take is located and says where it came from", async () => {
    const r = await runCli(["alexnet", "--input", "10"]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/alexnet\.yaml:\d+:\d+: layers\[3\]\.kernel: .*below 1.*with the input 10×10×3/);
  });
});

describe("the table", () => {
  it("adds the memory block with bytes and binary units, and the FLOPs with their convention", async () => {
    const r = await runCli(["alexnet", "--dtype", "bf16"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Memory · weights bf16 · activations bf16 · batch 1");
    // 121,909,312 bytes = 116.26 MiB
    expect(r.stdout).toMatch(/weights +121,909,312 B +116\.3 MiB/);
    expect(r.stdout).toContain("Rajbhandari et al. 2020");
    expect(r.stdout).toContain("2 × connections × batch 1");
    expect(r.stdout).toContain("Kaplan et al. 2020's 6N");
    expect(r.stdout).toContain("MiB, GiB are 1024, 1024², 1024³ bytes");
  });
});

describe("--sweep", () => {
  it("batch: one entry per value, as JSON", async () => {
    const out = await json(["alexnet", "--sweep", "batch=1,8,32", "--json"]);
    expect(out.axis).toBe("batch");
    expect(out.sweep.map((e) => e.value)).toEqual([1, 8, 32]);
    // activations peak scale with the batch: 2,323,200 × 32 = 74,342,400
    expect(out.sweep.map((e) => e.memory.activations)).toEqual([2_323_200, 18_585_600, 74_342_400]);
    expect(out.sweep[2]!.flops.forward).toBe(46_362_036_224); // 32 × 1,448,813,632
    expect(out.sweep[0]!.totals.connections).toBe(724_406_816);
  });

  it("input: the network at each size, as CSV", async () => {
    const r = await runCli(["alexnet", "--sweep", "input=224,227", "--format", "csv"]);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split("\r\n");
    expect(lines[0]).toBe(
      "axis,value,input,batch,units,weights,biases,connections,flops_forward,flops_training_step,memory_weights,memory_activations,memory_activations_all,memory_kv_cache,memory_training",
    );
    expect(lines[1]).toMatch(/^input,224,224×224×3,1,659272,60954656,0,724406816,1448813632,4346440896,243818624,/);
    expect(lines[2]).toMatch(/^input,227,227×227×3,1,\d+,60954656,0,728274944,1456549888,/);
    expect(lines).toHaveLength(4); // head, two rows, and the empty string after the last CRLF
  });

  it("--chart --format svg draws the curves, as well-formed XML", async () => {
    const r = await runCli(["alexnet", "--sweep", "input=224,256,299", "--chart", "--format", "svg"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(r.stdout.match(/<polyline /g)).toHaveLength(4); // forward FLOPs; weights, activations, training
    expect(r.stdout).toContain("AlexNet · sweep of input");
    expect(r.stdout.trim().endsWith("</svg>")).toBe(true);
  });

  it("a chart needs svg", async () => {
    const r = await runCli(["alexnet", "--sweep", "batch=1,2", "--chart"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("--format svg");
  });
});

describe("bad values exit 2 and list what is accepted", () => {
  it.each([
    [["--dtype", "fp7"], "fp32, tf32, fp16, bf16, fp8, int8, int4"],
    [["--dtype", "bf16/g128"], "with a 16-bit scale per G values"],
    [["--act-dtype", "int4/g128"], "fp32, tf32, fp16, bf16, fp8, int8, int4"],
    [["--batch", "0"], "whole number from 1"],
    [["--batch", "1.5"], "whole number from 1"],
    [["--optimizer", "adamw"], "adam-mixed, adam, sgd-momentum, adam-8bit"],
    [["--input", "0"], "227x227x3"],
    [["--input", "224x224"], "227x227x3"],
    [["--sweep", "input="], "input, batch"],
    [["--sweep", "tokens=1,2"], "set the positions of a sequence input, but this network's input is an image"],
    [["--sweep", "batch=1,,2"], "separated by commas"],
    [["--sweep", "batch=1,0"], "whole number from 1"],
    [["--sweep", "batch=1,2", "--batch", "4"], "give one of them"],
  ])("%j", async (args, accepted) => {
    const r = await runCli(["alexnet", ...args, "--json"]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(accepted);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe("--explain", () => {
  it("shows the working of every memory and FLOPs figure", async () => {
    const r = await runCli(["alexnet", "--explain", "--dtype", "int4/g128"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Memory and FLOPs · the working");
    expect(r.stdout).toContain("int4/g128: 4 + 16/128 bits per value");
    // L1: 34,848 weights, ⌈34,848/128⌉ = 273 scales: (139,392 + 4,368) / 8 = 17,970 bytes
    expect(r.stdout).toContain("L1  ⌈(34,848 × 4 + 273 × 16) / 8⌉ = 17,970 B");
    expect(r.stdout).toContain("fp32 master weights  4 × 60,954,656 parameters = 243,818,624 B");
    expect(r.stdout).toContain("forward = 2 × 724,406,816 connections × batch 1 = 1,448,813,632");
    expect(r.stdout).toContain("training step ≈ 3 × forward = 4,346,440,896");
  });
});

describe("--density", () => {
  interface PruningJson {
    pruning: {
      layers: { name: string; density: { weights: number; inputs: number }; weights: number; connections: number; flops: number }[];
      totals: Record<string, number>;
    };
  }
  const pruning = async (argv: string[]) => {
    const r = await runCli(argv);
    expect(r.exitCode).toBe(0);
    return (JSON.parse(r.stdout) as PruningJson).pruning;
  };

  it("prunes named layers from the command line", async () => {
    // L6: 37,748,736 × 0.09 = 3,397,386.24 → 3,397,386 weights; × 0.09 × 0.34 = 1,155,111.3216 → 1,155,111 connections
    const p = await pruning(["alexnet", "--density", "L6=0.09:0.34", "--json"]);
    expect(p.layers).toEqual([{ name: "L6", density: { weights: 0.09, inputs: 0.34 }, weights: 3_397_386, connections: 1_155_111, flops: 2_310_222 }]);
    // totals: 60,954,656 − 37,748,736 + 3,397,386 = 26,603,306; 724,406,816 − 37,748,736 + 1,155,111 = 687,813,191
    expect(p.totals).toEqual({ weights: 26_603_306, connections: 687_813_191, flops: 1_375_626_382 });
  });

  it("a bare share prunes every conv and dense layer; a named one wins over it and over the spec", async () => {
    // 0.5 of every layer's weights: AlexNet's are all even, 60,954,656 / 2 = 30,477,328
    expect((await pruning(["alexnet", "--density", "0.5", "--json"])).totals.weights).toBe(30_477_328);
    // alexnet-han2015 with L8 at 1: 6,796,191 − 1,024,000 + 4,096,000 = 9,868,191
    expect((await pruning(["alexnet-han2015", "--density", "L8=1", "--json"])).totals.weights).toBe(9_868_191);
  });

  it.each([
    ["L9=0.5", "close names"],
    ["pool1=0.5", "no conv or dense layer"],
  ])("%s is refused", async (value, message) => {
    const r = await runCli(["alexnet", "--density", value]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(message);
  });

  it.each(["0", "1.5", "L6=", "L6=0.5:0", "x", "0.5:0.5:0.5"])("share %s is refused with the syntax", async (value) => {
    const r = await runCli(["alexnet", "--density", value]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("[LAYER=]KEPT[:INPUTS]");
  });
});

describe("Markdown", () => {
  it("the memory block follows the table, as Markdown tables", async () => {
    const r = await runCli(["alexnet", "--dtype", "bf16", "--format", "markdown"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("**Memory · weights bf16 · activations bf16 · batch 1**");
    // 60,954,656 × 2 = 121,909,312 bytes, 116.26 MiB
    expect(r.stdout).toContain("| weights | 121,909,312 | 116.3 MiB |  |");
    expect(r.stdout).toContain("Bytes are exact; KiB, MiB and GiB are 1024, 1024² and 1024³ bytes.");
  });

  it("a sweep, a row per value", async () => {
    const r = await runCli(["alexnet", "--sweep", "batch=1,2", "--format", "markdown"]);
    expect(r.exitCode).toBe(0);
    const rows = r.stdout.split("\n").filter((line) => line.startsWith("| 224×224×3"));
    // forward FLOPs: 1,448,813,632 and 2 × that = 2,897,627,264
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain("| 1,448,813,632 |");
    expect(rows[1]).toContain("| 2,897,627,264 |");
  });

  it("--explain --format markdown puts the working of memory in a text block", async () => {
    const r = await runCli(["alexnet", "--explain", "--memory", "--format", "markdown"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("```text\nMemory and FLOPs · the working");
  });
});

describe("pruning in the table", () => {
  it("alexnet-han2015 shows what its densities keep", async () => {
    const r = await runCli(["alexnet-han2015"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Pruning · what the densities keep");
    // conv2: 38% × 88% = 33.44% of 223,948,800 connections: 74,888,479 kept
    expect(r.stdout).toMatch(/L2 +│ +38% │ +88% │ +116,736 │ +74,888,479 │ +33\.44% │/);
    // totals: 6,796,191 of 60,954,656 weights = 11.15%; 219,174,763 of 724,406,816 connections = 30.26%
    expect(r.stdout).toMatch(/Total +│ +11\.15% │ +│ +6,796,191 │ +219,174,763 │ +30\.26% │/);
  });
});
