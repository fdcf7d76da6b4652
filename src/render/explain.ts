// `alexcount SPEC --explain`: the working behind every figure, in the tutorial's notation
// (N₁ = 55² × 96 = 290,400). Everything written here comes from the core — the formulas a
// row's counts are evaluated from (`LayerCost`, from `formulasOf`) and the size derivations
// (`AxisDerivation`) — so the working shown is the working done, never a second calculation
// that could drift.

import { type AxisDerivation, poolOutputSize } from "../core/size.js";
import { type Counts, type LayerReport, type Report, formulasOf } from "../core/analyze.js";
import { type Formula, FORMULAS, evaluate, exactMul } from "../core/exact.js";
import { KINDS, type Shape } from "../core/network.js";
import { type LayerCost, assertNever, denseInputFactors } from "../core/costs.js";
import { type GroupNode, layerRange, nodeTotals } from "../core/structure.js";
import { type BlockWorking, type SymbolicTerm, blockWorking } from "../core/block-formula.js";
import { formatCount, formatGeometry, hasCost } from "./format.js";
import { describeShape, formatShape } from "../core/shape-text.js";
import { formatFormulaNumbers, formatWorking, subscript, superscript } from "./formula.js";
import { SUBTOTAL_LABELS, reportTitle } from "./rows.js";
import { palette } from "./style.js";
import { markdownText } from "./markdown.js";
import { visibleText } from "../core/visible-text.js";

const EXPLAIN_FORMATS = ["text", "markdown"] as const;
type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];

export interface ExplainOptions {
  readonly format?: ExplainFormat;
  /** ANSI colour (text format only). */
  readonly color?: boolean;
  /** Explain this layer only; it must be one of the report's layer names. */
  readonly layer?: string;
  /** Explain this group's layers (a block use or a repetition of one), then their sums. */
  readonly group?: GroupNode;
  /**
   * For a group that is one block's expansion: each of its layers' fields that the block's
   * parameters set (field → parameter), for its working in its parameters.
   */
  readonly groupFields?: readonly (Readonly<Record<string, string>> | undefined)[];
}

/** The four figures, each with the letter the tutorial gives it (N units, P parameters, U connections). */
const FIGURES = [
  { metric: "units", letter: "N", label: "units" },
  { metric: "weights", letter: "P", label: "weights" },
  { metric: "biases", letter: "B", label: "biases" },
  { metric: "connections", letter: "U", label: "connections" },
] as const satisfies readonly { metric: keyof Counts; letter: string; label: string }[];

/** One line of a layer's working. `math` is set in code in Markdown; `comment` is prose after it. */
interface Line {
  readonly label: string;
  readonly math?: string;
  readonly comment?: string;
}

interface Block {
  readonly name: string;
  /** "conv 5×5 p2 g2 · 27×27×96 → 27×27×256" */
  readonly summary: string;
  readonly costed: boolean;
  readonly lines: readonly Line[];
}

/** Vectors are written with their unit, so a reader can tell 4096 features from a side of 4096. */
const shapeText = describeShape;

function sameShape(a: Shape, b: Shape): boolean {
  return describeShape(a) === describeShape(b);
}

function shapeChange(row: LayerReport): string {
  const { inputs, output } = row;
  const [first] = inputs;
  if (first === undefined) return shapeText(output);
  // "unchanged" only where nothing is computed: a conv that keeps the shape still maps its input
  if (inputs.length === 1) return sameShape(first, output) && !hasCost(row) ? `${shapeText(output)}, unchanged` : `${shapeText(first)} → ${shapeText(output)}`;
  const names = row.layer.inputs.map(visibleText);
  if (row.type === "add") return `${names.join(" + ")}, each ${shapeText(output)}`;
  return `${names.join(", ")}: ${inputs.map(shapeText).join(" + ")} → ${shapeText(output)}`;
}

/** The output size along one axis, derived from the input: the rule with its numbers filled in. */
function explainAxis(d: AxisDerivation): Line & { math: string } {
  const label = "output size";
  switch (d.rule) {
    case "conv": {
      const padded = d.p === 0 ? `${d.n}` : `${d.n} + 2·${d.p}`;
      // out = ⌊(n + 2p − d·(k − 1) − 1) / s⌋ + 1, which for d = 1 is the familiar ⌊(n + 2p − k) / s⌋ + 1
      const inner = d.d === 1 ? `${padded} − ${d.k}` : `${padded} − ${d.d}·(${d.k} − 1) − 1`;
      const comment = d.d === 1 ? undefined : `dilation ${d.d}: the kernel spans ${d.d}·(${d.k} − 1) + 1 = ${exactMul(d.d, d.k - 1) + 1}`;
      return { label, math: `⌊(${inner})/${d.s}⌋ + 1 = ${d.value}`, ...(comment ? { comment } : {}) };
    }
    case "same":
      return { label, math: `⌈${d.n}/${d.s}⌉ = ${d.value}`, comment: `"same" padding: the output is the input divided by the stride, rounded up` };
    case "pool": {
      const inner = `${d.p === 0 ? `${d.n}` : `${d.n} + 2·${d.p}`} − ${d.k}`;
      if (!d.ceil) return { label, math: `⌊(${inner})/${d.s}⌋ + 1 = ${d.value}` };
      if (d.lastWindowDropped) {
        // ceil mode counted one window more, whose start (value · s) lies at or past the input's end (n + p)
        return {
          label,
          math: `⌈(${inner})/${d.s}⌉ + 1 − 1 = ${d.value}`,
          comment: `ceil mode, less its last window: that one would start at ${d.value}·${d.s} = ${exactMul(d.value, d.s)} ≥ ${d.n} + ${d.p}, wholly in the padding, so it is dropped`,
        };
      }
      const floor = poolOutputSize(d.n, d.k, d.s, d.p, false).value;
      return {
        label,
        math: `⌈(${inner})/${d.s}⌉ + 1 = ${d.value}`,
        comment:
          floor === d.value
            ? "ceil mode; rounding down gives the same here"
            : `ceil mode: rounds up, keeping a last partial window; rounding down would give ${floor}`,
      };
    }
    case "transposed": {
      // out = (n − 1)·s − 2p + d·(k − 1) + op + 1 (PyTorch ConvTranspose2d)
      const span = d.d === 1 ? `(${d.k} − 1)` : `${d.d}·(${d.k} − 1)`;
      const math = `(${d.n} − 1)·${d.s}${d.p === 0 ? "" : ` − 2·${d.p}`} + ${span}${d.op === 0 ? "" : ` + ${d.op}`} + 1 = ${d.value}`;
      return { label, math, comment: "transposed: a conv of this kernel, stride and padding maps it back to the input size" };
    }
    case "scale":
      return { label, math: `${d.n}·${d.f} = ${d.value}` };
    case "given":
      return { label, math: `${d.n} → ${d.value}`, comment: d.by === "crop" ? "a centre crop to the size given" : "upsampled to the size given" };
    case "global":
      return { label, math: `${d.n} → 1`, comment: "global pooling: one window covers the whole axis" };
    case "adaptive":
      return { label, math: `${d.n} → ${d.value}`, comment: "adaptive pooling: the output size is given" };
    default:
      return assertNever(d);
  }
}

function sameDerivation(a: AxisDerivation, b: AxisDerivation): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One line when height and width are derived alike, else one per axis. */
function sizeLines(cost: LayerCost): Line[] {
  const size = cost.size;
  if (!size) return [];
  if (sameDerivation(size.height, size.width)) return [explainAxis(size.height)];
  return [
    { ...explainAxis(size.height), label: "output height" },
    { ...explainAxis(size.width), label: "output width" },
  ];
}

/** How grouping divides the input channels among the filters. */
function groupsLine(row: LayerReport): Line[] {
  const [input] = row.inputs;
  if (row.layer.type !== "conv" || row.layer.groups === 1 || input?.kind !== "image") return [];
  const g = row.layer.groups;
  const c = input.channels;
  const perFilter = c / g; // exact: the core has checked that g divides C
  const label = `groups = ${g}`;
  if (perFilter === 1) return [{ label, comment: `depthwise: each filter sees one input channel (${c} / ${g} = 1)` }];
  const aside = g === 2 ? " (in AlexNet, the two GPU towers)" : "";
  return [{ label, comment: `each filter sees ${c} / ${g} = ${perFilter} input channels${aside}` }];
}

/** Notes on where a layer's inputs come from, when the formula alone would not say. */
function inputLines(row: LayerReport): Line[] {
  const [input] = row.inputs;
  if (row.layer.type === "conv_transpose") {
    const [where, window] = input?.kind === "sequence" ? ["L input positions", "(M/g)·k"] : ["H·W input positions", "(M/g)·Kh·Kw"];
    return [
      {
        label: "transposed",
        comment: `counted over the ${where}, as PyTorch's FlopCounterMode and fvcore count it: each input value meets the ${window} weights of its group once`,
      },
    ];
  }
  if (row.layer.type === "dense" && input?.kind === "image") {
    const flat = FORMULAS.product(denseInputFactors(input, FORMULAS));
    return [{ label: "inputs", math: `${formatFormulaNumbers(flat)} = ${formatCount(evaluate(flat))}`, comment: `the ${formatShape(input)} input, flattened` }];
  }
  if (row.layer.type === "dense" && input?.kind === "sequence") {
    return [{ label: "positions", comment: `one weight matrix, applied at each of T = ${formatCount(input.length)} positions` }];
  }
  if (row.layer.type === "attention") {
    const { layer } = row;
    const full = layer.count === "full";
    const mask = layer.causal ? (layer.window === undefined ? "a causal mask" : `a causal sliding window of ${formatCount(layer.window)}`) : undefined;
    const scores = full
      ? `QKᵀ and the weighted sum of values each h·T·S·d${mask ? `, over the full matrices although ${mask} zeroes part of them (count: kept counts only what it keeps)` : ""}`
      : `QKᵀ and the weighted sum of values each h·K·d, K the entries ${mask ?? "kept"} keeps`;
    return [
      { label: "projections", comment: "q, k, v and the output: weighted sums of every input feature; softmax, scaling and masking are free" },
      { label: "attention", comment: scores.replaceAll("T·S", row.inputs.length === 2 ? "T·S" : "T·T") },
    ];
  }
  if (row.layer.type === "dense" && row.layer.tied !== undefined) {
    return [{ label: "tied", comment: `the matrix is ${row.layer.tied}'s table, transposed: its weights are counted there` }];
  }
  if (row.layer.type === "batchnorm" && row.layer.affine) {
    const per = input?.kind === "image" ? "channel" : "feature";
    const { scale, shift } = row.layer;
    const comment =
      scale === false
        ? `a shift β per ${per}, the bias (no scale)`
        : shift === false
          ? `a scale γ per ${per} (no shift, no bias)`
          : `a scale γ and a shift β per ${per}; the shift is the bias`;
    return [{ label: "parameters", comment }];
  }
  return [];
}

/** Why a layer that rearranges positions costs nothing, in its own figures. */
function positionLines(row: LayerReport): Line[] {
  const [input] = row.inputs;
  if (row.layer.type === "to_sequence" && input?.kind === "image") {
    const t = formatCount(exactMul(input.height, input.width));
    return [
      { label: "free", math: `T = H·W = ${input.height} × ${input.width} = ${t}`, comment: "the image's positions, row by row, as a sequence: a reshape" },
    ];
  }
  if (input?.kind !== "sequence") return [];
  if (row.layer.type === "mean") {
    return [
      { label: "free", comment: `the mean of T = ${formatCount(input.length)} positions per feature: additions and one division, no multiply–accumulate` },
    ];
  }
  if (row.layer.type === "pick") {
    return [{ label: "free", comment: `the features at position ${row.layer.position} of T = ${formatCount(input.length)}, copied: no multiply–accumulate` }];
  }
  return [];
}

/** How a mixture of experts' dispatch and combine share the positions out and gather them back. */
function routingLines(row: LayerReport): Line[] {
  const { layer } = row;
  const [input] = row.inputs;
  if (layer.type === "dispatch" && input?.kind === "sequence" && row.output.kind === "sequence") {
    const { experts, topK, expert } = layer;
    const working = `⌊(T·k + E − 1 − e) / E⌋ = ⌊(${formatCount(input.length)} × ${topK} + ${experts} − 1 − ${expert}) / ${experts}⌋ = ${formatCount(row.output.length)}`;
    return [
      {
        label: "positions",
        math: working,
        comment: `each of T positions goes to k = ${topK} of E = ${experts} experts; the T·k pairs are dealt to the experts in turn, so they share them evenly`,
      },
    ];
  }
  if (layer.type === "combine") {
    return [
      { label: "combine", comment: `each position's ${layer.topK} expert outputs, weighted by the router's probabilities and added: element-wise, free` },
    ];
  }
  return [];
}

/** The active weights of a mixture of experts, as the weights less those of the experts a position does not use. */
function activeLine(report: Report): { label: string; text: string } | undefined {
  if (report.active === undefined) return undefined;
  const total = report.totals.weights;
  const idle = BigInt(total) - BigInt(report.active.totals);
  return {
    label: "Active weights",
    text: `P = ${formatCount(total)} − ${formatCount(idle)} = ${formatCount(report.active.totals)}  (the router, the shared layers and top_k experts of each mixture; the other experts' weights are held but not used by a position)`,
  };
}

/** `N₂ = H′·W′·M = 27² × 256 = 186,624` */
function figureLine(row: LayerReport, cost: LayerCost, ordinal: number, figure: (typeof FIGURES)[number]): Line {
  const formula: Formula = cost[figure.metric];
  if (formula.terms.length === 0) {
    const comment = figure.metric === "biases" && row.bias === false ? "none (biases off)" : "none";
    return { label: figure.label, comment };
  }
  return { label: figure.label, math: `${figure.letter}${subscript(ordinal)} = ${formatWorking(formula, row[figure.metric])}` };
}

function layerBlock(report: Report, row: LayerReport, ordinal: number | undefined): Block {
  const geometry = formatGeometry(row.layer, row.inputs[0]);
  const cost = formulasOf(report, row);
  // a split's outputs, each read as NAME:i
  const change = cost.parts
    ? `${shapeText(row.inputs[0]!)} → ${cost.parts.map((part, i) => `${visibleText(row.name)}:${i} ${shapeText(part)}`).join(", ")}`
    : shapeChange(row);
  const summary = `${visibleText(row.type)}${geometry ? ` ${geometry}` : ""} · ${change}`;
  const name = visibleText(row.name);
  if (ordinal === undefined) return { name, summary, costed: false, lines: [...sizeLines(cost), ...positionLines(row), ...routingLines(row)] };
  return {
    name,
    summary,
    costed: true,
    lines: [...sizeLines(cost), ...groupsLine(row), ...inputLines(row), ...FIGURES.map((f) => figureLine(row, cost, ordinal, f))],
  };
}

/** The layers chosen: one by name, the run of a group, or every layer. */
type Choice = { readonly name: string } | { readonly first: number; readonly last: number } | undefined;

function chosenRow(choice: Choice, row: LayerReport): boolean {
  if (choice === undefined) return true;
  return "name" in choice ? row.name === choice.name : row.index >= choice.first && row.index <= choice.last;
}

/** Blocks for the chosen layers; costed layers are numbered 1, 2, … in spec order, as the tutorial's L₁…L₈. */
function blocks(report: Report, choice: Choice): { blocks: Block[]; ordinals: Map<number, number> } {
  const out: Block[] = [];
  const ordinals = new Map<number, number>();
  let ordinal = 0;
  for (const row of report.layers) {
    const costed = hasCost(row);
    if (costed) ordinal++;
    if (!chosenRow(choice, row)) continue;
    if (costed) ordinals.set(row.index, ordinal);
    out.push(layerBlock(report, row, costed ? ordinal : undefined));
  }
  if (choice !== undefined && out.length === 0) throw new Error(`no layer chosen by ${JSON.stringify(choice)}`);
  return { blocks: out, ordinals };
}

/** "bottleneck with width = 256, out = 1024" */
function groupHeading(group: GroupNode): string {
  const params = Object.entries(group.params ?? {}).map(([name, value]) => `${visibleText(name)} = ${visibleText(JSON.stringify(value) ?? "")}`);
  const block = group.block === undefined ? "" : ` · block ${visibleText(group.block)}${params.length > 0 ? ` with ${params.join(", ")}` : ""}`;
  return `${visibleText(group.name)}${block}`;
}

/**
 * A group's figures as the sums of its parts — its layers, P = P₅ + P₆ + … = 262,144 + … = 1,117,184,
 * or the groups it is made of, P = layer3.0 + layer3.1 + … — each part named as above.
 */
function groupSumLines(report: Report, group: GroupNode, ordinals: ReadonlyMap<number, number>): { label: string; text: string }[] {
  const { counts } = nodeTotals(report, group);
  return FIGURES.map(({ metric, letter, label }) => {
    const parts = group.children.flatMap((child) => {
      const value = nodeTotals(report, child).counts[metric];
      if (value === 0) return [];
      const symbol = child.kind === "group" ? visibleText(child.name) : `${letter}${subscript(ordinals.get(child.index) ?? 0)}`;
      return [{ symbol, value }];
    });
    if (parts.length === 0) return { label, text: `${letter} = 0` };
    const symbols = parts.map((p) => p.symbol).join(" + ");
    const values = parts.map((p) => formatCount(p.value)).join(" + ");
    return {
      label,
      text:
        parts.length === 1 ? `${letter} = ${symbols} = ${formatCount(counts[metric])}` : `${letter} = ${symbols} = ${values} = ${formatCount(counts[metric])}`,
    };
  });
}

/** `9·width²`, `C·width`, `2·out`, `4`. */
function symbolicTerm(term: SymbolicTerm): string {
  const vars = term.powers.map(([v, p]) => `${visibleText(v)}${p === 1 ? "" : superscript(p)}`);
  if (vars.length === 0) return formatCount(term.coefficient);
  return [...(term.coefficient === 1n ? [] : [formatCount(term.coefficient)]), ...vars].join("·");
}

/** The same term with the values in: `9 × 256²`. */
function filledTerm(term: SymbolicTerm, values: ReadonlyMap<string, number>): string {
  const parts = term.powers.map(([v, p]) => `${formatCount(values.get(v) ?? 0)}${p === 1 ? "" : superscript(p)}`);
  return [...(term.coefficient === 1n && parts.length > 0 ? [] : [formatCount(term.coefficient)]), ...parts].join(" × ");
}

function termValue(term: SymbolicTerm, values: ReadonlyMap<string, number>): bigint {
  return term.powers.reduce((n, [v, p]) => n * BigInt(values.get(v) ?? 0) ** BigInt(p), term.coefficient);
}

/**
 * A block use's figures in its parameters, then with their values in: `P = 9·width² + C·width
 * + …`, and on the next line `= 9 × 256² + 1,024 × 256 + … = 589,824 + … = 1,117,184`.
 */
function blockWorkingLines(working: BlockWorking): { values: string; lines: { label: string; text: string; filled?: string }[] } {
  const values = new Map(working.values);
  const used = new Set(FIGURES.flatMap(({ metric }) => working[metric].flatMap((t) => t.powers.map(([v]) => v))));
  const lines = FIGURES.map(({ metric, letter, label }) => {
    const terms = working[metric];
    if (terms.length === 0) return { label, text: `${letter} = 0` };
    const total = terms.reduce((n, t) => n + termValue(t, values), 0n);
    const symbolic = `${letter} = ${terms.map(symbolicTerm).join(" + ")}`;
    if (terms.every((t) => t.powers.length === 0)) return { label, text: symbolic };
    const filled = terms.map((t) => filledTerm(t, values)).join(" + ");
    const sums = terms.map((t) => formatCount(termValue(t, values))).join(" + ");
    // `64 + 96 = 64 + 96` says nothing twice
    const each = terms.length > 1 && sums !== filled ? ` = ${sums}` : "";
    return { label, text: symbolic, filled: `= ${filled}${each} = ${formatCount(total)}` };
  });
  const shown = working.values.filter(([v]) => used.has(v)).map(([v, n]) => `${visibleText(v)} = ${formatCount(n)}`);
  return { values: shown.join(", "), lines };
}

const LEGEND = [
  "N units (output neurons) · P weights (learned parameters, biases included) · B biases",
  "U connections (multiply–accumulates) · subscript: the layer's number among layers with a cost",
  "H′ W′ output height, width · Kh Kw kernel height, width · C input channels · g groups",
  "M filters or units · H W C a dense layer's image input (flattened) · F its input features",
];

/** The legend, with the letters of sequences when the network has one. */
function legend(report: Report): readonly string[] {
  const sequences = report.input.kind === "sequence" || report.input.kind === "tokens" || report.layers.some((row) => row.output.kind === "sequence");
  const cnn = report.layers.some((row) => row.type === "conv_transpose")
    ? ["conv_transpose: H W its input height, width (or L its input length) · M/g filters per group"]
    : [];
  if (!sequences) return [...LEGEND, ...cnn];
  const extra = ["T positions of a sequence (tokens, time steps) · V vocabulary · n class tokens", ...cnn];
  if (report.layers.some((row) => row.inputs[0]?.kind === "sequence" && (row.type === "conv" || row.type === "maxpool" || row.type === "avgpool"))) {
    extra.push("L′ output length (1-D conv and pooling) · k kernel length");
  }
  if (report.layers.some((row) => row.type === "attention")) {
    extra.push("h heads · kv key/value heads · d head dim · S, Fk keys' positions, features (cross-attention) · K kept score entries");
  }
  if (report.layers.some((row) => row.type === "lstm" || row.type === "gru" || row.type === "rnn")) {
    extra.push("G gate blocks (LSTM 4, GRU 3, RNN 1) · L stacked layers · I input features · bv bias vectors per gate block");
  }
  return [...LEGEND, ...extra];
}

function totalsLines(report: Report): { label: string; text: string }[] {
  const line = (c: Counts) => `N = ${formatCount(c.units)} · P = ${formatCount(c.weights)} · U = ${formatCount(c.connections)}`;
  const out: { label: string; text: string }[] = [];
  for (const kind of KINDS) {
    const s = report.subtotals[kind];
    if (s) out.push({ label: SUBTOTAL_LABELS[kind], text: line(s) });
  }
  out.push({ label: "Total", text: line(report.totals) });
  const active = activeLine(report);
  if (active !== undefined) out.push(active);
  return out;
}

/** A group's sums of its parts, and its working in its parameters when it is one block's expansion. */
interface GroupSums {
  readonly heading: string;
  readonly lines: { label: string; text: string }[];
  readonly symbolic?: ReturnType<typeof blockWorkingLines>;
}

const LABEL_WIDTH = 15;

function renderText(report: Report, chosen: readonly Block[], whole: boolean, color: boolean, group?: GroupSums): string {
  const c = palette({ color });
  const out: string[] = [c.bold(`${reportTitle(report)} · the working`), ...legend(report).map((l) => c.dim(l))];
  let previousCosted = true;
  for (const block of chosen) {
    // a blank line around each costed block; runs of zero-cost layers stay together
    if (block.costed || previousCosted) out.push("");
    previousCosted = block.costed;
    const heading = `${c.bold(block.name)} · ${block.summary}`;
    out.push(block.costed ? heading : c.dim(`${heading} · no cost`));
    for (const line of block.lines) {
      const body = [line.math, line.comment && (line.math ? `(${line.comment})` : line.comment)].filter(Boolean).join("  ");
      out.push(`  ${line.label.padEnd(LABEL_WIDTH - 2)}  ${block.costed ? body : c.dim(body)}`);
    }
  }
  if (group !== undefined) {
    out.push("", c.bold(`${group.heading}: the sums of its parts above`));
    for (const t of group.lines) out.push(`  ${t.label.padEnd(LABEL_WIDTH - 2)}  ${t.text}`);
  }
  if (group?.symbolic !== undefined) {
    const { values, lines } = group.symbolic;
    out.push("", c.bold(`${group.heading}: in its parameters${values === "" ? "" : `, with ${values}`}`));
    for (const t of lines) {
      out.push(`  ${t.label.padEnd(LABEL_WIDTH - 2)}  ${t.text}`);
      if (t.filled !== undefined) out.push(`  ${"".padEnd(LABEL_WIDTH - 2)}    ${t.filled}`);
    }
  }
  if (whole) {
    out.push("", c.bold("Subtotals and total (sums of the layers above)"));
    const totals = totalsLines(report);
    // 16 columns, as the CNN goldens have them, or wider when a label needs it ("Attention subtotal")
    const width = Math.max(16, ...totals.map((t) => t.label.length + 1));
    for (const t of totals) out.push(`  ${t.label.padEnd(width)}${t.text}`);
  }
  return `${out.join("\n")}\n`;
}

/** A Markdown code span that survives backticks in the text (CommonMark: a longer fence). */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = longest > 0 || text.startsWith(" ") || text.endsWith(" ") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

function markdownLine(line: Line): string {
  const parts = [line.math === undefined ? undefined : codeSpan(line.math), line.comment && (line.math ? `(${line.comment})` : line.comment)];
  return `${line.label}: ${parts.filter(Boolean).join(" ")}`;
}

function renderMarkdownExplain(report: Report, chosen: readonly Block[], whole: boolean, group?: GroupSums): string {
  const lines = legend(report);
  const out: string[] = [`### ${markdownText(reportTitle(report))} · the working`, "", ...lines.map((l, i) => (i < lines.length - 1 ? `${l}<br>` : l))];
  let inList = false;
  for (const block of chosen) {
    const heading = `${codeSpan(block.name)} · ${markdownText(block.summary)}`;
    if (block.costed) {
      out.push("", `#### ${heading}`, "", ...block.lines.map((l) => `- ${markdownLine(l)}`));
      inList = false;
    } else {
      if (!inList) out.push("");
      inList = true;
      // "*", not "-": a different bullet starts a new list (CommonMark), so these lines do not
      // join the list of the costed layer above them
      out.push(`* ${heading} · no cost`, ...block.lines.map((l) => `  * ${markdownLine(l)}`));
    }
  }
  if (group !== undefined) {
    out.push("", `#### ${markdownText(group.heading)}: the sums of its parts above`, "", ...group.lines.map((t) => `- ${t.label}: ${codeSpan(t.text)}`));
  }
  if (group?.symbolic !== undefined) {
    const { values, lines } = group.symbolic;
    out.push(
      "",
      `#### ${markdownText(group.heading)}: in its parameters${values === "" ? "" : `, with ${markdownText(values)}`}`,
      "",
      ...lines.map((t) => `- ${t.label}: ${codeSpan(t.text)}${t.filled === undefined ? "" : ` ${codeSpan(t.filled)}`}`),
    );
  }
  if (whole) {
    out.push("", "#### Subtotals and total", "", "| | N (units) | P (weights) | U (connections) |", "|---|---:|---:|---:|");
    const row = (label: string, s: Counts) => `| ${label} | ${formatCount(s.units)} | ${formatCount(s.weights)} | ${formatCount(s.connections)} |`;
    for (const kind of KINDS) {
      const s = report.subtotals[kind];
      if (s) out.push(row(SUBTOTAL_LABELS[kind], s));
    }
    out.push(row("**Total**", report.totals));
    const active = activeLine(report);
    if (active !== undefined) out.push("", `${active.label}: ${codeSpan(active.text)}`);
  }
  return `${out.join("\n")}\n`;
}

/**
 * The working behind a report: for each layer (or the one named), its output size derived
 * from its input and its units, weights, biases and connections as formulas with the numbers
 * substituted. Zero-cost layers take one line. Throws if `options.layer` names no layer.
 */
export function renderExplain(report: Report, options: ExplainOptions = {}): string {
  const { group, layer } = options;
  const choice: Choice = group !== undefined ? layerRange(group) : layer !== undefined ? { name: layer } : undefined;
  const { blocks: chosen, ordinals } = blocks(report, choice);
  const whole = choice === undefined;
  const range = group === undefined ? undefined : layerRange(group);
  const working =
    group?.block === undefined || range === undefined || options.groupFields === undefined
      ? undefined
      : blockWorking(report, range.first, range.last, options.groupFields, group.params ?? {});
  const sums =
    group === undefined
      ? undefined
      : {
          heading: groupHeading(group),
          lines: groupSumLines(report, group, ordinals),
          ...(working === undefined ? {} : { symbolic: blockWorkingLines(working) }),
        };
  return options.format === "markdown" ? renderMarkdownExplain(report, chosen, whole, sums) : renderText(report, chosen, whole, options.color ?? false, sums);
}
