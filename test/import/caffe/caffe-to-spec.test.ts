// The Caffe importer: the BVLC reference nets give exactly the bundled specs' figures, each
// layer type is read as Caffe computes it (expected figures worked by hand beside them), and
// every broken file gets a located problem.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Report } from "../../../src/core/analyze.js";
import { importCaffe } from "../../../src/import/caffe/caffe-to-spec.js";
import type { ImportedSpec } from "../../../src/import/import-problem.js";
import { specYaml } from "../../../src/import/write-spec.js";
import { analyzeSpec } from "../../../src/loader/analyze-spec.js";
import { loadSpec } from "../../../src/loader/load.js";
import { formatProblem } from "../../../src/loader/problems.js";
import { bundledReport } from "../../helpers.js";

const fixture = (path: string): string => readFileSync(new URL(`fixtures/${path}`, import.meta.url), "utf8");

function imported(text: string, file = "net.prototxt"): ImportedSpec {
  const result = importCaffe(text, file);
  if (!result.ok) expect.fail(result.problems.map(formatProblem).join("\n"));
  return result.imported;
}

/** Imports, writes the YAML, loads it as any spec is loaded, and analyzes it. */
function report(text: string, file = "net.prototxt"): Report {
  const yaml = specYaml(imported(text, file));
  const loaded = loadSpec(yaml, file);
  if (!loaded.ok) expect.fail(`${loaded.problems.map(formatProblem).join("\n")}\n${yaml}`);
  const analysis = analyzeSpec(loaded.spec);
  if (!analysis.ok) expect.fail(analysis.problems.map(formatProblem).join("\n"));
  return analysis.report;
}

function problems(text: string): string[] {
  const result = importCaffe(text, "net.prototxt");
  if (result.ok) expect.fail(`expected problems, got\n${specYaml(result.imported)}`);
  return result.problems.map(formatProblem);
}

/** The conv and dense rows, in order: what two layouts of the same network must agree on. */
const counted = (r: Report) =>
  r.layers.filter((row) => row.weights > 0 || row.connections > 0).map(({ units, weights, biases, connections }) => ({ units, weights, biases, connections }));
const totals = (r: Report) => ({ units: r.totals.units, weights: r.totals.weights, connections: r.totals.connections });

describe("the BVLC reference nets (exact copies, fixtures/SOURCES.md)", () => {
  // specs/alexnet.yaml with biases (--bias) is the two-GPU AlexNet: 60,965,224 weights and
  // 724,406,816 MACs (its BVLC published source); specs/caffenet.yaml has the same totals.
  it.each([
    ["bvlc_alexnet/deploy.prototxt", "alexnet"],
    ["bvlc_alexnet/train_val.prototxt", "alexnet"],
    ["bvlc_reference_caffenet/deploy.prototxt", "caffenet"],
    ["bvlc_reference_caffenet/train_val.prototxt", "caffenet"],
  ])("%s gives the bundled %s's figures, layer by layer and in total", (file, spec) => {
    const fromCaffe = report(fixture(file), file);
    const bundled = bundledReport(spec, true);
    expect(counted(fromCaffe)).toEqual(counted(bundled));
    expect(totals(fromCaffe)).toEqual(totals(bundled));
    expect(totals(fromCaffe)).toEqual({ units: 659_272, weights: 60_965_224, connections: 724_406_816 });
  });

  it("names the layers as the file does, and skips the data, accuracy and loss layers of train_val", () => {
    const { spec, header } = imported(fixture("bvlc_alexnet/train_val.prototxt"));
    const names = (spec.layers as { name: string }[]).map((l) => l.name);
    expect(names).toEqual([
      "conv1",
      "relu1",
      "norm1",
      "pool1",
      "conv2",
      "relu2",
      "norm2",
      "pool2",
      "conv3",
      "relu3",
      "conv4",
      "relu4",
      "conv5",
      "relu5",
      "pool5",
      "fc6",
      "relu6",
      "drop6",
      "fc7",
      "relu7",
      "drop7",
      "fc8",
    ]);
    expect(header.join("\n")).toContain("Skipped (no weights, no multiply–accumulates): data (Data, TRAIN only), accuracy (Accuracy), loss (SoftmaxWithLoss).");
    // the TEST phase's data layer: crop_size 227, batch_size 50
    expect(header.join("\n")).toContain("50 × 3 × 227 × 227");
  });

  it("reports the deploy batch in the header and counts per sample", () => {
    const { header, spec } = imported(fixture("bvlc_reference_caffenet/deploy.prototxt"));
    expect(header[1]).toContain('Input: blob "data", 10 × 3 × 227 × 227');
    expect(spec.input).toEqual({ size: 227, channels: 3 });
  });

  it("writes ceil: true on Caffe's pooling, which rounds up", () => {
    const { spec } = imported(fixture("bvlc_alexnet/deploy.prototxt"));
    expect((spec.layers as Record<string, unknown>[]).find((l) => l.name === "pool1")).toEqual({
      name: "pool1",
      type: "maxpool",
      kernel: 3,
      stride: 2,
      ceil: true,
    });
  });
});

describe("BVLC GoogLeNet", () => {
  // specs/googlenet-bvlc.yaml, written by hand with blocks: 6,998,552 weights (6,990,272 without
  // biases) and 1,582,671,872 MACs, worked out in its header and in test/specs/zoo.test.ts
  it("deploy.prototxt gives specs/googlenet-bvlc.yaml's figures, layer by layer (inception_3a/1x1 is inception_3a.1x1 there)", () => {
    const fromCaffe = report(fixture("bvlc_googlenet/deploy.prototxt"));
    const bundled = bundledReport("googlenet-bvlc");
    const rows = (r: Report, rename: (name: string) => string) =>
      r.layers.map((l) => ({ name: rename(l.name), type: l.type, output: l.output, units: l.units, weights: l.weights, connections: l.connections }));
    expect(rows(fromCaffe, (name) => name.replace(/^(inception_\w+)\//, "$1."))).toEqual(rows(bundled, (name) => name));
    expect(totals(fromCaffe)).toEqual({ units: 3_227_160, weights: 6_998_552, connections: 1_582_671_872 });
  });

  it("train_val.prototxt adds the two auxiliary classifiers, which train_val defines and deploy does not", () => {
    const deploy = report(fixture("bvlc_googlenet/deploy.prototxt"));
    const trainVal = report(fixture("bvlc_googlenet/train_val.prototxt"));
    // each head: 5×5 average pool of the 14×14×C map (stride 3) → 4×4×C; 1×1 conv to 128
    // (C·128 + 128 weights, 16·C·128 MACs); fc 2,048 → 1,024 (+ 1,024); classifier 1,024 → 1,000
    // (+ 1,000). loss1 reads inception_4a (C = 512), loss2 inception_4d (C = 528).
    const head = (c: number) => ({ weights: c * 128 + 128 + 2048 * 1024 + 1024 + 1024 * 1000 + 1000, connections: 16 * c * 128 + 2048 * 1024 + 1024 * 1000 });
    expect(Number(trainVal.totals.weights) - Number(deploy.totals.weights)).toBe(head(512).weights + head(528).weights);
    expect(Number(trainVal.totals.connections) - Number(deploy.totals.connections)).toBe(head(512).connections + head(528).connections);
  });
});

const INPUT = (c: number, h: number, w = h) =>
  `layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: ${c} dim: ${h} dim: ${w} } } }\n`;

describe("layer by layer", () => {
  it("Convolution: kernel_h/kernel_w, pad_h/pad_w, stride, bias_term: false", () => {
    const r = report(
      `${INPUT(3, 32)}layer { name: "c" type: "Convolution" bottom: "data" top: "c"
         convolution_param { num_output: 8 kernel_h: 3 kernel_w: 5 pad_h: 1 pad_w: 2 stride: 2 bias_term: false } }`,
    );
    // H′ = ⌊(32 + 2 − 3) / 2⌋ + 1 = 16, W′ = ⌊(32 + 4 − 5) / 2⌋ + 1 = 16; weights 3·5·3·8 = 360
    expect(r.layers[0]).toMatchObject({ output: { height: 16, width: 16, channels: 8 }, weights: 360, biases: 0, connections: 16 * 16 * 360 });
  });

  it("Convolution: group, dilation, two kernel_size values, a bias", () => {
    const r = report(
      `${INPUT(4, 20)}layer { name: "c" type: "Convolution" bottom: "data" top: "c"
         convolution_param { num_output: 6 kernel_size: 3 kernel_size: 1 dilation: 2 group: 2 } }`,
    );
    // H′ = 20 − 2·(3 − 1) = 16, W′ = 20; weights 3·1·(4/2)·6 + 6 = 42
    expect(r.layers[0]).toMatchObject({ output: { height: 16, width: 20, channels: 6 }, weights: 42, biases: 6, connections: 16 * 20 * 36 });
  });

  it.each([
    // ⌈(6 − 3) / 2⌉ + 1 = 3 (Caffe's default) and ⌊(6 − 3) / 2⌋ + 1 = 2: the fc layer then reads
    // 3·3·4 = 36 or 2·2·4 = 16 values: 36·10 + 10 = 370 or 16·10 + 10 = 170 weights
    ["", 3, 370],
    ["round_mode: CEIL", 3, 370],
    ["round_mode: FLOOR", 2, 170],
  ])("Pooling rounds up unless told otherwise (%s)", (mode, side, weights) => {
    const r = report(
      `${INPUT(4, 6)}layer { name: "p" type: "Pooling" bottom: "data" top: "p" pooling_param { pool: MAX kernel_size: 3 stride: 2 ${mode} } }
       layer { name: "fc" type: "InnerProduct" bottom: "p" top: "fc" inner_product_param { num_output: 10 } }`,
    );
    expect(r.layers[0]!.output).toEqual({ kind: "image", height: side, width: side, channels: 4 });
    expect(r.layers[1]!.weights).toBe(weights);
  });

  it("Pooling: AVE, global_pooling, and Caffe's stride default of 1", () => {
    const { spec } = imported(
      `${INPUT(4, 6)}layer { name: "a" type: "Pooling" bottom: "data" top: "a" pooling_param { pool: AVE kernel_size: 3 } }
       layer { name: "g" type: "Pooling" bottom: "a" top: "g" pooling_param { pool: AVE global_pooling: true } }`,
    );
    expect(spec.layers).toEqual([
      { name: "a", type: "avgpool", kernel: 3, stride: 1, ceil: true },
      { name: "g", type: "avgpool", global: true },
    ]);
  });

  it("BatchNorm + Scale(bias_term) is one affine batchnorm: 2C weights", () => {
    const r = report(
      `${INPUT(16, 8)}layer { name: "c" type: "Convolution" bottom: "data" top: "c" convolution_param { num_output: 16 kernel_size: 1 bias_term: false } }
       layer { name: "bn" type: "BatchNorm" bottom: "c" top: "c" }
       layer { name: "sc" type: "Scale" bottom: "c" top: "c" scale_param { bias_term: true } }
       layer { name: "r" type: "ReLU" bottom: "c" top: "c" }`,
    );
    // conv 1·1·16·16 = 256; batchnorm 2·16 = 32 (the mean and variance are not learned)
    expect(r.layers.map((l) => [l.name, l.type, l.weights])).toEqual([
      ["c", "conv", 256],
      ["bn", "batchnorm", 32],
      ["r", "relu", 0],
    ]);
  });

  it("a BatchNorm alone learns nothing; a Scale without a shift is not counted, and says so", () => {
    const text = `${INPUT(16, 8)}layer { name: "bn" type: "BatchNorm" bottom: "data" top: "data" }
       layer { name: "sc" type: "Scale" bottom: "data" top: "data" }`;
    expect(report(text).totals.weights).toBe(0);
    expect(imported(text).warnings).toEqual([
      "sc (Scale without bias_term) is an identity here: its one learned scale per channel is not a layer the spec format has.",
    ]);
  });

  it("PReLU is a relu whose slopes are named as not counted", () => {
    const { spec, warnings, header } = imported(`${INPUT(3, 8)}layer { name: "pr" type: "PReLU" bottom: "data" top: "pr" }`);
    expect(spec.layers).toEqual([{ name: "pr", type: "relu" }]);
    expect(warnings).toEqual(["pr (PReLU) is a relu here: its learned slopes (one per channel) are weights the spec format has no layer for."]);
    expect(header.at(-1)).toBe(`Not counted: ${warnings[0]}`);
  });

  it("Split, Eltwise and Concat become inputs; in-place layers are layers of their own", () => {
    const { spec, header } = imported(
      `${INPUT(4, 5)}layer { name: "split" type: "Split" bottom: "data" top: "a" top: "b" }
       layer { name: "c1" type: "Convolution" bottom: "a" top: "c1" convolution_param { num_output: 4 kernel_size: 1 } }
       layer { name: "r1" type: "ReLU" bottom: "c1" top: "c1" }
       layer { name: "c2" type: "Convolution" bottom: "b" top: "c2" convolution_param { num_output: 4 kernel_size: 1 } }
       layer { name: "sum" type: "Eltwise" bottom: "c1" bottom: "c2" top: "sum" }
       layer { name: "max" type: "Eltwise" bottom: "c1" bottom: "sum" top: "max" eltwise_param { operation: MAX } }
       layer { name: "cat" type: "Concat" bottom: "c1" bottom: "max" top: "cat" }`,
    );
    expect(spec.layers).toEqual([
      { name: "c1", type: "conv", filters: 4, kernel: 1 },
      { name: "r1", type: "relu" },
      { name: "c2", type: "conv", filters: 4, kernel: 1, inputs: ["input"] },
      { name: "sum", type: "add", inputs: ["r1", "c2"] },
      { name: "max", type: "add", inputs: ["r1", "sum"] },
      { name: "cat", type: "concat", inputs: ["r1", "max"] },
    ]);
    expect(header).toContain("max (Eltwise MAX) is written as add: the same shape rule, nothing learned, no multiply–accumulates.");
  });

  it("reads the older layers {} form with input and input_dim", () => {
    const r = report(`name: "old" input: "data" input_dim: 1 input_dim: 3 input_dim: 10 input_dim: 10
      layers { name: "c" type: CONVOLUTION bottom: "data" top: "c" blobs_lr: 1 convolution_param { num_output: 2 kernel_size: 3 } }
      layers { name: "r" type: RELU bottom: "c" top: "c" }
      layers { name: "loss" type: SOFTMAX_LOSS bottom: "c" bottom: "label" top: "loss" }`);
    // 8×8×2 outputs; weights 3·3·3·2 + 2 = 56; connections 8·8·54 = 3,456
    expect(r.name).toBe("old");
    expect(r.totals).toMatchObject({ units: 128, weights: 56, connections: 3456 });
  });

  it("reads input with input_shape, and a vector input", () => {
    const r = report(`input: "x" input_shape { dim: 4 dim: 20 }
      layer { name: "fc" type: "InnerProduct" bottom: "x" top: "fc" inner_product_param { num_output: 5 bias_term: false } }`);
    expect(r.totals.weights).toBe(100);
  });

  it("renames a layer called input, which a spec reserves", () => {
    const { spec, header } = imported(`${INPUT(3, 4)}layer { name: "input" type: "ReLU" bottom: "data" top: "x" }`);
    expect(spec.layers).toEqual([{ name: "input_", type: "relu" }]);
    expect(header).toContain("input is named input_ here: input names the network input in a spec.");
  });
});

describe("problems, located in the prototxt", () => {
  it.each([
    [
      "an unknown type, with the one meant",
      `${INPUT(3, 8)}layer { name: "r" type: "Relu" bottom: "data" top: "r" }`,
      /^net\.prototxt:2:25: layer\[1\]\.type: \(r\) unknown layer type "Relu" \(did you mean ReLU\?\); alexcount reads Convolution, /,
    ],
    [
      "a bottom nothing makes",
      `${INPUT(3, 8)}layer { name: "r" type: "ReLU" bottom: "nothing" top: "r" }`,
      /^net\.prototxt:2:40: layer\[1\]\.bottom\[0\]: \(r\) bottom "nothing" is not a blob yet: no layer makes it, and it is not an input$/,
    ],
    [
      "a loop: a bottom only a later layer makes",
      `${INPUT(3, 8)}layer { name: "a" type: "ReLU" bottom: "b" top: "a" }\nlayer { name: "b" type: "ReLU" bottom: "a" top: "b" }`,
      /^net\.prototxt:2:40: layer\[1\]\.bottom\[0\]: \(a\) bottom "b" is not a blob yet, which only the later layer "b" \(line 3\) makes: Caffe runs layers in file order/,
    ],
    [
      "Deconvolution",
      `${INPUT(3, 8)}layer { name: "up" type: "Deconvolution" bottom: "data" top: "up" }`,
      /^net\.prototxt:2:26: layer\[1\]\.type: \(up\) Deconvolution \(a transposed convolution\) is not in the spec format yet$/,
    ],
    [
      "a misspelt field that changes a count",
      `${INPUT(3, 8)}layer { name: "c" type: "Convolution" bottom: "data" top: "c" convolution_param { num_output: 2 kernel_size: 3 stirde: 2 } }`,
      /^net\.prototxt:2:112: layer\[1\]\.convolution_param\.stirde: convolution_param has no field stirde \(did you mean stride\?\)$/,
    ],
    [
      "a missing num_output",
      `${INPUT(3, 8)}layer { name: "c" type: "Convolution" bottom: "data" top: "c" convolution_param { kernel_size: 3 } }`,
      /^net\.prototxt:2:81: layer\[1\]\.convolution_param\.num_output: \(c\) num_output is required$/,
    ],
    [
      "a label read by a counted layer",
      `layer { name: "d" type: "Data" top: "data" top: "label" transform_param { crop_size: 8 } }\nlayer { name: "r" type: "ReLU" bottom: "label" top: "r" }`,
      /^net\.prototxt:2:40: layer\[1\]\.bottom\[0\]: \(r\) bottom "label" is the "d" layer's labels, which alexcount does not read$/,
    ],
    ["a solver, not a net", `net: "train_val.prototxt"\nbase_lr: 0.01`, /^net\.prototxt:1:1: net: a Caffe net \(NetParameter\) has no field net$/],
    [
      "a net without an input",
      `layer { name: "r" type: "ReLU" bottom: "x" top: "r" }`,
      /^net\.prototxt:1:40: layer\[0\]\.bottom\[0\]: \(r\) bottom "x" is not a blob yet/,
    ],
    ["a syntax error", `layer { name: "r" type: "ReLU" `, /^net\.prototxt:1:32: "\{" opened at line 1:7 is never closed$/],
    [
      "a Data layer without a crop",
      `layer { name: "d" type: "Data" top: "data" }`,
      /^net\.prototxt:1:7: layer\[0\]: \(d\) the Data layer's image size is in its database/,
    ],
  ])("%s", (_what, text, expected) => {
    const found = problems(text);
    expect(found[0]).toMatch(expected);
  });

  it("reports every broken layer in one run, and not the layers that read a broken one", () => {
    const found = problems(
      `${INPUT(3, 8)}layer { name: "c" type: "Convolution" bottom: "data" top: "c" convolution_param { kernel_size: 3 } }
layer { name: "r" type: "ReLU" bottom: "c" top: "c" }
layer { name: "x" type: "Nonsense" bottom: "c" top: "x" }`,
    );
    expect(found).toHaveLength(2);
    expect(found[1]).toMatch(/^net\.prototxt:4:25: layer\[3\]\.type: \(x\) unknown layer type "Nonsense";/);
  });
});
