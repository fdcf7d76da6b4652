import { expect, it } from "vitest";
import { flopsReport } from "../../src/core/flops.js";

it("forward FLOPs are 2 × connections × batch, a training step 3 × forward", () => {
  // AlexNet's 724,406,816 multiply–accumulates: 2 × 724,406,816 = 1,448,813,632 FLOPs
  const one = flopsReport(724_406_816, 1);
  expect(one.perExample).toBe(1_448_813_632n);
  expect(one.forward).toBe(1_448_813_632n);
  expect(one.trainingStep).toBe(4_346_440_896n); // 3 × 1,448,813,632
  // batch 32: 32 × 1,448,813,632 = 46,362,036,224, beyond 2^32 and exact
  const batch = flopsReport(724_406_816, 32);
  expect(batch.forward).toBe(46_362_036_224n);
  expect(batch.trainingStep).toBe(139_086_108_672n);
  // beyond 2^53: 2 × (2^53 − 1) × 1000 stays exact as a bigint
  expect(flopsReport(Number.MAX_SAFE_INTEGER, 1000).forward).toBe(2n * 9_007_199_254_740_991n * 1000n);
});
