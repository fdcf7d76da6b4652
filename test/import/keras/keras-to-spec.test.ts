// The Keras and TF.js importer: the TF.js layers models that nsfwjs 4.4.0 ships give the weights
// their own weightsManifest stores, small models in Keras 2's and Keras 3's JSON are counted as
// Keras counts them (the figures worked by hand beside them), and every broken file gets a
// problem naming its JSON path.

import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Report } from "../../../src/core/analyze.js";
import type { ImportedSpec } from "../../../src/import/import-problem.js";
import { importKeras } from "../../../src/import/keras/keras-to-spec.js";
import { specYaml } from "../../../src/import/write-spec.js";
import { analyzeSpec } from "../../../src/loader/analyze-spec.js";
import { loadSpec } from "../../../src/loader/load.js";
import { formatProblem } from "../../../src/loader/problems.js";

const fixture = (path: string): string => readFileSync(new URL(`fixtures/${path}`, import.meta.url), "utf8");

function imported(text: string, file = "model.json"): ImportedSpec {
  const result = importKeras(text, file);
  if (!result.ok) expect.fail(result.problems.map(formatProblem).join("\n"));
  return result.imported;
}

/** Imports, writes the YAML, loads it as any spec is loaded, and analyzes it. */
function report(text: string, file = "model.json"): Report {
  const yaml = specYaml(imported(text, file));
  const loaded = loadSpec(yaml, file);
  if (!loaded.ok) expect.fail(`${loaded.problems.map(formatProblem).join("\n")}\n${yaml}`);
  const analysis = analyzeSpec(loaded.spec);
  if (!analysis.ok) expect.fail(analysis.problems.map(formatProblem).join("\n"));
  return analysis.report;
}

function located(text: string): string[] {
  const result = importKeras(text, "model.json");
  if (result.ok) expect.fail(`expected problems, got\n${specYaml(result.imported)}`);
  return result.problems.map(formatProblem);
}

/** The problems without their line and column (each must have one), for messages about one-line JSON. */
function problems(text: string): string[] {
  return located(text).map((message) => {
    expect(message).toMatch(/^model\.json:\d+:\d+: /);
    return message.replace(/^model\.json:\d+:\d+: /, "model.json: ");
  });
}

const row = (r: Report, name: string) => {
  const found = r.layers.find((l) => l.layer.name === name);
  if (!found) expect.fail(`no layer ${name}: ${r.layers.map((l) => l.layer.name).join(", ")}`);
  return { weights: found.weights, biases: found.biases, connections: found.connections, units: found.units };
};

/** The stored tensors' elements, summed from the file's weightsManifest here, apart from the code under test. */
function manifest(text: string): { stored: number; moving: number } {
  const file = JSON.parse(text) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] };
  let stored = 0;
  let moving = 0;
  for (const group of file.weightsManifest)
    for (const w of group.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      stored += n;
      if (/moving_(mean|variance)$/.test(w.name)) moving += n;
    }
  return { stored, moving };
}

// ---- Keras 2 to_json() builders: the shapes Keras 2.x writes ----------------------------------

const k2 = (className: string, name: string, config: Record<string, unknown>, inbound?: string[]) => ({
  class_name: className,
  name,
  config: { name, ...config },
  inbound_nodes: inbound ? [inbound.map((from) => [from, 0, 0, {}])] : [],
});
const functional2 = (layers: unknown[], output: string) =>
  JSON.stringify({
    class_name: "Model",
    config: { name: "m", layers, input_layers: [["in", 0, 0]], output_layers: [[output, 0, 0]] },
    keras_version: "2.2.4",
    backend: "tensorflow",
  });

// ---- Keras 3: {args: [tensors]}, a tensor {class_name: "__keras_tensor__", config: {keras_history}} --

const tensor = (from: string) => ({ class_name: "__keras_tensor__", config: { shape: [null], dtype: "float32", keras_history: [from, 0, 0] } });
const k3 = (className: string, name: string, config: Record<string, unknown>, args: unknown[], kwargs: Record<string, unknown> = {}) => ({
  module: "keras.layers",
  class_name: className,
  config: { name, trainable: true, dtype: "float32", ...config },
  registered_name: null,
  name,
  inbound_nodes: [{ args, kwargs }],
});

describe("TF.js layers models shipped in nsfwjs 4.4.0 (fixtures/nsfwjs-4.4.0, README there)", () => {
  it("MobileNetV2: its weights are the manifest's tensors less the moving statistics, which the spec holds as a published source", () => {
    const text = fixture("nsfwjs-4.4.0/mobilenet_v2.json");
    const { stored, moving } = manifest(text);
    // 266 tensors, 2,619,461 elements; the 52 batchnorms' moving_mean and moving_variance hold 34,112
    expect({ stored, moving }).toEqual({ stored: 2_619_461, moving: 34_112 });
    const r = report(text, "mobilenet_v2.json");
    expect(r.totals.weights).toBe(stored - moving); // 2,585,349
    const spec = imported(text, "mobilenet_v2.json");
    expect(spec.spec.published).toEqual([expect.objectContaining({ totals: { weights: 2_585_349 } })]);
    expect(spec.header.join(" ")).toContain("non-trainable parameters: 34,112 here");
    // Conv1_pad pads [[0, 1], [0, 1]] before a 3×3 stride-2 valid conv: Keras's ⌊(224 + 1 − 3) / 2⌋ + 1 = 112,
    // which padding 1 gives too, ⌊(224 + 2 − 3) / 2⌋ + 1 = 112: 112·112·32·27 = 10,838,016 MACs, 864 weights (no bias)
    expect(row(r, "Conv1")).toEqual({ weights: 864, biases: 0, connections: 10_838_016, units: 401_408 });
    // the depthwise 3×3 conv of block 1 on 112×112×96, stride 2 after block_1_pad: 56·56·96·9 = 2,709,504; 96·9 = 864 weights
    expect(row(r, "block_1_depthwise")).toMatchObject({ weights: 864, connections: 2_709_504 });
    // the head: dense_3 is 128 → 5 with biases, 645 weights, 640 MACs
    expect(row(r, "dense_3")).toEqual({ weights: 645, biases: 5, connections: 640, units: 5 });
  });

  it("InceptionV3: BatchNormalization(scale=False) keeps β alone, and the weights again match the manifest", () => {
    const text = fixture("nsfwjs-4.4.0/inception_v3.json");
    const { stored, moving } = manifest(text);
    expect({ stored, moving }).toEqual({ stored: 22_360_869, moving: 34_432 });
    const r = report(text, "inception_v3.json");
    expect(r.totals.weights).toBe(stored - moving); // 22,326,437
    // conv2d_1: 3×3, 3 → 32, stride 2, valid, no bias: 864 weights; ⌊(299 − 3) / 2⌋ + 1 = 149: 149²·32·27 = 19,181,664 MACs
    expect(row(r, "conv2d_1")).toEqual({ weights: 864, biases: 0, connections: 19_181_664, units: 710_432 });
    // its batchnorm: β alone, 32 weights, all of them biases
    expect(row(r, "batch_normalization_1")).toMatchObject({ weights: 32, biases: 32 });
  });

  it("refuses the TF.js graph model beside them, saying what it reads instead", () => {
    expect(problems(fixture("nsfwjs-4.4.0/mobilenet_v2_mid-excerpt.json"))).toEqual([
      "model.json: modelTopology: a TF.js graph model (a TensorFlow graph of ops, not of layers): alexcount reads layers models (tfjs.converters.save_keras_model, model.save())",
    ]);
  });
});

describe("Keras 2 Sequential: the Keras mnist_cnn example", () => {
  const mnist = JSON.stringify({
    class_name: "Sequential",
    config: {
      name: "sequential_1",
      layers: [
        {
          class_name: "Conv2D",
          config: {
            name: "conv2d_1",
            batch_input_shape: [null, 28, 28, 1],
            filters: 32,
            kernel_size: [3, 3],
            strides: [1, 1],
            padding: "valid",
            activation: "relu",
            use_bias: true,
          },
        },
        { class_name: "Conv2D", config: { name: "conv2d_2", filters: 64, kernel_size: [3, 3], activation: "relu" } },
        { class_name: "MaxPooling2D", config: { name: "max_pooling2d_1", pool_size: [2, 2], strides: null, padding: "valid" } },
        { class_name: "Dropout", config: { name: "dropout_1", rate: 0.25 } },
        { class_name: "Flatten", config: { name: "flatten_1" } },
        { class_name: "Dense", config: { name: "dense_1", units: 128, activation: "relu" } },
        { class_name: "Dropout", config: { name: "dropout_2", rate: 0.5 } },
        { class_name: "Dense", config: { name: "dense_2", units: 10, activation: "softmax" } },
      ],
    },
    keras_version: "2.2.4",
    backend: "tensorflow",
  });

  it("counts each layer as Keras's summary prints it: 320, 18,496, 1,179,776 and 1,290 parameters, 1,199,882 in all", () => {
    const r = report(mnist);
    // 3·3·1·32 + 32 = 320; 26·26·32·9 = 194,688 MACs
    expect(row(r, "conv2d_1")).toMatchObject({ weights: 320, connections: 194_688 });
    // 3·3·32·64 + 64 = 18,496; 24·24·64·288 = 10,616,832
    expect(row(r, "conv2d_2")).toMatchObject({ weights: 18_496, connections: 10_616_832 });
    // 12·12·64 = 9,216 features: 9,216·128 + 128 = 1,179,776
    expect(row(r, "dense_1")).toMatchObject({ weights: 1_179_776, connections: 1_179_648 });
    expect(row(r, "dense_2")).toMatchObject({ weights: 1_290, connections: 1_280 });
    expect(r.totals.weights).toBe(1_199_882);
    expect(r.layers.map((l) => l.layer.name)).toEqual([
      "conv2d_1",
      "conv2d_1_relu",
      "conv2d_2",
      "conv2d_2_relu",
      "max_pooling2d_1",
      "dropout_1",
      "flatten_1",
      "dense_1",
      "dense_1_relu",
      "dropout_2",
      "dense_2",
      "dense_2_softmax",
    ]);
  });

  it("writes a header naming the file, the input and the conventions", () => {
    const spec = imported(mnist, "mnist.json");
    expect(spec.header[0]).toBe('Imported by `alexcount import` from mnist.json (Keras 2.2.4 model JSON), model "sequential_1"; edit freely.');
    expect(spec.header[1]).toBe("Input: conv2d_1, shape [null,28,28,1] (channels last); counted per sample, not per batch.");
    expect(spec.spec.input).toEqual({ size: 28, channels: 1 });
  });
});

describe("Keras 3 Functional: separable, depthwise, batchnorm without scale, global pooling", () => {
  const model = JSON.stringify({
    module: "keras.src.models.functional",
    class_name: "Functional",
    config: {
      name: "small",
      trainable: true,
      layers: [
        {
          module: "keras.layers",
          class_name: "InputLayer",
          config: { batch_shape: [null, 32, 32, 3], dtype: "float32", sparse: false, name: "in" },
          name: "in",
          inbound_nodes: [],
        },
        k3(
          "SeparableConv2D",
          "sep",
          { filters: 16, kernel_size: [3, 3], strides: [1, 1], padding: "same", depth_multiplier: 1, activation: "linear", use_bias: true },
          [tensor("in")],
        ),
        k3("BatchNormalization", "bn", { axis: -1, center: true, scale: false }, [tensor("sep")]),
        k3("DepthwiseConv2D", "dw", { kernel_size: [3, 3], strides: [2, 2], padding: "same", depth_multiplier: 2, use_bias: true, activation: "relu6" }, [
          tensor("bn"),
        ]),
        k3("GlobalAveragePooling2D", "gap", { keepdims: false }, [tensor("dw")]),
        k3("Dense", "out", { units: 10, activation: "softmax", use_bias: true }, [tensor("gap")]),
      ],
      input_layers: ["in", 0, 0],
      output_layers: ["out", 0, 0],
    },
    registered_name: "Functional",
  });

  it("counts each layer by hand", () => {
    const r = report(model);
    // SeparableConv2D: depthwise 3·3·3 = 27 (no bias), 32·32·3·9 = 27,648 MACs; pointwise 3·16 + 16 = 64, 32·32·16·3 = 49,152
    expect(row(r, "sep_depthwise")).toMatchObject({ weights: 27, biases: 0, connections: 27_648 });
    expect(row(r, "sep_pointwise")).toMatchObject({ weights: 64, biases: 16, connections: 49_152 });
    // scale=False: β alone, 16
    expect(row(r, "bn")).toMatchObject({ weights: 16, biases: 16 });
    // depth_multiplier 2 on 16 channels: 32 filters of 3·3·1 plus 32 biases = 320; ⌈32 / 2⌉ = 16: 16·16·32·9 = 73,728
    expect(row(r, "dw")).toMatchObject({ weights: 320, connections: 73_728 });
    // 32 features after the global pooling: 32·10 + 10 = 330
    expect(row(r, "out")).toMatchObject({ weights: 330, connections: 320 });
    expect(r.totals.weights).toBe(27 + 64 + 16 + 320 + 330);
    expect(r.layers.map((l) => l.layer.name)).toContain("dw_relu6");
  });

  it("says that Keras would count the moving mean and variance too: 2 × 16", () => {
    expect(imported(model).header.join(" ")).toContain("non-trainable parameters: 32 here");
  });
});

describe("sequences: Embedding, LSTM, GRU, MultiHeadAttention, LayerNormalization, Dense per position (Keras 2 functional)", () => {
  const model = functional2(
    [
      k2("InputLayer", "in", { batch_input_shape: [null, 20], dtype: "int32" }),
      k2("Embedding", "emb", { input_dim: 1000, output_dim: 64 }, ["in"]),
      k2("LSTM", "lstm", { units: 32, return_sequences: true, use_bias: true }, ["emb"]),
      k2("GRU", "gru", { units: 16, return_sequences: true, use_bias: true, reset_after: true }, ["lstm"]),
      {
        ...k2("MultiHeadAttention", "mha", { num_heads: 2, key_dim: 8, value_dim: null, output_shape: null, use_bias: true }),
        inbound_nodes: [[["gru", 0, 0, { value: ["gru", 0, 0] }]]],
      },
      k2("Add", "add", {}, ["gru", "mha"]),
      k2("LayerNormalization", "ln", { axis: -1, center: true, scale: true }, ["add"]),
      k2("Dense", "head", { units: 4, activation: "linear" }, ["ln"]),
    ],
    "head",
  );

  it("counts each layer by hand, with Keras's one bias vector per gate block (two for a GRU with reset_after)", () => {
    const r = report(model);
    expect(r.layers[0]!.layer.name).toBe("emb");
    // 1,000 × 64
    expect(row(r, "emb")).toMatchObject({ weights: 64_000 });
    // kernel 64×128 + recurrent 32×128 + bias 128 = 12,416; 20 steps · 4·32·96 = 245,760 MACs
    expect(row(r, "lstm")).toMatchObject({ weights: 12_416, connections: 245_760 });
    // kernel 32×48 + recurrent 16×48 + bias 2×48 = 2,400; 20 · 3·16·48 = 46,080
    expect(row(r, "gru")).toMatchObject({ weights: 2_400, connections: 46_080 });
    // q, k, v: 16·(2·8) + 16 each, output 16·16 + 16: 4 × 272 = 1,088; projections 20·16·16·4 = 20,480, QKᵀ and AV 2·20·20·8 each
    expect(row(r, "mha")).toMatchObject({ weights: 1_088, connections: 20_480 + 6_400 + 6_400 });
    expect(row(r, "ln")).toMatchObject({ weights: 32 });
    // at each of the 20 positions: 16·4 + 4 = 68 weights, 20·64 = 1,280 MACs
    expect(row(r, "head")).toMatchObject({ weights: 68, connections: 1_280 });
    expect(r.totals.weights).toBe(64_000 + 12_416 + 2_400 + 1_088 + 32 + 68);
  });
});

describe("layer options, each worked by hand", () => {
  it("Conv2D with groups and dilation, MaxPooling2D with padding same, Bidirectional LSTM, PReLU", () => {
    const image = functional2(
      [
        k2("InputLayer", "in", { batch_input_shape: [null, 16, 16, 4] }),
        k2("Conv2D", "g", { filters: 8, kernel_size: 3, dilation_rate: 2, groups: 2, padding: "valid" }, ["in"]),
        k2("MaxPooling2D", "p", { pool_size: [3, 3], strides: [2, 2], padding: "same" }, ["g"]),
        k2("PReLU", "pr", {}, ["p"]),
        k2("Flatten", "f", {}, ["pr"]),
        k2("Dense", "d", { units: 1 }, ["f"]),
      ],
      "d",
    );
    const r = report(image);
    // span 2·(3 − 1) + 1 = 5: ⌊(16 − 5) / 1⌋ + 1 = 12; 3·3·(4 / 2)·8 + 8 = 152 weights; 12·12·8·18 = 20,736 MACs
    expect(row(r, "g")).toMatchObject({ weights: 152, connections: 20_736 });
    // TensorFlow's same pooling: ⌈12 / 2⌉ = 6, so 6·6·8 = 288 features reach the dense layer: 288 + 1 weights
    expect(row(r, "d")).toMatchObject({ weights: 289 });
    // PReLU's slopes are not counted, and the header says so
    expect(imported(image).warnings).toEqual(["pr (PReLU) is a relu here: its learned slopes are weights the spec format has no layer for."]);

    const text = functional2(
      [
        k2("InputLayer", "in", { batch_input_shape: [null, 10, 8] }),
        k2("Bidirectional", "bi", { merge_mode: "concat", layer: { class_name: "LSTM", config: { name: "l", units: 4, return_sequences: true } } }, ["in"]),
      ],
      "bi",
    );
    // each direction: kernel 8×16 + recurrent 4×16 + bias 16 = 208; two directions 416; 10 steps · 2 · 4·4·12 = 3,840 MACs
    expect(row(report(text), "bi")).toMatchObject({ weights: 416, connections: 3_840 });
  });
});

describe("from a sequence to a vector: the last step, or the mean over the positions", () => {
  it("an LSTM that returns its last step alone is followed by a pick of position -1, and the dense layer after it counts once", () => {
    const text = functional2(
      [k2("InputLayer", "in", { batch_input_shape: [null, 10, 8] }), k2("LSTM", "l", { units: 4 }, ["in"]), k2("Dense", "d", { units: 1 }, ["l"])],
      "d",
    );
    const r = report(text);
    expect(r.layers.map((l) => l.layer.name)).toEqual(["l", "l_last", "d"]);
    // kernel 8×16 + recurrent 4×16 + bias 16 = 208; 10 steps · 4·4·12 = 1,920 MACs
    expect(row(r, "l")).toMatchObject({ weights: 208, connections: 1_920 });
    // 4 features, once: 4 + 1 weights, 4 MACs
    expect(row(r, "d")).toMatchObject({ weights: 5, connections: 4 });
  });

  it("GlobalAveragePooling1D is a mean over the positions, GlobalMaxPooling1D too (said in the header)", () => {
    const layers = (pool: string) => [
      k2("InputLayer", "in", { batch_input_shape: [null, 10, 8] }),
      k2("Dense", "proj", { units: 6 }, ["in"]),
      k2(pool, "pool", {}, ["proj"]),
      k2("Dense", "out", { units: 2 }, ["pool"]),
    ];
    const r = report(functional2(layers("GlobalAveragePooling1D"), "out"));
    // per position: 8·6 + 6 = 54 weights, 10·48 = 480 MACs; after the mean, once: 6·2 + 2 = 14, 12 MACs
    expect(row(r, "proj")).toMatchObject({ weights: 54, connections: 480 });
    expect(row(r, "out")).toMatchObject({ weights: 14, connections: 12 });
    expect(imported(functional2(layers("GlobalMaxPooling1D"), "out")).header.join(" ")).toContain("pool (GlobalMaxPooling1D) is written as mean");
  });
});

describe("names are data", () => {
  it("a layer name with a newline and an escape sequence cannot write YAML from the header comment", () => {
    const text = JSON.stringify({
      class_name: "Sequential",
      config: {
        name: "m\nlayers: []",
        layers: [
          { class_name: "InputLayer", config: { name: "in", batch_input_shape: [null, 4] } },
          { class_name: "Masking", config: { name: "mask\nbias: false\n\u001b[31m" } },
          { class_name: "Dense", config: { name: "d", units: 2 } },
        ],
      },
    });
    const yaml = specYaml(imported(text));
    // every line is a comment or one of the spec's own keys: the names' newlines did not start lines
    expect(yaml.split("\n").filter((line) => line && !/^(#|name: |description: |source: |input: |bias: |layers:|  - )/.test(line))).toEqual([]);
    expect(yaml).toContain("mask\\nbias: false\\n\\u001b[31m (Masking)");
    expect(report(text).totals.weights).toBe(10); // 4·2 + 2
  });
});

describe("nested models", () => {
  it("a pretrained base (a Functional model) as a Sequential model's first layer: its input is the input, its layers counted once", () => {
    const base = {
      class_name: "Functional",
      name: "base",
      config: {
        name: "base",
        layers: [
          k2("InputLayer", "img", { batch_input_shape: [null, 8, 8, 3] }),
          k2("Conv2D", "conv", { filters: 4, kernel_size: 3, padding: "valid" }, ["img"]),
        ],
        input_layers: [["img", 0, 0]],
        output_layers: [["conv", 0, 0]],
      },
      inbound_nodes: [],
    };
    const model = JSON.stringify({
      class_name: "Sequential",
      config: {
        name: "transfer",
        layers: [base, { class_name: "GlobalAveragePooling2D", config: { name: "gap" } }, { class_name: "Dense", config: { name: "out", units: 2 } }],
      },
    });
    const r = report(model);
    // 3·3·3·4 + 4 = 112 weights; ⌊(8 − 3) / 1⌋ + 1 = 6: 6·6·4·27 = 3,888 MACs
    expect(row(r, "conv")).toMatchObject({ weights: 112, connections: 3_888 });
    // 4 pooled features: 4·2 + 2 = 10
    expect(row(r, "out")).toMatchObject({ weights: 10, connections: 8 });
    expect(r.layers.map((l) => l.layer.name)).toEqual(["conv", "gap", "out"]);
  });

  it("a Functional model called on a tensor of the outer model reads that tensor", () => {
    const inner = {
      class_name: "Functional",
      name: "block",
      config: {
        name: "block",
        layers: [k2("InputLayer", "x", { batch_input_shape: [null, 6] }), k2("Dense", "inner_dense", { units: 3 }, ["x"])],
        input_layers: [["x", 0, 0]],
        output_layers: [["inner_dense", 0, 0]],
      },
      inbound_nodes: [[["first", 0, 0, {}]]],
    };
    const model = functional2(
      [
        k2("InputLayer", "in", { batch_input_shape: [null, 5] }),
        k2("Dense", "first", { units: 6 }, ["in"]),
        inner,
        k2("Dense", "last", { units: 1 }, ["block"]),
      ],
      "last",
    );
    const r = report(model);
    // 5·6 + 6 = 36, 6·3 + 3 = 21, 3·1 + 1 = 4
    expect(r.layers.map((l) => [l.layer.name, l.weights])).toEqual([
      ["first", 36],
      ["inner_dense", 21],
      ["last", 4],
    ]);
  });
});

describe("bad files: each problem named by its JSON path", () => {
  const base = [k2("InputLayer", "in", { batch_input_shape: [null, 8, 8, 3] }), k2("Conv2D", "c", { filters: 4, kernel_size: 3 }, ["in"])];

  it("an unknown layer class, with the classes it reads", () => {
    const [message] = problems(functional2([...base, k2("Frobnicate", "f", {}, ["c"])], "f"));
    expect(message).toMatch(/^model\.json: config\.layers\[2\]\.class_name: \(f\) unknown layer class "Frobnicate"; alexcount reads InputLayer, Conv2D, /);
  });

  it("is placed at the line and column of the value its path names", () => {
    const text = JSON.stringify(JSON.parse(functional2([...base, k2("Frobnicate", "f", {}, ["c"])], "f")), null, 2);
    // the third layer's "class_name": "Frobnicate": its value's line and column, found in the text here
    const offset = text.indexOf('"Frobnicate"');
    const line = text.slice(0, offset).split("\n").length;
    const column = offset - text.lastIndexOf("\n", offset - 1);
    expect(located(text)[0]).toMatch(new RegExp(`^model\\.json:${line}:${column}: config\\.layers\\[2\\]\\.class_name: \\(f\\) unknown layer class`));
    // a field the file lacks: placed at the config that should hold it
    const missing = JSON.stringify(JSON.parse(functional2([base[0], k2("Dense", "d", {}, ["in"])], "d")), null, 2);
    const config = missing.indexOf("{", missing.indexOf('"config"', missing.indexOf('"class_name": "Dense"')));
    expect(located(missing)).toEqual([
      `model.json:${missing.slice(0, config).split("\n").length}:${config - missing.lastIndexOf("\n", config - 1)}: config.layers[1].config.units: units is required`,
    ]);
  });

  it("a layer the spec format has no type for yet, by name", () => {
    expect(problems(functional2([...base, k2("Conv3D", "t", { filters: 4, kernel_size: 3 }, ["c"])], "t"))).toEqual([
      "model.json: config.layers[2].class_name: (t) Conv3D: the spec format has no layer for 3-D convolution yet",
    ]);
  });

  it("an inbound layer that does not exist, and one that comes later (a loop)", () => {
    expect(problems(functional2([...base, k2("Flatten", "f", {}, ["nope"])], "f"))).toEqual([
      'model.json: config.layers[2].inbound_nodes[0][0]: (f) reads "nope", which no layer of the model is',
    ]);
    const loop = [base[0], k2("Conv2D", "a", { filters: 4, kernel_size: 1 }, ["b"]), k2("Conv2D", "b", { filters: 4, kernel_size: 1 }, ["a"])];
    expect(problems(functional2(loop, "b"))).toEqual([
      'model.json: config.layers[1].inbound_nodes[0][0]: (a) reads "b", which only comes later (layers[2]): a model lists each layer after those it reads, and a loop is not a model',
    ]);
  });

  it("an input whose size is not fixed", () => {
    const text = functional2([k2("InputLayer", "in", { batch_input_shape: [null, null, 16] }), k2("Dense", "d", { units: 2 }, ["in"])], "d");
    expect(problems(text)).toEqual([
      "model.json: config.layers[0].config.batch_input_shape: (in) the input's shape [null,null,16] has a dimension that is not fixed (null): alexcount counts one size; write it in the file (batch_input_shape, Input(shape=…))",
    ]);
  });

  it("a value of the wrong kind, at its field", () => {
    expect(problems(functional2([base[0], k2("Conv2D", "c", { filters: "four", kernel_size: 3 }, ["in"])], "c"))).toEqual([
      'model.json: config.layers[1].config.filters: expected a whole number ≥ 1, found "four"',
    ]);
  });

  it("a value nested 100,000 deep, described rather than printed", () => {
    const text = functional2([base[0], k2("Conv2D", "c", { filters: "DEEP", kernel_size: 3 }, ["in"])], "c").replace(
      '"DEEP"',
      "[".repeat(100_000) + "]".repeat(100_000),
    );
    expect(problems(text)).toEqual(["model.json: config.layers[1].config.filters: expected a whole number ≥ 1, found a list of 1"]);
  });

  it("JSON that ends early, at the line and column where it stops", () => {
    const [message] = located('{"class_name": "Sequential",\n "config": {"layers": [');
    expect(message).toMatch(/^model\.json:2:\d+: not valid JSON/);
  });

  it("an odd ZeroPadding2D before a stride-1 convolution, which no symmetric padding matches", () => {
    const text = functional2(
      [
        base[0],
        k2(
          "ZeroPadding2D",
          "pad",
          {
            padding: [
              [0, 1],
              [0, 1],
            ],
          },
          ["in"],
        ),
        k2("Conv2D", "c", { filters: 4, kernel_size: 3, padding: "valid" }, ["pad"]),
      ],
      "c",
    );
    expect(problems(text)[0]).toMatch(/^model\.json: config\.layers\[2\]\.config: \(c\) the ZeroPadding2D "pad" adds 1 zeros on one axis/);
  });
});

describe("properties over generated models", () => {
  it("a Sequential chain of Dense layers has Σ (in·out + out with a bias) weights, Keras's count", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.record({ units: fc.integer({ min: 1, max: 64 }), bias: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        (features, denses) => {
          const layers = [
            { class_name: "InputLayer", config: { name: "in", batch_input_shape: [null, features] } },
            ...denses.map((d, k) => ({
              class_name: "Dense",
              config: { name: `d${k}`, units: d.units, use_bias: d.bias, activation: k % 2 ? "relu" : "linear" },
            })),
          ];
          let expected = 0;
          let width = features;
          for (const d of denses) {
            expected += width * d.units + (d.bias ? d.units : 0);
            width = d.units;
          }
          const r = report(JSON.stringify({ class_name: "Sequential", config: { name: "s", layers } }));
          expect(r.totals.weights).toBe(expected);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("a Functional chain of same-padded convolutions keeps the size ⌈n / s⌉ and has Σ k²·c·f + f weights", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.record({ filters: fc.integer({ min: 1, max: 16 }), kernel: fc.integer({ min: 1, max: 5 }), stride: fc.integer({ min: 1, max: 3 }) }), {
          minLength: 1,
          maxLength: 5,
        }),
        (size, convs) => {
          const layers = [
            k2("InputLayer", "in", { batch_input_shape: [null, size, size, 3] }),
            ...convs.map((c, k) =>
              k2("Conv2D", `c${k}`, { filters: c.filters, kernel_size: [c.kernel, c.kernel], strides: [c.stride, c.stride], padding: "same" }, [
                k === 0 ? "in" : `c${k - 1}`,
              ]),
            ),
          ];
          let weights = 0;
          let connections = 0;
          let [n, channels] = [size, 3];
          for (const c of convs) {
            n = Math.ceil(n / c.stride);
            weights += c.kernel * c.kernel * channels * c.filters + c.filters;
            connections += n * n * c.kernel * c.kernel * channels * c.filters;
            channels = c.filters;
          }
          const r = report(functional2(layers, `c${convs.length - 1}`));
          expect([r.totals.weights, r.totals.connections]).toEqual([weights, connections]);
        },
      ),
      { numRuns: 50 },
    );
  });
});
