// Number and layer-geometry formatting, in one place (shapes: core/shape-text.ts), with a fixed locale so output never depends on
// the machine (contract: the same input gives the same bytes everywhere).

import type { Layer, Pair, Shape } from "../core/network.js";
import type { LayerReport } from "../core/analyze.js";
import { type Count, groupDigits } from "../core/exact.js";
import { assertNever } from "../core/costs.js";

/** 60954656 → "60,954,656" (en-US grouping, independent of the machine's locale); a bigint in all its digits. */
export function formatCount(n: Count): string {
  return groupDigits(n);
}

const SCALES: readonly (readonly [number, string])[] = [
  [1e12, "T"],
  [1e9, "G"],
  [1e6, "M"],
  [1e3, "K"],
];

/** 60954656 → "61.0M"; for prose and charts, never for the exact figure. A bigint is scaled exactly. */
export function formatScaled(n: Count): string {
  if (typeof n === "bigint") {
    // beyond 2^53 − 1, so at least 9,007 T: tenths of a trillion, rounded half away from zero in
    // bigint as toFixed would round the exact value
    const magnitude = n < 0n ? -n : n;
    const tenths = (magnitude * 10n + 500_000_000_000n) / 1_000_000_000_000n;
    return `${n < 0n ? "-" : ""}${tenths / 10n}.${tenths % 10n}T`;
  }
  for (const [scale, suffix] of SCALES) if (Math.abs(n) >= scale) return `${(n / scale).toFixed(1)}${suffix}`;
  return String(n);
}

function formatPair(pair: Pair): string {
  return pair[0] === pair[1] ? `${pair[0]}` : `${pair[0]}×${pair[1]}`;
}

function formatWindow(pair: Pair): string {
  return `${pair[0]}×${pair[1]}`;
}

/**
 * The geometry of a layer in a few characters: "11×11 s4", "5×5 p2 g2", "3×3 s2 ceil", "global";
 * on a sequence (`input`), a 1-D window is one number: "80 s16".
 */
export function formatGeometry(layer: Layer, input?: Shape): string {
  const formatKernel = input?.kind === "sequence" ? formatPair : formatWindow;
  switch (layer.type) {
    case "conv": {
      const parts = [formatKernel(layer.kernel)];
      if (layer.stride[0] !== 1 || layer.stride[1] !== 1) parts.push(`s${formatPair(layer.stride)}`);
      if (layer.padding === "same") parts.push("same");
      else if (layer.padding[0] !== 0 || layer.padding[1] !== 0) parts.push(`p${formatPair(layer.padding)}`);
      if (layer.dilation[0] !== 1 || layer.dilation[1] !== 1) parts.push(`d${formatPair(layer.dilation)}`);
      if (layer.groups !== 1) parts.push(`g${layer.groups}`);
      if (layer.table !== undefined) parts.push("table");
      return parts.join(" ");
    }
    case "conv_transpose": {
      const parts = [formatKernel(layer.kernel)];
      if (layer.stride[0] !== 1 || layer.stride[1] !== 1) parts.push(`s${formatPair(layer.stride)}`);
      if (layer.padding[0] !== 0 || layer.padding[1] !== 0) parts.push(`p${formatPair(layer.padding)}`);
      if (layer.outputPadding[0] !== 0 || layer.outputPadding[1] !== 0) parts.push(`op${formatPair(layer.outputPadding)}`);
      if (layer.dilation[0] !== 1 || layer.dilation[1] !== 1) parts.push(`d${formatPair(layer.dilation)}`);
      if (layer.groups !== 1) parts.push(`g${layer.groups}`);
      return parts.join(" ");
    }
    case "maxpool":
    case "avgpool": {
      const w = layer.window;
      if (w.kind === "global") return layer.trainable ? "global trainable" : "global";
      if (w.kind === "adaptive") return `→${formatKernel(w.output)}`;
      const parts = [formatKernel(w.kernel)];
      if (w.stride[0] !== 1 || w.stride[1] !== 1) parts.push(`s${formatPair(w.stride)}`);
      if (w.padding[0] !== 0 || w.padding[1] !== 0) parts.push(`p${formatPair(w.padding)}`);
      if (w.ceil) parts.push("ceil");
      if (layer.trainable) parts.push("trainable");
      return parts.join(" ");
    }
    case "attention": {
      // "h12", "h32 kv8 causal", "h32 d128 causal w4096 kept"
      const parts = [`h${layer.heads}`];
      if (layer.kvHeads !== undefined && layer.kvHeads !== layer.heads) parts.push(`kv${layer.kvHeads}`);
      if (layer.headDim !== undefined) parts.push(`d${layer.headDim}`);
      if (layer.causal) parts.push("causal");
      if (layer.window !== undefined) parts.push(`w${layer.window}`);
      if (layer.count === "kept") parts.push("kept");
      return parts.join(" ");
    }
    case "embedding":
      return `${layer.vocab}×${layer.features}`;
    case "lstm":
    case "gru":
    case "rnn":
      // "h650 ×2", "h256 bi"
      return [`h${layer.hidden}`, ...(layer.layers > 1 ? [`×${layer.layers}`] : []), ...(layer.bidirectional ? ["bi"] : [])].join(" ");
    case "dense":
      return layer.tied === undefined ? "" : `tied ${layer.tied}`;
    case "pick":
      return `position ${layer.position}`;
    // no geometry of their own
    case "batchnorm":
    case "layernorm":
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
    case "class_token":
    case "rmsnorm":
    case "multiply":
    case "to_sequence":
    case "mean":
      return "";
    // "expert 3 of 8, top 2", "top 2"
    case "dispatch":
      return `expert ${layer.expert} of ${layer.experts}, top ${layer.topK}`;
    case "combine":
      return `top ${layer.topK}`;
    case "upsample":
      // "×2 nearest", "→56×56 bilinear"
      return `${layer.size ? `→${formatKernel(layer.size)}` : `×${formatPair(layer.scale ?? [1, 1])}`} ${layer.mode}`;
    case "crop":
      return layer.size ? `→${formatKernel(layer.size)}` : `to ${layer.inputs[1] ?? ""}`;
    case "split":
      return layer.sizes ? layer.sizes.join("+") : `${layer.parts ?? 2} parts`;
    case "slice":
      return `${layer.start}:${layer.start + layer.channels}`;
    case "shuffle":
      return `g${layer.groups}`;
    default:
      return assertNever(layer);
  }
}

/** Whether a row costs anything (the default table shows only these). */
export function hasCost(row: LayerReport): boolean {
  return row.units !== 0 || row.weights !== 0 || row.biases !== 0 || row.connections !== 0;
}

/**
 * Greedy word wrap to `width` columns, continuation lines indented by `indent` spaces, so long
 * notes stay readable in a terminal and paste cleanly into notes. Words longer than a line are
 * left whole.
 */
export function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const limit = lines.length === 0 ? width : width - indent;
    if (line && [...line].length + 1 + [...word].length > limit) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join(`\n${" ".repeat(indent)}`);
}
