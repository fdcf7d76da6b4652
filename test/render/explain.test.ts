import { describe, expect, it } from "vitest";
import type { LayerReport, Report } from "../../src/core/analyze.js";
import { renderExplain } from "../../src/render/explain.js";
import { bundledReport, bundledSpecNames, reportOf } from "../helpers.js";

describe("--explain on AlexNet, in the tutorial's notation", () => {
  const text = renderExplain(bundledReport("alexnet"));

  it.each([
    // N₁ = 55² × 96 = 3,025 × 96 = 290,400 (tutorial, layer L1)
    "N₁ = H′·W′·M = 55² × 96 = 290,400",
    // P₁ = 11² × 3 × 96 = 121 × 288 = 34,848
    "P₁ = Kh·Kw·C·M = 11² × 3 × 96 = 34,848",
    // U₁ = 55² × 11² × 3 × 96 = 3,025 × 34,848 = 105,415,200
    "U₁ = H′·W′·Kh·Kw·C·M = 55² × 11² × 3 × 96 = 105,415,200",
    // U₂ = 27² × 5² × 48 × 256 = 729 × 307,200 = 223,948,800 (both GPU towers; the tutorial prints half)
    "U₂ = H′·W′·Kh·Kw·(C/g)·M = 27² × 5² × 48 × 256 = 223,948,800",
    // N₄ = 13² × 384 = 169 × 384 = 64,896 (the tutorial's table prints 64,869)
    "N₄ = H′·W′·M = 13² × 384 = 64,896",
    // P₆ = 6 × 6 × 256 × 4096 = 9,216 × 4,096 = 37,748,736: a dense layer on a 6×6×256 image
    "P₆ = H·W·C·M = 6 × 6 × 256 × 4096 = 37,748,736",
    // P₇ = 4096 × 4096 = 16,777,216
    "P₇ = F·M = 4096 × 4096 = 16,777,216",
  ])("derives %s", (line) => {
    expect(text).toContain(line);
  });

  it("derives each output size from its input, pooling included, once when both axes agree", () => {
    // L1: ⌊(224 + 4 − 11)/4⌋ + 1 = ⌊217/4⌋ + 1 = 54 + 1 = 55
    expect(text).toMatch(/^ {2}output size +⌊\(224 \+ 2·2 − 11\)\/4⌋ \+ 1 = 55$/m);
    // pool1: ⌊(55 − 3)/2⌋ + 1 = 26 + 1 = 27; L2: ⌊(27 + 4 − 5)/1⌋ + 1 = 27
    expect(text).toMatch(/^ {2}output size +⌊\(55 − 3\)\/2⌋ \+ 1 = 27$/m);
    expect(text).toMatch(/^ {2}output size +⌊\(27 \+ 2·2 − 5\)\/1⌋ \+ 1 = 27$/m);
    expect(text).not.toMatch(/^ {2}output (height|width)/m);
  });

  it("spells out the grouping, with the GPU towers as an aside", () => {
    expect(text).toContain("groups = 2     each filter sees 96 / 2 = 48 input channels (in AlexNet, the two GPU towers)");
  });

  it("gives a zero-cost layer one line", () => {
    expect(text).toMatch(/^relu1 · relu · 55×55×96, unchanged · no cost$/m);
    expect(text).toMatch(/^pool1 · maxpool 3×3 s2 · 55×55×96 → 27×27×96 · no cost$/m);
  });

  it("matches the golden file (plain text)", async () => {
    await expect(text).toMatchFileSnapshot("./__golden__/alexnet-explain.txt");
  });

  it("matches the golden file (Markdown)", async () => {
    await expect(renderExplain(bundledReport("alexnet"), { format: "markdown" })).toMatchFileSnapshot("./__golden__/alexnet-explain.md");
  });

  it("explains one layer alone, keeping its number among the costed layers", () => {
    const l5 = renderExplain(bundledReport("alexnet"), { layer: "L5" });
    // U₅ = 13² × 3² × 192 × 256 = 169 × 9 × 49,152 = 74,760,192
    expect(l5).toContain("U₅ = H′·W′·Kh·Kw·(C/g)·M = 13² × 3² × 192 × 256 = 74,760,192");
    expect(l5).not.toContain("L4 ·");
    expect(l5).not.toContain("Subtotals");
  });

  it("adds the biases when they are on", () => {
    const withBias = renderExplain(bundledReport("alexnet", true), { layer: "L2" });
    // P₂ = 5² × 48 × 256 + 256 = 307,200 + 256 = 307,456
    expect(withBias).toContain("P₂ = Kh·Kw·(C/g)·M + M = 5² × 48 × 256 + 256 = 307,456");
    expect(withBias).toContain("B₂ = M = 256");
  });

  it("colours only when asked", () => {
    expect(text).not.toMatch(/\u001b\[/);
    expect(renderExplain(bundledReport("alexnet"), { color: true })).toMatch(/\u001b\[1mL2\u001b\[22m/);
  });
});

describe("--explain words every size rule", () => {
  const spec = (layers: string, input = "{ size: 13, channels: 4 }") => reportOf(`name: t\ninput: ${input}\nlayers:\n${layers}`);
  const explain = (report: Report) => renderExplain(report);

  it("ceil mode that drops a window starting in the padding", () => {
    // n = 5, k = 2, s = 2, p = 1: ⌈(5 + 2 − 2)/2⌉ + 1 = ⌈5/2⌉ + 1 = 4 windows; the 4th starts at
    // 3·2 = 6 ≥ n + p = 6, wholly in the padding, so PyTorch and Caffe drop it: 3
    const text = explain(spec("  - { type: maxpool, kernel: 2, stride: 2, padding: 1, ceil: true }", "{ size: 5, channels: 1 }"));
    expect(text).toContain(
      "⌈(5 + 2·1 − 2)/2⌉ + 1 − 1 = 3  (ceil mode, less its last window: that one would start at 3·2 = 6 ≥ 5 + 1, wholly in the padding, so it is dropped)",
    );
  });

  it("ceil mode that keeps a partial window, and says what floor would give", () => {
    // ⌈(28 − 3)/2⌉ + 1 = 13 + 1 = 14; ⌊25/2⌋ + 1 = 13
    const text = explain(spec("  - { type: maxpool, kernel: 3, stride: 2, ceil: true }", "{ size: 28, channels: 1 }"));
    expect(text).toContain("⌈(28 − 3)/2⌉ + 1 = 14  (ceil mode: rounds up, keeping a last partial window; rounding down would give 13)");
  });

  it("same padding, global and adaptive pooling, and axes that differ", () => {
    const text = explain(
      spec(
        [
          "  - { type: conv, filters: 4, kernel: 3, stride: 2, padding: same }",
          "  - { type: avgpool, output: [2, 3] }",
          "  - { type: avgpool, global: true }",
        ].join("\n"),
        "{ width: 50, height: 37, channels: 4 }",
      ),
    );
    // ⌈37/2⌉ = 19, ⌈50/2⌉ = 25
    expect(text).toMatch(/^ {2}output height +⌈37\/2⌉ = 19 {2}\("same" padding/m);
    expect(text).toMatch(/^ {2}output width +⌈50\/2⌉ = 25 {2}\("same" padding/m);
    expect(text).toMatch(/^ {2}output height +19 → 2 {2}\(adaptive pooling: the output size is given\)$/m);
    expect(text).toMatch(/^ {2}output width +25 → 3 {2}\(adaptive pooling/m);
    expect(text).toMatch(/^ {2}output height +2 → 1 {2}\(global pooling: one window covers the whole axis\)$/m);
  });

  it("dilation, depthwise and other groupings", () => {
    const text = explain(
      spec(
        [
          "  - { type: conv, filters: 8, kernel: 3, dilation: 2 }",
          "  - { type: conv, filters: 8, kernel: 1, groups: 4 }",
          "  - { type: conv, filters: 8, kernel: 3, groups: 8 }",
        ].join("\n"),
      ),
    );
    // ⌊(13 − 2·(3 − 1) − 1)/1⌋ + 1 = 8 + 1 = 9; the dilated kernel spans 2·2 + 1 = 5
    expect(text).toContain("⌊(13 − 2·(3 − 1) − 1)/1⌋ + 1 = 9  (dilation 2: the kernel spans 2·(3 − 1) + 1 = 5)");
    expect(text).toContain("groups = 4     each filter sees 8 / 4 = 2 input channels\n");
    expect(text).toContain("groups = 8     depthwise: each filter sees one input channel (8 / 8 = 1)");
    expect(text).not.toMatch(/groups = [48].*GPU/);
  });
});

// ---------------------------------------------------------------------------------------------
// Every explained formula, in every bundled spec, evaluates to the figure it claims and to the
// report's figure. The evaluation below is the test's own, from the rendered text alone.

const SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";
const METRIC_OF = { N: "units", P: "weights", B: "biases", U: "connections" } as const;

/** `27² × 5² × 48 × 256 + 256` → its value, in bigint so nothing rounds. */
function evaluateText(expression: string): bigint {
  return expression.split(" + ").reduce((total, term) => {
    const product = term.split(" × ").reduce((acc, factorText) => {
      const match = /^(\d+)([⁰¹²³⁴⁵⁶⁷⁸⁹]*)$/.exec(factorText);
      if (!match) throw new Error(`not a factor: ${JSON.stringify(factorText)} in ${expression}`);
      const exponent = match[2] ? Number([...match[2]].map((c) => SUPERSCRIPTS.indexOf(c)).join("")) : 1;
      return acc * BigInt(match[1]!) ** BigInt(exponent);
    }, 1n);
    return total + product;
  }, 0n);
}

function unsubscript(text: string): number {
  return Number([...text].map((c) => SUBSCRIPTS.indexOf(c)).join(""));
}

interface FormulaLine {
  readonly letter: keyof typeof METRIC_OF;
  readonly ordinal: number;
  readonly expression?: string;
  readonly result: bigint;
}

/** Formula lines `N₂ = H′·W′·M = 27² × 256 = 186,624`, from text or Markdown code spans. */
function formulaLines(rendered: string): FormulaLine[] {
  const found: FormulaLine[] = [];
  for (const match of rendered.matchAll(/([NPBU])([₀-₉]+) = ([^\n`]+)/g)) {
    const parts = match[3]!.split(" = ");
    const result = BigInt(parts.at(-1)!.replace(/,/g, ""));
    const numeric = parts.length >= 3 ? parts.at(-2) : undefined;
    found.push({ letter: match[1] as keyof typeof METRIC_OF, ordinal: unsubscript(match[2]!), result, ...(numeric ? { expression: numeric } : {}) });
  }
  return found;
}

function costedRows(report: Report): LayerReport[] {
  return report.layers.filter((r) => r.units !== 0 || r.weights !== 0 || r.biases !== 0 || r.connections !== 0);
}

describe.each(bundledSpecNames().flatMap((name) => [false, true].map((bias) => ({ name, bias }))))("every formula of $name (bias $bias)", ({ name, bias }) => {
  const report = bundledReport(name, bias);
  const costed = costedRows(report);

  it.each(["text", "markdown"] as const)("evaluates to the report's figures (%s)", (format) => {
    const lines = formulaLines(renderExplain(report, { format }));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      if (line.expression !== undefined) expect(evaluateText(line.expression), `${line.letter}${line.ordinal}`).toBe(line.result);
      const row = costed[line.ordinal - 1];
      expect(row, `${line.letter}${line.ordinal} names a costed layer`).toBeDefined();
      expect(line.result).toBe(BigInt(row![METRIC_OF[line.letter]]));
    }
    // and nothing nonzero goes unexplained: one line per nonzero figure of every costed layer
    const nonzero = costed.reduce((n, row) => n + (["units", "weights", "biases", "connections"] as const).filter((m) => row[m] !== 0).length, 0);
    expect(lines.length).toBe(nonzero);
  });
});

describe("--explain's subtotals", () => {
  it("keep a space between a long label and its figures (Attention subtotal, Embedding subtotal)", () => {
    const text = renderExplain(bundledReport("bert-base"));
    expect(text).toContain("\n  Attention subtotal N = ");
    expect(text).toContain("\n  Embedding subtotal N = 0 · P = ");
    expect(text).toContain("\n  Total              N = ");
  });
});
