// The model zoo: every bundled spec (every file in specs/, including ones added later) loads,
// analyzes and agrees with its published sources; the flat specs' totals equal the figures
// their sources print and the arithmetic worked by hand below; and `alexcount list` shows them.

import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type LoadedSpec, type Report, analyzeSpec, checkNetwork, formatProblem, loadSpec } from "../../src/index.js";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

const specsDir = new URL("../../specs/", import.meta.url);
const SPEC_FILES = readdirSync(specsDir)
  .filter((file) => /\.(ya?ml|json)$/.test(file))
  .sort();
const SCHEMA_LINE = "# yaml-language-server: $schema=../schema/alexcount.schema.json";

function load(file: string): LoadedSpec {
  const loaded = loadSpec(readFileSync(new URL(file, specsDir), "utf8"), `specs/${file}`);
  if (!loaded.ok) expect.fail(`specs/${file} does not load:\n${loaded.problems.map(formatProblem).join("\n")}`);
  return loaded.spec;
}

function analyzed(file: string, bias?: boolean): Report {
  const spec = load(file);
  const analysis = analyzeSpec(spec, bias);
  if (!analysis.ok) expect.fail(`specs/${file} does not analyze:\n${analysis.problems.map(formatProblem).join("\n")}`);
  return analysis.report;
}

describe("every bundled spec", () => {
  it("is found: the directory holds at least the specs written with this test", () => {
    for (const file of ["alexnet.yaml", "alexnet-torchvision.yaml", "caffenet.yaml", "vgg11.yaml", "vgg16.yaml", "vgg19.yaml", "mobilenet-v1.yaml"]) {
      expect(SPEC_FILES).toContain(file);
    }
  });

  describe.each(SPEC_FILES)("specs/%s", (file) => {
    // JSON has no comments to carry the schema line; the loader still checks a JSON spec below
    if (!file.endsWith(".json")) it("starts with the schema line and has a one-line description", () => {
      const text = readFileSync(new URL(file, specsDir), "utf8");
      expect(text.split("\n")[0]).toBe(SCHEMA_LINE);
      const { description } = load(file);
      expect(description).toBeTruthy();
      expect(description).not.toContain("\n");
    });

    it("loads and analyzes", () => {
      expect(analyzed(file).layers.length).toBeGreaterThan(0);
    });

    it("passes check: every published cell matches, or is a listed erratum", () => {
      const spec = load(file);
      expect(spec.published.length, "a bundled spec carries at least one published source").toBeGreaterThan(0);
      const checked = checkNetwork(spec.network, spec.published);
      if (!checked.ok) expect.fail(checked.issues.map((issue) => issue.message).join("\n"));
      const failing = checked.result.sources.flatMap((source) =>
        source.cells.filter((cell) => cell.status !== "match" && cell.status !== "erratum").map((cell) => `${source.source}: ${cell.at} published ${cell.published}, computed ${cell.computed}: ${cell.status}`),
      );
      expect(failing).toEqual([]);
      expect(checked.result.ok).toBe(true);
    });
  });
});

// The classifier that torchvision's AlexNet, CaffeNet and the VGGs end with, biases on:
// fc6 flattens 6·6·256 = 9,216 (AlexNets) or 7·7·512 = 25,088 (VGGs) values.
const ALEXNET_FC_WEIGHTS = 6 * 6 * 256 * 4096 + 4096 + 4096 * 4096 + 4096 + 4096 * 1000 + 1000;
const ALEXNET_FC_MACS = 6 * 6 * 256 * 4096 + 4096 * 4096 + 4096 * 1000;
const VGG_FC_WEIGHTS = 7 * 7 * 512 * 4096 + 4096 + 4096 * 4096 + 4096 + 4096 * 1000 + 1000; // 123,642,856
const VGG_FC_MACS = 7 * 7 * 512 * 4096 + 4096 * 4096 + 4096 * 1000; // 123,633,664
const FC_UNITS = 4096 + 4096 + 1000;

// MobileNet v1: the depthwise layers' channels, and the pointwise layers' output channels
const MOBILENET_DW_CHANNELS = 32 + 64 + 128 + 128 + 256 + 256 + 5 * 512 + 512 + 1024; // 4,960
const MOBILENET_PW_OUTPUTS = 64 + 128 + 128 + 256 + 256 + 512 + 5 * 512 + 1024 + 1024; // 5,952

// GoogLeNet's inception modules, Szegedy et al. 2015 Table 1: input channels C, #1×1, #3×3 reduce,
// #3×3, #5×5 reduce, #5×5, pool proj, and the side of the feature map (28, 14 or 7)
type InceptionRow = readonly [number, number, number, number, number, number, number, number];
const GOOGLENET_MODULES: readonly InceptionRow[] = [
  [192, 64, 96, 128, 16, 32, 32, 28], // 3a
  [256, 128, 128, 192, 32, 96, 64, 28], // 3b
  [480, 192, 96, 208, 16, 48, 64, 14], // 4a
  [512, 160, 112, 224, 24, 64, 64, 14], // 4b
  [512, 128, 128, 256, 24, 64, 64, 14], // 4c
  [512, 112, 144, 288, 32, 64, 64, 14], // 4d
  [528, 256, 160, 320, 32, 128, 128, 14], // 4e
  [832, 256, 160, 320, 32, 128, 128, 7], // 5a
  [832, 384, 192, 384, 48, 128, 128, 7], // 5b
];
const inceptionWeights = ([c, n1, r3, n3, r5, n5, pp]: InceptionRow) => c * n1 + c * r3 + 9 * r3 * n3 + c * r5 + 25 * r5 * n5 + c * pp;
const inceptionFilters = ([, n1, r3, n3, r5, n5, pp]: InceptionRow) => n1 + r3 + n3 + r5 + n5 + pp;

/**
 * Totals with biases on, worked by hand: a conv layer has k²·(C/g)·M + M weights and
 * H′·W′·k²·(C/g)·M connections, a dense layer F·N + N and F·N, batchnorm 2C (γ and β).
 * `exact` is the same figure written out, and `printed` the one a source prints exactly, if any.
 */
const HAND_TOTALS: readonly {
  file: string;
  weights: number;
  connections: number;
  units: number;
  exact: { weights: number; connections: number; units: number };
  printed?: { weights?: number; connections?: number };
}[] = [
  {
    file: "alexnet-torchvision.yaml",
    weights: 11 * 11 * 3 * 64 + 64 + (5 * 5 * 64 * 192 + 192) + (3 * 3 * 192 * 384 + 384) + (3 * 3 * 384 * 256 + 256) + (3 * 3 * 256 * 256 + 256) + ALEXNET_FC_WEIGHTS,
    connections: 55 * 55 * 11 * 11 * 3 * 64 + 27 * 27 * 5 * 5 * 64 * 192 + 13 * 13 * 3 * 3 * (192 * 384 + 384 * 256 + 256 * 256) + ALEXNET_FC_MACS,
    units: 55 * 55 * 64 + 27 * 27 * 192 + 13 * 13 * (384 + 256 + 256) + FC_UNITS,
    exact: { weights: 61_100_840, connections: 714_188_480, units: 494_184 },
    // torchvision num_params; pytorch/tnt's flops_forward (one per multiply–accumulate)
    printed: { weights: 61_100_840, connections: 714_188_480 },
  },
  {
    file: "caffenet.yaml",
    // groups 2 on conv2, conv4, conv5: each filter sees half the channels (48, 192, 192)
    weights: 11 * 11 * 3 * 96 + 96 + (5 * 5 * 48 * 256 + 256) + (3 * 3 * 256 * 384 + 384) + (3 * 3 * 192 * 384 + 384) + (3 * 3 * 192 * 256 + 256) + ALEXNET_FC_WEIGHTS,
    connections: 55 * 55 * 11 * 11 * 3 * 96 + 27 * 27 * 5 * 5 * 48 * 256 + 13 * 13 * 3 * 3 * (256 * 384 + 192 * 384 + 192 * 256) + ALEXNET_FC_MACS,
    units: 55 * 55 * 96 + 27 * 27 * 256 + 13 * 13 * (384 + 384 + 256) + FC_UNITS,
    exact: { weights: 60_965_224, connections: 724_406_816, units: 659_272 },
    // figures.md: the two-GPU network's 60,965,224 parameters and 724,406,816 MACs
    printed: { weights: 60_965_224, connections: 724_406_816 },
  },
  {
    file: "vgg11.yaml",
    weights: 3 * 3 * (3 * 64 + 64 * 128 + 128 * 256 + 256 * 256 + 256 * 512 + 512 * 512 + 2 * 512 * 512) + (64 + 128 + 2 * 256 + 2 * 512 + 2 * 512) + VGG_FC_WEIGHTS,
    connections:
      3 * 3 * (224 * 224 * 3 * 64 + 112 * 112 * 64 * 128 + 56 * 56 * (128 * 256 + 256 * 256) + 28 * 28 * (256 * 512 + 512 * 512) + 14 * 14 * 2 * 512 * 512) + VGG_FC_MACS,
    units: 224 * 224 * 64 + 112 * 112 * 128 + 56 * 56 * 256 * 2 + 28 * 28 * 512 * 2 + 14 * 14 * 512 * 2 + FC_UNITS,
    exact: { weights: 132_863_336, connections: 7_609_090_048, units: 7_435_240 },
    printed: { weights: 132_863_336 }, // torchvision num_params; GFLOPS 7.609
  },
  {
    file: "vgg16.yaml",
    weights:
      3 * 3 * (3 * 64 + 64 * 64 + 64 * 128 + 128 * 128 + 128 * 256 + 2 * 256 * 256 + 256 * 512 + 2 * 512 * 512 + 3 * 512 * 512) +
      (2 * 64 + 2 * 128 + 3 * 256 + 3 * 512 + 3 * 512) +
      VGG_FC_WEIGHTS,
    connections:
      3 * 3 * (224 * 224 * (3 * 64 + 64 * 64) + 112 * 112 * (64 * 128 + 128 * 128) + 56 * 56 * (128 * 256 + 2 * 256 * 256) + 28 * 28 * (256 * 512 + 2 * 512 * 512) + 14 * 14 * 3 * 512 * 512) +
      VGG_FC_MACS,
    units: 224 * 224 * 64 * 2 + 112 * 112 * 128 * 2 + 56 * 56 * 256 * 3 + 28 * 28 * 512 * 3 + 14 * 14 * 512 * 3 + FC_UNITS,
    exact: { weights: 138_357_544, connections: 15_470_264_320, units: 13_556_712 },
    printed: { weights: 138_357_544 }, // torchvision num_params; GFLOPS 15.47
  },
  {
    file: "vgg19.yaml",
    weights:
      3 * 3 * (3 * 64 + 64 * 64 + 64 * 128 + 128 * 128 + 128 * 256 + 3 * 256 * 256 + 256 * 512 + 3 * 512 * 512 + 4 * 512 * 512) +
      (2 * 64 + 2 * 128 + 4 * 256 + 4 * 512 + 4 * 512) +
      VGG_FC_WEIGHTS,
    connections:
      3 * 3 * (224 * 224 * (3 * 64 + 64 * 64) + 112 * 112 * (64 * 128 + 128 * 128) + 56 * 56 * (128 * 256 + 3 * 256 * 256) + 28 * 28 * (256 * 512 + 3 * 512 * 512) + 14 * 14 * 4 * 512 * 512) +
      VGG_FC_MACS,
    units: 224 * 224 * 64 * 2 + 112 * 112 * 128 * 2 + 56 * 56 * 256 * 4 + 28 * 28 * 512 * 4 + 14 * 14 * 512 * 4 + FC_UNITS,
    exact: { weights: 143_667_240, connections: 19_632_062_464, units: 14_861_288 },
    printed: { weights: 143_667_240 }, // torchvision num_params; GFLOPS 19.632
  },
  {
    file: "mobilenet-v1.yaml",
    // full conv 3²·3·32; depthwise 3²·C; pointwise C·M; batchnorm γ, β on every conv's output; fc with bias
    weights:
      3 * 3 * 3 * 32 +
      3 * 3 * MOBILENET_DW_CHANNELS +
      (32 * 64 + 64 * 128 + 128 * 128 + 128 * 256 + 256 * 256 + 256 * 512 + 5 * 512 * 512 + 512 * 1024 + 1024 * 1024) +
      2 * (32 + MOBILENET_DW_CHANNELS + MOBILENET_PW_OUTPUTS) +
      (1024 * 1000 + 1000),
    connections:
      112 * 112 * 3 * 3 * 3 * 32 +
      3 * 3 * (112 * 112 * 32 + 56 * 56 * 64 + 56 * 56 * 128 + 28 * 28 * 128 + 28 * 28 * 256 + 14 * 14 * 256 + 5 * 14 * 14 * 512 + 7 * 7 * 512 + 7 * 7 * 1024) +
      (112 * 112 * 32 * 64 + 56 * 56 * 64 * 128 + 56 * 56 * 128 * 128 + 28 * 28 * 128 * 256 + 28 * 28 * 256 * 256 + 14 * 14 * 256 * 512 + 5 * 14 * 14 * 512 * 512 + 7 * 7 * 512 * 1024 + 7 * 7 * 1024 * 1024) +
      1024 * 1000,
    units:
      112 * 112 * 32 +
      (112 * 112 * 32 + 56 * 56 * 64 + 56 * 56 * 128 + 28 * 28 * 128 + 28 * 28 * 256 + 14 * 14 * 256 + 5 * 14 * 14 * 512 + 7 * 7 * 512 + 7 * 7 * 1024) +
      (112 * 112 * 64 + 56 * 56 * 128 + 56 * 56 * 128 + 28 * 28 * 256 + 28 * 28 * 256 + 14 * 14 * 512 + 5 * 14 * 14 * 512 + 7 * 7 * 1024 + 7 * 7 * 1024) +
      1000,
    exact: { weights: 4_231_976, connections: 568_740_352, units: 5_043_688 },
    // no source prints MobileNet's totals exactly (569M, 4.2M, 4.24M); TF-slim's per-layer
    // figures and conv subtotal are published cells of the spec, checked above
  },
  {
    file: "googlenet-bvlc.yaml",
    // Szegedy et al.'s GoogLeNet (BVLC's deploy.prototxt), biases on: conv1 7²·3·64, conv2
    // 64·64 + 3²·64·192, then each module [C, #1×1, #3×3red, #3×3, #5×5red, #5×5, pool proj, side]
    // with C·#1×1 + C·#3×3red + 9·#3×3red·#3×3 + C·#5×5red + 25·#5×5red·#5×5 + C·pool proj
    // weights (plus one bias per filter) and side² times that many connections; fc 1,024·1,000
    weights: 7 * 7 * 3 * 64 + 64 + (64 * 64 + 64) + (3 * 3 * 64 * 192 + 192) + GOOGLENET_MODULES.reduce((sum, m) => sum + inceptionWeights(m) + inceptionFilters(m), 0) + (1024 * 1000 + 1000),
    connections: 112 * 112 * 7 * 7 * 3 * 64 + 56 * 56 * (64 * 64 + 3 * 3 * 64 * 192) + GOOGLENET_MODULES.reduce((sum, m) => sum + m[7] * m[7] * inceptionWeights(m), 0) + 1024 * 1000,
    units: 112 * 112 * 64 + 56 * 56 * (64 + 192) + GOOGLENET_MODULES.reduce((sum, m) => sum + m[7] * m[7] * inceptionFilters(m), 0) + 1000,
    exact: { weights: 6_998_552, connections: 1_582_671_872, units: 3_227_160 },
    // Table 1 prints rounded figures only (6.8M, 1.5G: errata in the spec)
  },
];

describe.each(HAND_TOTALS)("specs/$file totals, biases on, against hand arithmetic", ({ file, weights, connections, units, exact, printed }) => {
  it("the working adds up to the figure written out", () => {
    expect({ weights, connections, units }).toEqual(exact);
  });

  it("the tool computes the same totals", () => {
    const { totals } = analyzed(file, true);
    expect({ weights: totals.weights, connections: totals.connections, units: totals.units }).toEqual(exact);
  });

  if (printed) {
    it("the figures a source prints exactly", () => {
      const { totals } = analyzed(file, true);
      expect({ weights: totals.weights, connections: totals.connections }).toMatchObject(printed);
    });
  }
});

describe("MobileNet v1 against Howard et al. (2017), Table 2: resource per layer type", () => {
  // Table 2's shares are of the network without batchnorm and without biases: 3,185,088 conv
  // weights + 1,024·1,000 fc weights = 4,209,088 parameters; 568,740,352 mult-adds.
  const report = analyzed("mobilenet-v1.yaml", false);
  const typeOf = (row: Report["layers"][number]): string | undefined => {
    const { layer } = row;
    if (layer.type === "dense") return "Fully Connected";
    if (layer.type !== "conv") return undefined; // batchnorm, pooling, activations: not in the table
    if (layer.groups > 1) return "Conv DW 3×3";
    return layer.kernel[0] === 1 && layer.kernel[1] === 1 ? "Conv 1×1" : "Conv 3×3";
  };
  const sum = (type: string | undefined, metric: "weights" | "connections") =>
    report.layers.filter((row) => (type === undefined ? typeOf(row) !== undefined : typeOf(row) === type)).reduce((total, row) => total + Number(row[metric]), 0);
  const percent = (type: string, metric: "weights" | "connections") => ((100 * sum(type, metric)) / sum(undefined, metric)).toFixed(2);

  it("the table's totals: 4,209,088 parameters, 568,740,352 mult-adds", () => {
    expect(sum(undefined, "weights")).toBe(3_185_088 + 1024 * 1000);
    expect(sum(undefined, "connections")).toBe(568_740_352);
  });

  it.each([
    // printed mult-adds % and parameters %, Table 2
    { type: "Conv 1×1", multAdds: "94.86", parameters: "74.59" },
    { type: "Conv DW 3×3", multAdds: "3.06", parameters: "1.06" },
    { type: "Fully Connected", multAdds: "0.18", parameters: "24.33" },
  ])("$type: $multAdds% of mult-adds, $parameters% of parameters, as printed", ({ type, multAdds, parameters }) => {
    expect(percent(type, "connections")).toBe(multAdds);
    expect(percent(type, "weights")).toBe(parameters);
  });

  it("Conv 3×3: 0.02% of parameters as printed, but 1.91% of mult-adds, not the printed 1.19%", () => {
    // erratum: 112²·3²·3·32 = 10,838,016 and 10,838,016 / 568,740,352 = 1.906%; the printed
    // column sums to 99.29% with 1.19 and to 100.01% with 1.91: two digits swapped
    expect(percent("Conv 3×3", "weights")).toBe("0.02");
    expect(percent("Conv 3×3", "connections")).toBe("1.91");
    expect(sum("Conv 3×3", "connections")).toBe(112 * 112 * 3 * 3 * 3 * 32);
  });
});

describe("specs/llama3-8b.yaml, against hand arithmetic (biases off, as the model has none)", () => {
  // d = 4,096, 32 layers, 32 query heads and 8 key/value heads of 128, MLP 14,336, vocabulary
  // 128,256, untied; T = 8,192 tokens
  const [d, layers, kv, mlp, vocab, t] = [4096, 32, 8 * 128, 14_336, 128_256, 8192];
  const attentionWeights = 2 * d * d + 2 * d * kv; // q, o; k, v
  const mlpWeights = 3 * d * mlp; // gate, up, down
  const weights = 2 * vocab * d + layers * (attentionWeights + mlpWeights + 2 * d) + d; // + two RMSNorms a layer, the final norm
  // per layer: the four projections and the MLP at every position, and QKᵀ and the weighted
  // sum of values over full T×T matrices, 32 heads of 128 each
  const connections = layers * (t * attentionWeights + 2 * 32 * t * t * 128 + t * mlpWeights) + t * d * vocab;

  it("the working adds up to 8,030,261,248 weights (the model card's 8.03B) and 79,070,347,919,360 connections", () => {
    expect(weights).toBe(8_030_261_248);
    expect(connections).toBe(79_070_347_919_360);
  });

  it("the tool computes the same totals", () => {
    const { totals } = analyzed("llama3-8b.yaml");
    expect({ weights: totals.weights, connections: totals.connections }).toEqual({ weights, connections });
  });
});

describe("specs/mixtral-8x7b.yaml, against hand arithmetic (biases off, as the model has none)", () => {
  // d = 4,096, 32 layers, 32 query heads and 8 key/value heads of 128, 8 SwiGLU experts of
  // 14,336 of which each position uses 2, a router of 8 logits, vocabulary 32,000, untied;
  // T = 32,768 tokens
  const [d, layers, kv, mlp, experts, topK, vocab, t] = [4096, 32, 8 * 128, 14_336, 8, 2, 32_000, 32_768];
  const attentionWeights = 2 * d * d + 2 * d * kv; // q, o; k, v: 41,943,040
  const router = d * experts; // 32,768
  const expert = 3 * d * mlp; // w1, w3, w2: 176,160,768
  const norms = 2 * d;
  const weights = 2 * vocab * d + layers * (attentionWeights + router + experts * expert + norms) + d;
  const activeWeights = 2 * vocab * d + layers * (attentionWeights + router + topK * expert + norms) + d;
  // per layer: the projections at every position, QKᵀ and the weighted sum of values over full
  // T×T matrices (32 heads of 128), the router at every position, and 2 experts at every position
  const connections = layers * (t * attentionWeights + 2 * 32 * t * t * 128 + t * router + t * topK * expert) + t * d * vocab;

  it("the working adds up to 46,702,792,704 weights (46.7B), 12,879,925,248 active (12.9B) and 699,220,675,788,800 connections", () => {
    expect(weights).toBe(46_702_792_704);
    expect(activeWeights).toBe(12_879_925_248);
    expect(connections).toBe(699_220_675_788_800);
  });

  it("the tool computes the same totals", () => {
    const report = analyzed("mixtral-8x7b.yaml");
    expect({ weights: report.totals.weights, active: report.active?.totals, connections: report.totals.connections }).toEqual({
      weights,
      active: activeWeights,
      connections,
    });
  });

  it("deals each expert T·k / E = 32,768 × 2 / 8 = 8,192 positions", () => {
    const report = analyzed("mixtral-8x7b.yaml");
    const dispatches = report.layers.filter((row) => row.type === "dispatch");
    expect(dispatches).toHaveLength(32 * 8);
    for (const row of dispatches) expect(row.output).toEqual({ kind: "sequence", length: 8192, features: 4096 });
  });
});

describe("alexcount list", () => {
  // totals under each spec's own bias setting: biases off in alexnet.yaml (the CSC321
  // tutorial's 60,954,656 weights; 724,406,816 MACs), on in the others (as HAND_TOTALS)
  const LISTED = [
    { name: "alexnet", weights: 60_954_656, connections: 724_406_816 },
    ...HAND_TOTALS.map(({ file, exact }) => ({ name: file.replace(/\.yaml$/, ""), weights: exact.weights, connections: exact.connections })),
    { name: "llama3-8b", weights: 8_030_261_248, connections: 79_070_347_919_360 },
    { name: "mixtral-8x7b", weights: 46_702_792_704, connections: 699_220_675_788_800 },
  ];
  const grouped = (n: number) => n.toLocaleString("en-US");

  it("lists every bundled spec, one row each", async () => {
    const { exitCode, stdout, stderr } = await runCli(["list"]);
    expect(stderr).toBe("");
    expect(exitCode).toBe(0);
    const rows = stdout.split("\n").filter((line) => line.startsWith("│ "));
    const names = rows.map((row) => row.split("│")[1]?.trim()).filter((name) => name !== "Spec");
    // the binary bundles specs/*.yaml under their file names
    const yamlNames = SPEC_FILES.filter((file) => file.endsWith(".yaml")).map((file) => file.replace(/\.yaml$/, ""));
    expect([...names].sort()).toEqual(yamlNames.sort());
  });

  it.each(LISTED)("$name: $weights weights, $connections connections", async ({ name, weights, connections }) => {
    const { stdout } = await runCli(["list"]);
    const row = stdout.split("\n").find((line) => line.startsWith(`│ ${name} `));
    expect(row, `no row for ${name}`).toBeDefined();
    const cells = row?.split("│").map((cell) => cell.trim());
    // │ name │ description │ weights │ connections │
    expect(cells?.slice(3, 5)).toEqual([grouped(weights), grouped(connections)]);
  });
});
