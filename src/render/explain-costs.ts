// `--explain` with the what-if options: the working behind every figure of memory and FLOPs, after
// the layers' own working. Each line ends in the figure the report gives, worked from the same
// core functions, so that every byte can be checked by hand.

import type { Report } from "../core/analyze.js";
import { DTYPE_BITS, DTYPE_NOTES, type Precision, SCALE_BITS, formatPrecision, scaleCount, tensorBytes } from "../core/dtypes.js";
import { FLOPS_PER_MAC, TRAINING_FACTOR } from "../core/flops.js";
import { type KvCache, liveTensorsAt, shapeValues } from "../core/memory.js";
import { formatCount } from "./format.js";
import { formatShape } from "../core/shape-text.js";
import { type Costs, formatBig, formatBinary } from "./memory-block.js";
import { type RenderOptions, palette } from "./style.js";

/** "4 bytes per value (32 bits)", "4 + 16/128 bits per value, a 16-bit scale per 128 values". */
function describePrecision(p: Precision): string {
  const bits = DTYPE_BITS[p.dtype];
  const note = DTYPE_NOTES[p.dtype] ? `; ${DTYPE_NOTES[p.dtype]}` : "";
  if (p.group !== undefined)
    return `${formatPrecision(p)}: ${bits} + ${SCALE_BITS}/${p.group} bits per value (a ${SCALE_BITS}-bit scale per ${p.group} values)${note}`;
  return bits % 8 === 0 ? `${p.dtype}: ${bits / 8} byte${bits === 8 ? "" : "s"} per value (${bits} bits)${note}` : `${p.dtype}: ${bits} bits per value${note}`;
}

/** The bytes of `count` values at `p`, as a formula with the numbers filled in. */
function bytesFormula(count: bigint, p: Precision): string {
  const bits = DTYPE_BITS[p.dtype];
  const bytes = tensorBytes(count, p);
  if (p.group !== undefined) {
    return `⌈(${formatBig(count)} × ${bits} + ${formatBig(scaleCount(count, p))} × ${SCALE_BITS}) / 8⌉ = ${formatBig(bytes)}`;
  }
  if (bits % 8 === 0) return `${formatBig(count)} × ${bits / 8} = ${formatBig(bytes)}`;
  return `⌈${formatBig(count)} × ${bits} / 8⌉ = ${formatBig(bytes)}`;
}

/** The KV cache's working: per attention layer, K and V for every position it keeps. */
function kvCacheLines(kv: KvCache, bold: (text: string) => string): string[] {
  if (kv.layers.length === 0) return ["  KV cache: 0 B (no attention layers)"];
  const out = [
    "",
    bold("KV cache"),
    `  ${describePrecision(kv.precision)}; per attention layer 2 × kv_heads × head_dim × tokens × batch values: the 2 is K and V, one of each per key/value head and cached position`,
  ];
  for (const l of kv.layers) {
    const window = l.window === undefined ? "" : ` (min(${formatBig(BigInt(l.positions))} positions, window ${formatBig(BigInt(l.window))}))`;
    out.push(
      `  ${l.name}  2 × ${l.kvHeads} × ${l.headDim} × ${formatBig(BigInt(l.tokens))}${window} × ${kv.batch} = ${formatBig(l.values)} values: ${bytesFormula(l.values, kv.precision)} B`,
    );
  }
  out.push(`  total  ${formatBig(kv.bytes)} B = ${formatBinary(kv.bytes)}`);
  return out;
}

export function renderCostsExplain(report: Report, costs: Costs, options: RenderOptions = {}): string {
  const c = palette(options);
  const { memory, flops } = costs;
  const { options: o, activations, training } = memory;
  const batch = BigInt(o.batch);
  const out: string[] = [c.bold("Memory and FLOPs · the working"), ""];

  out.push(c.bold("weights"), `  ${describePrecision(o.weights)}; rounded up to whole bytes per layer`);
  for (const row of report.layers) {
    if (row.weights === 0) continue;
    const p = row.layer.precision ?? o.weights;
    const own = row.layer.precision ? ` (the layer's own ${formatPrecision(p)})` : "";
    out.push(`  ${row.name}  ${bytesFormula(BigInt(row.weights), p)} B${own}`);
  }
  out.push(`  total  ${formatBig(memory.weights)} B = ${formatBinary(memory.weights)}`, "");

  out.push(
    c.bold("activations"),
    `  ${describePrecision(o.activations)}; a tensor is the input or a layer's output, its values × batch ${o.batch}`,
    `  peak: walking the layers in order, a tensor lives from the layer that makes it to its last reader (one nobody reads is an output, kept)`,
  );
  const live = liveTensorsAt(report, activations.peakIndex);
  const shapeOf = (name: string) => (name === "input" ? report.input : report.layers.find((l) => l.name === name)!.output);
  for (const name of live) {
    const shape = shapeOf(name);
    out.push(`    ${name}  ${formatShape(shape)} × ${o.batch}: ${bytesFormula(shapeValues(shape) * batch, o.activations)} B`);
  }
  out.push(`  peak, while ${activations.peakAt} runs: ${formatBig(activations.peak)} B = ${formatBinary(activations.peak)}`);
  out.push(
    `  all tensors (input and every layer's output): ${formatBig(activations.values)} values, each tensor rounded up to whole bytes: ${formatBig(activations.all)} B = ${formatBinary(activations.all)}`,
  );
  out.push(...kvCacheLines(memory.kv, c.bold), "");

  const convention = training.convention;
  const p = training.parameters;
  out.push(c.bold(`training, ${convention.title}`), `  ${convention.source}`);
  for (const part of [convention.weights, convention.gradients, ...convention.states]) {
    out.push(`  ${part.label}  ${part.bytesPerParameter} × ${formatBig(p)} parameters = ${formatBig(BigInt(part.bytesPerParameter) * p)} B`);
  }
  const blocks = convention.blockConstants;
  if (blocks) {
    const count = (p + BigInt(blocks.block) - 1n) / BigInt(blocks.block);
    out.push(
      `  block constants  ${convention.states.length} states × ⌈${formatBig(p)} / ${blocks.block}⌉ × ${blocks.bytes} = ${convention.states.length} × ${formatBig(count)} × ${blocks.bytes} = ${formatBig(BigInt(convention.states.length) * count * BigInt(blocks.bytes))} B`,
    );
  }
  out.push(`  activations kept for the backward pass: every tensor at ${formatPrecision(convention.activations)}, ${formatBig(training.activations)} B`);
  out.push(
    `  total  ${formatBig(training.weights)} + ${formatBig(training.gradients)} + ${formatBig(training.optimizer)} + ${formatBig(training.activations)} = ${formatBig(training.total)} B = ${formatBinary(training.total)}`,
    "",
  );

  out.push(
    c.bold("FLOPs"),
    `  one multiply–accumulate (connection) is ${FLOPS_PER_MAC} FLOPs, a multiply and an add`,
    `  forward = ${FLOPS_PER_MAC} × ${formatCount(report.totals.connections)} connections × batch ${o.batch} = ${formatBig(flops.forward)}`,
    `  training step ≈ ${TRAINING_FACTOR} × forward = ${formatBig(flops.trainingStep)}: the backward pass costs about twice the forward (Kaplan et al. 2020, §2.1: 6N FLOPs per token for N parameters, against 2N forward)`,
    ...(flops.perToken === undefined
      ? []
      : [
          `  per sequence = ${FLOPS_PER_MAC} × ${formatCount(report.totals.connections)} connections = ${formatBig(flops.perExample)}`,
          `  per token = ${FLOPS_PER_MAC} × ${formatBig(flops.perToken / FLOPS_PER_MAC)} connections at one position (the network at T = 1) = ${formatBig(flops.perToken)}: each weight's multiply–accumulate once, a mixture's top_k experts only (Kaplan et al.'s 2N), plus the attention of the one position over itself`,
        ]),
    "",
  );
  return out.join("\n");
}
