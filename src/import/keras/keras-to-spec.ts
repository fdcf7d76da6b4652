// A Keras model (Sequential or Functional, Keras 2 or 3, as model.to_json(), a TF.js layers
// model.json or a .keras archive's config.json writes it) read into an alexcount spec. Layer
// names are the file's. The importer follows the shapes Keras would (channels last), because
// a few Keras layers are a different spec layer depending on what they read: Dense on an image
// works at each pixel (a 1×1 conv), DepthwiseConv2D needs the channels, and a ZeroPadding2D is
// folded into the convolution or pooling after it, whose symmetric padding must give the same
// output size.
//
// Keras's own rules (keras/src/layers, tf.keras 2.x):
//   - Conv and Dense have a bias unless use_bias: false; activation= is a layer of its own here;
//   - padding "same" gives ⌈n / s⌉ (TensorFlow's SAME), "valid" ⌊(n − d·(k − 1) − 1) / s⌋ + 1;
//   - BatchNormalization has γ (scale=True) and β (center=True), learned, and a moving mean and
//     variance, which Keras's summary counts as non-trainable parameters: not weights here;
//   - the recurrent layers hold one bias vector per gate block (GRU with reset_after: two).

import { groupDigits } from "../../core/exact.js";
import { ceilDiv, convOutputSize, floorDiv, poolOutputSize } from "../../core/size.js";
import type { ImportResult, LayerSource } from "../import-problem.js";
import { jsonPlaces } from "./json-places.js";
import { ConfigReader, join, shown } from "./keras-config.js";
import {
  ACTIVATIONS,
  ACTIVATION_LAYERS,
  DROPOUTS,
  GLOBAL_POOLS,
  GLOBAL_POOLS_1D,
  KNOWN,
  MERGES,
  MODELS,
  NOT_YET,
  POOLS,
  POOLS_1D,
  RECURRENT,
  RESAMPLING,
} from "./keras-layer-classes.js";
import { type Json, type JsonObject, type KerasModelFile, isObject, kerasModel, parseJson } from "./keras-model-file.js";

type Shape =
  | { readonly kind: "image"; readonly h: number; readonly w: number; readonly c: number }
  | { readonly kind: "sequence"; readonly t: number; readonly f: number }
  | { readonly kind: "vector"; readonly f: number }
  /** a one-dimensional input, which is token ids if an Embedding reads it, features otherwise */
  | { readonly kind: "ids-or-vector"; readonly n: number };

/** Zeros a ZeroPadding2D adds, not yet folded into the layer that reads them. */
interface Pad {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
  readonly layer: string;
}

/** What a Keras tensor is here: the spec layer that makes it, and its shape. */
interface Value {
  readonly spec: string;
  readonly shape: Shape;
  readonly pad?: Pad;
}

interface TensorRef {
  readonly layer: string;
  readonly node: number;
  readonly tensor: number;
  readonly path: string;
}

/** One call of a layer: its positional tensors and its keyword tensors (MultiHeadAttention's value, key). */
interface Call {
  readonly args: readonly TensorRef[];
  readonly kwargs: ReadonlyMap<string, TensorRef>;
}

type SpecLayer = Record<string, unknown> & { name: string; type: string };

/** Nested models deeper than this are refused: a file is data, and a nesting bomb is a file too. */
const MAX_NESTING = 32;

/** A Keras or TF.js JSON file's text (with `archive`, the config.json of the .keras archive `file`), imported. */
export function importKeras(text: string, file: string, archive = false): ImportResult {
  const parsed = parseJson(text, file);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const model = kerasModel(parsed.value, file);
  const result: ImportResult = model.ok ? new KerasImport(file, model.found, archive).run() : { ok: false, problems: [model.problem] };
  return placed(result, text);
}

/**
 * The result with each problem and each layer's source at its line and column in the text; a
 * problem about a field the file lacks is placed at the nearest value that holds it.
 */
function placed(result: ImportResult, text: string): ImportResult {
  if (result.ok) {
    const places = jsonPlaces(
      text,
      result.imported.sources.map((source) => source.path),
    );
    const sources = result.imported.sources.map((source) => {
      const position = places.get(source.path);
      return position ? { ...source, position } : source;
    });
    return { ok: true, imported: { ...result.imported, sources } };
  }
  const within = (path: string): string[] => {
    const out = [path];
    for (let cut = path.search(/[.[][^.[]*$/); cut > 0; cut = path.slice(0, cut).search(/[.[][^.[]*$/)) out.push(path.slice(0, cut));
    out.push("");
    return out;
  };
  const places = jsonPlaces(
    text,
    result.problems.filter((p) => !p.position).flatMap((p) => within(p.path)),
  );
  const problems = result.problems.map((problem) => {
    if (problem.position) return problem;
    const position = within(problem.path)
      .map((path) => places.get(path))
      .find((found) => found !== undefined);
    return position ? { ...problem, position } : problem;
  });
  return { ok: false, problems };
}

/**
 * Keras's amounts per side of an image (ZeroPadding2D's padding, Cropping2D's cropping): 1 (all
 * sides), [h, w] (each symmetric) or [[top, bottom], [left, right]], as [top, bottom, left, right].
 */
function fourSides(value: Json): [number, number, number, number] | undefined {
  const whole = (v: Json | undefined): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
  if (whole(value)) return [value, value, value, value];
  if (Array.isArray(value) && value.length === 2 && whole(value[0]) && whole(value[1])) return [value[0], value[0], value[1], value[1]];
  if (Array.isArray(value) && value.length === 2 && value.every((v) => Array.isArray(v) && v.length === 2 && v.every(whole))) {
    const [[top, bottom], [left, right]] = value as [[number, number], [number, number]];
    return [top, bottom, left, right];
  }
  return undefined;
}

class KerasImport {
  private readonly read: ConfigReader;
  private readonly layers: SpecLayer[] = [];
  private readonly sources: LayerSource[] = [];
  private readonly names = new Set<string>();
  private readonly notes: string[] = [];
  private readonly conventions = new Set<string>();
  private readonly skipped: string[] = [];
  private readonly warnings: string[] = [];
  /** the spec's input, once the first InputLayer is read; `kind` settles a 1-D input's meaning at its first reader */
  private input: { shape: Shape; layer: string; written: string } | undefined;
  private inputKind: "ids" | "vector" | undefined;
  /** the batchnorms' moving mean and variance: 2 per channel */
  private movingStatistics = 0;
  private modelName = "";

  constructor(
    private readonly file: string,
    private readonly found: KerasModelFile,
    private readonly archive: boolean,
  ) {
    this.read = new ConfigReader(file);
  }

  run(): ImportResult {
    this.model(this.found.model, this.found.path, undefined, 0);
    if (this.read.problems.length === 0 && !this.input)
      this.read.problem(this.found.path, "the model has no input: give it an InputLayer, or a batch_input_shape on its first layer");
    if (this.read.problems.length === 0 && this.layers.length === 0) this.read.problem(this.found.path, "no layer that alexcount counts");
    if (this.read.problems.length > 0 || !this.input) return { ok: false, problems: this.read.problems };
    return this.result(this.input);
  }

  private result(input: { shape: Shape; layer: string; written: string }): ImportResult {
    const shape = input.shape;
    const specInput =
      shape.kind === "image"
        ? shape.h === shape.w
          ? { size: shape.h, channels: shape.c }
          : { width: shape.w, height: shape.h, channels: shape.c }
        : shape.kind === "sequence"
          ? { tokens: shape.t, features: shape.f }
          : shape.kind === "vector"
            ? { features: shape.f }
            : this.inputKind === "ids"
              ? { tokens: shape.n }
              : { features: shape.n };
    const name = this.modelName || baseName(this.file).replace(/\.(json|keras)$/i, "");
    const from = this.archive ? `${this.file} (config.json of a Keras 3 .keras archive)` : `${this.file} (${this.found.what})`;
    const header = [
      `Imported by \`alexcount import\` from ${from}, model ${JSON.stringify(name)}; edit freely.`,
      `Input: ${input.layer}, shape ${input.written} (channels last); counted per sample, not per batch.`,
      [
        "Read as Keras does: Conv and Dense layers have a bias unless use_bias: false; padding same gives ⌈n / s⌉;",
        "a layer's activation= is a layer of its own, named after it (dense_1_relu).",
        ...this.conventions,
      ].join(" "),
      ...(this.movingStatistics > 0
        ? [
            `Keras also counts each BatchNormalization's moving mean and variance (2 per channel) as non-trainable parameters: ${groupDigits(this.movingStatistics)} here, which are statistics, not learned, and not weights in this spec; Keras's "Total params" is these weights plus ${groupDigits(this.movingStatistics)}.`,
          ]
        : []),
      ...this.notes,
      ...(this.skipped.length > 0 ? [`Skipped (no weights, no multiply–accumulates): ${this.skipped.join(", ")}.`] : []),
      ...this.warnings.map((warning) => `Not counted: ${warning}`),
    ];
    const published = this.manifestSource();
    return {
      ok: true,
      imported: {
        spec: {
          name,
          description: `${name}, imported from ${this.archive ? "the Keras archive" : this.found.what.startsWith("TF.js") ? "the TF.js model" : "the Keras model JSON"} ${baseName(this.file)}`,
          source: [from],
          input: specInput,
          bias: true,
          layers: this.layers,
          ...(published ? { published: [published] } : {}),
        },
        header,
        warnings: this.warnings,
        sources: this.sources,
      },
    };
  }

  /**
   * A TF.js file's weightsManifest lists every stored tensor's shape: less the batchnorms'
   * moving statistics, their elements are the weights, a figure the converter wrote from the
   * trained model, which `alexcount check` holds the spec to.
   */
  private manifestSource(): Record<string, unknown> | undefined {
    const manifest = this.found.manifest;
    if (!manifest) return undefined;
    let stored = 0;
    let moving = 0;
    for (const tensor of manifest) {
      stored += tensor.elements;
      if (/(^|\/)moving_(mean|variance)(:\d+)?$/.test(tensor.name)) moving += tensor.elements;
    }
    if (!Number.isSafeInteger(stored)) return undefined;
    return {
      source: `${baseName(this.file)} weightsManifest: the ${groupDigits(manifest.length)} stored tensors hold ${groupDigits(stored)} parameters (Keras's Total params), of which ${groupDigits(moving)} are the batchnorms' moving_mean and moving_variance (statistics, not learned); the rest are the weights`,
      totals: { weights: stored - moving },
    };
  }

  // ---- models -----------------------------------------------------------------------------

  /**
   * Reads a Sequential or Functional model's layers into spec layers. `bound` are the values of
   * its inputs when it is nested in another model (undefined at the top); returns its outputs.
   */
  private model(model: JsonObject, path: string, bound: readonly Value[] | undefined, depth: number): Value[] | undefined {
    const read = this.read;
    if (depth > MAX_NESTING) return read.problem(path, `models nested more than ${MAX_NESTING} deep`);
    const className = model.class_name;
    if (typeof className !== "string" || !MODELS.includes(className))
      return read.problem(join(path, "class_name"), `expected a model: "Sequential", "Functional" or "Model", found ${shown(className ?? null)}`);
    const config = model.config;
    const configPath = join(path, "config");
    const layersValue = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
    const layersPath = Array.isArray(config) ? configPath : join(configPath, "layers");
    const layers = read.list(layersValue, layersPath, "a list of layers");
    if (!layers) return undefined;
    if (depth === 0 && isObject(config) && typeof config.name === "string") this.modelName = config.name;
    return className === "Sequential"
      ? this.sequential(layers, layersPath, isObject(config) ? config : {}, bound, depth)
      : this.functional(layers, layersPath, isObject(config) ? config : {}, configPath, bound, depth);
  }

  private sequential(layers: readonly Json[], path: string, config: JsonObject, bound: readonly Value[] | undefined, depth: number): Value[] | undefined {
    let current: Value | undefined = bound?.[0];
    for (let k = 0; k < layers.length; k++) {
      const layerPath = join(path, k);
      const layer = this.read.object(layers[k], layerPath, "a layer: {class_name, config}");
      if (!layer) return undefined;
      const layerConfig = isObject(layer.config) ? layer.config : {};
      if (!current && typeof layer.class_name === "string" && MODELS.includes(layer.class_name)) {
        // a model as the first layer (a pretrained base): its own input is the input
        const outputs = this.model(layer, layerPath, undefined, depth + 1);
        if (!outputs) return undefined;
        if (outputs.length !== 1)
          return this.read.problem(layerPath, `(${layerName(layer, k)}) a nested model with ${outputs.length} outputs: alexcount reads one`);
        current = outputs[0];
        continue;
      }
      if (!current) {
        // the first layer: an InputLayer, or a layer with the input's shape in its config
        const shapeOwner = layer.class_name === "InputLayer" ? layerConfig : layerConfig;
        const declared = shapeOwner.batch_input_shape ?? shapeOwner.batch_shape ?? config.build_input_shape ?? inputLength(layer, layerConfig);
        current = this.inputLayer(declared, layerPath, layerName(layer, k));
        if (!current) return undefined;
        if (layer.class_name === "InputLayer") continue;
      } else if (layer.class_name === "InputLayer") continue;
      const out = this.layer(layer, layerPath, { args: [], kwargs: new Map() }, [current], depth, k);
      if (!out) return undefined;
      current = out;
    }
    return current ? [current] : undefined;
  }

  private functional(
    layers: readonly Json[],
    path: string,
    config: JsonObject,
    configPath: string,
    bound: readonly Value[] | undefined,
    depth: number,
  ): Value[] | undefined {
    const read = this.read;
    const values = new Map<string, Value>();
    /** names defined later in the file, for the message about an inbound layer that only comes after */
    const later = new Map<string, number>();
    layers.forEach((layer, k) => {
      if (isObject(layer)) {
        const name = layerName(layer, k);
        if (!later.has(name)) later.set(name, k);
      }
    });
    const inputNames = refsOf(config.input_layers);
    let boundIndex = 0;
    const before = read.problems.length;
    for (let k = 0; k < layers.length; k++) {
      const layerPath = join(path, k);
      const layer = read.object(layers[k], layerPath, "a layer: {class_name, config, inbound_nodes}");
      if (!layer) continue;
      const name = layerName(layer, k);
      if (values.has(name)) {
        read.problem(join(layerPath, "name"), `a second layer named ${JSON.stringify(name)}: Keras names each layer once`);
        continue;
      }
      if (layer.class_name === "InputLayer") {
        const config = isObject(layer.config) ? layer.config : {};
        const value = bound
          ? bound[inputNames.indexOf(name) >= 0 ? inputNames.indexOf(name) : boundIndex++]
          : this.inputLayer(
              config.batch_input_shape ?? config.batch_shape ?? (Array.isArray(config.shape) ? [null, ...config.shape] : undefined),
              layerPath,
              name,
            );
        if (!value) {
          if (bound) read.problem(layerPath, `(${name}) the nested model has more inputs than it is called with`);
          continue;
        }
        values.set(name, value);
        continue;
      }
      const nodesPath = join(layerPath, "inbound_nodes");
      const nodes = read.list(layer.inbound_nodes ?? [], nodesPath, "a list of calls (inbound_nodes)");
      if (!nodes) continue;
      if (nodes.length === 0) {
        // a layer never called is not part of the graph Keras runs
        this.skipped.push(`${name} (${String(layer.class_name)}, never called)`);
        continue;
      }
      if (nodes.length > 1) {
        read.problem(nodesPath, `(${name}) the layer is called ${nodes.length} times (a shared layer): alexcount counts a layer once, where it is called once`);
        continue;
      }
      const call = this.call(nodes[0]!, join(nodesPath, 0), name);
      if (!call) continue;
      const inputs: Value[] = [];
      let broken = false;
      // the tensors a layer reads are its positional ones (a mask among the keyword ones is not an input);
      // MultiHeadAttention's value and key may be keyword ones, and a call may pass its inputs by keyword alone
      const refs = layer.class_name === "MultiHeadAttention" || call.args.length === 0 ? [...call.args, ...call.kwargs.values()] : call.args;
      for (const ref of refs) {
        const value = values.get(ref.layer);
        if (value) {
          if (ref.node !== 0 || ref.tensor !== 0) {
            read.problem(
              ref.path,
              `(${name}) reads output ${ref.tensor} of call ${ref.node} of ${JSON.stringify(ref.layer)}: alexcount reads a layer's one output of its one call`,
            );
            broken = true;
          }
          inputs.push(value);
          continue;
        }
        broken = true;
        const where = later.get(ref.layer);
        if (where === undefined) read.problem(ref.path, `(${name}) reads ${JSON.stringify(ref.layer)}, which no layer of the model is`);
        else if (where > k)
          read.problem(
            ref.path,
            `(${name}) reads ${JSON.stringify(ref.layer)}, which only comes later (layers[${where}]): a model lists each layer after those it reads, and a loop is not a model`,
          );
        // else: that layer had a problem of its own, already reported
      }
      if (broken || inputs.length === 0) {
        if (!broken) read.problem(nodesPath, `(${name}) the call reads no tensor`);
        continue;
      }
      const out = this.layer(layer, layerPath, call, inputs, depth, k);
      if (out) values.set(name, out);
    }
    if (read.problems.length > before) return undefined;
    const outputs = refsOf(config.output_layers).map((name) => values.get(name));
    if (outputs.length === 0 || outputs.some((v) => v === undefined)) {
      if (depth > 0) return read.problem(join(configPath, "output_layers"), "the nested model's output_layers name no layer of it");
      return [];
    }
    return outputs as Value[];
  }

  /** A call (inbound node) in Keras 2's list form or Keras 3's {args, kwargs} form. */
  private call(node: Json, path: string, name: string): Call | undefined {
    const args: TensorRef[] = [];
    const kwargs = new Map<string, TensorRef>();
    if (Array.isArray(node)) {
      // Keras 2: [[layer, node, tensor, {kwargs}], …]
      for (let k = 0; k < node.length; k++) {
        const entry = node[k] as Json;
        const ref = keras2Ref(entry, join(path, k));
        if (!ref) return this.read.problem(join(path, k), `(${name}) expected [layer name, call, output, {…}], found ${shown(entry)}`);
        args.push(ref);
        const extra = Array.isArray(entry) ? entry[3] : undefined;
        if (isObject(extra))
          for (const [key, value] of Object.entries(extra)) {
            const inner =
              keras2Ref(value, join(join(join(path, k), 3), key)) ??
              (Array.isArray(value) ? keras2Ref((value as readonly Json[])[0], join(join(join(join(path, k), 3), key), 0)) : undefined);
            if (inner && !kwargs.has(key)) kwargs.set(key, inner);
          }
      }
      return { args, kwargs };
    }
    if (isObject(node)) {
      // Keras 3: {args: [tensor or lists of tensors], kwargs: {name: tensor}}
      collectTensors(node.args, join(path, "args"), args, 0);
      if (isObject(node.kwargs))
        for (const [key, value] of Object.entries(node.kwargs)) {
          const found: TensorRef[] = [];
          collectTensors(value, join(join(path, "kwargs"), key), found, 0);
          if (found[0]) kwargs.set(key, found[0]);
        }
      return { args, kwargs };
    }
    return this.read.problem(path, `(${name}) expected a call: a list of inbound tensors (Keras 2) or {args, kwargs} (Keras 3)`);
  }

  /** The model's input, from a batch shape ([null, 224, 224, 3]); undefined (a problem) if it cannot be one. */
  private inputLayer(declared: Json | undefined, path: string, name: string): Value | undefined {
    const read = this.read;
    const shapePath = join(join(path, "config"), "batch_input_shape");
    const dims = Array.isArray(declared) ? (declared as readonly Json[]).slice(1) : undefined;
    if (!dims || dims.length === 0)
      return read.problem(path, `(${name}) the model's input has no shape: give the InputLayer (or the first layer) a batch_input_shape`);
    if (dims.some((d) => d === null))
      return read.problem(
        shapePath,
        `(${name}) the input's shape ${shown(declared)} has a dimension that is not fixed (null): alexcount counts one size; write it in the file (batch_input_shape, Input(shape=…))`,
      );
    if (!dims.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 1))
      return read.problem(shapePath, `(${name}) expected whole numbers ≥ 1 after the batch dimension, found ${shown(declared)}`);
    const n = dims as number[];
    const shape: Shape | undefined =
      n.length === 3
        ? { kind: "image", h: n[0]!, w: n[1]!, c: n[2]! }
        : n.length === 2
          ? { kind: "sequence", t: n[0]!, f: n[1]! }
          : n.length === 1
            ? { kind: "ids-or-vector", n: n[0]! }
            : undefined;
    if (!shape) return read.problem(shapePath, `(${name}) an input of ${n.length} dimensions: alexcount reads images (H, W, C), sequences (T, F) and vectors`);
    if (this.input) {
      // a second input: only a problem if a counted layer reads it
      return { spec: `\u0000second input ${name}`, shape };
    }
    this.input = { shape, layer: name, written: shown(declared) };
    return { spec: "input", shape };
  }

  // ---- layers -----------------------------------------------------------------------------

  private layer(layer: JsonObject, path: string, call: Call, inputs: readonly Value[], depth: number, index: number): Value | undefined {
    const read = this.read;
    const className = layer.class_name;
    const name = layerName(layer, index);
    const classPath = join(path, "class_name");
    if (typeof className !== "string") return read.problem(classPath, `(${name}) the layer has no class_name`);
    const config = isObject(layer.config) ? layer.config : read.object(layer.config, join(path, "config"), "the layer's config, an object");
    if (!config) return undefined;
    const cp = join(path, "config");
    const source: LayerSource = { path, name };
    for (const input of inputs) {
      if (input.spec.startsWith("\u0000"))
        return read.problem(path, `(${name}) reads ${input.spec.slice("\u0000second input ".length)}, the model's second input: a spec has one input`);
    }
    if (config.data_format === "channels_first")
      return read.problem(join(cp, "data_format"), `(${name}) channels_first: alexcount reads Keras models in channels_last, TensorFlow's default`);
    if (MODELS.includes(className)) {
      const outputs = this.model(layer, path, inputs, depth + 1);
      if (!outputs) return undefined;
      if (outputs.length !== 1) return read.problem(path, `(${name}) a nested model with ${outputs.length} outputs: alexcount reads one`);
      return outputs[0];
    }
    if (NOT_YET[className] !== undefined) return read.problem(classPath, `(${name}) ${className}: the spec format has no layer for ${NOT_YET[className]} yet`);
    if (!KNOWN.includes(className)) {
      const close = KNOWN.filter((known) => known.toLowerCase() === className.toLowerCase());
      return read.problem(
        classPath,
        `(${name}) unknown layer class ${JSON.stringify(className)}${close[0] ? ` (did you mean ${close[0]}?)` : ""}; alexcount reads ${KNOWN.filter((k) => !MODELS.includes(k)).join(", ")}, and nested models`,
      );
    }
    const input = inputs[0]!;
    const one = (): boolean => {
      if (inputs.length === 1) return true;
      read.problem(join(path, "inbound_nodes"), `(${name}) ${className} reads one tensor, found ${inputs.length}`);
      return false;
    };
    // a ZeroPadding2D's zeros reach only a convolution or a pooling with padding valid, which takes them as its own
    if (input.pad && !["Conv2D", "Convolution2D", "DepthwiseConv2D", "SeparableConv2D", ...Object.keys(POOLS), "ZeroPadding2D"].includes(className))
      return read.problem(
        path,
        `(${name}) reads the ZeroPadding2D ${JSON.stringify(input.pad.layer)}: alexcount folds padding only into the convolution or pooling that reads it`,
      );

    if (DROPOUTS.includes(className) || className === "Masking" || className === "Rescaling") {
      if (!one()) return undefined;
      if (className === "Masking" || className === "Rescaling" || className === "ActivityRegularization") {
        this.skipped.push(`${name} (${className})`);
        return input;
      }
      return this.emit(name, { type: "dropout" }, inputs, source, input.shape);
    }
    if (ACTIVATION_LAYERS.includes(className)) {
      if (!one()) return undefined;
      return this.emit(name, { type: this.activationLayer(className, config, cp, name) }, inputs, source, input.shape);
    }
    if (className === "PReLU") {
      if (!one()) return undefined;
      this.warnings.push(`${name} (PReLU) is a relu here: its learned slopes are weights the spec format has no layer for.`);
      return this.emit(name, { type: "relu" }, inputs, source, input.shape);
    }
    if (className === "MultiHeadAttention") return this.attention(config, cp, name, call, inputs, source);
    if (MERGES[className] !== undefined) return this.merge(className, name, inputs, source, path);
    if (className === "Concatenate") return this.concatenate(config, cp, name, inputs, source, path);
    if (className === "ZeroPadding2D") {
      if (!one()) return undefined;
      return this.zeroPadding(config, cp, name, input);
    }
    if (className === "Flatten") {
      if (!one()) return undefined;
      return this.emit(name, { type: "flatten" }, inputs, source, { kind: "vector", f: elements(this.shapeOf(input, "vector")) });
    }
    if (!one()) return undefined;
    const made = this.counted(className, config, cp, name, input, source);
    if (!made) return undefined;
    return this.activation(config, cp, name, made, source);
  }

  /** The layers with weights or a shape of their own, one input each. */
  private counted(className: string, config: JsonObject, cp: string, name: string, input: Value, source: LayerSource): Value | undefined {
    const read = this.read;
    const shape = this.shapeOf(input, className === "Embedding" ? "ids" : "vector");
    switch (className) {
      case "Conv2D":
      case "Convolution2D":
      case "DepthwiseConv2D":
      case "SeparableConv2D": {
        if (shape.kind !== "image") return read.problem(cp, `(${name}) ${className} reads an image (height, width, channels), found ${describe(shape)}`);
        return this.convolution(className, config, cp, name, input, shape, source);
      }
      case "Dense": {
        const units = read.integer(config, cp, "units", 1);
        const bias = read.boolean(config, cp, "use_bias", true);
        if (units === undefined || bias === undefined) return undefined;
        if (shape.kind === "image") {
          // Keras's Dense works on the last axis: at each pixel, as a 1×1 convolution does
          this.conventions.add("Dense on an image works at each pixel in Keras: it is a 1×1 conv here.");
          return this.emit(name, { type: "conv", filters: units, kernel: 1, ...(bias ? {} : { bias: false }) }, [input], source, { ...shape, c: units });
        }
        const out: Shape = shape.kind === "sequence" ? { kind: "sequence", t: shape.t, f: units } : { kind: "vector", f: units };
        return this.emit(name, { type: "dense", units, ...(bias ? {} : { bias: false }) }, [input], source, out);
      }
      case "BatchNormalization":
        return this.batchNorm(config, cp, name, input, shape, source);
      case "LayerNormalization": {
        if (!this.lastAxis(config, cp, name, shape)) return undefined;
        const scale = read.boolean(config, cp, "scale", true);
        const center = read.boolean(config, cp, "center", true);
        if (scale === undefined || center === undefined) return undefined;
        if (config.rms_scaling === true) return read.problem(join(cp, "rms_scaling"), `(${name}) rms_scaling: write it as an rmsnorm layer by hand`);
        if (!scale && center) return read.problem(join(cp, "scale"), `(${name}) a shift without a scale: the spec's layernorm has no such form`);
        return this.emit(
          name,
          { type: "layernorm", ...(scale ? {} : { affine: false }), ...(scale && !center ? { shift: false } : {}) },
          [input],
          source,
          shape,
        );
      }
      case "Embedding": {
        if (shape.kind !== "vector" || input.spec !== "input" || this.inputKind !== "ids")
          return read.problem(cp, `(${name}) an Embedding reads the model's input of token ids (shape (T,)), found ${describe(shape)}`);
        const vocab = read.integer(config, cp, "input_dim", 1);
        const features = read.integer(config, cp, "output_dim", 1);
        if (vocab === undefined || features === undefined) return undefined;
        return this.emit(name, { type: "embedding", vocab, features }, [input], source, { kind: "sequence", t: shape.f, f: features });
      }
      case "Bidirectional":
        return this.recurrent(config, cp, name, input, shape, source, undefined);
      default:
        if (RECURRENT[className] !== undefined) return this.recurrent(config, cp, name, input, shape, source, className);
        if (RESAMPLING.includes(className)) return this.resampling(className, config, cp, name, input, shape, source);
        if (POOLS_1D[className] !== undefined) return this.pooling1d(POOLS_1D[className], config, cp, name, input, shape, source);
        if (POOLS[className] !== undefined) return this.pooling(POOLS[className], config, cp, name, input, shape, source);
        if (GLOBAL_POOLS_1D[className] !== undefined) {
          if (shape.kind !== "sequence") return read.problem(cp, `(${name}) ${className} reads a sequence (steps, features), found ${describe(shape)}`);
          if (config.keepdims === true) return read.problem(join(cp, "keepdims"), `(${name}) keepdims: alexcount's mean gives a vector`);
          // a maximum over the positions is free too, and gives the same vector: written as mean, said in the header
          if (GLOBAL_POOLS_1D[className] === "max") this.notes.push(`${name} (${className}) is written as mean: the same vector, nothing counted.`);
          return this.emit(name, { type: "mean" }, [input], source, { kind: "vector", f: shape.f });
        }
        if (GLOBAL_POOLS[className] !== undefined) {
          if (shape.kind !== "image") return read.problem(cp, `(${name}) ${className} reads an image, found ${describe(shape)}`);
          const keep = read.boolean(config, cp, "keepdims", false);
          if (keep === undefined) return undefined;
          // the spec's global pooling makes 1×1×C, which a dense layer reads as C features: Keras's (C,)
          const out: Shape = keep ? { kind: "image", h: 1, w: 1, c: shape.c } : { kind: "vector", f: shape.c };
          return this.emit(name, { type: GLOBAL_POOLS[className], global: true }, [input], source, out);
        }
        return read.problem(cp, `(${name}) internal: no conversion for ${className}`);
    }
  }

  /** The shape a layer reads; a 1-D input's meaning is settled by its first reader. */
  private shapeOf(value: Value, wanted: "ids" | "vector"): Exclude<Shape, { kind: "ids-or-vector" }> {
    const shape = value.shape;
    if (shape.kind !== "ids-or-vector") return shape;
    this.inputKind ??= wanted;
    return { kind: "vector", f: shape.n };
  }

  private lastAxis(config: JsonObject, cp: string, name: string, shape: Shape): boolean {
    const rank = shape.kind === "image" ? 3 : shape.kind === "sequence" ? 2 : 1;
    const axis = Array.isArray(config.axis) && config.axis.length === 1 ? config.axis[0] : (config.axis ?? -1);
    if (axis === -1 || axis === rank) return true;
    this.read.problem(join(cp, "axis"), `(${name}) normalizes axis ${shown(config.axis)}: alexcount reads the last axis (-1), the channels or features`);
    return false;
  }

  private batchNorm(config: JsonObject, cp: string, name: string, input: Value, shape: Shape, source: LayerSource): Value | undefined {
    const read = this.read;
    if (!this.lastAxis(config, cp, name, shape)) return undefined;
    const scale = read.boolean(config, cp, "scale", true);
    const center = read.boolean(config, cp, "center", true);
    if (scale === undefined || center === undefined) return undefined;
    const channels = shape.kind === "image" ? shape.c : shape.kind === "sequence" ? shape.f : shape.kind === "vector" ? shape.f : shape.n;
    this.movingStatistics += 2 * channels;
    const fields = !scale && !center ? { affine: false } : { ...(scale ? {} : { scale: false }), ...(center ? {} : { shift: false }) };
    return this.emit(name, { type: "batchnorm", ...fields }, [input], source, shape);
  }

  private convolution(
    className: string,
    config: JsonObject,
    cp: string,
    name: string,
    input: Value,
    shape: { kind: "image"; h: number; w: number; c: number },
    source: LayerSource,
  ): Value | undefined {
    const read = this.read;
    const depthwise = className === "DepthwiseConv2D";
    const separable = className === "SeparableConv2D";
    const filters = depthwise ? undefined : read.integer(config, cp, "filters", 1);
    const multiplier = depthwise || separable ? read.integer(config, cp, "depth_multiplier", 1, 1) : 1;
    const kernel = read.sizes(config, cp, "kernel_size", 2, 1);
    const strides = read.sizes(config, cp, "strides", 2, 1, [1, 1]);
    const dilation = read.sizes(config, cp, "dilation_rate", 2, 1, [1, 1]);
    const groups = read.integer(config, cp, "groups", 1, 1);
    const padding = read.choice(config, cp, "padding", ["valid", "same"] as const, "valid");
    const bias = read.boolean(config, cp, "use_bias", true);
    if (
      (!depthwise && filters === undefined) ||
      multiplier === undefined ||
      !kernel ||
      !strides ||
      !dilation ||
      groups === undefined ||
      !padding ||
      bias === undefined
    )
      return undefined;
    const axes = this.spatialPadding(padding, input, shape, kernel, strides, dilation, name, cp, "conv");
    if (!axes) return undefined;
    const [h, w] = axes.out;
    const geometry = {
      kernel: pair(kernel),
      ...(strides[0] === 1 && strides[1] === 1 ? {} : { stride: pair(strides) }),
      ...axes.fields,
      ...(dilation[0] === 1 && dilation[1] === 1 ? {} : { dilation: pair(dilation) }),
    };
    if (depthwise) {
      this.conventions.add("DepthwiseConv2D is a conv with groups = its input channels and depth_multiplier filters per channel.");
      const out = shape.c * multiplier;
      return this.emit(name, { type: "conv", filters: out, ...geometry, groups: shape.c, ...(bias ? {} : { bias: false }) }, [input], source, {
        kind: "image",
        h,
        w,
        c: out,
      });
    }
    if (separable) {
      // Keras's SeparableConv2D: a depthwise kernel (no bias), then a 1×1 pointwise kernel with the bias
      this.conventions.add("SeparableConv2D is two convs, NAME_depthwise (groups = channels, no bias) and NAME_pointwise (1×1, with the layer's bias).");
      const middle = shape.c * multiplier;
      const dw = this.emit(`${name}_depthwise`, { type: "conv", filters: middle, ...geometry, groups: shape.c, bias: false }, [input], source, {
        kind: "image",
        h,
        w,
        c: middle,
      });
      return this.emit(`${name}_pointwise`, { type: "conv", filters: filters!, kernel: 1, ...(bias ? {} : { bias: false }) }, [dw], source, {
        kind: "image",
        h,
        w,
        c: filters!,
      });
    }
    if (shape.c % groups !== 0 || filters! % groups !== 0)
      return read.problem(join(cp, "groups"), `(${name}) groups ${groups} must divide the input channels (${shape.c}) and the filters (${filters})`);
    return this.emit(
      name,
      { type: "conv", filters: filters!, ...geometry, ...(groups === 1 ? {} : { groups }), ...(bias ? {} : { bias: false }) },
      [input],
      source,
      {
        kind: "image",
        h,
        w,
        c: filters!,
      },
    );
  }

  /**
   * The spec's padding for a window over an image that may carry a ZeroPadding2D's zeros: Keras's
   * "same", a symmetric count, or (for an odd count of zeros) the count on the side that gives the
   * same output size, which is all a count depends on. Undefined (a problem) when none does.
   */
  private spatialPadding(
    padding: "valid" | "same",
    input: Value,
    shape: { h: number; w: number },
    kernel: readonly number[],
    strides: readonly number[],
    dilation: readonly number[],
    name: string,
    cp: string,
    rule: "conv" | "pool",
  ): { out: [number, number]; fields: Record<string, unknown> } | undefined {
    const pad = input.pad;
    const n = [shape.h - (pad ? pad.top + pad.bottom : 0), shape.w - (pad ? pad.left + pad.right : 0)];
    const extra = pad ? [pad.top + pad.bottom, pad.left + pad.right] : [0, 0];
    if (padding === "same") {
      if (pad) return this.read.problem(join(cp, "padding"), `(${name}) padding same after the ZeroPadding2D ${JSON.stringify(pad.layer)}: write it by hand`);
      const out: [number, number] = [ceilDiv(shape.h, strides[0]!), ceilDiv(shape.w, strides[1]!)];
      if (rule === "conv") return { out, fields: { padding: "same" } };
      // pooling has no "same" in a spec: the padding (and rounding) that give TensorFlow's ⌈n / s⌉
      const found = [0, 1].map((axis) => poolMatch(shape[axis === 0 ? "h" : "w"], kernel[axis]!, strides[axis]!, 0, out[axis]!));
      if (found.some((f) => f === undefined))
        return this.read.problem(join(cp, "padding"), `(${name}) no symmetric padding gives TensorFlow's "same" output size here: write it by hand`);
      return { out, fields: poolFields(found as { p: number; ceil: boolean }[]) };
    }
    if (rule === "conv") {
      const want = [0, 1].map((a) => floorDiv(n[a]! + extra[a]! - dilation[a]! * (kernel[a]! - 1) - 1, strides[a]!) + 1);
      const p: number[] = [];
      for (const a of [0, 1]) {
        const t = extra[a]!;
        const choice = [Math.floor(t / 2), Math.ceil(t / 2)].find((q) => convOutputSize(n[a]!, kernel[a]!, strides[a]!, q, dilation[a]!).value === want[a]);
        if (choice === undefined)
          return this.read.problem(
            cp,
            `(${name}) the ZeroPadding2D ${JSON.stringify(pad?.layer)} adds ${t} zeros on one axis, which no symmetric padding matches here: write it by hand`,
          );
        p.push(choice);
      }
      if (want.some((v) => v < 1)) return this.read.problem(join(cp, "kernel_size"), `(${name}) the kernel is larger than the input (${shape.h}×${shape.w})`);
      return { out: [want[0]!, want[1]!], fields: p[0] === 0 && p[1] === 0 ? {} : { padding: pair(p) } };
    }
    const want = [0, 1].map((a) => floorDiv(n[a]! + extra[a]! - kernel[a]!, strides[a]!) + 1);
    if (want.some((v) => v < 1)) return this.read.problem(join(cp, "pool_size"), `(${name}) the window is larger than the input (${shape.h}×${shape.w})`);
    const found = [0, 1].map((a) => poolMatch(n[a]!, kernel[a]!, strides[a]!, extra[a]!, want[a]!));
    if (found.some((f) => f === undefined))
      return this.read.problem(
        cp,
        `(${name}) the ZeroPadding2D ${JSON.stringify(pad?.layer)}'s zeros cannot be written as a symmetric padding here: write it by hand`,
      );
    return { out: [want[0]!, want[1]!], fields: poolFields(found as { p: number; ceil: boolean }[]) };
  }

  private pooling(
    type: "maxpool" | "avgpool",
    config: JsonObject,
    cp: string,
    name: string,
    input: Value,
    shape: Shape,
    source: LayerSource,
  ): Value | undefined {
    const read = this.read;
    if (shape.kind !== "image") return read.problem(cp, `(${name}) 2-D pooling reads an image, found ${describe(shape)}`);
    const kernel = read.sizes(config, cp, "pool_size", 2, 1, [2, 2]);
    const strides = kernel && read.sizes(config, cp, "strides", 2, 1, kernel);
    const padding = read.choice(config, cp, "padding", ["valid", "same"] as const, "valid");
    if (!kernel || !strides || !padding) return undefined;
    const axes = this.spatialPadding(padding, input, shape, kernel, strides, [1, 1], name, cp, "pool");
    if (!axes) return undefined;
    const fields = {
      kernel: pair(kernel),
      ...(strides[0] === kernel[0] && strides[1] === kernel[1] ? {} : { stride: pair(strides) }),
      ...axes.fields,
    };
    return this.emit(name, { type, ...fields }, [input], source, { kind: "image", h: axes.out[0], w: axes.out[1], c: shape.c });
  }

  /** 1-D pooling along a sequence's positions: valid ⌊(n − k) / s⌋ + 1, same TensorFlow's ⌈n / s⌉. */
  private pooling1d(
    type: "maxpool" | "avgpool",
    config: JsonObject,
    cp: string,
    name: string,
    input: Value,
    shape: Shape,
    source: LayerSource,
  ): Value | undefined {
    const read = this.read;
    if (shape.kind !== "sequence") return read.problem(cp, `(${name}) 1-D pooling reads a sequence (steps, features), found ${describe(shape)}`);
    const kernel = read.sizes(config, cp, "pool_size", 1, 1, [2]);
    const strides = kernel && read.sizes(config, cp, "strides", 1, 1, kernel);
    const padding = read.choice(config, cp, "padding", ["valid", "same"] as const, "valid");
    if (!kernel || !strides || !padding) return undefined;
    const [k, s] = [kernel[0]!, strides[0]!];
    const want = padding === "same" ? ceilDiv(shape.t, s) : floorDiv(shape.t - k, s) + 1;
    if (want < 1) return read.problem(join(cp, "pool_size"), `(${name}) the window ${k} is longer than the sequence (${shape.t} steps)`);
    const found = poolMatch(shape.t, k, s, 0, want);
    if (!found) return read.problem(join(cp, "padding"), `(${name}) no symmetric padding gives TensorFlow's "same" output length here: write it by hand`);
    const fields = {
      kernel: k,
      ...(s === k ? {} : { stride: s }),
      ...(found.p === 0 ? {} : { padding: found.p }),
      ...(found.ceil ? { ceil: true } : {}),
    };
    return this.emit(name, { type, ...fields }, [input], source, { kind: "sequence", t: want, f: shape.f });
  }

  /** Conv1D, the transposed convolutions, UpSampling and Cropping2D: the spec's cnnops layers. */
  private resampling(className: string, config: JsonObject, cp: string, name: string, input: Value, shape: Shape, source: LayerSource): Value | undefined {
    const read = this.read;
    const oneD = className === "Conv1D" || className === "Convolution1D" || className === "Conv1DTranspose" || className === "UpSampling1D";
    if (oneD ? shape.kind !== "sequence" : shape.kind !== "image")
      return read.problem(
        cp,
        `(${name}) ${className} reads ${oneD ? "a sequence (steps, features)" : "an image (height, width, channels)"}, found ${describe(shape)}`,
      );
    const axes = oneD ? 1 : 2;
    const lengths = shape.kind === "image" ? [shape.h, shape.w] : shape.kind === "sequence" ? [shape.t] : [];
    const channels = shape.kind === "image" ? shape.c : shape.kind === "sequence" ? shape.f : 0;
    const field = (values: readonly number[]): number | number[] => (oneD ? values[0]! : pair(values));
    const made = (fields: Record<string, unknown>, out: readonly number[], c: number): Value =>
      this.emit(name, fields, [input], source, oneD ? { kind: "sequence", t: out[0]!, f: c } : { kind: "image", h: out[0]!, w: out[1]!, c });
    const ones = (values: readonly number[]): boolean => values.every((v) => v === 1);

    if (className.startsWith("UpSampling")) {
      const size = read.sizes(config, cp, "size", axes, 1, oneD ? [2] : [2, 2]);
      const mode = oneD
        ? "nearest"
        : read.choice(config, cp, "interpolation", ["nearest", "bilinear", "bicubic", "lanczos3", "lanczos5", "gaussian", "area"] as const, "nearest");
      if (!size || !mode) return undefined;
      if (mode !== "nearest" && mode !== "bilinear")
        return read.problem(join(cp, "interpolation"), `(${name}) interpolation ${mode}: the spec's upsample is nearest or bilinear`);
      return made(
        { type: "upsample", scale: field(size), ...(mode === "bilinear" ? { mode } : {}) },
        lengths.map((n, a) => n * size[a]!),
        channels,
      );
    }

    if (className === "Cropping2D") {
      const value = config.cropping ?? 0;
      const sides = fourSides(value);
      if (!sides)
        return read.problem(join(cp, "cropping"), `(${name}) expected a number, [height, width] or [[top, bottom], [left, right]], found ${shown(value)}`);
      const [top, bottom, left, right] = sides;
      if (top !== bottom || left !== right)
        return read.problem(
          join(cp, "cropping"),
          `(${name}) cropping ${shown(value)} cuts unequal amounts from opposite sides: the spec's crop is centred, so only symmetric cropping is read`,
        );
      const out = [lengths[0]! - top - bottom, lengths[1]! - left - right];
      if (out.some((v) => v < 1)) return read.problem(join(cp, "cropping"), `(${name}) cropping ${shown(value)} leaves nothing of ${lengths.join("×")}`);
      return made({ type: "crop", size: pair(out) }, out, channels);
    }

    const transpose = className.includes("Transpose");
    const filters = read.integer(config, cp, "filters", 1);
    const kernel = read.sizes(config, cp, "kernel_size", axes, 1);
    const strides = read.sizes(config, cp, "strides", axes, 1, oneD ? [1] : [1, 1]);
    const dilation = read.sizes(config, cp, "dilation_rate", axes, 1, oneD ? [1] : [1, 1]);
    const groups = read.integer(config, cp, "groups", 1, 1);
    const padding = read.choice(config, cp, "padding", transpose || !oneD ? (["valid", "same"] as const) : (["valid", "same", "causal"] as const), "valid");
    const bias = read.boolean(config, cp, "use_bias", true);
    const keptPadding = config.output_padding;
    const outputPadding = transpose && keptPadding !== undefined && keptPadding !== null ? read.sizes(config, cp, "output_padding", axes, 0) : undefined;
    if (filters === undefined || !kernel || !strides || !dilation || groups === undefined || !padding || bias === undefined) return undefined;
    if (transpose && keptPadding !== undefined && keptPadding !== null && !outputPadding) return undefined;
    if (channels % groups !== 0 || filters % groups !== 0)
      return read.problem(join(cp, "groups"), `(${name}) groups ${groups} must divide the input channels (${channels}) and the filters (${filters})`);
    const common = {
      filters,
      kernel: field(kernel),
      ...(ones(strides) ? {} : { stride: field(strides) }),
    };
    const tail = {
      ...(ones(dilation) ? {} : { dilation: field(dilation) }),
      ...(groups === 1 ? {} : { groups }),
      ...(bias ? {} : { bias: false }),
    };
    if (!transpose) {
      // Conv1D: valid ⌊(n − d·(k − 1) − 1) / s⌋ + 1; same and causal ⌈n / s⌉ (causal pads d·(k − 1) on the left alone)
      const n = lengths[0]!;
      const k = kernel[0]!;
      const s = strides[0]!;
      const d = dilation[0]!;
      const out = padding === "valid" ? floorDiv(n - d * (k - 1) - 1, s) + 1 : ceilDiv(n, s);
      if (out < 1) return read.problem(join(cp, "kernel_size"), `(${name}) the kernel is longer than the sequence (${n} steps)`);
      if (padding === "causal")
        this.conventions.add(
          "A Conv1D with padding causal is written padding same: the same output length and the same counts (the zeros are all on the left).",
        );
      return made({ type: "conv", ...common, ...(padding === "valid" ? {} : { padding: "same" }), ...tail }, [out], filters);
    }
    // Keras's transposed output length (keras/src/utils/conv_utils.py, deconv_output_length), with
    // K = d·(k − 1) + 1: without output_padding, valid n·s + max(K − s, 0) and same n·s; with it,
    // (n − 1)·s + K − 2·pad + output_padding, pad 0 (valid) or ⌊K / 2⌋ (same). The spec's (PyTorch's)
    // rule is (n − 1)·s + K − 2p + output_padding, output_padding below the stride or the dilation.
    const p: number[] = [];
    const op: number[] = [];
    const out: number[] = [];
    for (let a = 0; a < axes; a++) {
      const [n, k, s, d] = [lengths[a]!, kernel[a]!, strides[a]!, dilation[a]!];
      const K = d * (k - 1) + 1;
      let want: number;
      let pa: number;
      if (outputPadding) {
        pa = padding === "same" ? Math.floor(K / 2) : 0;
        want = (n - 1) * s + K - 2 * pa + outputPadding[a]!;
      } else if (padding === "valid") {
        want = n * s + Math.max(K - s, 0);
        pa = 0;
      } else {
        want = n * s;
        pa = K > s ? Math.ceil((K - s) / 2) : 0;
      }
      const opa = want - ((n - 1) * s + K - 2 * pa);
      if (opa < 0 || opa >= Math.max(s, d) || want < 1)
        return read.problem(
          join(cp, outputPadding ? "output_padding" : "padding"),
          `(${name}) Keras's output length here is ${want}, which no PyTorch-style padding and output_padding (below the stride or the dilation) give: write it by hand`,
        );
      p.push(pa);
      op.push(opa);
      out.push(want);
    }
    this.conventions.add(
      "Conv2DTranspose and Conv1DTranspose are conv_transpose with the padding and output_padding that give Keras's output size (its same is n·s).",
    );
    return made(
      {
        type: "conv_transpose",
        ...common,
        ...(p.every((v) => v === 0) ? {} : { padding: field(p) }),
        ...(op.every((v) => v === 0) ? {} : { output_padding: field(op) }),
        ...tail,
      },
      out,
      filters,
    );
  }

  private zeroPadding(config: JsonObject, cp: string, name: string, input: Value): Value | undefined {
    const read = this.read;
    const shape = input.shape;
    if (shape.kind !== "image") return read.problem(cp, `(${name}) ZeroPadding2D reads an image`);
    const value = config.padding ?? 1;
    const sides = fourSides(value);
    if (!sides)
      return read.problem(join(cp, "padding"), `(${name}) expected a number, [height, width] or [[top, bottom], [left, right]], found ${shown(value)}`);
    const before = input.pad ?? { top: 0, bottom: 0, left: 0, right: 0 };
    const pad: Pad = {
      top: before.top + sides[0],
      bottom: before.bottom + sides[1],
      left: before.left + sides[2],
      right: before.right + sides[3],
      layer: name,
    };
    this.conventions.add(
      "A ZeroPadding2D is the padding of the convolution or pooling that reads it (the side with the odd zero chosen to give Keras's output size).",
    );
    this.skipped.push(`${name} (ZeroPadding2D)`);
    return { spec: input.spec, shape: { kind: "image", h: shape.h + sides[0] + sides[1], w: shape.w + sides[2] + sides[3], c: shape.c }, pad };
  }

  private recurrent(
    config: JsonObject,
    cp: string,
    name: string,
    input: Value,
    shape: Shape,
    source: LayerSource,
    direct: string | undefined,
  ): Value | undefined {
    // direct: the layer's class (LSTM, GRU, SimpleRNN); undefined for a Bidirectional wrapper, whose `layer` it is
    const read = this.read;
    const bidirectional = direct === undefined;
    let inner: JsonObject = { class_name: direct ?? null, config };
    let innerPath = cp;
    if (bidirectional) {
      const layer = read.object(config.layer, join(cp, "layer"), "the wrapped recurrent layer: {class_name, config}");
      if (!layer) return undefined;
      const mode = read.choice(config, cp, "merge_mode", ["concat", "sum", "mul", "ave"] as const, "concat");
      if (mode === undefined) return undefined;
      if (mode !== "concat")
        return read.problem(join(cp, "merge_mode"), `(${name}) merge_mode ${mode}: alexcount's bidirectional layers concatenate the two directions`);
      inner = { class_name: layer.class_name ?? null, config: layer.config ?? null };
      innerPath = join(cp, "layer");
    }
    const className = typeof inner.class_name === "string" ? inner.class_name : "";
    const type = RECURRENT[className];
    if (!type) return read.problem(join(innerPath, "class_name"), `(${name}) expected LSTM, GRU or SimpleRNN, found ${shown(inner.class_name)}`);
    const rc = bidirectional ? read.object(inner.config, join(innerPath, "config"), "the layer's config") : config;
    if (!rc) return undefined;
    const rp = bidirectional ? join(innerPath, "config") : cp;
    if (shape.kind !== "sequence") return read.problem(cp, `(${name}) ${className} reads a sequence (steps, features), found ${describe(shape)}`);
    const units = read.integer(rc, rp, "units", 1);
    const bias = read.boolean(rc, rp, "use_bias", true);
    const sequences = read.boolean(rc, rp, "return_sequences", false);
    const resetAfter = read.boolean(rc, rp, "reset_after", className === "CuDNNGRU");
    if (units === undefined || bias === undefined || sequences === undefined || resetAfter === undefined) return undefined;
    if (rc.return_state === true) return read.problem(join(rp, "return_state"), `(${name}) return_state: alexcount reads one output`);
    // Keras keeps one bias vector per gate block; a GRU with reset_after (TF 2's default) keeps two
    const vectors = type === "gru" && resetAfter ? 2 : 1;
    this.conventions.add("LSTM, GRU and SimpleRNN hold one bias vector per gate block, as Keras does (bias_vectors: 1; a GRU with reset_after two).");
    const hidden = bidirectional ? units * 2 : units;
    const made = this.emit(
      name,
      { type, hidden: units, ...(bidirectional ? { bidirectional: true } : {}), bias_vectors: vectors, ...(bias ? {} : { bias: false }) },
      [input],
      source,
      {
        kind: "sequence",
        t: shape.t,
        f: hidden,
      },
    );
    if (sequences) return made;
    // return_sequences false: the last step's output alone, a vector (free: a copy)
    this.conventions.add("A recurrent layer with return_sequences false is followed by NAME_last, a pick of its last step (position -1).");
    return this.emit(`${name}_last`, { type: "pick", position: -1 }, [made], source, { kind: "vector", f: hidden });
  }

  private merge(className: string, name: string, inputs: readonly Value[], source: LayerSource, path: string): Value | undefined {
    if (inputs.length < 2) return this.read.problem(join(path, "inbound_nodes"), `(${name}) ${className} reads two tensors or more, found ${inputs.length}`);
    const shapes = inputs.map((v) => this.shapeOf(v, "vector"));
    if (className !== "Add" && className !== "Multiply")
      this.notes.push(`${name} (${className}) is written as add: the same shape rule, nothing learned, no multiply–accumulates.`);
    // Multiply may broadcast a channel vector over an image or a sequence: the larger shape is the output
    const out = shapes.find((s) => s.kind === "image") ?? shapes.find((s) => s.kind === "sequence") ?? shapes[0]!;
    return this.emit(name, { type: MERGES[className]! }, inputs, source, out);
  }

  private concatenate(config: JsonObject, cp: string, name: string, inputs: readonly Value[], source: LayerSource, path: string): Value | undefined {
    const shapes = inputs.map((v) => this.shapeOf(v, "vector"));
    const first = shapes[0]!;
    const rank = first.kind === "image" ? 3 : first.kind === "sequence" ? 2 : 1;
    const axis = config.axis ?? -1;
    if (axis !== -1 && axis !== rank)
      return this.read.problem(join(cp, "axis"), `(${name}) concatenates on axis ${shown(axis)}: alexcount joins the last axis (-1), the channels or features`);
    if (inputs.length === 1) return this.emit(name, { type: "identity" }, inputs, source, first);
    if (inputs.length === 0) return this.read.problem(join(path, "inbound_nodes"), `(${name}) Concatenate reads no tensor`);
    const total = shapes.reduce((sum, s) => sum + (s.kind === "image" ? s.c : s.f), 0);
    const out: Shape = first.kind === "image" ? { ...first, c: total } : first.kind === "sequence" ? { ...first, f: total } : { kind: "vector", f: total };
    return this.emit(name, { type: "concat" }, inputs, source, out);
  }

  private activationLayer(className: string, config: JsonObject, cp: string, name: string): string {
    if (className === "Softmax") return "softmax";
    if (className === "ReLU") {
      const max = config.max_value;
      const slope = config.negative_slope ?? 0;
      const threshold = config.threshold ?? 0;
      if (slope === 0 && threshold === 0 && (max === null || max === undefined)) return "relu";
      if (slope === 0 && threshold === 0 && max === 6) return "relu6";
      return "activation";
    }
    if (className === "Activation") return this.activationName(config.activation, join(cp, "activation"), name) ?? "activation";
    return "activation";
  }

  /** The spec type of a Keras activation (`"relu"`, or Keras 3's serialized form); undefined for linear. */
  private activationName(value: Json | undefined, path: string, name: string): string | undefined {
    const text =
      typeof value === "string" ? value : isObject(value) && typeof value.config === "string" ? value.config : isObject(value) ? value.class_name : undefined;
    if (value === undefined || value === null || text === "linear") return undefined;
    if (typeof text !== "string") {
      this.read.problem(path, `(${name}) expected an activation's name, found ${shown(value)}`);
      return undefined;
    }
    return ACTIVATIONS[text.toLowerCase()] ?? "activation";
  }

  /** A layer's activation=, as a layer of its own after it. */
  private activation(config: JsonObject, cp: string, name: string, made: Value, source: LayerSource): Value {
    const type = this.activationName(config.activation, join(cp, "activation"), name);
    if (type === undefined) return made;
    const suffix = typeof config.activation === "string" ? config.activation.toLowerCase() : type;
    return this.emit(`${name}_${suffix}`, { type }, [made], source, made.shape);
  }

  /** The special layer MultiHeadAttention: query, value and (optionally) key, from its call. */
  private attention(config: JsonObject, cp: string, name: string, call: Call, values: readonly Value[], source: LayerSource): Value | undefined {
    const read = this.read;
    // the call's tensors are its positional ones, then its keyword ones, in that order in `values`
    const refs = [...call.args, ...call.kwargs.values()];
    const keys = [...call.kwargs.keys()];
    const role = (position: number, key: string): number | undefined => {
      if (call.args[position]) return position;
      const k = keys.indexOf(key);
      return k < 0 ? undefined : call.args.length + k;
    };
    const q = role(0, "query") ?? 0;
    const v = role(1, "value") ?? q;
    const k = role(2, "key");
    const same = (a: number, b: number): boolean => {
      const [x, y] = [refs[a], refs[b]];
      return x === undefined || y === undefined ? a === b : x.layer === y.layer && x.node === y.node && x.tensor === y.tensor;
    };
    if (k !== undefined && !same(k, v))
      return read.problem(join(cp, "key"), `(${name}) keys from another tensor than the values: alexcount's attention takes both from one memory`);
    const query = values[q];
    const memory = values[v];
    if (!query || !memory) return read.problem(cp, `(${name}) MultiHeadAttention needs a query and a value`);
    const qs = this.shapeOf(query, "vector");
    const ms = this.shapeOf(memory, "vector");
    if (qs.kind !== "sequence" || ms.kind !== "sequence")
      return read.problem(cp, `(${name}) MultiHeadAttention reads sequences (steps, features), found ${describe(qs.kind !== "sequence" ? qs : ms)}`);
    const heads = read.integer(config, cp, "num_heads", 1);
    const keyDim = read.integer(config, cp, "key_dim", 1);
    const valueDim = read.integer(config, cp, "value_dim", 1, keyDim ?? 1);
    const bias = read.boolean(config, cp, "use_bias", true);
    if (heads === undefined || keyDim === undefined || valueDim === undefined || bias === undefined) return undefined;
    if (valueDim !== keyDim)
      return read.problem(join(cp, "value_dim"), `(${name}) value_dim ${valueDim} differs from key_dim ${keyDim}: alexcount's attention has one head size`);
    const output = config.output_shape;
    const outputSize = Array.isArray(output) && output.length === 1 ? output[0] : output;
    if (outputSize !== undefined && outputSize !== null && outputSize !== qs.f)
      return read.problem(join(cp, "output_shape"), `(${name}) output_shape ${shown(output)}: alexcount's attention gives the query's ${qs.f} features back`);
    if (config.attention_axes !== undefined && config.attention_axes !== null)
      return read.problem(join(cp, "attention_axes"), `(${name}) attention_axes: alexcount attends over the steps alone`);
    const inputs = same(q, v) ? [query] : [query, memory];
    this.conventions.add(
      "MultiHeadAttention is an attention layer: num_heads heads of key_dim, the q, k, v and output projections (with use_bias: four biases).",
    );
    return this.emit(name, { type: "attention", heads, head_dim: keyDim, ...(bias ? {} : { bias: false }) }, inputs, source, qs);
  }

  private emit(name: string, fields: Record<string, unknown>, inputs: readonly Value[], source: LayerSource, shape: Shape): Value {
    const unique = this.uniqueName(name);
    const previous = this.layers[this.layers.length - 1];
    const names = inputs.map((v) => v.spec);
    const follows = names.length === 1 && (previous ? names[0] === previous.name : names[0] === "input");
    this.layers.push({ name: unique, ...(fields as { type: string }), ...(follows ? {} : { inputs: names }) });
    this.sources.push(source);
    return { spec: unique, shape };
  }

  private uniqueName(name: string): string {
    let unique = name === "input" ? "input_" : name;
    for (let k = 2; this.names.has(unique); k++) unique = `${name}_${k}`;
    if (unique !== name)
      this.notes.push(`${name} is named ${unique} here: ${name === "input" ? "input names the network input in a spec" : "the name is taken"}.`);
    this.names.add(unique);
    return unique;
  }
}

function pair(values: readonly number[]): number | number[] {
  return values[0] === values[1] ? values[0]! : [values[0]!, values[1]!];
}

/** A symmetric pooling padding (and rounding) that gives `want` from n inputs plus `extra` zeros. */
function poolMatch(n: number, k: number, s: number, extra: number, want: number): { p: number; ceil: boolean } | undefined {
  const candidates = extra > 0 ? [Math.floor(extra / 2), Math.ceil(extra / 2)] : Array.from({ length: Math.floor(k / 2) + 1 }, (_, p) => p);
  for (const p of candidates) {
    for (const ceil of [false, true]) if (poolOutputSize(n, k, s, p, ceil).value === want) return { p, ceil };
  }
  return undefined;
}

function poolFields(found: readonly { p: number; ceil: boolean }[]): Record<string, unknown> {
  const [h, w] = found as [{ p: number; ceil: boolean }, { p: number; ceil: boolean }];
  const ceil = h.ceil || w.ceil;
  return { ...(h.p === 0 && w.p === 0 ? {} : { padding: pair([h.p, w.p]) }), ...(ceil ? { ceil: true } : {}) };
}

function elements(shape: Shape): number {
  if (shape.kind === "image") return shape.h * shape.w * shape.c;
  if (shape.kind === "sequence") return shape.t * shape.f;
  return shape.kind === "vector" ? shape.f : shape.n;
}

function describe(shape: Shape): string {
  if (shape.kind === "image") return `an image ${shape.h}×${shape.w}×${shape.c}`;
  if (shape.kind === "sequence") return `a sequence ${shape.t}×${shape.f}`;
  return `a vector of ${shape.kind === "vector" ? shape.f : shape.n}`;
}

function layerName(layer: JsonObject, index: number): string {
  if (typeof layer.name === "string" && layer.name) return layer.name;
  const config = layer.config;
  if (isObject(config) && typeof config.name === "string" && config.name) return config.name;
  return `layer${index}`;
}

/** Keras 2's Embedding(input_length=T) as a Sequential model's first layer: the input's shape. */
function inputLength(layer: JsonObject, config: JsonObject): Json | undefined {
  return layer.class_name === "Embedding" && typeof config.input_length === "number" ? [null, config.input_length] : undefined;
}

/** The layer names of `input_layers` / `output_layers`: [[name, 0, 0], …], or Keras 3's single [name, 0, 0]. */
function refsOf(value: Json | undefined): string[] {
  if (!Array.isArray(value)) return [];
  if (typeof value[0] === "string") return [value[0]];
  return (value as readonly Json[]).flatMap((entry) => (Array.isArray(entry) && typeof entry[0] === "string" ? [entry[0]] : []));
}

function keras2Ref(entry: Json | undefined, path: string): TensorRef | undefined {
  if (!Array.isArray(entry) || entry.length < 3) return undefined;
  const [layer, node, tensor] = entry as readonly Json[];
  if (typeof layer !== "string" || typeof node !== "number" || typeof tensor !== "number") return undefined;
  return { layer, node, tensor, path };
}

/** Keras 3's tensors in a call's args, in order: {class_name: "__keras_tensor__", config: {keras_history: [layer, node, tensor]}}. */
function collectTensors(value: Json | undefined, path: string, into: TensorRef[], depth: number): void {
  if (depth > 16 || value === undefined || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item: Json, k: number) => collectTensors(item, join(path, k), into, depth + 1));
    return;
  }
  if (!isObject(value)) return;
  if (value.class_name === "__keras_tensor__" && isObject(value.config)) {
    const ref = keras2Ref(value.config.keras_history, join(join(path, "config"), "keras_history"));
    if (ref) into.push(ref);
  }
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}
