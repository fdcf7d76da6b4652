// The model a Keras or TensorFlow.js JSON file holds, unwrapped from its envelope: Keras 2's and
// Keras 3's `model.to_json()` (`{"class_name": "Sequential" | "Functional" | "Model", "config":
// …}`), the `config.json` of a Keras 3 `.keras` archive (the same), and a TF.js `model.json`
// (`{"modelTopology": …, "weightsManifest": …}`, the topology either the model itself or
// `{"model_config": model}` as the converter writes it). A TF.js graph model (a TensorFlow graph
// of ops, not of layers) is refused: it has no layers to read.

import type { ImportProblem, TextPosition } from "../import-problem.js";
import { lineStarts, positionAt } from "../../core/text-position.js";

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

export interface KerasModelFile {
  /** The model: `{"class_name", "config"}`. */
  readonly model: JsonObject;
  /** Its JSON path in the file (`modelTopology.model_config`), "" at the top. */
  readonly path: string;
  /** `Keras 2.2.4 model.to_json()`, `TF.js layers model (Keras 2.2.4)`, … for the header. */
  readonly what: string;
  /** TF.js: each stored tensor's name and element count, from `weightsManifest`. */
  readonly manifest?: readonly { readonly name: string; readonly elements: number }[];
}

export const isObject = (value: Json | undefined): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** The top-level keys that tell a Keras or TF.js file from an alexcount spec, which has none of them. */
const KERAS_FIRST_KEYS = ["class_name", "module", "modelTopology", "format", "generatedBy", "convertedBy", "keras_version"] as const;

/** Whether a text is a Keras or TF.js file: a JSON object whose first key is one of KERAS_FIRST_KEYS. */
export function looksLikeKeras(text: string): boolean {
  const first = /^\uFEFF?\s*\{\s*"([A-Za-z_]+)"\s*:/.exec(text.slice(0, 512))?.[1];
  return first !== undefined && (KERAS_FIRST_KEYS as readonly string[]).includes(first);
}

/** JSON.parse, its syntax error placed at a line and column of the text. */
export function parseJson(text: string, file: string): { ok: true; value: Json } | { ok: false; problem: ImportProblem } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as Json };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /at position (\d+)/.exec(message)?.[1];
    const position = offset === undefined ? (body.trim() === "" ? undefined : endOf(body)) : placeIn(body, Number(offset));
    const reason = message.replace(/^JSON\.parse: /, "").replace(/ \(line \d+ column \d+\)$/, "");
    return { ok: false, problem: { file, ...(position ? { position } : {}), path: "", message: `not valid JSON: ${reason}` } };
  }
}

/** Where `offset` is in `text`: the reckoning the loader and the other importers use. */
function placeIn(text: string, offset: number): TextPosition {
  return positionAt(lineStarts(text), offset);
}

const endOf = (text: string): TextPosition => placeIn(text, text.length);

/** The model inside a parsed Keras or TF.js file, or the problem that says why there is none. */
export function kerasModel(value: Json, file: string): { ok: true; found: KerasModelFile } | { ok: false; problem: ImportProblem } {
  const fail = (path: string, message: string) => ({ ok: false as const, problem: { file, path, message } });
  if (!isObject(value)) return fail("", "expected a JSON object: a Keras model (model.to_json()) or a TF.js model.json");
  if ("modelTopology" in value) {
    const topology = value.modelTopology;
    if (value.format === "graph-model" || (isObject(topology) && "node" in topology))
      return fail(
        "modelTopology",
        "a TF.js graph model (a TensorFlow graph of ops, not of layers): alexcount reads layers models (tfjs.converters.save_keras_model, model.save())",
      );
    if (!isObject(topology)) return fail("modelTopology", "expected an object: the Keras model, or {model_config: model}");
    const nested = isObject(topology.model_config);
    const model = nested ? (topology.model_config as JsonObject) : topology;
    const version =
      typeof topology.keras_version === "string" ? topology.keras_version : typeof model.keras_version === "string" ? model.keras_version : undefined;
    const manifest = readManifest(value.weightsManifest);
    return {
      ok: true,
      found: {
        model,
        path: nested ? "modelTopology.model_config" : "modelTopology",
        what: `TF.js layers model${version ? ` (Keras ${version})` : ""}`,
        ...(manifest ? { manifest } : {}),
      },
    };
  }
  if (typeof value.class_name !== "string")
    return fail("", 'not a Keras model: expected "class_name" and "config" (model.to_json()), or "modelTopology" (a TF.js model.json)');
  const version = typeof value.keras_version === "string" ? `Keras ${value.keras_version}` : value.module === "keras" ? "Keras 3" : "Keras";
  return { ok: true, found: { model: value, path: "", what: `${version} model JSON` } };
}

/** The tensors a TF.js weightsManifest lists, or undefined when it lists none in a shape we can read. */
function readManifest(manifest: Json | undefined): { name: string; elements: number }[] | undefined {
  if (!Array.isArray(manifest)) return undefined;
  const tensors: { name: string; elements: number }[] = [];
  for (const group of manifest as readonly Json[]) {
    if (!isObject(group) || !Array.isArray(group.weights)) return undefined;
    for (const weight of group.weights as readonly Json[]) {
      if (!isObject(weight) || typeof weight.name !== "string" || !Array.isArray(weight.shape)) return undefined;
      let elements = 1;
      for (const dim of weight.shape as readonly Json[]) {
        if (typeof dim !== "number" || !Number.isSafeInteger(dim) || dim < 0) return undefined;
        elements *= dim;
      }
      if (!Number.isSafeInteger(elements)) return undefined;
      tensors.push({ name: weight.name, elements });
    }
  }
  return tensors.length > 0 ? tensors : undefined;
}
