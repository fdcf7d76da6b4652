// A Caffe net (a deploy or train_val .prototxt, in the `layer {}` or the older `layers {}`
// form) read into an alexcount spec. Caffe's blobs become the spec's `inputs`: a layer that
// writes its result back into its bottom (in place, top = bottom) is a spec layer of its own,
// and later layers that read that blob read it. Layer names are the file's.
//
// Caffe's rules, as its source applies them (BVLC caffe, src/caffe/layers/*.cpp):
//   - convolution and inner product have a bias unless bias_term: false;
//   - pooling's output size is rounded up, ⌈(n + 2p − k) / s⌉ + 1, less one when the last
//     window would start in the padding (pooling_layer.cpp), which is the spec's `ceil: true`;
//     round_mode: FLOOR (newer Caffe) rounds down; pooling's stride defaults to 1;
//   - BatchNorm's mean and variance are statistics, not learned; the learned scale and shift
//     are a Scale layer after it (bias_term: true), so the pair is one affine `batchnorm`.

import type { ImportProblem, ImportResult, LayerSource, TextPosition } from "../import-problem.js";
import { DATA_TYPES, ELEMENTWISE, KNOWN_TYPES, NET_FIELDS, PARAM_FIELDS, REFUSED, SKIPPED_TYPES, STRUCTURAL_TYPES, V1_TYPES } from "./caffe-layer-types.js";
import { type InputShape, dataLayerShape, netInputs } from "./caffe-inputs.js";
import { FieldReader, join } from "./fields.js";
import { type TextField, type TextMessage, parseProtoText } from "./prototxt.js";

type SpecLayer = Record<string, unknown> & { name: string; type: string };

/** What a blob name refers to at a point in the file. */
type Blob =
  | { readonly kind: "input" }
  | { readonly kind: "layer"; readonly index: number }
  /** a top that no spec layer stands for: a label, a loss, a second input */
  | { readonly kind: "unread"; readonly reason: string }
  /** made by a layer that has a problem of its own, already reported */
  | { readonly kind: "broken" };

const pair = (h: number, w: number): number | [number, number] => (h === w ? h : [h, w]);

export function importCaffe(text: string, file: string): ImportResult {
  const parsed = parseProtoText(text, file);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  return new CaffeImport(file).run(parsed.root);
}

class CaffeImport {
  private readonly read: FieldReader;
  private readonly layers: SpecLayer[] = [];
  private readonly sources: LayerSource[] = [];
  private readonly blobs = new Map<string, Blob>();
  /** How many later layers read each spec layer (a BatchNorm is merged with its Scale only while nothing else reads it). */
  private readonly readers: number[] = [];
  private readonly names = new Set<string>();
  private readonly skipped: string[] = [];
  private readonly notes: string[] = [];
  private readonly warnings: string[] = [];
  private readonly mergedScales: string[] = [];
  private inputBlob: string | undefined;
  private input: InputShape | undefined;

  constructor(private readonly file: string) {
    this.read = new FieldReader(file);
  }

  run(root: TextMessage): ImportResult {
    const read = this.read;
    read.knownFields(root, "", NET_FIELDS, "a Caffe net (NetParameter)");
    const v2 = read.all(root, "layer");
    const v1 = read.all(root, "layers");
    if (v2.length > 0 && v1.length > 0) {
      read.problem(v1[0]!.position, "layers", "the file mixes the `layer {}` form with the older `layers {}` form; Caffe reads one or the other");
      return this.result();
    }
    const entries = v2.length > 0 ? v2 : v1;
    const listName = v2.length > 0 ? "layer" : "layers";
    if (entries.length === 0 && read.problems.length === 0) read.problem(undefined, "", "no layers: a Caffe net lists them as layer { … }");
    for (const { blob, shape, position, path } of netInputs(read, root)) this.addInput(blob, shape, position, path);
    const laterTops = this.topsByLayer(entries);
    entries.forEach((entry, index) => {
      const path = join(listName, index);
      const layer = read.sub(entry, path);
      if (!layer) return;
      const before = read.problems.length;
      this.layer(layer, path, listName === "layers", laterTops, index);
      // a layer with a problem makes no blob: the layers that read it wait for the next run
      if (read.problems.length > before) this.markTops(layer, undefined);
    });
    if (read.problems.length === 0 && !this.input)
      read.problem(undefined, "", "the net has no input: give it an Input layer (input_param { shape { dim: … } }), or input and input_shape");
    if (read.problems.length === 0 && this.layers.length === 0) read.problem(undefined, "", "no layer that alexcount counts: every layer was skipped");
    return this.result(root);
  }

  private result(root?: TextMessage): ImportResult {
    const read = this.read;
    if (read.problems.length > 0 || !root || !this.input) return { ok: false, problems: sortByPlace(read.problems) };
    const nameField = read.one(root, "", "name");
    const netName = (nameField && read.text(nameField, "name")) || baseName(this.file).replace(/\.prototxt$/, "");
    const { dims } = this.input;
    const shape = dims.slice(1);
    const input =
      shape.length === 1
        ? { features: shape[0] }
        : shape[1] === shape[2]
          ? { size: shape[1], channels: shape[0] }
          : { width: shape[2], height: shape[1], channels: shape[0] };
    const header = [
      `Imported by \`alexcount import\` from ${this.file} (Caffe prototxt, net ${JSON.stringify(netName)}); edit freely.`,
      `Input: blob ${JSON.stringify(this.inputBlob ?? "data")}, ${dims.join(" × ")} (${dims.length === 2 ? "N × C" : "N × C × H × W"}, from ${this.input.how}); counted per sample, not for the batch of ${dims[0]}.`,
      "Read as Caffe does: convolutions and inner products have a bias unless bias_term: false; pooling",
      "rounds its output size up (ceil: true) unless round_mode: FLOOR; a layer that works in place",
      "(top = bottom) is a layer of its own; layers only for the TRAIN phase are left out.",
      ...(this.mergedScales.length > 0
        ? [
            `A BatchNorm (mean and variance: statistics, not learned) and the Scale after it (a learned scale and shift) are one affine batchnorm: ${this.mergedScales.join(", ")}.`,
          ]
        : []),
      ...this.notes,
      ...(this.skipped.length > 0 ? [`Skipped (no weights, no multiply–accumulates): ${this.skipped.join(", ")}.`] : []),
      ...this.warnings.map((warning) => `Not counted: ${warning}`),
    ];
    return {
      ok: true,
      imported: {
        spec: {
          name: netName,
          description: `${netName}, imported from the Caffe prototxt ${baseName(this.file)}`,
          source: [`${this.file} (Caffe prototxt)`],
          input,
          bias: true,
          layers: this.layers,
        },
        header,
        warnings: this.warnings,
        sources: this.sources,
      },
    };
  }

  private addInput(blob: string, shape: InputShape, position: TextPosition, path: string): void {
    if (this.inputBlob === undefined) {
      this.inputBlob = blob;
      this.input = shape;
      this.blobs.set(blob, { kind: "input" });
      return;
    }
    this.blobs.set(blob, { kind: "unread", reason: `a second input (at line ${position.line}:${position.column}, ${path}): a spec has one input` });
  }

  /** Each blob's first producer, for the message about a bottom that only a later layer makes. */
  private topsByLayer(entries: readonly TextField[]): Map<string, { layer: string; position: TextPosition }> {
    const tops = new Map<string, { layer: string; position: TextPosition }>();
    for (const entry of entries) {
      if (entry.value.kind !== "message") continue;
      const nameField = entry.value.fields.find((f) => f.name === "name");
      const layer = nameField?.value.kind === "string" ? nameField.value.text : "?";
      for (const top of entry.value.fields.filter((f) => f.name === "top")) {
        if (top.value.kind !== "message" && !tops.has(top.value.text)) tops.set(top.value.text, { layer, position: entry.position });
      }
    }
    return tops;
  }

  private layer(layer: TextMessage, path: string, v1: boolean, laterTops: Map<string, { layer: string; position: TextPosition }>, index: number): void {
    const read = this.read;
    const nameField = read.one(layer, path, "name");
    const name = (nameField && read.text(nameField, join(path, "name"))) || `layer${index}`;
    const typeField = read.one(layer, path, "type");
    if (!typeField) {
      read.problem(layer.position, path, `(${name}) the layer has no type`);
      return;
    }
    const typePath = join(path, "type");
    const written = read.scalar(typeField, typePath)?.text;
    if (written === undefined) return;
    const type = v1 ? (V1_TYPES[written] ?? written) : written;
    const at = typeField.value.kind === "message" ? typeField.position : typeField.value.position;
    if (!this.inPhase(layer, path)) {
      this.skipped.push(`${name} (${type}, TRAIN only)`);
      this.markTops(layer, `the TRAIN-only layer ${JSON.stringify(name)}`);
      return;
    }
    const tops = read.all(layer, "top").flatMap((f, k) => read.text(f, join(join(path, "top"), k)) ?? []);
    const bottomFields = read.all(layer, "bottom");
    const source: LayerSource = { path, position: layer.position, name };

    if ((DATA_TYPES as readonly string[]).includes(type)) return this.dataLayer(layer, path, type, name, tops);
    if ((SKIPPED_TYPES as readonly string[]).includes(type)) {
      this.skipped.push(`${name} (${type})`);
      for (const top of tops) this.blobs.set(top, { kind: "unread", reason: `made by ${JSON.stringify(name)} (${type}), which alexcount skips` });
      return;
    }
    if (REFUSED[type] !== undefined) return read.problem(at, typePath, `(${name}) ${REFUSED[type]}`);
    if (ELEMENTWISE[type] === undefined && !(STRUCTURAL_TYPES as readonly string[]).includes(type)) {
      const close = KNOWN_TYPES.filter((known) => known.toLowerCase() === type.toLowerCase());
      const hint = close.length > 0 ? ` (did you mean ${close[0]}?)` : "";
      const counted = KNOWN_TYPES.filter((t) => !(DATA_TYPES as readonly string[]).includes(t) && !(SKIPPED_TYPES as readonly string[]).includes(t));
      return read.problem(
        at,
        typePath,
        `(${name}) unknown layer type ${JSON.stringify(type)}${hint}; alexcount reads ${counted.join(", ")}, and the data, accuracy and loss layers`,
      );
    }

    // every other type reads its bottoms
    const resolved: Blob[] = [];
    const inputs: string[] = [];
    const readIndices: number[] = [];
    let broken = false;
    bottomFields.forEach((field, k) => {
      const bottomPath = join(join(path, "bottom"), k);
      const blobName = read.text(field, bottomPath);
      if (blobName === undefined) {
        broken = true;
        return;
      }
      const blob = this.blobs.get(blobName);
      const where = field.value.kind === "message" ? field.position : field.value.position;
      if (!blob) {
        const later = laterTops.get(blobName);
        const why = later
          ? `, which only the later layer ${JSON.stringify(later.layer)} (line ${later.position.line}) makes: Caffe runs layers in file order, so a net cannot read a blob before it is made, and a loop is not a net`
          : ": no layer makes it, and it is not an input";
        read.problem(where, bottomPath, `(${name}) bottom ${JSON.stringify(blobName)} is not a blob yet${why}`);
        broken = true;
        return;
      }
      if (blob.kind === "broken") {
        broken = true;
        return;
      }
      if (blob.kind === "unread") {
        read.problem(where, bottomPath, `(${name}) bottom ${JSON.stringify(blobName)} is ${blob.reason}`);
        broken = true;
        return;
      }
      resolved.push(blob);
      if (blob.kind === "input") inputs.push("input");
      else {
        inputs.push(this.layers[blob.index]!.name);
        readIndices.push(blob.index);
      }
    });
    if (broken) return;
    if (inputs.length === 0) return read.problem(layer.position, path, `(${name}) ${type} needs a bottom: name the blob it reads`);

    const oneInput = (): boolean => {
      if (inputs.length === 1) return true;
      read.problem(bottomFields[1]?.position ?? layer.position, join(path, "bottom"), `(${name}) ${type} reads one bottom, found ${inputs.length}`);
      return false;
    };
    const oneTop = (): boolean => {
      if (tops.length === 1) return true;
      read.problem(layer.position, join(path, "top"), `(${name}) ${type} writes one top, found ${tops.length}`);
      return false;
    };

    if (type === "Split") {
      // a Split copies its bottom to each top: the same values, under several names
      if (!oneInput()) return;
      for (const top of tops) this.blobs.set(top, resolved[0]!);
      return;
    }

    const elementwise = ELEMENTWISE[type];
    let spec: Record<string, unknown> | undefined;
    if (elementwise !== undefined) {
      if (!oneInput()) return;
      spec = { type: elementwise };
    } else if (type === "PReLU") {
      if (!oneInput()) return;
      const param = this.param(layer, path, "prelu_param");
      const shared = param ? read.optionalBoolean(param, join(path, "prelu_param"), "channel_shared", false) : false;
      spec = { type: "relu" };
      this.warnings.push(
        `${name} (PReLU) is a relu here: its learned slopes (${shared ? "one, shared" : "one per channel"}) are weights the spec format has no layer for.`,
      );
    } else if (type === "Convolution") {
      if (!oneInput()) return;
      spec = this.convolution(layer, path, name);
    } else if (type === "InnerProduct") {
      if (!oneInput()) return;
      spec = this.innerProduct(layer, path, name);
    } else if (type === "Pooling") {
      if (!oneInput()) return;
      spec = this.pooling(layer, path, name);
    } else if (type === "Concat") {
      const param = this.param(layer, path, "concat_param");
      const axis = param ? this.axis(param, join(path, "concat_param"), name, ["axis", "concat_dim"]) : true;
      if (!axis) return;
      spec = inputs.length === 1 ? { type: "identity" } : { type: "concat" };
    } else if (type === "Eltwise") {
      spec = this.eltwise(layer, path, name, inputs.length);
    } else if (type === "BatchNorm") {
      if (!oneInput()) return;
      spec = { type: "batchnorm", affine: false };
    } else if (type === "Scale") {
      if (!oneInput()) return;
      const merged = this.scale(layer, path, name, readIndices[0], tops);
      if (merged === "merged") return;
      spec = merged;
    } else if (type === "Flatten") {
      if (!oneInput()) return;
      const param = this.param(layer, path, "flatten_param");
      if (param) {
        const axis = read.optionalInteger(param, join(path, "flatten_param"), "axis", -4, 1);
        const endField = read.one(param, join(path, "flatten_param"), "end_axis");
        const endText = endField?.value.kind === "message" ? undefined : endField?.value.text;
        if (axis !== 1 || (endText !== undefined && endText !== "-1" && endText !== "3")) {
          read.problem(param.position, join(path, "flatten_param"), `(${name}) only a Flatten from axis 1 to the end can be written in a spec`);
          return;
        }
      }
      spec = { type: "flatten" };
    }
    if (!spec) return;
    if (!oneTop()) return;
    this.emit(name, spec, inputs, readIndices, source, tops[0]!);
  }

  /** Whether the layer runs in the TEST phase: its include rules (if any) allow TEST and no exclude rule names it. */
  private inPhase(layer: TextMessage, path: string): boolean {
    const phaseOf = (field: TextField, rulePath: string): string | undefined => {
      const rule = this.read.sub(field, rulePath);
      const phase = rule?.fields.find((f) => f.name === "phase");
      return phase && this.read.enumValue(phase, join(rulePath, "phase"), ["TRAIN", "TEST"] as const);
    };
    const include = this.read.all(layer, "include").map((f, k) => phaseOf(f, join(join(path, "include"), k)));
    const exclude = this.read.all(layer, "exclude").map((f, k) => phaseOf(f, join(join(path, "exclude"), k)));
    if (exclude.includes("TEST")) return false;
    return include.length === 0 || include.some((phase) => phase === undefined || phase === "TEST");
  }

  private markTops(layer: TextMessage, reason: string | undefined): void {
    for (const field of this.read.all(layer, "top")) {
      if (field.value.kind !== "message")
        this.blobs.set(field.value.text, reason === undefined ? { kind: "broken" } : { kind: "unread", reason: `made by ${reason}` });
    }
  }

  private dataLayer(layer: TextMessage, path: string, type: string, name: string, tops: readonly string[]): void {
    const [first, ...rest] = tops;
    for (const top of rest) this.blobs.set(top, { kind: "unread", reason: `the ${JSON.stringify(name)} layer's labels, which alexcount does not read` });
    if (first === undefined) return this.read.problem(layer.position, join(path, "top"), `(${name}) the ${type} layer has no top`);
    const shape = dataLayerShape(this.read, layer, path, type, name);
    if (shape) this.addInput(first, shape, layer.position, path);
  }

  /** The layer's `NAME_param` message, its fields checked against caffe.proto's. */
  private param(layer: TextMessage, path: string, field: keyof typeof PARAM_FIELDS): TextMessage | undefined {
    const found = this.read.one(layer, path, field);
    const message = found && this.read.sub(found, join(path, field));
    if (message) this.read.knownFields(message, join(path, field), PARAM_FIELDS[field], field);
    return message;
  }

  /** A concat or scale axis: only the channels (1) can be written in a spec. */
  private axis(param: TextMessage, path: string, name: string, fields: readonly string[]): boolean {
    for (const field of fields) {
      const found = this.read.one(param, path, field);
      if (!found) continue;
      const value = found.value.kind === "message" ? undefined : found.value.text;
      if (value !== "1" && value !== "-3") {
        this.read.problem(found.position, join(path, field), `(${name}) only axis 1, the channels, can be written in a spec; found ${value ?? "a message"}`);
        return false;
      }
    }
    return true;
  }

  /**
   * A spatial pair from `NAME` (repeated, one value for both axes or one per axis) or
   * `NAME_h` and `NAME_w`; `fallback` when none is given.
   */
  private spatial(
    param: TextMessage,
    path: string,
    name: string,
    axes: string,
    field: string,
    min: number,
    fallback: number | undefined,
    repeated: boolean,
  ): [number, number] | undefined {
    const read = this.read;
    const h = read.one(param, path, `${axes}_h`);
    const w = read.one(param, path, `${axes}_w`);
    const both = read.all(param, field);
    if (h || w) {
      if (both.length > 0 || !h || !w) {
        read.problem((h ?? w)!.position, join(path, `${axes}_h`), `(${name}) give ${axes}_h and ${axes}_w together, and not with ${field}`);
        return undefined;
      }
      const hv = read.integer(h, join(path, `${axes}_h`), min);
      const wv = read.integer(w, join(path, `${axes}_w`), min);
      return hv === undefined || wv === undefined ? undefined : [hv, wv];
    }
    if (both.length === 0) {
      if (fallback === undefined) read.problem(param.position, join(path, field), `(${name}) ${field} is required`);
      return fallback === undefined ? undefined : [fallback, fallback];
    }
    if (!repeated && both.length > 1) {
      read.one(param, path, field);
      return undefined;
    }
    if (both.length > 2) {
      read.problem(
        both[2]!.position,
        join(path, field),
        `(${name}) ${field} is given ${both.length} times; a 2-D layer takes one value or two (height, width)`,
      );
      return undefined;
    }
    const values = both.map((f, k) => read.integer(f, repeated && both.length > 1 ? join(join(path, field), k) : join(path, field), min));
    if (values.some((v) => v === undefined)) return undefined;
    return [values[0]!, values[1] ?? values[0]!];
  }

  private convolution(layer: TextMessage, path: string, name: string): Record<string, unknown> | undefined {
    const read = this.read;
    const param = this.param(layer, path, "convolution_param");
    if (!param) return read.problem(layer.position, path, `(${name}) a Convolution layer needs a convolution_param with num_output and a kernel size`);
    const pp = join(path, "convolution_param");
    const numOutput = read.one(param, pp, "num_output");
    if (!numOutput) read.problem(param.position, join(pp, "num_output"), `(${name}) num_output is required`);
    const filters = numOutput && read.integer(numOutput, join(pp, "num_output"), 1);
    const kernel = this.spatial(param, pp, name, "kernel", "kernel_size", 1, undefined, true);
    const stride = this.spatial(param, pp, name, "stride", "stride", 1, 1, true);
    const pad = this.spatial(param, pp, name, "pad", "pad", 0, 0, true);
    const dilation = this.spatial(param, pp, name, "dilation", "dilation", 1, 1, true);
    const groups = read.optionalInteger(param, pp, "group", 1, 1);
    const bias = read.optionalBoolean(param, pp, "bias_term", true);
    const axisOk = this.axis(param, pp, name, ["axis"]);
    if (filters === undefined || !kernel || !stride || !pad || !dilation || groups === undefined || bias === undefined || !axisOk) return undefined;
    return {
      type: "conv",
      filters,
      kernel: pair(...kernel),
      ...(stride[0] === 1 && stride[1] === 1 ? {} : { stride: pair(...stride) }),
      ...(pad[0] === 0 && pad[1] === 0 ? {} : { padding: pair(...pad) }),
      ...(dilation[0] === 1 && dilation[1] === 1 ? {} : { dilation: pair(...dilation) }),
      ...(groups === 1 ? {} : { groups }),
      ...(bias ? {} : { bias: false }),
    };
  }

  private innerProduct(layer: TextMessage, path: string, name: string): Record<string, unknown> | undefined {
    const read = this.read;
    const param = this.param(layer, path, "inner_product_param");
    if (!param) return read.problem(layer.position, path, `(${name}) an InnerProduct layer needs an inner_product_param with num_output`);
    const pp = join(path, "inner_product_param");
    const numOutput = read.one(param, pp, "num_output");
    if (!numOutput) read.problem(param.position, join(pp, "num_output"), `(${name}) num_output is required`);
    const units = numOutput && read.integer(numOutput, join(pp, "num_output"), 1);
    const bias = read.optionalBoolean(param, pp, "bias_term", true);
    const axisOk = this.axis(param, pp, name, ["axis"]);
    if (units === undefined || bias === undefined || !axisOk) return undefined;
    return { type: "dense", units, ...(bias ? {} : { bias: false }) };
  }

  private pooling(layer: TextMessage, path: string, name: string): Record<string, unknown> | undefined {
    const read = this.read;
    const param = this.param(layer, path, "pooling_param");
    if (!param) return read.problem(layer.position, path, `(${name}) a Pooling layer needs a pooling_param with a kernel size or global_pooling`);
    const pp = join(path, "pooling_param");
    const poolField = read.one(param, pp, "pool");
    const pool = poolField ? read.enumValue(poolField, join(pp, "pool"), ["MAX", "AVE", "STOCHASTIC"] as const) : "MAX";
    if (pool === undefined) return undefined;
    // stochastic pooling picks one value of each window, as max pooling does: same shape, nothing learned
    if (pool === "STOCHASTIC") this.notes.push(`${name} (STOCHASTIC pooling) is a maxpool here: the same windows and shape, nothing learned.`);
    const type = pool === "AVE" ? "avgpool" : "maxpool";
    const global = read.optionalBoolean(param, pp, "global_pooling", false);
    if (global === undefined) return undefined;
    if (global) return { type, global: true };
    const kernel = this.spatial(param, pp, name, "kernel", "kernel_size", 1, undefined, false);
    const stride = this.spatial(param, pp, name, "stride", "stride", 1, 1, false);
    const pad = this.spatial(param, pp, name, "pad", "pad", 0, 0, false);
    const roundField = read.one(param, pp, "round_mode");
    const round = roundField ? read.enumValue(roundField, join(pp, "round_mode"), ["CEIL", "FLOOR"] as const) : "CEIL";
    if (!kernel || !stride || !pad || round === undefined) return undefined;
    // Caffe drops the last window only when there is padding; the spec's ceil rule always does.
    // They differ only without padding and with a stride larger than the kernel.
    if (round === "CEIL" && pad[0] === 0 && pad[1] === 0 && (stride[0] > kernel[0] || stride[1] > kernel[1])) {
      read.problem(
        param.position,
        pp,
        `(${name}) a stride larger than the kernel without padding: Caffe's rounding up can keep a window that alexcount's ceil rule drops`,
      );
      return undefined;
    }
    return {
      type,
      kernel: pair(...kernel),
      ...(stride[0] === kernel[0] && stride[1] === kernel[1] ? {} : { stride: pair(...stride) }),
      ...(pad[0] === 0 && pad[1] === 0 ? {} : { padding: pair(...pad) }),
      ...(round === "CEIL" ? { ceil: true } : {}),
    };
  }

  private eltwise(layer: TextMessage, path: string, name: string, inputs: number): Record<string, unknown> | undefined {
    const read = this.read;
    const param = this.param(layer, path, "eltwise_param");
    const pp = join(path, "eltwise_param");
    const opField = param && read.one(param, pp, "operation");
    const op = opField ? read.enumValue(opField, join(pp, "operation"), ["PROD", "SUM", "MAX"] as const) : "SUM";
    if (op === undefined) return undefined;
    if (inputs < 2) return read.problem(layer.position, join(path, "bottom"), `(${name}) an Eltwise layer needs two bottoms or more, found ${inputs}`);
    // a product or maximum of same-shaped blobs costs, as alexcount counts, what a sum does: nothing learned, no MACs
    if (op !== "SUM") this.notes.push(`${name} (Eltwise ${op}) is written as add: the same shape rule, nothing learned, no multiply–accumulates.`);
    return { type: "add" };
  }

  /** A Scale layer: merged into the BatchNorm it follows, or a batchnorm of its own, or (no shift) not countable. */
  private scale(
    layer: TextMessage,
    path: string,
    name: string,
    bottom: number | undefined,
    tops: readonly string[],
  ): Record<string, unknown> | "merged" | undefined {
    const read = this.read;
    const param = this.param(layer, path, "scale_param");
    const pp = join(path, "scale_param");
    const bias = param ? read.optionalBoolean(param, pp, "bias_term", false) : false;
    if (param) {
      if (!this.axis(param, pp, name, ["axis"])) return undefined;
      const numAxes = read.optionalInteger(param, pp, "num_axes", -1, 1);
      if (numAxes !== 1)
        return read.problem(param.position, join(pp, "num_axes"), `(${name}) only a Scale over the channels (num_axes: 1) can be written in a spec`);
    }
    if (bias === undefined) return undefined;
    const before = bottom === undefined ? undefined : this.layers[bottom];
    if (bias && before && before.type === "batchnorm" && before.affine === false && this.readers[bottom!] === 0 && tops.length === 1) {
      // BatchNorm + Scale(bias_term: true) = one affine batchnorm: 2C learned weights (scale and shift)
      before.affine = true;
      this.blobs.set(tops[0]!, { kind: "layer", index: bottom! });
      this.mergedScales.push(`${name} into ${before.name}`);
      return "merged";
    }
    if (bias) {
      this.notes.push(`${name} (Scale with bias_term) is an affine batchnorm here: the same 2 weights per channel, no multiply–accumulates counted.`);
      return { type: "batchnorm", affine: true };
    }
    this.warnings.push(`${name} (Scale without bias_term) is an identity here: its one learned scale per channel is not a layer the spec format has.`);
    return { type: "identity" };
  }

  private emit(
    name: string,
    layer: Record<string, unknown>,
    inputs: readonly string[],
    readIndices: readonly number[],
    source: LayerSource,
    top: string,
  ): void {
    const unique = this.uniqueName(name);
    const previous = this.layers[this.layers.length - 1];
    const follows = inputs.length === 1 && (previous ? inputs[0] === previous.name : inputs[0] === "input");
    const spec: SpecLayer = { name: unique, ...(layer as { type: string }), ...(follows ? {} : { inputs: [...inputs] }) };
    // name first, then type, then the layer's fields, then inputs: as the bundled specs write them
    for (const index of readIndices) this.readers[index] = (this.readers[index] ?? 0) + 1;
    this.layers.push(spec);
    this.readers.push(0);
    this.sources.push(source);
    this.blobs.set(top, { kind: "layer", index: this.layers.length - 1 });
  }

  private uniqueName(name: string): string {
    let unique = name === "input" ? "input_" : name;
    for (let k = 2; this.names.has(unique); k++) unique = `${name}_${k}`;
    if (unique !== name)
      this.notes.push(`${name} is named ${unique} here: ${name === "input" ? "input names the network input in a spec" : "the file uses the name twice"}.`);
    this.names.add(unique);
    return unique;
  }
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}

function sortByPlace(problems: readonly ImportProblem[]): ImportProblem[] {
  const key = (p: ImportProblem): number => (p.position ? p.position.line * 1e6 + p.position.column : Number.MAX_SAFE_INTEGER);
  return problems
    .map((problem, order) => ({ problem, order }))
    .sort((a, b) => key(a.problem) - key(b.problem) || a.order - b.order)
    .map(({ problem }) => problem);
}
