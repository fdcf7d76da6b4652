// The core's own guard on what it is given: a Network from a program that builds one with the
// library API, not from the loader, may hold anything — a count of -1, 0, 2.5, "3", NaN or a
// bigint, a kernel of 0, a missing field, an unknown type. Each is an issue naming the layer and
// the field, before any arithmetic could turn it into a wrong report or a TypeError. Pure: no
// zod here (the core imports nothing); the loader's schema says the same in its own words.

import { CONVENTIONS, type CoreIssue, LAYER_TYPES, type LayerType } from "./network.js";

/** A field read off an object of unknown shape. */
type Fields = Readonly<Record<string, unknown>>;

/** Collects the issues of one layer (or of the network, `layer` undefined). */
class Issues {
  readonly found: CoreIssue[] = [];
  constructor(private layer?: number) {}

  at(layer: number | undefined): this {
    this.layer = layer;
    return this;
  }

  add(field: string | undefined, message: string): void {
    this.found.push({ ...(this.layer === undefined ? {} : { layer: this.layer }), ...(field === undefined ? {} : { field }), message });
  }
}

/** `2.5`, `"3"`, `-1`, `NaN`, `10n`, `null`: what was found, in a few words. */
function described(value: unknown): string {
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "bigint") return `the bigint ${value}n`;
  if (typeof value === "number") return String(value);
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return typeof value === "object" ? "an object" : typeof value;
}

function isObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isWhole(value: unknown, min: 0 | 1): boolean {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= min;
}

/** A whole number from `min` up, exact (a safe integer): counts, sizes, strides. */
function wholeNumber(issues: Issues, fields: Fields, field: string, min: 0 | 1): void {
  const value = fields[field];
  if (isWhole(value, min)) return;
  issues.add(field, `must be a whole number ${min === 1 ? "of at least 1" : "of 0 or more"} (at most 2^53 − 1), got ${described(value)}`);
}

/** [height, width], each a whole number from `min` up. */
function pair(issues: Issues, fields: Fields, field: string, min: 0 | 1): void {
  const value = fields[field];
  if (Array.isArray(value) && value.length === 2 && isWhole(value[0], min) && isWhole(value[1], min)) return;
  issues.add(field, `must be a pair [height, width] of whole numbers ${min === 1 ? "of at least 1" : "of 0 or more"}, got ${described(value)}`);
}

function boolean(issues: Issues, fields: Fields, field: string, optional: boolean): void {
  const value = fields[field];
  if (typeof value === "boolean" || (optional && value === undefined)) return;
  issues.add(field, `must be true or false${optional ? " (or absent)" : ""}, got ${described(value)}`);
}

function convFields(issues: Issues, layer: Fields): void {
  wholeNumber(issues, layer, "filters", 1);
  pair(issues, layer, "kernel", 1);
  pair(issues, layer, "stride", 1);
  if (layer.padding !== "same") pair(issues, layer, "padding", 0);
  pair(issues, layer, "dilation", 1);
  wholeNumber(issues, layer, "groups", 1);
  boolean(issues, layer, "bias", true);
  const table = layer.table;
  if (table !== undefined && !(Array.isArray(table) && everyEntry(table, (row) => Array.isArray(row) && everyEntry(row, (c) => typeof c === "number")))) {
    issues.add("table", `must be a list of lists of input channel numbers, got ${described(table)}`);
  }
}

function denseFields(issues: Issues, layer: Fields): void {
  wholeNumber(issues, layer, "units", 1);
  boolean(issues, layer, "bias", true);
  boolean(issues, layer, "trainable", true);
  if (layer.tied !== undefined && (typeof layer.tied !== "string" || layer.tied === ""))
    issues.add("tied", `must be the name of an embedding layer, got ${described(layer.tied)}`);
}

function attentionFields(issues: Issues, layer: Fields): void {
  wholeNumber(issues, layer, "heads", 1);
  if (layer.kvHeads !== undefined) wholeNumber(issues, layer, "kvHeads", 1);
  if (layer.headDim !== undefined) wholeNumber(issues, layer, "headDim", 1);
  if (layer.window !== undefined) wholeNumber(issues, layer, "window", 1);
  boolean(issues, layer, "causal", false);
  const bias = layer.bias;
  if (bias !== undefined && typeof bias !== "boolean") {
    if (!isObject(bias)) issues.add("bias", `must be true, false or { q, k, v, o } of true or false, got ${described(bias)}`);
    else for (const projection of ["q", "k", "v", "o"]) boolean(issues, bias, projection, true);
  }
  if (layer.count !== "full" && layer.count !== "kept") issues.add("count", `must be "full" or "kept", got ${described(layer.count)}`);
}

function recurrentFields(issues: Issues, layer: Fields): void {
  wholeNumber(issues, layer, "hidden", 1);
  wholeNumber(issues, layer, "layers", 1);
  boolean(issues, layer, "bidirectional", false);
  boolean(issues, layer, "bias", true);
  if (layer.biasVectors !== 1 && layer.biasVectors !== 2) issues.add("biasVectors", `must be 1 or 2, got ${described(layer.biasVectors)}`);
}

function poolFields(issues: Issues, layer: Fields): void {
  boolean(issues, layer, "trainable", true);
  const window = layer.window;
  if (!isObject(window)) return issues.add("window", `must be an object with kind "window", "global" or "adaptive", got ${described(window)}`);
  const nested = new Issues();
  switch (window.kind) {
    case "window":
      pair(nested, window, "kernel", 1);
      pair(nested, window, "stride", 1);
      pair(nested, window, "padding", 0);
      boolean(nested, window, "ceil", false);
      break;
    case "global":
      break;
    case "adaptive":
      pair(nested, window, "output", 1);
      break;
    default:
      nested.add("kind", `must be "window", "global" or "adaptive", got ${described(window.kind)}`);
  }
  for (const issue of nested.found) issues.add(`window.${issue.field ?? ""}`, issue.message);
}

const noFields = (): void => {};

/**
 * The fields each layer type has beyond name, inputs and type. A Record, so that a layer type
 * added to LAYER_TYPES without its checks here does not compile.
 */
const FIELD_CHECKS: Record<LayerType, (issues: Issues, layer: Fields) => void> = {
  conv: convFields,
  dense: denseFields,
  maxpool: poolFields,
  avgpool: poolFields,
  batchnorm: (issues, layer) => boolean(issues, layer, "affine", false),
  layernorm: (issues, layer) => {
    boolean(issues, layer, "affine", false);
    boolean(issues, layer, "shift", false);
  },
  flatten: noFields,
  concat: noFields,
  add: noFields,
  relu: noFields,
  sigmoid: noFields,
  tanh: noFields,
  softmax: noFields,
  activation: noFields,
  lrn: noFields,
  dropout: noFields,
  identity: noFields,
  gelu: noFields,
  silu: noFields,
  swish: noFields,
  hardswish: noFields,
  hardsigmoid: noFields,
  relu6: noFields,
  mish: noFields,
  position_embedding: noFields,
  multiply: noFields,
  embedding: (issues, layer) => {
    wholeNumber(issues, layer, "vocab", 1);
    wholeNumber(issues, layer, "features", 1);
  },
  class_token: (issues, layer) => wholeNumber(issues, layer, "tokens", 1),
  rmsnorm: (issues, layer) => boolean(issues, layer, "affine", false),
  attention: attentionFields,
  lstm: recurrentFields,
  gru: recurrentFields,
  rnn: recurrentFields,
};

/**
 * Whether every entry of a list passes, holes of a sparse list included (as undefined):
 * Array.prototype.every and forEach skip holes, which the walk would then read.
 */
export function everyEntry(list: readonly unknown[], test: (entry: unknown) => boolean): boolean {
  for (let i = 0; i < list.length; i++) if (!test(list[i])) return false;
  return true;
}

const isString = (entry: unknown) => typeof entry === "string";

function allStrings(list: readonly unknown[]): boolean {
  return everyEntry(list, isString);
}

function isLayerType(value: unknown): value is LayerType {
  return typeof value === "string" && Object.hasOwn(FIELD_CHECKS, value);
}

/** A layer's own fields: name, inputs, type and those of its type (`FIELD_CHECKS`). */
function layerFields(issues: Issues, layer: unknown): void {
  if (!isObject(layer)) return issues.add(undefined, `a layer must be an object with name, type and inputs, got ${described(layer)}`);
  const name = layer.name;
  const type = layer.type;
  const inputs = layer.inputs;
  if (typeof name !== "string" || name === "") issues.add("name", `must be a non-empty string, got ${described(name)}`);
  if (!Array.isArray(inputs) || !allStrings(inputs)) issues.add("inputs", `must be a list of layer names, got ${described(inputs)}`);
  if (!isLayerType(type)) issues.add("type", `must be one of ${LAYER_TYPES.join(", ")}, got ${described(type)}`);
  else FIELD_CHECKS[type](issues, layer);
}

function shapeFields(issues: Issues, input: unknown, field = "input"): void {
  if (!isObject(input))
    return issues.add(
      field,
      `must be a shape, { kind: "image", height, width, channels }, { kind: "vector", features }, { kind: "sequence", length, features } or { kind: "tokens", length }, got ${described(input)}`,
    );
  const nested = new Issues();
  if (input.kind === "image") for (const field of ["height", "width", "channels"]) wholeNumber(nested, input, field, 1);
  else if (input.kind === "vector") wholeNumber(nested, input, "features", 1);
  else if (input.kind === "sequence") for (const field of ["length", "features"]) wholeNumber(nested, input, field, 1);
  else if (input.kind === "tokens") wholeNumber(nested, input, "length", 1);
  else nested.add("kind", `must be "image", "vector", "sequence" or "tokens", got ${described(input.kind)}`);
  for (const issue of nested.found) issues.add(`${field}.${issue.field ?? ""}`, issue.message);
}

/** Runs `check`, turning an object that cannot be read as data (a throwing getter or proxy) into an issue. */
function guarded(check: (issues: Issues) => void): CoreIssue[] {
  const issues = new Issues();
  try {
    check(issues);
  } catch (error) {
    issues.at(undefined).add(undefined, `the value could not be read as plain data: ${error instanceof Error ? error.message : String(error)}`);
  }
  return issues.found;
}

/**
 * The issues of one layer and what `layerCost` is given with it: the input shapes, the
 * network's bias setting and the conventions. Fields are relative to the layer, or name the
 * argument (`inputs[1].channels`, `networkBias`, `conventions`).
 */
export function validateLayerArguments(layer: unknown, inputs: unknown, networkBias: unknown, conventions: unknown): CoreIssue[] {
  return guarded((issues) => {
    layerFields(issues, layer);
    if (!Array.isArray(inputs)) issues.add("inputs", `the input shapes must be a list, got ${described(inputs)}`);
    else for (let i = 0; i < inputs.length; i++) shapeFields(issues, inputs[i], `inputs[${i}]`);
    if (typeof networkBias !== "boolean") issues.add("networkBias", `must be true or false, got ${described(networkBias)}`);
    conventionList(issues, conventions);
  });
}

function conventionList(issues: Issues, conventions: unknown): void {
  if (!Array.isArray(conventions) || !everyEntry(conventions, (c) => (CONVENTIONS as readonly unknown[]).includes(c))) {
    issues.add("conventions", `must be a list of ${CONVENTIONS.join(", ")}, got ${described(conventions)}`);
  }
}

/** analyze()'s arguments: the network (validateNetwork) and its options. */
export function validateAnalyzeArguments(network: unknown, options: unknown): CoreIssue[] {
  if (options !== undefined && !isObject(options)) return [{ field: "options", message: `the options must be an object, got ${described(options)}` }];
  const { conventions = [], unknownShapes } = options ?? {};
  const found = validateNetwork(network, conventions);
  const names = Array.isArray(unknownShapes) ? unknownShapes : unknownShapes instanceof Set ? [...(unknownShapes as Set<unknown>)] : undefined;
  if (unknownShapes !== undefined && !(names && allStrings(names))) {
    found.push({ field: "unknownShapes", message: `must be a list or a Set of layer names, got ${described(unknownShapes)}` });
  }
  return found;
}

/**
 * Every issue with the form of `network` and of `conventions`: what the type Network promises,
 * checked. Layers are reported by index (`layer`), fields relative to the layer. Extra fields
 * are ignored, as TypeScript's structural types allow them. Shapes are the walk's to check.
 */
export function validateNetwork(network: unknown, conventions: unknown = []): CoreIssue[] {
  return guarded((issues) => {
    if (!isObject(network)) return issues.add(undefined, `the network must be an object with name, input, bias and layers, got ${described(network)}`);
    if (typeof network.name !== "string") issues.add("name", `must be a string, got ${described(network.name)}`);
    boolean(issues, network, "bias", false);
    shapeFields(issues, network.input);
    conventionList(issues, conventions);
    const layers: unknown = network.layers;
    if (!Array.isArray(layers)) return issues.add("layers", `must be a list of layers, got ${described(layers)}`);
    const names = new Set<string>(["input"]);
    for (let index = 0; index < layers.length; index++) {
      const layer: unknown = layers[index];
      layerFields(issues.at(index), layer);
      const name = isObject(layer) ? layer.name : undefined;
      if (typeof name !== "string" || name === "") continue;
      if (names.has(name))
        issues.add(
          "name",
          name === "input" ? `"input" names the network's input; give the layer another name` : `the name "${name}" is taken by an earlier layer`,
        );
      names.add(name);
    }
    issues.at(undefined);
  });
}
