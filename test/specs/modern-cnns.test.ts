// The modern-CNN specs (issue 13): U-Net, ShuffleNet v2 and EfficientNet-B0. Every expected
// figure is the published one (cited) or hand arithmetic written beside it, stage by stage.

import { describe, expect, it } from "vitest";
import type { Report } from "../../src/core/analyze.js";
import { bundledReport } from "../helpers.js";

/** The sum of a figure over the rows whose names start with `prefix` (a block use, a stage). */
function under(report: Report, prefix: string, metric: "weights" | "connections"): number {
  return report.layers.filter((row) => row.name === prefix || row.name.startsWith(`${prefix}.`)).reduce((sum, row) => sum + Number(row[metric]), 0);
}

describe("unet: Ronneberger et al. 2015 as the common PyTorch implementation builds it, 256×256×3, 2 classes", () => {
  const report = bundledReport("unet");
  // a double conv from i to o channels: 3×3 convs i→o and o→o without bias, two batchnorms:
  // 9·o·(i + o) + 4·o weights; at an H×W map, H·W·9·o·(i + o) multiply–accumulates
  it.each([
    ["inc", 38_848, 2_529_165_312], // 9·64·67 + 256; 256²·9·64·67 = 65,536 × 38,592
    ["down1", 221_696, 3_623_878_656], // 9·128·192 + 512; 128²·221,184
    ["down2", 885_760, 3_623_878_656], // 9·256·384 + 1,024; 64²·884,736
    ["down3", 3_540_992, 3_623_878_656], // 9·512·768 + 2,048; 32²·3,538,944
    ["down4", 14_159_872, 3_623_878_656], // 9·1024·1536 + 4,096; 16²·14,155,776
    ["up1.conv", 7_079_936, 7_247_757_312], // 9·512·1536 + 2,048; 32²·7,077,888
    ["up2.conv", 1_770_496, 7_247_757_312], // 9·256·768 + 1,024; 64²·1,769,472
    ["up3.conv", 442_880, 7_247_757_312], // 9·128·384 + 512; 128²·442,368
    ["up4.conv", 110_848, 7_247_757_312], // 9·64·192 + 256; 256²·110,592
  ])("%s: %i weights, %i connections", (prefix, weights, connections) => {
    expect(under(report, prefix, "weights")).toBe(weights);
    expect(under(report, prefix, "connections")).toBe(connections);
  });

  it.each([
    // 2×2 up-convolutions of stride 2, halving the channels, with bias: C·M·4 + M weights,
    // counted over the input positions: H·W·C·M·4 connections
    ["up1.up", 2_097_664, 536_870_912], // 1024·512·4 + 512; 16²·2,097,152
    ["up2.up", 524_544, 536_870_912], // 512·256·4 + 256; 32²·524,288
    ["up3.up", 131_200, 536_870_912], // 256·128·4 + 128; 64²·131,072
    ["up4.up", 32_832, 536_870_912], // 128·64·4 + 64; 128²·32,768
    ["outc", 130, 8_388_608], // 64·2 + 2; 256²·128
  ])("%s: %i weights, %i connections", (name, weights, connections) => {
    expect(under(report, name, "weights")).toBe(weights);
    expect(under(report, name, "connections")).toBe(connections);
  });

  it("totals: 31,037,698 weights, the implementation's parameter count (reference/figures.md), and 48,171,581,440 connections", () => {
    expect(report.totals.weights).toBe(31_037_698);
    // 2,529,165,312 + 4 × 3,623,878,656 + 4 × 536,870,912 + 4 × 7,247,757,312 + 8,388,608
    expect(report.totals.connections).toBe(48_171_581_440);
    expect(report.layers.find((row) => row.name === "outc")!.output).toEqual({ kind: "image", height: 256, width: 256, channels: 2 });
  });
});

describe("shufflenet-v2: torchvision shufflenet_v2_x1_0 at 224×224", () => {
  const report = bundledReport("shufflenet-v2");
  // a stride-1 unit on b = C/2 channels: 1×1 b→b, 3×3 depthwise b, 1×1 b→b, three batchnorms:
  // 2b² + 9b + 6b weights; a stride-2 unit adds branch1 (3×3 depthwise on the input's C_in,
  // 1×1 C_in→b, two batchnorms) and its branch2 reads C_in
  it.each([
    // stage2.0: branch1 216 + 48 + 1,392 + 116; branch2 1,392 + 116 + 522 + 116 + 3,364 + 116 = 7,398;
    // three units of b = 58: 3 × (2·3,364 + 15·58) = 3 × 7,598
    ["stage2", 30_192, 25_724_608],
    // stage3.0: 1,044 + 232 + 13,456 + 232 + 13,456 + 232 + 1,044 + 232 + 13,456 + 232 = 43,616;
    // seven units of b = 116: 7 × (2·13,456 + 15·116) = 7 × 28,652
    ["stage3", 244_180, 54_589_136],
    // stage4.0: 2,088 + 464 + 53,824 + 464 + 53,824 + 464 + 2,088 + 464 + 53,824 + 464 = 167,968;
    // three units of b = 232: 3 × (2·53,824 + 15·232) = 3 × 111,128
    ["stage4", 501_352, 32_160_072],
  ])("%s: %i weights, %i connections", (stage, weights, connections) => {
    // connections: stage2.0 at 56² → 28²: 784·216 + 784·1,392 + 3,136·1,392 + 784·522 + 784·3,364
    // = 8,672,608, units 784·7,250 × 3 = 17,052,000; stage3.0 at 28² → 14²: 196·1,044 + 196·13,456
    // + 784·13,456 + 196·1,044 + 196·13,456 = 16,233,504, units 196·27,956 × 7 = 38,355,632;
    // stage4.0 at 14² → 7²: 49·2,088 + 49·53,824 + 196·53,824 + 49·2,088 + 49·53,824 = 16,028,880,
    // units 49·109,736 × 3 = 16,131,192
    expect(under(report, stage, "weights")).toBe(weights);
    expect(under(report, stage, "connections")).toBe(connections);
  });

  it("totals: torchvision's num_params 2,278,604 and _ops 0.14 G", () => {
    // conv1 648 + 48, conv5 464·1,024 + 2,048, fc 1,024·1,000 + 1,000: 696 + 30,192 + 244,180
    // + 501,352 + 477,184 + 1,025,000
    expect(report.totals.weights).toBe(2_278_604);
    // 112²·648 + stages + 49·475,136 + 1,024,000 = 8,128,512 + 25,724,608 + 54,589,136
    // + 32,160,072 + 23,281,664 + 1,024,000
    expect(report.totals.connections).toBe(144_907_992);
    expect((Number(report.totals.connections) / 1e9).toFixed(2)).toBe("0.14");
  });

  it("reads each unit's halves as split:0 and split:1", () => {
    const pass = report.layers.find((row) => row.name === "stage3.1.cat")!;
    expect(pass.layer.inputs).toEqual(["stage3.1.split:0", "stage3.1.branch2.7"]);
    expect(pass.inputs).toEqual([
      { kind: "image", height: 14, width: 14, channels: 116 },
      { kind: "image", height: 14, width: 14, channels: 116 },
    ]);
  });
});

describe("efficientnet-b0: torchvision efficientnet_b0 at 224×224", () => {
  const report = bundledReport("efficientnet-b0");
  it("totals: torchvision's num_params 5,288,548 and _ops 0.386 G", () => {
    expect(report.totals.weights).toBe(5_288_548);
    expect((Number(report.totals.connections) / 1e9).toFixed(3)).toBe("0.386");
  });

  it("stage 1's squeeze-excitation: 32 → 8 → 32 with biases, 32·8 + 8 + 8·32 + 32 = 552 weights", () => {
    expect(under(report, "features.1.0.block.1", "weights")).toBe(552);
    // applied to one 1×1×32 vector: 256 + 256 multiply–accumulates
    expect(under(report, "features.1.0.block.1", "connections")).toBe(512);
  });

  it("the last stage: expansion 192 → 1152, 3×3 depthwise, SE 1152 → 48 → 1152, projection to 320", () => {
    // 192·1152 + 2·1152 + 9·1152 + 2·1152 + (1152·48 + 48 + 48·1152 + 1152) + 1152·320 + 2·320
    // = 221,184 + 2,304 + 10,368 + 2,304 + 111,792 + 368,640 + 640
    expect(under(report, "features.7.0", "weights")).toBe(717_232);
  });
});
