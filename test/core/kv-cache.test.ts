// The KV cache, by hand: for every attention layer, 2 (K and V) × kv_heads × head_dim × tokens ×
// batch values at the KV precision; a sliding window caps the tokens, cross-attention caches
// its keys' and values' source.

import { describe, expect, it } from "vitest";
import { kvCache, memoryReport } from "../../src/core/memory.js";
import { bundledReport, reportOf } from "../helpers.js";

const spec = (input: string, layers: string[]) => `name: t\ninput: ${input}\nbias: false\nlayers:\n${layers.map((l) => `  - ${l}\n`).join("")}`;

describe("kvCache", () => {
  it("Llama 3 8B at its 8,192 tokens in bf16: 2 × 8 × 128 × 8,192 × 2 bytes × 32 layers = 1 GiB", () => {
    const kv = kvCache(bundledReport("llama3-8b"), { dtype: "bf16" }, 1);
    expect(kv.layers).toHaveLength(32);
    // per layer 2 × 8 × 128 × 8,192 = 16,777,216 values, × 2 bytes = 33,554,432; × 32 = 1,073,741,824
    expect(kv.layers[0]).toMatchObject({ kvHeads: 8, headDim: 128, tokens: 8192, values: 16_777_216n, bytes: 33_554_432n });
    expect(kv.bytes).toBe(1_073_741_824n);
  });

  it("scales with the batch and the precision: batch 4 in int8 is 2 × 8 × 128 × 8,192 × 4 × 1 byte × 32", () => {
    expect(kvCache(bundledReport("llama3-8b"), { dtype: "int8" }, 4).bytes).toBe(2n * 8n * 128n * 8192n * 4n * 32n); // 2,147,483,648
  });

  it("multi-head attention caches every head: two layers of 12 heads of 64 (GPT-2 small's) at 1,024 tokens in fp16", () => {
    const report = reportOf(
      spec("{ tokens: 1024, features: 768 }", ["{ type: attention, heads: 12, causal: true }", "{ type: attention, heads: 12, causal: true }"]),
    );
    // 2 × 12 × 64 × 1,024 × 2 bytes = 3,145,728 a layer, × 2 = 6,291,456
    expect(kvCache(report, { dtype: "fp16" }, 1).bytes).toBe(6_291_456n);
  });

  it("a sliding window keeps its last `window` positions: 4,096 of 32,768", () => {
    const report = reportOf(spec("{ tokens: 32768, features: 4096 }", ["{ type: attention, heads: 32, kv_heads: 8, causal: true, window: 4096 }"]));
    const kv = kvCache(report, { dtype: "bf16" }, 1);
    // 2 × 8 × 128 × 4,096 × 2 bytes = 16,777,216
    expect(kv.layers[0]).toMatchObject({ positions: 32_768, tokens: 4096, window: 4096 });
    expect(kv.bytes).toBe(16_777_216n);
  });

  it("a window longer than the sequence keeps the sequence: 100 positions, window 4,096", () => {
    const report = reportOf(spec("{ tokens: 100, features: 64 }", ["{ type: attention, heads: 4, causal: true, window: 4096 }"]));
    // 2 × 4 heads × 16 × 100 × 4 bytes (fp32) = 51,200
    expect(kvCache(report, { dtype: "fp32" }, 1).bytes).toBe(51_200n);
  });

  it("cross-attention caches its memory's length: 10 queries over 300 encoder positions", () => {
    const report = reportOf(
      spec("{ tokens: 300, features: 32 }", [
        "{ name: enc, type: dense, units: 32 }",
        "{ name: q, type: class_token, tokens: 10, inputs: [input] }",
        "{ name: cross, type: attention, heads: 2, inputs: [q, enc] }",
      ]),
    );
    // queries: 310 positions (300 + 10 class tokens); keys and values: enc's 300
    // 2 × 2 heads × 16 × 300 × 2 bytes = 38,400
    expect(kvCache(report, { dtype: "fp16" }, 1).layers[0]).toMatchObject({ positions: 300, tokens: 300, bytes: 38_400n });
  });

  it("int4 with a scale per 128 values: ⌈(V × 4 + ⌈V / 128⌉ × 16) / 8⌉ a layer", () => {
    const report = reportOf(spec("{ tokens: 1000, features: 64 }", ["{ type: attention, heads: 4 }"]));
    // V = 2 × 4 × 16 × 1,000 = 128,000; 1,000 scales: (512,000 + 16,000) / 8 = 66,000
    expect(kvCache(report, { dtype: "int4", group: 128 }, 1).bytes).toBe(66_000n);
  });

  it("is 0 without attention layers, and memoryReport uses the weights' precision unless told", () => {
    expect(kvCache(bundledReport("alexnet"), { dtype: "fp32" }, 1)).toEqual({ precision: { dtype: "fp32" }, batch: 1, layers: [], bytes: 0n });
    const report = bundledReport("llama3-8b");
    const base = { activations: { dtype: "bf16" }, batch: 1, optimizer: "adam-mixed" } as const;
    expect(memoryReport(report, { ...base, weights: { dtype: "bf16" } }).kvCache).toBe(1_073_741_824n);
    // fp8 keys and values: half of bf16's
    expect(memoryReport(report, { ...base, weights: { dtype: "bf16" }, kvCache: { dtype: "fp8" } }).kvCache).toBe(536_870_912n);
  });
});
