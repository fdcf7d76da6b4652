import { describe, expect, it } from "vitest";
import { activationMemory, liveTensorsAt, memoryReport, trainingMemory, weightBytes } from "../../src/core/memory.js";
import { bundledReport, reportOf } from "../helpers.js";

// input 10 → dense 20 → relu → dense 5, biases on: 10·20 + 20 = 220 and 20·5 + 5 = 105 weights
const CHAIN = "name: chain\ninput: { features: 10 }\nlayers:\n  - { type: dense, units: 20 }\n  - { type: relu }\n  - { type: dense, units: 5 }\n";

// input 4×4×2 read by two 1×1 convs (3 and 5 filters), concatenated (8 channels), pooled globally
const BRANCH = `name: branch
input: { size: 4, channels: 2 }
layers:
  - { name: a, type: conv, filters: 3, kernel: 1, inputs: [input] }
  - { name: b, type: conv, filters: 5, kernel: 1, inputs: [input], precision: int4 }
  - { name: cat, type: concat, inputs: [a, b] }
  - { name: gap, type: avgpool, global: true }
`;

describe("weightBytes", () => {
  it("AlexNet in bf16: 2 bytes per weight", () => {
    // 60,954,656 weights without biases × 2 = 121,909,312; with biases 60,965,224 × 2 = 121,930,448
    expect(weightBytes(bundledReport("alexnet"), { dtype: "bf16" })).toBe(121_909_312n);
    expect(weightBytes(bundledReport("alexnet", true), { dtype: "bf16" })).toBe(121_930_448n);
  });

  it("AlexNet in int4 with a 16-bit scale per 128 weights, rounded up per layer", () => {
    // per layer: ⌈(P·4 + ⌈P/128⌉·16) / 8⌉
    //   L1 34,848: 273 scales → (139,392 + 4,368) / 8 = 17,970
    //   L2 307,200: 2,400 → (1,228,800 + 38,400) / 8 = 158,400
    //   L3 884,736: 6,912 → (3,538,944 + 110,592) / 8 = 456,192
    //   L4 663,552: 5,184 → (2,654,208 + 82,944) / 8 = 342,144
    //   L5 442,368: 3,456 → (1,769,472 + 55,296) / 8 = 228,096
    //   L6 37,748,736: 294,912 → (150,994,944 + 4,718,592) / 8 = 19,464,192
    //   L7 16,777,216: 131,072 → (67,108,864 + 2,097,152) / 8 = 8,650,752
    //   L8 4,096,000: 32,000 → (16,384,000 + 512,000) / 8 = 2,112,000
    // sum = 31,429,746
    expect(weightBytes(bundledReport("alexnet"), { dtype: "int4", group: 128 })).toBe(31_429_746n);
  });

  it("a layer's own precision wins over the run's", () => {
    // a: 2·3 + 3 = 9 weights in fp32 = 36 bytes; b: 2·5 + 5 = 15 in int4 = 60 bits → 8 bytes
    expect(weightBytes(reportOf(BRANCH), { dtype: "fp32" })).toBe(44n);
    // every layer in bf16 but b: 18 + 8
    expect(weightBytes(reportOf(BRANCH), { dtype: "bf16" })).toBe(26n);
  });
});

describe("activationMemory", () => {
  it("a chain: the peak is a layer's input and output together", () => {
    // values: input 10, dense1 20, relu1 20, dense2 5. Live: dense1 10 + 20 = 30, then input
    // freed; relu1 20 + 20 = 40, then dense1 freed; dense2 20 + 5 = 25. Peak 40 values at relu1.
    const m = activationMemory(reportOf(CHAIN), { dtype: "fp32" }, 1);
    expect(m.peak).toBe(160n); // 40 × 4 bytes
    expect(m.peakAt).toBe("relu1");
    expect(m.all).toBe(220n); // (10 + 20 + 20 + 5) × 4
    expect(m.values).toBe(55n);
    // batch 3: three times every tensor
    expect(activationMemory(reportOf(CHAIN), { dtype: "fp32" }, 3).peak).toBe(480n);
  });

  it("branches: a tensor lives until its last reader", () => {
    // values: input 4·4·2 = 32, a 4·4·3 = 48, b 4·4·5 = 80, cat 4·4·8 = 128, gap 8.
    // a: 32 + 48 = 80 (input still read by b); b: 80 + 80 = 160, input freed → 128;
    // cat: 128 + 128 = 256, a and b freed → 128; gap: 128 + 8 = 136. Peak 256 values at cat.
    const report = reportOf(BRANCH);
    const m = activationMemory(report, { dtype: "fp16" }, 1);
    expect(m.peak).toBe(512n); // 256 × 2 bytes
    expect(m.peakAt).toBe("cat");
    expect(liveTensorsAt(report, m.peakIndex)).toEqual(["a", "b", "cat"]);
    expect(m.all).toBe(592n); // (32 + 48 + 80 + 128 + 8) × 2
  });

  it("AlexNet at fp32: the peak at relu1, and every tensor", () => {
    // relu1 runs with L1's output and its own, 55²·96 = 290,400 values each: 580,800 × 4
    const m = activationMemory(bundledReport("alexnet"), { dtype: "fp32" }, 1);
    expect(m.peak).toBe(2_323_200n);
    expect(m.peakAt).toBe("relu1");
    // input 150,528 + L1, relu1, norm1 3 × 290,400 + pool1 69,984 + L2, relu2, norm2 3 × 186,624
    // + pool2 43,264 + L3, relu3, L4, relu4 4 × 64,896 + L5, relu5 2 × 43,264 + pool5 9,216
    // + L6 … drop7 6 × 4,096 + L8, prob 2 × 1,000 = 2,076,752 values
    expect(m.values).toBe(2_076_752n);
    expect(m.all).toBe(8_307_008n);
  });
});

describe("trainingMemory", () => {
  // AlexNet without biases: P = 60,954,656; the activations kept: 2,076,752 values
  const report = bundledReport("alexnet");
  it("mixed-precision Adam: 16 bytes per parameter, fp16 activations (Rajbhandari et al. 2020, §3.1)", () => {
    const t = trainingMemory(report, "adam-mixed", 1);
    expect(t.weights).toBe(121_909_312n); // 2P
    expect(t.gradients).toBe(121_909_312n); // 2P
    expect(t.optimizer).toBe(731_455_872n); // 12P: fp32 master weights, momentum, variance
    expect(t.activations).toBe(4_153_504n); // 2,076,752 × 2
    expect(t.total).toBe(979_428_000n); // 16P = 975,274,496, + 4,153,504
  });

  it("fp32 Adam: 4 + 4 + 8 bytes per parameter, fp32 activations", () => {
    const t = trainingMemory(report, "adam", 1);
    expect([t.weights, t.gradients, t.optimizer, t.activations]).toEqual([243_818_624n, 243_818_624n, 487_637_248n, 8_307_008n]);
    expect(t.total).toBe(983_581_504n); // 975,274,496 + 8,307,008
  });

  it("SGD with momentum: 12 bytes per parameter", () => {
    expect(trainingMemory(report, "sgd-momentum", 1).total).toBe(739_762_880n); // 12P = 731,455,872, + 8,307,008
  });

  it("8-bit Adam: 10 bytes per parameter, and a 4-byte constant per 2048 values of each state", () => {
    const t = trainingMemory(report, "adam-8bit", 1);
    // ⌈60,954,656 / 2048⌉ = 29,764 blocks (29,763 × 2048 = 60,954,624, 32 left over); 2 × 29,764 × 4 = 238,112
    expect(t.optimizer).toBe(122_147_424n); // 2P = 121,909,312, + 238,112
    expect(t.total).toBe(618_091_680n); // 8P = 487,637,248, + 122,147,424 + 8,307,008
  });

  it("memoryReport gathers them, with no KV cache", () => {
    const m = memoryReport(report, { weights: { dtype: "fp32" }, activations: { dtype: "fp32" }, batch: 1, optimizer: "adam" });
    expect(m.weights).toBe(243_818_624n);
    expect(m.kvCache).toBe(0n);
    expect(m.training.total).toBe(983_581_504n);
  });
});
