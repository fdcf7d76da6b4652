// Hostile Keras and TF.js files for the fuzzer: a small Keras 2, Keras 3 or Sequential model,
// or nsfwjs's MobileNetV2 (test/import/keras/fixtures), mutated in its structure — a layer's
// class or a config field replaced, an inbound layer renamed to one that does not exist or
// comes later (a loop), layers deleted, duplicated or swapped, the input's shape broken, models
// nested deep — and then in its text (truncated, bytes inserted or deleted), and run as
// `alexcount model.json` (with --json, or through check or import). Every case is a pure
// function of (seed, index): `npm run fuzz -- --kind keras --seed S --case I`.

import { readFileSync } from "node:fs";
import fc from "fast-check";
import type { FuzzCase } from "./fuzz-case.js";
import { type Draw, drawFrom } from "./spec-arbitrary.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Layer = { class_name: string; name?: string; config: Record<string, Json>; inbound_nodes?: Json };

/** Stands for a list nested 100,000 deep until the case is written out. */
const DEEP = "\u0000deep list\u0000";

const node = (...from: string[]): Json => [from.map((name) => [name, 0, 0, {}])];
const keras3Node = (...from: string[]): Json => [
  { args: from.map((name) => ({ class_name: "__keras_tensor__", config: { shape: [null], dtype: "float32", keras_history: [name, 0, 0] } })), kwargs: {} },
];

function keras2(): Json {
  const layers: Layer[] = [
    { class_name: "InputLayer", name: "in", config: { name: "in", batch_input_shape: [null, 16, 16, 3] }, inbound_nodes: [] },
    {
      class_name: "ZeroPadding2D",
      name: "pad",
      config: {
        name: "pad",
        padding: [
          [0, 1],
          [0, 1],
        ],
      },
      inbound_nodes: node("in"),
    },
    {
      class_name: "Conv2D",
      name: "c1",
      config: { name: "c1", filters: 8, kernel_size: [3, 3], strides: [2, 2], padding: "valid", activation: "relu" },
      inbound_nodes: node("pad"),
    },
    { class_name: "BatchNormalization", name: "bn", config: { name: "bn", axis: -1, scale: false }, inbound_nodes: node("c1") },
    { class_name: "DepthwiseConv2D", name: "dw", config: { name: "dw", kernel_size: [3, 3], padding: "same", depth_multiplier: 1 }, inbound_nodes: node("bn") },
    { class_name: "Add", name: "add", config: { name: "add" }, inbound_nodes: node("bn", "dw") },
    { class_name: "SeparableConv2D", name: "sep", config: { name: "sep", filters: 8, kernel_size: 3, padding: "same" }, inbound_nodes: node("add") },
    { class_name: "Concatenate", name: "cat", config: { name: "cat", axis: -1 }, inbound_nodes: node("add", "sep") },
    { class_name: "MaxPooling2D", name: "pool", config: { name: "pool", pool_size: [2, 2], padding: "same" }, inbound_nodes: node("cat") },
    { class_name: "GlobalAveragePooling2D", name: "gap", config: { name: "gap" }, inbound_nodes: node("pool") },
    { class_name: "Dropout", name: "drop", config: { name: "drop", rate: 0.5 }, inbound_nodes: node("gap") },
    { class_name: "Dense", name: "out", config: { name: "out", units: 10, activation: "softmax" }, inbound_nodes: node("drop") },
  ];
  return { class_name: "Model", config: { name: "k2", layers, input_layers: [["in", 0, 0]], output_layers: [["out", 0, 0]] }, keras_version: "2.4.0" } as Json;
}

function keras3(): Json {
  const layers: Layer[] = [
    { class_name: "InputLayer", name: "tokens", config: { name: "tokens", batch_shape: [null, 12] }, inbound_nodes: [] },
    { class_name: "Embedding", name: "emb", config: { name: "emb", input_dim: 100, output_dim: 16 }, inbound_nodes: keras3Node("tokens") },
    { class_name: "LSTM", name: "lstm", config: { name: "lstm", units: 16, return_sequences: true }, inbound_nodes: keras3Node("emb") },
    { class_name: "MultiHeadAttention", name: "mha", config: { name: "mha", num_heads: 2, key_dim: 8 }, inbound_nodes: keras3Node("lstm", "lstm") },
    { class_name: "Add", name: "res", config: { name: "res" }, inbound_nodes: keras3Node("lstm", "mha") },
    { class_name: "LayerNormalization", name: "ln", config: { name: "ln", axis: -1 }, inbound_nodes: keras3Node("res") },
    { class_name: "GRU", name: "gru", config: { name: "gru", units: 8, return_sequences: true, reset_after: true }, inbound_nodes: keras3Node("ln") },
    { class_name: "Flatten", name: "flat", config: { name: "flat" }, inbound_nodes: keras3Node("gru") },
    { class_name: "Dense", name: "head", config: { name: "head", units: 3 }, inbound_nodes: keras3Node("flat") },
  ];
  return { module: "keras", class_name: "Functional", config: { name: "k3", layers, input_layers: ["tokens", 0, 0], output_layers: ["head", 0, 0] } } as Json;
}

function sequential(): Json {
  return {
    class_name: "Sequential",
    config: {
      name: "seq",
      layers: [
        { class_name: "Conv2D", config: { name: "c", batch_input_shape: [null, 28, 28, 1], filters: 4, kernel_size: [3, 3], activation: "relu" } },
        { class_name: "AveragePooling2D", config: { name: "p", pool_size: [2, 2] } },
        { class_name: "Flatten", config: { name: "f" } },
        { class_name: "Dense", config: { name: "d", units: 10, activation: "softmax" } },
      ],
    },
    keras_version: "2.2.4",
  };
}

const MOBILENET = (): Json => JSON.parse(readFileSync(new URL("../import/keras/fixtures/nsfwjs-4.4.0/mobilenet_v2.json", import.meta.url), "utf8")) as Json;

const MODELS: readonly (readonly [string, () => Json])[] = [
  ["keras2", keras2],
  ["keras3", keras3],
  ["sequential", sequential],
  ["nsfwjs mobilenet_v2", MOBILENET],
];

const CLASSES = [
  "Conv2D",
  "Dense",
  "Conv1D",
  "Frobnicate",
  "InputLayer",
  "Functional",
  "Sequential",
  "LSTM",
  "Reshape",
  "MultiHeadAttention",
  "Add",
  "",
  "conv2d",
];
const VALUES: readonly Json[] = [
  0,
  -1,
  1.5,
  1e300,
  2 ** 53,
  null,
  "same",
  "valid",
  "causal",
  true,
  [],
  [3],
  [3, 3, 3],
  [null, 4],
  {},
  "x".repeat(60),
  [[0, 1], [2]],
];
const FIELDS = [
  "filters",
  "units",
  "kernel_size",
  "strides",
  "padding",
  "pool_size",
  "depth_multiplier",
  "groups",
  "axis",
  "num_heads",
  "key_dim",
  "input_dim",
  "output_dim",
  "return_sequences",
  "batch_input_shape",
  "batch_shape",
  "activation",
  "use_bias",
];

/** The list of layers of the model (or of its TF.js topology). */
function layersOf(model: Json): Layer[] | undefined {
  const top = (model as { modelTopology?: { model_config?: Json } }).modelTopology?.model_config ?? model;
  const config = (top as { config?: { layers?: Layer[] } }).config;
  return Array.isArray(config?.layers) ? config.layers : undefined;
}

function mutateStructure(d: Draw, model: Json, steps: string[]): Json {
  const layers = layersOf(model);
  if (!layers || layers.length === 0) return model;
  const at = d.int(0, layers.length - 1);
  const layer = layers[at]!;
  // a model wrapped by an earlier step may have no config of its own (a TF.js file's envelope)
  if (typeof layer !== "object" || layer === null) return model;
  layer.config ??= {};
  switch (d.int(0, 7)) {
    case 0: {
      const name = d.pick(CLASSES);
      steps.push(`layer ${at} class set to ${JSON.stringify(name)}`);
      layer.class_name = name;
      return model;
    }
    case 1: {
      const field = d.pick(FIELDS);
      // now and then a list nested far deeper than any recursion survives
      const deep = d.int(0, 9) === 0;
      const value: Json = deep ? DEEP : d.pick(VALUES);
      steps.push(`layer ${at} config.${field} set to ${deep ? "a list nested 100,000 deep" : JSON.stringify(value)}`);
      layer.config[field] = value;
      return model;
    }
    case 2: {
      const target = d.pick(["nothing", layers[layers.length - 1]?.name ?? "x", layers[Math.min(at + 1, layers.length - 1)]?.name ?? "y", ""]);
      steps.push(`layer ${at} reads ${JSON.stringify(target)}`);
      layer.inbound_nodes = node(target);
      return model;
    }
    case 3: {
      steps.push(`layer ${at} deleted`);
      layers.splice(at, 1);
      return model;
    }
    case 4: {
      steps.push(`layer ${at} duplicated`);
      layers.splice(at, 0, JSON.parse(JSON.stringify(layer)) as Layer);
      return model;
    }
    case 5: {
      const other = d.int(0, layers.length - 1);
      steps.push(`layers ${at} and ${other} swapped`);
      [layers[at], layers[other]] = [layers[other]!, layers[at]!];
      return model;
    }
    case 6: {
      const value = d.pick<Json>([{ layer: 1 }, [["a"]], "in", 7, [[["in", 0, 0]], [["in", 0, 0]]], [{ args: [[[[]]]] }]]);
      steps.push(`layer ${at} inbound_nodes set to ${JSON.stringify(value)}`);
      layer.inbound_nodes = value;
      return model;
    }
    default: {
      // nested models, deeper than the importer allows or within it
      const depth = d.int(1, 40);
      steps.push(`wrapped in ${depth} nested Sequential models`);
      let wrapped: Json = model;
      for (let k = 0; k < depth; k++) wrapped = { class_name: "Sequential", config: { name: `n${k}`, layers: [wrapped] } };
      return wrapped;
    }
  }
}

function mutateText(d: Draw, text: string, steps: string[]): string {
  switch (d.int(0, 3)) {
    case 0: {
      const at = d.int(0, text.length);
      steps.push(`truncated at ${at}`);
      return text.slice(0, at);
    }
    case 1: {
      const at = d.int(0, text.length);
      const junk = d.pick(["{", "}", "[", "]", ",", ":", '"', "\\", "\u0000", "\uFEFF", "NaN", "1e999", "😀", '"class_name": 1,']);
      steps.push(`inserted ${JSON.stringify(junk)} at ${at}`);
      return text.slice(0, at) + junk + text.slice(at);
    }
    case 2: {
      const at = d.int(0, text.length);
      const length = d.int(1, 100);
      steps.push(`deleted ${length} characters at ${at}`);
      return text.slice(0, at) + text.slice(at + length);
    }
    default:
      return text;
  }
}

const INVOCATIONS: readonly (readonly string[])[] = [[], ["--json"], ["--no-bias"], ["check"], ["import"]];

function makeCase(d: Draw, seed: number, index: number): FuzzCase {
  const [name, make] = d.pick(MODELS);
  const steps = [`model ${name}`];
  let model = make();
  for (let k = d.int(0, 3); k > 0; k--) model = mutateStructure(d, model, steps);
  // the deep list is put in as text: JSON.stringify cannot write it
  let text = JSON.stringify(model, null, d.pick([0, 1, 2])).replaceAll(JSON.stringify(DEEP), "[".repeat(100_000) + "]".repeat(100_000));
  if (d.int(0, 2) === 0) text = mutateText(d, text, steps);
  const invocation = d.pick(INVOCATIONS);
  const file = "model.json";
  const argv = invocation[0] === "check" || invocation[0] === "import" ? [invocation[0], file] : [file, ...invocation];
  return { seed, index, steps, argv, file, files: { [file]: text } };
}

/** Case `index` of the Keras run seeded `seed`. */
export function kerasFuzzCase(seed: number, index: number): FuzzCase {
  const [made] = fc.sample(
    fc.gen().map((g) => makeCase(drawFrom(g), seed, index)),
    { seed: (seed * 7919 + index * 104729) | 0, numRuns: 1 },
  );
  return made!;
}
