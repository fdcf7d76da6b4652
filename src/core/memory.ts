// Bytes a network occupies: its weights at a precision (a layer's own, for mixed quantization),
// the activations of one forward pass at a batch, and training under a named optimizer
// convention. Exact: every figure is a bigint count of bytes.

import type { Report } from "./analyze.js";
import { type Precision, tensorBytes } from "./dtypes.js";
import type { Shape } from "./network.js";

export const OPTIMIZERS = ["adam-mixed", "adam", "sgd-momentum", "adam-8bit"] as const;
export type Optimizer = (typeof OPTIMIZERS)[number];

/** One copy of the parameters that training keeps, in bytes per parameter. */
interface TrainingPart {
  readonly label: string;
  readonly bytesPerParameter: number;
}

/** A training memory convention: which copies of the parameters it keeps, and at what width. */
interface TrainingConvention {
  readonly name: Optimizer;
  readonly title: string;
  readonly source: string;
  readonly weights: TrainingPart;
  readonly gradients: TrainingPart;
  /** Optimizer states (and fp32 master weights under mixed precision). */
  readonly states: readonly TrainingPart[];
  /** Block-wise quantized states: one fp32 constant per block of `block` values of each state. */
  readonly blockConstants?: { readonly block: number; readonly bytes: number };
  /** The precision the activations kept for the backward pass are stored at. */
  readonly activations: Precision;
}

const TRAINING_CONVENTIONS: Readonly<Record<Optimizer, TrainingConvention>> = {
  "adam-mixed": {
    name: "adam-mixed",
    title: "mixed-precision Adam",
    source: "Rajbhandari et al. 2020 (ZeRO), §3.1: 2 + 2 + 12 = 16 bytes per parameter",
    weights: { label: "fp16 weights", bytesPerParameter: 2 },
    gradients: { label: "fp16 gradients", bytesPerParameter: 2 },
    states: [
      { label: "fp32 master weights", bytesPerParameter: 4 },
      { label: "fp32 momentum", bytesPerParameter: 4 },
      { label: "fp32 variance", bytesPerParameter: 4 },
    ],
    activations: { dtype: "fp16" },
  },
  adam: {
    name: "adam",
    title: "fp32 Adam",
    source: "Kingma & Ba 2015: two moments per parameter; 4 + 4 + 4 + 4 = 16 bytes per parameter",
    weights: { label: "fp32 weights", bytesPerParameter: 4 },
    gradients: { label: "fp32 gradients", bytesPerParameter: 4 },
    states: [
      { label: "fp32 momentum", bytesPerParameter: 4 },
      { label: "fp32 variance", bytesPerParameter: 4 },
    ],
    activations: { dtype: "fp32" },
  },
  "sgd-momentum": {
    name: "sgd-momentum",
    title: "fp32 SGD with momentum",
    source: "one momentum buffer per parameter; 4 + 4 + 4 = 12 bytes per parameter",
    weights: { label: "fp32 weights", bytesPerParameter: 4 },
    gradients: { label: "fp32 gradients", bytesPerParameter: 4 },
    states: [{ label: "fp32 momentum", bytesPerParameter: 4 }],
    activations: { dtype: "fp32" },
  },
  "adam-8bit": {
    name: "adam-8bit",
    title: "8-bit Adam",
    source:
      "Dettmers et al. 2022, §2: both moments in 8 bits, quantized in blocks of 2048 values, each block with a 32-bit constant; 4 + 4 + 1 + 1 = 10 bytes per parameter, plus the constants",
    weights: { label: "fp32 weights", bytesPerParameter: 4 },
    gradients: { label: "fp32 gradients", bytesPerParameter: 4 },
    states: [
      { label: "8-bit momentum", bytesPerParameter: 1 },
      { label: "8-bit variance", bytesPerParameter: 1 },
    ],
    blockConstants: { block: 2048, bytes: 4 },
    activations: { dtype: "fp32" },
  },
};

export interface MemoryOptions {
  /** The weights' precision, for layers without one of their own. */
  readonly weights: Precision;
  readonly activations: Precision;
  /** Examples per forward pass, ≥ 1. */
  readonly batch: number;
  readonly optimizer: Optimizer;
  /** The keys' and values' precision in the KV cache; absent: the weights'. */
  readonly kvCache?: Precision;
}

export interface ActivationMemory {
  /**
   * The most bytes live at once in one forward pass: walking the layers in spec order, a tensor
   * (the input, or a layer's output) lives from the layer that makes it to its last reader; a
   * tensor nobody reads is an output of the network and lives to the end.
   */
  readonly peak: bigint;
  /** The layer during which the peak is reached ("input" before any). */
  readonly peakAt: string;
  /** Its index in `report.layers`, −1 for the input. */
  readonly peakIndex: number;
  /** Every tensor of the pass, the input and each layer's output: what training keeps for the backward pass. */
  readonly all: bigint;
  /** Values (not bytes) of `all`, at the batch. */
  readonly values: bigint;
}

export interface TrainingMemory {
  readonly convention: TrainingConvention;
  readonly parameters: bigint;
  readonly weights: bigint;
  readonly gradients: bigint;
  /** Optimizer states, master weights included, and block constants. */
  readonly optimizer: bigint;
  /** `ActivationMemory.all` at the convention's activation precision. */
  readonly activations: bigint;
  readonly total: bigint;
}

/** One attention layer's keys and values, cached for every position it attends to. */
interface KvCacheLayer {
  readonly name: string;
  readonly kvHeads: number;
  readonly headDim: number;
  /** Key positions: the input's (self-attention) or the keys' source's (cross-attention). */
  readonly positions: number;
  /** The positions kept: `positions`, capped by a sliding window. */
  readonly tokens: number;
  readonly window?: number;
  /** 2 × kvHeads × headDim × tokens × batch: K and V. */
  readonly values: bigint;
  readonly bytes: bigint;
}

export interface KvCache {
  readonly precision: Precision;
  readonly batch: number;
  readonly layers: readonly KvCacheLayer[];
  readonly bytes: bigint;
}

export interface MemoryReport {
  readonly options: MemoryOptions;
  readonly weights: bigint;
  readonly activations: ActivationMemory;
  /** Attention's keys and values, in bytes: `kv.bytes`. */
  readonly kvCache: bigint;
  readonly kv: KvCache;
  readonly training: TrainingMemory;
}

/** Values in a tensor of this shape, for one example. */
export function shapeValues(shape: Shape): bigint {
  switch (shape.kind) {
    case "image":
      return BigInt(shape.height) * BigInt(shape.width) * BigInt(shape.channels);
    case "vector":
      return BigInt(shape.features);
    case "sequence":
      return BigInt(shape.length) * BigInt(shape.features);
    case "tokens":
      return BigInt(shape.length); // one id per position
  }
}

/** Bytes of every layer's weights, each at its precision, rounded up per layer. */
export function weightBytes(report: Report, precision: Precision): bigint {
  let total = 0n;
  for (const row of report.layers) if (row.weights !== 0) total += tensorBytes(BigInt(row.weights), row.layer.precision ?? precision);
  return total;
}

/** The activations of one forward pass at `batch` examples (see ActivationMemory). */
export function activationMemory(report: Report, precision: Precision, batch: number): ActivationMemory {
  const b = BigInt(batch);
  const bytes = (shape: Shape) => tensorBytes(shapeValues(shape) * b, precision);
  const lastReader = new Map<string, number>();
  report.layers.forEach((row, i) => {
    for (const name of row.layer.inputs) lastReader.set(name, i);
  });
  // what each step frees once its layer has run
  const freed: bigint[] = report.layers.map(() => 0n);
  const free = (name: string, size: bigint) => {
    const last = lastReader.get(name);
    if (last !== undefined) freed[last]! += size;
  };
  const inputBytes = bytes(report.input);
  free("input", inputBytes);
  let live = inputBytes;
  let all = inputBytes;
  let values = shapeValues(report.input) * b;
  let peak = live;
  let peakAt = "input";
  let peakIndex = -1;
  report.layers.forEach((row, i) => {
    const size = bytes(row.output);
    live += size;
    all += size;
    values += shapeValues(row.output) * b;
    if (live > peak) {
      peak = live;
      peakAt = row.name;
      peakIndex = i;
    }
    free(row.name, size);
    live -= freed[i]!;
  });
  return { peak, peakAt, peakIndex, all, values };
}

/** The tensors live while layer `index` runs (−1: before any), as `activationMemory` walks them: "input" or layer names. */
export function liveTensorsAt(report: Report, index: number): string[] {
  const lastReader = new Map<string, number>();
  report.layers.forEach((row, i) => {
    for (const name of row.layer.inputs) lastReader.set(name, i);
  });
  const live = (name: string) => (lastReader.get(name) ?? Infinity) >= index;
  const names = live("input") ? ["input"] : [];
  for (let i = 0; i <= index && i < report.layers.length; i++) {
    const name = report.layers[i]!.name;
    if (i === index || live(name)) names.push(name);
  }
  return names;
}

export function trainingMemory(report: Report, optimizer: Optimizer, batch: number): TrainingMemory {
  const convention = TRAINING_CONVENTIONS[optimizer];
  const parameters = BigInt(report.totals.weights);
  const per = (part: TrainingPart) => parameters * BigInt(part.bytesPerParameter);
  let states = 0n;
  for (const part of convention.states) states += per(part);
  const blocks = convention.blockConstants;
  if (blocks) states += BigInt(convention.states.length) * ((parameters + BigInt(blocks.block) - 1n) / BigInt(blocks.block)) * BigInt(blocks.bytes);
  const weights = per(convention.weights);
  const gradients = per(convention.gradients);
  const activations = activationMemory(report, convention.activations, batch).all;
  return { convention, parameters, weights, gradients, optimizer: states, activations, total: weights + gradients + states + activations };
}

/**
 * The KV cache of a decoder at its input's length: for every attention layer, its keys and
 * values, 2 × kv_heads × head_dim × tokens × batch values, at `precision`, rounded up to whole
 * bytes per layer. tokens is the number of key positions (the keys' source's length for
 * cross-attention), capped by a sliding window, which keeps only the last `window` of them
 * (Mistral 7B's rolling buffer cache, Jiang et al. 2023, §2).
 */
export function kvCache(report: Report, precision: Precision, batch: number): KvCache {
  const layers: KvCacheLayer[] = [];
  let bytes = 0n;
  for (const row of report.layers) {
    const { layer } = row;
    const [queries, keys = queries] = row.inputs;
    if (layer.type !== "attention" || queries?.kind !== "sequence" || keys?.kind !== "sequence") continue;
    const kvHeads = layer.kvHeads ?? layer.heads;
    // the attention's own default (costs/attention.ts): the query features / heads
    const headDim = layer.headDim ?? queries.features / layer.heads;
    const tokens = layer.window === undefined ? keys.length : Math.min(keys.length, layer.window);
    const values = 2n * BigInt(kvHeads) * BigInt(headDim) * BigInt(tokens) * BigInt(batch);
    const size = tensorBytes(values, precision);
    bytes += size;
    layers.push({
      name: row.name,
      kvHeads,
      headDim,
      positions: keys.length,
      tokens,
      ...(layer.window === undefined ? {} : { window: layer.window }),
      values,
      bytes: size,
    });
  }
  return { precision, batch, layers, bytes };
}

export function memoryReport(report: Report, options: MemoryOptions): MemoryReport {
  const kv = kvCache(report, options.kvCache ?? options.weights, options.batch);
  return {
    options,
    weights: weightBytes(report, options.weights),
    activations: activationMemory(report, options.activations, options.batch),
    kvCache: kv.bytes,
    kv,
    training: trainingMemory(report, options.optimizer, options.batch),
  };
}
