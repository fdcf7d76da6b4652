// The what-if options of `alexcount SPEC`: the precision the figures of memory assume, the batch,
// the optimizer convention of training memory, the input the network is fed for this run, and a
// sweep over one of them. One table of options: an axis a sweep can range over (`tokens`, once
// sequences exist) is one more row.

import { groupDigits } from "../core/exact.js";
import { type Command, InvalidArgumentError, Option } from "commander";
import { DTYPES, type Precision, PRECISION_SYNTAX, parsePrecision } from "../core/dtypes.js";
import { type MemoryOptions, OPTIMIZERS, type Optimizer } from "../core/memory.js";
import type { Shape } from "../core/network.js";
import type { Density, Fraction } from "../core/network.js";
import { WHOLE, fractionOf } from "../core/pruning.js";

/** An input given on the command line: a side (square, the spec's channels kept), or H×W×C. */
export type InputOverride =
  | { readonly kind: "side"; readonly size: number }
  | { readonly kind: "shape"; readonly height: number; readonly width: number; readonly channels: number }
  // --tokens: the positions of a sequence input (or of token ids), its features kept
  | { readonly kind: "tokens"; readonly length: number };

/** What each sweepable option's values are. */
interface SweepValues {
  input: InputOverride;
  batch: number;
  tokens: number;
}
type SweepAxis = keyof SweepValues;

export type Sweep = {
  [A in SweepAxis]: { readonly axis: A; readonly values: readonly { readonly text: string; readonly value: SweepValues[A] }[] };
}[SweepAxis];

/** One entry of `--density`: a layer (absent: every conv and dense layer) and its shares. */
export interface DensityEntry {
  readonly layer?: string;
  readonly density: Density;
}

/** The options as commander hands them over, parsed by the argParsers below. */
export interface WhatIfFlags {
  dtype?: Precision;
  actDtype?: Precision;
  kvDtype?: Precision;
  tokens?: number;
  batch?: number;
  optimizer?: Optimizer;
  input?: InputOverride;
  sweep?: Sweep;
  memory?: boolean;
  density?: readonly DensityEntry[];
}

const MAX_COUNT = 2 ** 31 - 1;

export function positiveInteger(text: string, what: string): number {
  if (!/^[1-9][0-9]*$/.test(text) || Number(text) > MAX_COUNT) {
    throw new InvalidArgumentError(`${what} must be a whole number from 1 to ${groupDigits(MAX_COUNT)}, not "${text}"`);
  }
  return Number(text);
}

const INPUT_SYNTAX = "a side such as 227 (square, the spec's channels kept; the features of a vector input), or height×width×channels such as 227x227x3";

function parseInput(text: string): InputOverride {
  const parts = text.split(/[x\u00d7]/);
  const valid = parts.every((p) => /^[1-9][0-9]*$/.test(p) && Number(p) <= MAX_COUNT);
  if (valid && parts.length === 1) return { kind: "side", size: Number(parts[0]) };
  if (valid && parts.length === 3) return { kind: "shape", height: Number(parts[0]), width: Number(parts[1]), channels: Number(parts[2]) };
  throw new InvalidArgumentError(`expected ${INPUT_SYNTAX}; got "${text}"`);
}

function parseDtype(text: string): Precision {
  const precision = parsePrecision(text);
  if (!precision) throw new InvalidArgumentError(`expected ${PRECISION_SYNTAX}: got "${text}"`);
  return precision;
}

function parseActDtype(text: string): Precision {
  if (!(DTYPES as readonly string[]).includes(text)) throw new InvalidArgumentError(`expected one of ${DTYPES.join(", ")}; got "${text}"`);
  return { dtype: text as Precision["dtype"] };
}

/** The options a sweep can range over, each with its own parser. */
const SWEEPABLE: { readonly [A in SweepAxis]: (text: string) => SweepValues[A] } = {
  input: parseInput,
  batch: (text) => positiveInteger(text, "a batch"),
  tokens: (text) => positiveInteger(text, "a number of tokens"),
};
const SWEEP_AXES = Object.keys(SWEEPABLE) as SweepAxis[];
const SWEEP_SYNTAX = `AXIS=V1,V2,… with AXIS one of ${SWEEP_AXES.join(", ")} (input=224,256,299, batch=1,8,32 or tokens=512,2048,8192)`;

function parseSweep(text: string): Sweep {
  const match = /^([a-z]+)=(.*)$/.exec(text);
  const axis = match?.[1];
  if (!match || axis === undefined || !(SWEEP_AXES as string[]).includes(axis)) throw new InvalidArgumentError(`expected ${SWEEP_SYNTAX}; got "${text}"`);
  const texts = (match[2] ?? "").split(",");
  if (texts.some((t) => t === "")) throw new InvalidArgumentError(`expected ${SWEEP_SYNTAX}, one or more values separated by commas; got "${text}"`);
  const parse = SWEEPABLE[axis as SweepAxis] as (text: string) => InputOverride | number;
  const values = texts.map((t) => ({ text: t, value: parse(t) }));
  return { axis, values } as Sweep;
}

const DENSITY_SYNTAX =
  "[LAYER=]KEPT[:INPUTS], comma-separated: shares above 0 and at most 1 of the weights kept and of the inputs that are not zero (0.5 for every conv and dense layer; L6=0.09,L2=0.38:0.88)";

function parseShare(text: string, whole: string): Fraction {
  const value = Number(text);
  if (!/^(0|1)?(\.[0-9]+)?$/.test(text) || text === "" || text === "." || !(value > 0 && value <= 1)) {
    throw new InvalidArgumentError(`expected ${DENSITY_SYNTAX}; got "${whole}"`);
  }
  return fractionOf(value);
}

function parseDensity(text: string): DensityEntry[] {
  return text.split(",").map((item) => {
    const match = /^(?:([^=]+)=)?([^:=]*)(?::([^:=]*))?$/.exec(item);
    if (!match) throw new InvalidArgumentError(`expected ${DENSITY_SYNTAX}; got "${text}"`);
    const [, layer, kept = "", inputs] = match;
    const density: Density = { weights: parseShare(kept, text), inputs: inputs === undefined ? WHOLE : parseShare(inputs, text) };
    return layer === undefined ? { density } : { layer, density };
  });
}

/** Adds the what-if options to `alexcount SPEC`. */
export function addWhatIfOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--dtype <precision>", `weights stored as ${DTYPES.join("|")}; NAME/gG adds a 16-bit scale per G values (int4/g128)`).argParser(parseDtype),
    )
    .addOption(new Option("--act-dtype <dtype>", "activations stored as (default: --dtype, or fp16 when --dtype is int8 or int4)").argParser(parseActDtype))
    .addOption(new Option("--batch <n>", "examples per forward pass (default 1)").argParser((t) => positiveInteger(t, "--batch")))
    .addOption(new Option("--optimizer <name>", `training memory convention: ${OPTIMIZERS.join("|")} (default adam-mixed)`).argParser(parseOptimizer))
    .addOption(new Option("--input <shape>", "feed the network this input for this run: 227 (a side) or 227x227x3").argParser(parseInput))
    .addOption(
      new Option("--tokens <n>", "a sequence input's positions (tokens) for this run; every figure follows, the KV cache too").argParser((t) =>
        positiveInteger(t, "--tokens"),
      ),
    )
    .addOption(new Option("--kv-dtype <precision>", "the KV cache stored as (default: --dtype); same values as --dtype").argParser(parseDtype))
    .addOption(new Option("--sweep <axis=values>", "one row per value: input=224,256,299, batch=1,8,32 or tokens=512,2048,8192").argParser(parseSweep))
    .option("--memory", "add memory and FLOPs to the table (implied by any option above)")
    .addOption(
      new Option(
        "--density <shares>",
        "prune: [LAYER=]KEPT[:INPUTS], e.g. 0.5 or L6=0.09,L2=0.38:0.88 (Han et al. 2015); over the spec's own density",
      ).argParser(parseDensity),
    );
}

function parseOptimizer(text: string): Optimizer {
  if (!(OPTIMIZERS as readonly string[]).includes(text)) throw new InvalidArgumentError(`expected one of ${OPTIMIZERS.join(", ")}; got "${text}"`);
  return text as Optimizer;
}

/** Whether the run asks for memory and FLOPs. */
export function wantsWhatIf(flags: WhatIfFlags): boolean {
  return (
    flags.memory === true ||
    flags.dtype !== undefined ||
    flags.actDtype !== undefined ||
    flags.kvDtype !== undefined ||
    flags.tokens !== undefined ||
    flags.batch !== undefined ||
    flags.optimizer !== undefined ||
    flags.input !== undefined ||
    flags.sweep !== undefined
  );
}

/** The memory options the flags give, defaults filled in: fp32, batch 1, mixed-precision Adam. */
export function memoryOptions(flags: WhatIfFlags, batch: number = flags.batch ?? 1): MemoryOptions {
  const weights = flags.dtype ?? { dtype: "fp32" };
  // weight-only quantization keeps its activations in fp16
  const activations = flags.actDtype ?? (weights.dtype === "int8" || weights.dtype === "int4" ? { dtype: "fp16" } : { dtype: weights.dtype });
  return { weights, activations, batch, optimizer: flags.optimizer ?? "adam-mixed", kvCache: flags.kvDtype ?? weights };
}

/** The input this run is fed instead of the spec's: --input, or --tokens; none: the spec's. */
export function inputOverride(flags: WhatIfFlags): InputOverride | undefined {
  return flags.input ?? (flags.tokens === undefined ? undefined : { kind: "tokens", length: flags.tokens });
}

/**
 * The network input with an override applied; a string saying why when it does not apply
 * (--tokens to a network whose input has no positions).
 */
export function overriddenInput(input: Shape, override: InputOverride): Shape | string {
  if (override.kind === "tokens") {
    if (input.kind === "tokens") return { kind: "tokens", length: override.length };
    if (input.kind === "sequence") return { kind: "sequence", length: override.length, features: input.features };
    return `--tokens and --sweep tokens=… set the positions of a sequence input, but this network's input is ${input.kind === "image" ? "an image" : "a vector"}: use --input for it`;
  }
  if (override.kind === "shape") return { kind: "image", height: override.height, width: override.width, channels: override.channels };
  return input.kind === "image"
    ? { kind: "image", height: override.size, width: override.size, channels: input.channels }
    : { kind: "vector", features: override.size };
}

/** Usage problems of a combination of what-if flags with the others. */
export function whatIfConflict(flags: WhatIfFlags): string | undefined {
  if (flags.sweep && flags.sweep.axis === "input" && flags.input) return "--sweep input=… and --input both set the input: give one of them";
  if (flags.sweep && flags.sweep.axis === "batch" && flags.batch !== undefined) return "--sweep batch=… and --batch both set the batch: give one of them";
  if (flags.input && flags.tokens !== undefined) return "--input and --tokens both set the input: give one of them";
  if (flags.sweep && flags.sweep.axis === "tokens" && (flags.tokens !== undefined || flags.input))
    return `--sweep tokens=… and ${flags.tokens !== undefined ? "--tokens" : "--input"} both set the input: give one of them`;
  if (flags.sweep && flags.sweep.axis === "input" && flags.tokens !== undefined) return "--sweep input=… and --tokens both set the input: give one of them";
  return undefined;
}
