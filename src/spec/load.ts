// The spec loader: text in, a validated core network (and its published sources) out, or every
// problem found, each located by file, line:column and field path.

import type { Layer, Network, Pair, PoolWindow, Shape } from "../core/index.js";
import { CELL_METRICS, type CellScope, type PublishedCell, type PublishedSource, cellAddress } from "../check/published.js";
import { type Locator } from "./locate.js";
import { parseSpecText } from "./parse.js";
import { type PathSegment, type Problem, formatPath, sortProblems } from "./problems.js";
import { type PublishedSourceFile, type SpecFile, type SpecLayer, layerSchema, publishedSourceSchema, specSchema } from "./schema.js";
import { problemsFromZod } from "./zod-problems.js";

/**
 * Limits that keep a hostile or broken file from exhausting memory or time (docs/errors.md,
 * "Limits"). Measured on the project's 2-core machine: yaml reads 1 MiB of the smallest values
 * (`[1,1,1,…]`) in 4–8 s; a spec of 5,000 conv layers runs in about 5 s, mostly the table,
 * which grows faster than its rows (10,000 took 10 s). Real specs are a few KB and a few
 * hundred layers.
 */
export const LIMITS = {
  /** UTF-8 bytes of spec text */
  maxBytes: 1024 * 1024,
  /** YAML alias dereferences (the yaml package's guard against "billion laughs") */
  maxAliasCount: 100,
  /** nesting of lists and maps */
  maxDepth: 64,
  /** layers in one spec */
  maxLayers: 5_000,
} as const;

export interface LoadedSpec {
  readonly file: string;
  readonly network: Network;
  readonly description?: string;
  readonly sources: readonly string[];
  readonly published: readonly PublishedSource[];
  /** Maps a field path (`["layers", 3, "groups"]`) to its place in the text. */
  readonly locate: Locator;
}

export type LoadResult = { readonly ok: true; readonly spec: LoadedSpec } | { readonly ok: false; readonly problems: readonly Problem[] };

export interface LoadOptions {
  /** Overrides the spec's top-level `bias` (--bias / --no-bias); layers that set their own keep it. */
  readonly bias?: boolean;
}

/** The canonical type: `fc` and `linear` are `dense`. */
export function canonicalType(type: string): string {
  return type === "fc" || type === "linear" ? "dense" : type;
}

export function loadSpec(text: string, file: string, options: LoadOptions = {}): LoadResult {
  const fail = (message: string, position?: { line: number; column: number }): LoadResult => ({
    ok: false,
    problems: [{ file, path: "", message, ...(position ? { position } : {}) }],
  });
  const parsedText = parseSpecText(text, file, LIMITS);
  if (!parsedText.ok) return parsedText;
  const { value, locate } = parsedText;
  const rawLayers = value !== null && typeof value === "object" ? (value as { layers?: unknown }).layers : undefined;
  if (Array.isArray(rawLayers) && rawLayers.length > LIMITS.maxLayers) {
    return fail(`the spec has ${rawLayers.length.toLocaleString("en-US")} layers, more than the limit of ${LIMITS.maxLayers.toLocaleString("en-US")}`, locate(["layers"]));
  }

  const problems: Problem[] = [];
  const names = resolveNames(rawLayers, file, locate, problems);
  const parsed = specSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    problems.push(...problemsFromZod(parsed.error.issues, file, locate));
    checkValidParts(value, names, file, locate, problems);
  }
  if (!parsed.success || problems.length > 0) return { ok: false, problems: sortProblems(problems) };

  const spec = parsed.data;
  const network: Network = {
    name: spec.name,
    input: toShape(spec.input),
    bias: options.bias ?? spec.bias ?? true,
    layers: spec.layers.map((layer, i) => toLayer(layer, names[i]!, ["layers", i], file, locate, problems)),
  };
  const published = (spec.published ?? []).map((source, i) => toPublished(source, ["published", i], new Set(names.map((n) => n.name)), file, locate, problems));
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };

  return {
    ok: true,
    spec: {
      file,
      network,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      sources: spec.source === undefined ? [] : typeof spec.source === "string" ? [spec.source] : spec.source,
      published,
      locate,
    },
  };
}

/**
 * When the spec as a whole fails the schema, the checks that need a valid part (a pool's
 * window fields, a published source's cells and errata) still run on each layer and source
 * that is valid on its own, so one run reports every problem.
 */
function checkValidParts(value: unknown, names: readonly ResolvedName[], file: string, locate: Locator, problems: Problem[]): void {
  const { layers, published } = (value ?? {}) as { layers?: unknown; published?: unknown };
  if (Array.isArray(layers)) {
    for (const [i, raw] of layers.entries()) {
      const layer = layerSchema.safeParse(raw);
      if (layer.success && names[i]) toLayer(layer.data, names[i], ["layers", i], file, locate, problems);
    }
  }
  if (Array.isArray(published)) {
    const layerNames = new Set(names.map((n) => n.name));
    for (const [i, raw] of published.entries()) {
      const source = publishedSourceSchema.safeParse(raw);
      if (source.success) toPublished(source.data, ["published", i], layerNames, file, locate, problems);
    }
  }
}

interface ResolvedName {
  readonly name: string;
  readonly inputs: readonly string[];
}

/**
 * Names every layer (explicit, or canonical type + its ordinal among layers of that type,
 * counting named ones: `conv1`, `dense2`) and resolves `inputs` (default: the previous layer).
 * Works on the raw, not yet validated list, so that naming problems are found in the same pass
 * as the schema's.
 */
function resolveNames(rawLayers: unknown, file: string, locate: Locator, problems: Problem[]): ResolvedName[] {
  if (!Array.isArray(rawLayers)) return [];
  const ordinals = new Map<string, number>();
  const seen = new Map<string, number>([["input", -1]]);
  const resolved: ResolvedName[] = [];
  const problem = (path: PathSegment[], message: string) => problems.push({ file, position: locate(path), path: formatPath(path), message });

  for (const [i, raw] of rawLayers.entries()) {
    const layer = (raw ?? {}) as { type?: unknown; name?: unknown; inputs?: unknown };
    const type = typeof layer.type === "string" ? canonicalType(layer.type) : "layer";
    const ordinal = (ordinals.get(type) ?? 0) + 1;
    ordinals.set(type, ordinal);
    const name = typeof layer.name === "string" ? layer.name : `${type}${ordinal}`;

    const first = seen.get(name);
    if (first !== undefined && name !== "input") {
      problem(["layers", i, "name"], `duplicate layer name "${name}": layers[${first}] already has it${typeof layer.name === "string" ? "" : " (a default name; give one of them a name)"}`);
    }
    if (!seen.has(name)) seen.set(name, i);

    let inputs: string[];
    if (Array.isArray(layer.inputs)) {
      inputs = [];
      for (const [j, ref] of layer.inputs.entries()) {
        if (typeof ref !== "string") continue; // the schema reports the type
        inputs.push(ref);
        if (seen.has(ref) && ref !== name) continue;
        const later = rawLayers.findIndex((other, k) => k >= i && (other as { name?: unknown } | null)?.name === ref);
        problem(
          ["layers", i, "inputs", j],
          later >= 0
            ? `input "${ref}" is layers[${later}], which is not earlier: layers must be listed in topological order`
            : `unknown input "${ref}": no earlier layer has that name, and it is not "input"`,
        );
      }
    } else {
      inputs = [i === 0 ? "input" : (resolved[i - 1]?.name ?? "input")];
    }
    resolved.push({ name, inputs });
  }
  return resolved;
}

function toShape(shape: SpecFile["input"]): Shape {
  if ("features" in shape) return { kind: "vector", features: shape.features };
  if ("size" in shape) return { kind: "image", width: shape.size, height: shape.size, channels: shape.channels };
  return { kind: "image", width: shape.width, height: shape.height, channels: shape.channels };
}

function toPair(value: number | readonly [number, number]): Pair {
  return typeof value === "number" ? [value, value] : [value[0], value[1]];
}

function toLayer(layer: SpecLayer, resolved: ResolvedName, path: PathSegment[], file: string, locate: Locator, problems: Problem[]): Layer {
  const base = { name: resolved.name, inputs: resolved.inputs };
  switch (layer.type) {
    case "conv":
      return {
        ...base,
        type: "conv",
        filters: layer.filters,
        kernel: toPair(layer.kernel),
        stride: toPair(layer.stride ?? 1),
        padding: layer.padding === "same" ? "same" : toPair(layer.padding === "valid" || layer.padding === undefined ? 0 : layer.padding),
        dilation: toPair(layer.dilation ?? 1),
        groups: layer.groups ?? 1,
        ...(layer.bias === undefined ? {} : { bias: layer.bias }),
      };
    case "dense":
    case "fc":
    case "linear":
      return { ...base, type: "dense", units: layer.units, ...(layer.bias === undefined ? {} : { bias: layer.bias }) };
    case "maxpool":
    case "avgpool":
      return { ...base, type: layer.type, window: toPoolWindow(layer, path, file, locate, problems) };
    case "batchnorm":
      return { ...base, type: "batchnorm", affine: layer.affine ?? true };
    case "flatten":
    case "concat":
    case "add":
    case "relu":
    case "sigmoid":
    case "tanh":
    case "softmax":
    case "activation":
    case "lrn":
    case "dropout":
    case "identity":
      return { ...base, type: layer.type };
  }
}

type SpecPool = Extract<SpecLayer, { type: "maxpool" | "avgpool" }>;

function toPoolWindow(layer: SpecPool, path: PathSegment[], file: string, locate: Locator, problems: Problem[]): PoolWindow {
  const problem = (field: string, message: string) =>
    problems.push({ file, position: locate([...path, field], { key: true }), path: formatPath([...path, field]), message });
  const windowFields = (["kernel", "stride", "padding", "ceil"] as const).filter((f) => layer[f] !== undefined);
  if (layer.global && layer.output !== undefined) problem("output", "give either global: true or output, not both");
  if (layer.global || layer.output !== undefined) {
    for (const field of windowFields) problem(field, `${layer.global ? "global" : "adaptive"} pooling chooses its own windows: remove ${field}`);
    return layer.global ? { kind: "global" } : { kind: "adaptive", output: toPair(layer.output!) };
  }
  if (layer.kernel === undefined) {
    problem("kernel", 'missing required field "kernel" (or set global: true, or output for adaptive pooling)');
    return { kind: "global" };
  }
  const kernel = toPair(layer.kernel);
  return { kind: "window", kernel, stride: layer.stride === undefined ? kernel : toPair(layer.stride), padding: toPair(layer.padding ?? 0), ceil: layer.ceil ?? false };
}

function toPublished(
  source: PublishedSourceFile,
  path: PathSegment[],
  layerNames: ReadonlySet<string>,
  file: string,
  locate: Locator,
  problems: Problem[],
): PublishedSource {
  const problem = (at: PathSegment[], message: string, key = false) =>
    problems.push({ file, position: locate([...path, ...at], { key }), path: formatPath([...path, ...at]), message });
  const cells: PublishedCell[] = [];
  const addCells = (scope: CellScope, figures: Partial<Record<string, number | string>> | undefined) => {
    if (!figures) return;
    for (const metric of CELL_METRICS) {
      const value = figures[metric];
      if (value !== undefined) cells.push({ at: cellAddress(scope, metric), scope, metric, value });
    }
  };
  for (const [name, figures] of Object.entries(source.layers ?? {})) {
    if (!layerNames.has(name)) problem(["layers", name], `no layer is named "${name}"`, true);
    addCells({ kind: "layer", name }, figures);
  }
  for (const group of ["conv", "dense", "other"] as const) addCells({ kind: "subtotal", group }, source.subtotals?.[group]);
  addCells({ kind: "total" }, source.totals);

  const errata = new Map<string, string>();
  const addresses = new Set(cells.map((c) => c.at));
  for (const [i, erratum] of (source.errata ?? []).entries()) {
    if (errata.has(erratum.at)) problem(["errata", i, "at"], `"${erratum.at}" is listed twice`);
    else if (!addresses.has(erratum.at)) {
      const layer = /^layers\.(.+)\.[a-z]+$/.exec(erratum.at)?.[1];
      problem(
        ["errata", i, "at"],
        layer !== undefined && !layerNames.has(layer)
          ? `no layer is named "${layer}"`
          : `"${erratum.at}" is not a cell this source publishes; expected one of: ${[...addresses].join(", ") || "(none)"}`,
      );
    }
    errata.set(erratum.at, erratum.note);
  }
  return { source: source.source, ...(source.bias === undefined ? {} : { bias: source.bias }), tolerance: source.tolerance ?? 0, cells, errata };
}
