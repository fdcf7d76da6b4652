// The core's own guard on what it is given: a Network from a program that builds one with the
// library API, not from the loader, may hold anything — a count of -1, 0, 2.5, "3", NaN or a
// bigint, a kernel of 0, a missing field, an unknown type. Each is an issue naming the layer and
// the field, before any arithmetic could turn it into a wrong report or a TypeError. Pure: no
// zod here (the core imports nothing); the loader's schema says the same in its own words.

import { described, everyEntry, flag, isObject, type Report, whole } from "./layer-fields.js";
import { CONVENTIONS, type CoreIssue, LAYER_TYPE_FACTS, LAYER_TYPES, type LayerType } from "./network.js";

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

  /** The Report a field rule writes to. */
  readonly report: Report = (field, message) => this.add(field, message);
}

const isString = (entry: unknown) => typeof entry === "string";

function allStrings(list: readonly unknown[]): boolean {
  return everyEntry(list, isString);
}

function isLayerType(value: unknown): value is LayerType {
  return typeof value === "string" && Object.hasOwn(LAYER_TYPE_FACTS, value);
}

/** A layer's own fields: name, inputs, type and those of its type (the rules in LAYER_TYPE_FACTS). */
function layerFields(issues: Issues, layer: unknown): void {
  if (!isObject(layer)) return issues.add(undefined, `a layer must be an object with name, type and inputs, got ${described(layer)}`);
  const name = layer.name;
  const type = layer.type;
  const inputs = layer.inputs;
  if (typeof name !== "string" || name === "") issues.add("name", `must be a non-empty string, got ${described(name)}`);
  if (!Array.isArray(inputs) || !allStrings(inputs)) issues.add("inputs", `must be a list of layer names, got ${described(inputs)}`);
  if (!isLayerType(type)) issues.add("type", `must be one of ${LAYER_TYPES.join(", ")}, got ${described(type)}`);
  else for (const [field, rule] of Object.entries(LAYER_TYPE_FACTS[type].fields)) rule(issues.report, layer, field);
}

function shapeFields(issues: Issues, input: unknown, field = "input"): void {
  if (!isObject(input))
    return issues.add(
      field,
      `must be a shape, { kind: "image", height, width, channels }, { kind: "vector", features }, { kind: "sequence", length, features } or { kind: "tokens", length }, got ${described(input)}`,
    );
  const nested = new Issues();
  if (input.kind === "image") for (const field of ["height", "width", "channels"]) whole(1)(nested.report, input, field);
  else if (input.kind === "vector") whole(1)(nested.report, input, "features");
  else if (input.kind === "sequence") for (const field of ["length", "features"]) whole(1)(nested.report, input, field);
  else if (input.kind === "tokens") whole(1)(nested.report, input, "length");
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
    flag(issues.report, network, "bias");
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
