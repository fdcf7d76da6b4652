// Transposed convolution: output sizes by PyTorch ConvTranspose2d's rule
// H′ = (H − 1)·s − 2p + d·(k − 1) + output_padding + 1, and counts worked by hand beside each
// figure. Connections are counted over the input positions, as PyTorch's FlopCounterMode does
// (torch/utils/flop_counter.py, conv_flop_count: the input's spatial size when transposed).

import { describe, expect, it } from "vitest";
import { analyze } from "../../src/core/analyze.js";
import type { ConvTransposeLayer, Layer, Shape } from "../../src/core/network.js";
import { network } from "./helpers.js";
import { reportOf } from "../helpers.js";
import { renderExplain } from "../../src/render/explain.js";

const image = (height: number, width: number, channels: number): Shape => ({ kind: "image", height, width, channels });
const sequence = (length: number, features: number): Shape => ({ kind: "sequence", length, features });

function up(fields: Partial<Omit<ConvTransposeLayer, "kernel" | "stride">> & { filters: number; kernel: number; stride: number }): ConvTransposeLayer {
  const { kernel, stride, ...rest } = fields;
  return {
    type: "conv_transpose",
    name: "up",
    inputs: ["input"],
    padding: [0, 0],
    outputPadding: [0, 0],
    dilation: [1, 1],
    groups: 1,
    ...rest,
    kernel: [kernel, kernel],
    stride: [stride, stride],
  };
}

function only(input: Shape, layer: Layer, bias = true) {
  const result = analyze(network(input, [layer], bias));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.report.layers[0]!;
}

function issue(input: Shape, layer: Layer) {
  const result = analyze(network(input, [layer], true));
  if (result.ok) throw new Error("expected an issue");
  return result.issues[0]!;
}

describe("conv_transpose on an image", () => {
  it("U-Net's first up-convolution: 2×2, stride 2, 1024 → 512 channels, 32² → 64²", () => {
    const row = only(image(32, 32, 1024), up({ filters: 512, kernel: 2, stride: 2 }));
    expect(row.output).toEqual(image(64, 64, 512)); // (32 − 1)·2 + (2 − 1) + 1 = 64
    expect(row.units).toBe(2_097_152); // H′·W′·M = 64 × 64 × 512
    expect(row.weights).toBe(2_097_664); // C·M·k² + M = 1024 × 512 × 4 + 512 = 2,097,152 + 512
    expect(row.biases).toBe(512);
    expect(row.connections).toBe(2_147_483_648); // H·W·C·M·k² over the input: 32 × 32 × 2,097,152
    expect(row.kind).toBe("conv");
  });

  it("padding, output_padding and groups", () => {
    const row = only(image(64, 64, 512), up({ filters: 64, kernel: 3, stride: 2, padding: [1, 1], outputPadding: [1, 1], groups: 4, bias: false }));
    // (64 − 1)·2 − 2·1 + (3 − 1) + 1 + 1 = 126 − 2 + 2 + 2 = 128
    expect(row.output).toEqual(image(128, 128, 64));
    expect(row.weights).toBe(73_728); // C·(M/g)·k² = 512 × 16 × 9
    expect(row.connections).toBe(301_989_888); // 64 × 64 × 73,728
    expect(row.units).toBe(1_048_576); // 128 × 128 × 64
  });

  it("dilation widens the window: d·(k − 1) + 1", () => {
    const row = only(image(5, 7, 2), up({ filters: 3, kernel: 3, stride: 1, dilation: [2, 2] }));
    expect(row.output).toEqual(image(9, 11, 3)); // (5 − 1) + 2·2 + 1 = 9; (7 − 1) + 4 + 1 = 11
  });

  it("refuses an output_padding of the stride or more, padding that leaves nothing, and groups that do not divide", () => {
    const big = issue(image(8, 8, 4), up({ filters: 4, kernel: 2, stride: 2, outputPadding: [2, 2] }));
    expect(big.field).toBe("output_padding");
    expect(big.message).toBe(
      "output_padding (2) must be smaller than the stride (2) or the dilation (1): it only chooses among the sizes a strided conv maps to one",
    );
    const none = issue(image(1, 1, 4), up({ filters: 4, kernel: 1, stride: 1, padding: [1, 1] }));
    // (1 − 1)·1 − 2·1 + 0 + 1 = −1
    expect(none.message).toBe("output height would be -1, below 1: the padding removes more than the layer adds");
    expect(issue(image(4, 4, 6), up({ filters: 4, kernel: 2, stride: 2, groups: 4 })).message).toBe("groups (4) must divide the input channels (6)");
  });
});

describe("conv_transpose on a sequence", () => {
  it("1-D: 50 positions × 8 → 4 filters of 4, stride 2, padding 1", () => {
    const row = only(sequence(50, 8), up({ filters: 4, kernel: 4, stride: 2, padding: [1, 1] }));
    expect(row.output).toEqual(sequence(100, 4)); // (50 − 1)·2 − 2 + 3 + 1 = 100
    expect(row.units).toBe(400); // L′·M
    expect(row.weights).toBe(132); // C·M·k + M = 8 × 4 × 4 + 4
    expect(row.connections).toBe(6_400); // L·C·M·k = 50 × 128
  });

  it("refuses a pair of two values", () => {
    expect(issue(sequence(50, 8), { ...up({ filters: 4, kernel: 4, stride: 2 }), kernel: [4, 2] }).field).toBe("kernel");
  });
});

describe("conv_transpose through the loader", () => {
  const spec = `name: up
input: { size: 32, channels: 1024 }
layers:
  - { type: conv_transpose, filters: 512, kernel: 2, stride: 2 }
`;
  it("reads the spec's fields with their defaults", () => {
    const report = reportOf(spec);
    expect(report.totals.weights).toBe(2_097_664);
    expect(report.subtotals.conv?.connections).toBe(2_147_483_648);
  });

  it("--explain derives the size and says how connections are counted", () => {
    const text = renderExplain(reportOf(spec));
    expect(text).toContain("(32 − 1)·2 + (2 − 1) + 1 = 64");
    expect(text).toContain("counted over the H·W input positions");
    expect(text).toContain("U₁ = H·W·C·M·Kh·Kw = 32² × 1024 × 512 × 2² = 2,147,483,648");
  });
});
