// The spec loader: text in, a validated core network (and its published sources) out, or every
// problem found, each located by file, line:column and field path.

import { parsePrecision } from "../core/dtypes.js";
import { type Density, WHOLE, fractionOf } from "../core/pruning.js";
import {
  type AttentionLayer,
  type BatchNormLayer,
  type RecurrentLayer,
  type ConvLayer,
  type DenseLayer,
  type Layer,
  type Network,
  type Pair,
  type PoolLayer,
  type PoolWindow,
  type Shape,
  KINDS,
} from "../core/network.js";
import { analyze } from "../core/analyze.js";
import { CELL_METRICS, type CellScope, type PublishedCell, type PublishedSource, cellAddress } from "../check/published.js";
import { type ExpandedLayer, expandLayers } from "./expand.js";
import { LIMITS, type Limits } from "./limits.js";
import { placeIssues } from "./analyze-spec.js";
import { type Locator } from "./locate.js";
import { parseSpecText } from "./parse.js";
import { type LayerOrigin, type Placer, makePlacer } from "./place.js";
import { type PathSegment, type Problem, dedupeProblems, sortProblems } from "./problems.js";
import {
  type PublishedSourceFile,
  type SpecFile,
  type SpecLayer,
  compiledLayerSchema,
  flatSpecSchema,
  layerSchema,
  publishedSourceSchema,
  specHeaderSchema,
  walkHeaderSchema,
} from "./schema.js";
import { problemsFromZod } from "./zod-problems.js";

export { LIMITS } from "./limits.js";
export { canonicalType } from "./expand.js";

/**
 * From this many layers on, a spec's layers are validated by the parser generated for the layer
 * schema (compiledLayerSchema) rather than by zod/mini's, which walks the schema objects field
 * by field. Generating it costs some 15 ms, so a small spec is better off without it. Measured
 * (validation alone, generated specs, bench/generate.mjs): even at 1,000 layers of the wide
 * shape and 2,000 of the deep chain; at 10,000, 42 ms against 100 ms (wide). A whole --json
 * run in instructions (callgrind), from 2,000 rather than from 50,000 layers: wide 2,000 JSON
 * 1.10 G to 0.96 G, deep 10,000 JSON 1.9 G to 1.7 G, deep 2,000 YAML 1.14-1.23 G to 1.11-1.19 G.
 */
const COMPILED_FROM_LAYERS = 2_000;

export interface LoadedSpec {
  readonly file: string;
  readonly network: Network;
  readonly description?: string;
  readonly sources: readonly string[];
  readonly published: readonly PublishedSource[];
  /** Maps a field path of the file (`["layers", 3, "groups"]`) to its place in the text. */
  readonly locate: Locator;
  /**
   * Where each layer of `network.layers` is written: `origins[k]` is the entry (in `layers`,
   * or in a block definition) and the uses of blocks that expanded it.
   */
  readonly origins: readonly LayerOrigin[];
}

export type LoadResult = { readonly ok: true; readonly spec: LoadedSpec } | { readonly ok: false; readonly problems: readonly Problem[] };

export interface LoadOptions {
  /** Overrides the spec's top-level `bias` (--bias / --no-bias); layers that set their own keep it. */
  readonly bias?: boolean;
  /** Tighter (or looser) limits than LIMITS, for tests and embedders; unset ones keep LIMITS. */
  readonly limits?: Partial<Limits>;
}

export function loadSpec(text: string, file: string, options: LoadOptions = {}): LoadResult {
  const fail = (message: string, position?: { line: number; column: number }): LoadResult => ({
    ok: false,
    problems: [{ file, path: "", message, ...(position ? { position } : {}) }],
  });
  const limits: Limits = { ...LIMITS, ...options.limits };
  const parsedText = parseSpecText(text, file, limits);
  if (!parsedText.ok) return parsedText;
  const { value, locate } = parsedText;
  const rawLayers = value !== null && typeof value === "object" ? (value as { layers?: unknown }).layers : undefined;
  if (Array.isArray(rawLayers) && rawLayers.length > limits.maxLayers) {
    return fail(
      `the spec has ${rawLayers.length.toLocaleString("en-US")} layers, more than the limit of ${limits.maxLayers.toLocaleString("en-US")}`,
      locate(["layers"]),
    );
  }

  const problems: Problem[] = [];
  const done = (): LoadResult => ({ ok: false, problems: sortProblems(dedupeProblems(problems)) });
  // Blocks are expanded first (docs/spec-format.md, "Blocks"); every later step sees plain
  // layers, and places its problems through `origins` back where each layer is written.
  const isMap = value !== null && typeof value === "object" && !Array.isArray(value);
  const { blocks: rawBlocks, ...withoutBlocks } = isMap ? (value as Record<string, unknown>) : {};
  const expanded = isMap ? expandLayers(Array.isArray(rawLayers) ? rawLayers : [], rawBlocks, makePlacer(file, locate), problems, limits) : [];
  if (expanded === undefined || (problems.length > 0 && expanded.length === 0)) {
    // the layers could not be expanded: still report what is wrong with the rest of the spec
    const { layers: _layers, ...rest } = withoutBlocks;
    const header = specHeaderSchema.safeParse(rest, { reportInput: true });
    if (!header.success) problems.push(...problemsFromZod(header.error.issues, makePlacer(file, locate).expanded));
    return done();
  }
  // shape problems are looked for beside other problems only when every name and reference is
  // sound: the walk needs them
  const namesSound = problems.length === 0;
  const origins = expanded.map((layer) => layer.origin);
  const place = makePlacer(file, locate, origins);

  const flat = isMap ? { ...withoutBlocks, ...(Array.isArray(rawLayers) ? { layers: expanded.map((layer) => layer.raw) } : {}) } : value;
  const large = problems.length === 0 && expanded.length >= COMPILED_FROM_LAYERS ? loadManyLayers(flat, expanded, place, problems) : undefined;
  let spec: SpecHeader;
  let layers: Layer[];
  /** The layers converted without a problem, by index: those the shape walk can take when others have problems. */
  const valid: ValidLayer[] = [];
  if (large) {
    ({ spec, layers } = large);
  } else {
    const parsed = flatSpecSchema.safeParse(flat, { reportInput: true });
    if (!parsed.success) {
      problems.push(...problemsFromZod(parsed.error.issues, place.expanded));
      checkValidParts(flat, expanded, place, problems, valid);
      const header = walkHeaderSchema().safeParse(isMap ? flat : {});
      if (namesSound && header.success) problems.push(...shapeProblemsBeside(header.data, options, valid, expanded, origins, place));
      return done();
    }
    spec = parsed.data;
    layers = parsed.data.layers.map((layer, i) => {
      const before = problems.length;
      const converted = toLayer(layer, expanded[i]!, ["layers", i], place, problems);
      if (problems.length === before) valid.push({ index: i, layer: converted });
      return converted;
    });
  }

  const network: Network = { name: spec.name, input: toShape(spec.input), bias: options.bias ?? spec.bias ?? true, layers };
  const sources = spec.published ?? [];
  // every layer's name, for the sources' layer cells: not built for a spec that publishes nothing
  const layerNames = sources.length > 0 ? new Set(expanded.map((layer) => layer.name)) : new Set<string>();
  const published = sources.map((source, i) => toPublished(source, ["published", i], layerNames, place, problems));
  if (problems.length > 0) {
    // a large spec's layers are all valid, or it was loaded as any other
    if (namesSound)
      problems.push(...shapeProblemsBeside(spec, options, large ? layers.map((layer, index) => ({ index, layer })) : valid, expanded, origins, place));
    return done();
  }

  return {
    ok: true,
    spec: {
      file,
      network,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      sources: spec.source === undefined ? [] : typeof spec.source === "string" ? [spec.source] : spec.source,
      published,
      locate,
      origins,
    },
  };
}

type SpecHeader = Omit<SpecFile, "layers">;

/**
 * A spec of many layers, validated and converted a layer at a time: zod's parsed copy of each
 * layer is converted at once and dropped, where a parse of the whole spec kept a copy of every
 * layer until the last was converted (100,000 layers: some 15 MB more to keep and to copy out
 * of the young generation). Valid means valid by flatSpecSchema, which is its header's fields
 * (specHeaderSchema) and a non-empty list of valid layers. Undefined on any problem, with
 * `problems` as it was: the caller then parses the whole spec, for every problem in its place.
 */
function loadManyLayers(
  flat: unknown,
  expanded: readonly ExpandedLayer[],
  place: Placer,
  problems: Problem[],
): { spec: SpecHeader; layers: Layer[] } | undefined {
  const { layers: rawLayers, ...rest } = flat as Record<string, unknown>;
  if (!Array.isArray(rawLayers) || rawLayers.length === 0) return undefined;
  const header = specHeaderSchema.safeParse(rest);
  if (!header.success) return undefined;
  const before = problems.length;
  const schema = compiledLayerSchema();
  const layers: Layer[] = [];
  for (let i = 0; i < rawLayers.length; i++) {
    const layer = schema.safeParse(rawLayers[i]);
    if (!layer.success) {
      problems.length = before;
      return undefined;
    }
    layers.push(toLayer(layer.data, expanded[i]!, ["layers", i], place, problems));
  }
  return { spec: header.data, layers };
}

interface ValidLayer {
  /** Its index in the expanded list. */
  readonly index: number;
  readonly layer: Layer;
}

/**
 * The shape problems of a spec that has other problems too, so that one run reports both: the
 * valid layers walked, a layer that reads an invalid one skipped (its shape is unknown), and
 * each problem placed at its layer. A total over part of the network means nothing, so only
 * the layers' problems are kept.
 */
function shapeProblemsBeside(
  header: Pick<SpecFile, "input" | "bias">,
  options: LoadOptions,
  valid: readonly ValidLayer[],
  expanded: readonly ExpandedLayer[],
  origins: readonly LayerOrigin[],
  place: Placer,
): Problem[] {
  const validNames = new Set(valid.map(({ index }) => expanded[index]!.name));
  const unknownShapes = expanded.filter((layer) => !validNames.has(layer.name)).map((layer) => layer.name);
  // the walk reads no name
  const network: Network = { name: "", input: toShape(header.input), bias: options.bias ?? header.bias ?? true, layers: valid.map(({ layer }) => layer) };
  const result = analyze(network, { unknownShapes });
  if (result.ok) return [];
  const issues = result.issues.flatMap((issue) => (issue.layer === undefined ? [] : [{ ...issue, layer: valid[issue.layer]!.index }]));
  return placeIssues(issues, place, origins, (index) => expanded[index]?.name);
}

/**
 * When the spec as a whole fails the schema, the checks that need a valid part (a pool's
 * window fields, a published source's cells and errata) still run on each layer and source
 * that is valid on its own, so one run reports every problem. The layers that pass them go to
 * `valid`.
 */
function checkValidParts(value: unknown, expanded: readonly ExpandedLayer[], place: Placer, problems: Problem[], valid: ValidLayer[]): void {
  const { layers, published } = (value ?? {}) as { layers?: unknown; published?: unknown };
  if (Array.isArray(layers)) {
    for (const [i, raw] of layers.entries()) {
      const layer = layerSchema.safeParse(raw);
      const resolved = expanded[i];
      if (!layer.success || !resolved) continue;
      const before = problems.length;
      const converted = toLayer(layer.data, resolved, ["layers", i], place, problems);
      if (problems.length === before) valid.push({ index: i, layer: converted });
    }
  }
  if (Array.isArray(published)) {
    const layerNames = new Set(expanded.map((layer) => layer.name));
    for (const [i, raw] of published.entries()) {
      const source = publishedSourceSchema.safeParse(raw);
      if (source.success) toPublished(source.data, ["published", i], layerNames, place, problems);
    }
  }
}

function toShape(shape: SpecFile["input"]): Shape {
  if ("tokens" in shape)
    return "features" in shape ? { kind: "sequence", length: shape.tokens, features: shape.features } : { kind: "tokens", length: shape.tokens };
  if ("length" in shape) return { kind: "sequence", length: shape.length, features: shape.channels };
  if ("features" in shape) return { kind: "vector", features: shape.features };
  if ("size" in shape) return { kind: "image", width: shape.size, height: shape.size, channels: shape.channels };
  return { kind: "image", width: shape.width, height: shape.height, channels: shape.channels };
}

// Square pairs of small sizes, one frozen array each, shared by every layer that has one (pairs
// are read-only): most kernels, strides, paddings and dilations are a small n written once. At
// 100,000 layers, an array of its own for each was some 15 MB kept to the end of the run.
const SQUARE_PAIRS: readonly Pair[] = Array.from({ length: 17 }, (_, n) => Object.freeze([n, n] as const));

function toPair(value: number | readonly [number, number]): Pair {
  if (typeof value === "number") return SQUARE_PAIRS[value] ?? [value, value];
  return value[0] === value[1] ? (SQUARE_PAIRS[value[0]] ?? [value[0], value[1]]) : [value[0], value[1]];
}

function toLayer(layer: SpecLayer, resolved: ExpandedLayer, path: PathSegment[], place: Placer, problems: Problem[]): Layer {
  // Every field written out, the optional ones assigned only when given (so they stay absent):
  // spreading a shared `base` and `{}` per layer measured several times slower in V8, the
  // loader's hottest line at 100,000 layers.
  const name = resolved.name;
  const inputs = resolved.inputs;
  switch (layer.type) {
    case "conv": {
      const conv: Mutable<ConvLayer> = {
        name,
        inputs,
        type: "conv",
        filters: layer.filters,
        kernel: toPair(layer.kernel),
        stride: toPair(layer.stride ?? 1),
        padding: layer.padding === "same" ? "same" : toPair(layer.padding === "valid" || layer.padding === undefined ? 0 : layer.padding),
        dilation: toPair(layer.dilation ?? 1),
        groups: layer.groups ?? 1,
      };
      if (layer.table !== undefined) conv.table = layer.table;
      if (layer.bias !== undefined) conv.bias = layer.bias;
      if (layer.precision !== undefined) conv.precision = parsePrecision(layer.precision)!; // the schema checked it
      if (layer.density !== undefined) conv.density = toDensity(layer.density);
      return conv;
    }
    case "dense":
    case "fc":
    case "linear": {
      const dense: Mutable<DenseLayer> = { name, inputs, type: "dense", units: layer.units };
      if (layer.bias !== undefined) dense.bias = layer.bias;
      if (layer.trainable !== undefined) dense.trainable = layer.trainable;
      if (layer.precision !== undefined) dense.precision = parsePrecision(layer.precision)!;
      if (layer.density !== undefined) dense.density = toDensity(layer.density);
      if (layer.tied !== undefined) dense.tied = layer.tied;
      return dense;
    }
    case "maxpool":
      return { name, inputs, type: "maxpool", window: toPoolWindow(layer, path, place, problems) };
    case "avgpool": {
      const pool: Mutable<PoolLayer> = { name, inputs, type: "avgpool", window: toPoolWindow(layer, path, place, problems) };
      if (layer.trainable) pool.trainable = true;
      if (layer.precision !== undefined) pool.precision = parsePrecision(layer.precision)!;
      return pool;
    }
    case "batchnorm": {
      const norm: Mutable<BatchNormLayer> = { name, inputs, type: "batchnorm", affine: layer.affine ?? true };
      if (layer.precision !== undefined) norm.precision = parsePrecision(layer.precision)!;
      return norm;
    }
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
    case "gelu":
    case "silu":
    case "swish":
    case "hardswish":
    case "hardsigmoid":
    case "relu6":
    case "mish":
    case "position_embedding":
    case "multiply":
      return { name, inputs, type: layer.type };
    case "embedding":
      return { name, inputs, type: "embedding", vocab: layer.vocab, features: layer.features };
    case "class_token":
      return { name, inputs, type: "class_token", tokens: layer.tokens ?? 1 };
    case "rmsnorm":
      return { name, inputs, type: "rmsnorm", affine: layer.affine ?? true };
    case "lstm":
    case "gru":
    case "rnn": {
      const recurrent: Mutable<RecurrentLayer> = {
        name,
        inputs,
        type: layer.type,
        hidden: layer.hidden,
        layers: layer.layers ?? 1,
        bidirectional: layer.bidirectional ?? false,
        biasVectors: layer.bias_vectors ?? 2,
      };
      if (layer.bias !== undefined) recurrent.bias = layer.bias;
      return recurrent;
    }
    case "attention": {
      const attention: Mutable<AttentionLayer> = {
        name,
        inputs,
        type: "attention",
        heads: layer.heads,
        causal: layer.causal ?? false,
        count: layer.count ?? "full",
      };
      if (layer.kv_heads !== undefined) attention.kvHeads = layer.kv_heads;
      if (layer.head_dim !== undefined) attention.headDim = layer.head_dim;
      if (layer.bias !== undefined) attention.bias = layer.bias;
      if (layer.window !== undefined) attention.window = layer.window;
      return attention;
    }
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A spec's `density`: a number is the share of weights kept; an object may give the share of non-zero inputs too. */
function toDensity(density: number | { weights?: number | undefined; inputs?: number | undefined }): Density {
  if (typeof density === "number") return { weights: fractionOf(density), inputs: WHOLE };
  return {
    weights: density.weights === undefined ? WHOLE : fractionOf(density.weights),
    inputs: density.inputs === undefined ? WHOLE : fractionOf(density.inputs),
  };
}

type SpecPool = Extract<SpecLayer, { type: "maxpool" | "avgpool" }>;

function toPoolWindow(layer: SpecPool, path: PathSegment[], place: Placer, problems: Problem[]): PoolWindow {
  const problem = (field: string, message: string) => problems.push(place.expanded([...path, field], message, { key: true }));
  if (layer.global && layer.output !== undefined) problem("output", "give either global: true or output, not both");
  if (layer.global || layer.output !== undefined) {
    // the window fields given, listed only here: a list and a closure for every pooling layer
    // showed in the conversion's profile at 100,000 layers
    const windowFields = (["kernel", "stride", "padding", "ceil"] as const).filter((f) => layer[f] !== undefined);
    for (const field of windowFields) problem(field, `${layer.global ? "global" : "adaptive"} pooling chooses its own windows: remove ${field}`);
    return layer.global ? { kind: "global" } : { kind: "adaptive", output: toPair(layer.output!) };
  }
  if (layer.kernel === undefined) {
    problem("kernel", 'missing required field "kernel" (or set global: true, or output for adaptive pooling)');
    return { kind: "global" };
  }
  const kernel = toPair(layer.kernel);
  return {
    kind: "window",
    kernel,
    stride: layer.stride === undefined ? kernel : toPair(layer.stride),
    padding: toPair(layer.padding ?? 0),
    ceil: layer.ceil ?? false,
  };
}

function toPublished(source: PublishedSourceFile, path: PathSegment[], layerNames: ReadonlySet<string>, place: Placer, problems: Problem[]): PublishedSource {
  const problem = (at: PathSegment[], message: string, key = false) => problems.push(place.expanded([...path, ...at], message, { key }));
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
  for (const group of KINDS) addCells({ kind: "subtotal", group }, source.subtotals?.[group]);
  addCells({ kind: "total" }, source.totals);

  const errata = new Map<string, string>();
  const addresses = new Set(cells.map((c) => c.at));
  for (const [i, erratum] of (source.errata ?? []).entries()) {
    if (errata.has(erratum.at)) problem(["errata", i, "at"], `"${erratum.at}" is listed twice`);
    else if (!addresses.has(erratum.at)) {
      const layer = /^layers\.(.+)\.[a-z_]+$/.exec(erratum.at)?.[1];
      problem(
        ["errata", i, "at"],
        layer !== undefined && !layerNames.has(layer)
          ? `no layer is named "${layer}"`
          : `"${erratum.at}" is not a cell this source publishes; expected one of: ${[...addresses].join(", ") || "(none)"}`,
      );
    }
    errata.set(erratum.at, erratum.note);
  }
  return {
    source: source.source,
    ...(source.bias === undefined ? {} : { bias: source.bias }),
    conventions: source.conventions ?? [],
    tolerance: source.tolerance ?? 0,
    cells,
    errata,
  };
}
