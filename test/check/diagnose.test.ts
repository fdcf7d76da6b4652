import { describe, expect, it } from "vitest";
import { type CheckedCell } from "../../src/check/check-source.js";
import { checkNetwork } from "../../src/check/check-network.js";
import { load } from "../helpers.js";

/** Checks a one-source spec and returns its cells by address. */
function cells(layers: string, published: string, input = "{ size: 8, channels: 4 }"): Map<string, CheckedCell> {
  const spec = load(`name: t\ninput: ${input}\nbias: false\nlayers:\n${layers}\npublished:\n  - source: s\n${published}`);
  const checked = checkNetwork(spec.network, spec.published);
  if (!checked.ok) throw new Error(checked.issues.map((i) => i.message).join("\n"));
  return new Map(checked.result.sources.flatMap((s) => s.cells.map((c) => [c.at, c] as const)));
}

function causes(cell: CheckedCell | undefined): readonly string[] {
  expect(cell?.status).toBe("mismatch");
  return cell?.diagnosis?.causes ?? [];
}

// conv on 8×8×4, kernel 3, 8 filters: H′ = W′ = 8 − 3 + 1 = 6
//   units       6² × 8 = 288
//   weights     3² × 4 × 8 = 288 (+ 8 biases = 296)
//   connections 6² × 3² × 4 × 8 = 36 × 288 = 10,368
const CONV = "  - { name: c, type: conv, filters: 8, kernel: 3 }";

describe("diagnoseCell", () => {
  it("a transformer's figure without attention's T² products, or per token", () => {
    // attention on 64 positions × 32 features, 4 heads of 8, no biases:
    //   projections 4 · T·F·F = 4 × 64 × 32 × 32 = 262,144
    //   products    2 · h·T·T·d = 2 × 4 × 64 × 64 × 8 = 262,144
    //   connections 524,288; per token 524,288 / 64 = 8,192; projections per token 4,096
    const layers = "  - { name: a, type: attention, heads: 4 }";
    const found = cells(layers, "    totals: { connections: 262144, flops: 8192 }\n    layers: { a: { connections: 4096 } }", "{ tokens: 64, features: 32 }");
    expect(causes(found.get("totals.connections"))).toEqual([
      "without attention's QKᵀ and weighted sum of values (262,144 multiply–accumulates): the projections alone, as calflops and DeepSpeed's flops profiler count",
    ]);
    // flops 2 × 524,288 = 1,048,576; per token 16,384, and without the products 8,192
    expect(causes(found.get("totals.flops"))).toEqual([
      "per token and without attention's QKᵀ and weighted sum of values: the projections' figure divided by 64 tokens",
    ]);
    expect(causes(found.get("layers.a.connections"))).toEqual([
      "per token and without attention's QKᵀ and weighted sum of values: the projections' figure divided by 64 tokens",
    ]);
  });

  it("one GPU tower: exactly half of a layer with groups = 2", () => {
    // groups 2: C/g = 2; connections 6² × 3² × 2 × 8 = 36 × 144 = 5,184; half = 2,592
    const found = cells("  - { name: c, type: conv, filters: 8, kernel: 3, groups: 2 }", "    layers: { c: { connections: 2592 } }");
    expect(causes(found.get("layers.c.connections"))).toEqual(["exactly half (factor 1/2): one GPU tower's share (groups = 2)"]);
  });

  it("one group's share, and the layer counted as if not grouped", () => {
    // groups 4: C/g = 1; connections 6² × 3² × 1 × 8 = 2,592; a quarter = 648; ungrouped = 4 × 2,592 = 10,368
    const found = cells("  - { name: c, type: conv, filters: 8, kernel: 3, groups: 4 }", "    layers: { c: { connections: 648, weights: 288 } }");
    expect(causes(found.get("layers.c.connections"))).toEqual(["exactly 1/4: one group's share (groups = 4)"]);
    // weights 3² × 1 × 8 = 72; ungrouped 3² × 4 × 8 = 288 = 4 × 72
    expect(causes(found.get("layers.c.weights"))).toEqual([
      "four times (factor 4): as if the layer were not grouped, each filter seeing all input channels (groups = 4)",
    ]);
  });

  it("biases counted under the other convention", () => {
    // printed with biases (296) for a source that says biases off: 296 − 288 = 8 more
    expect(causes(cells(CONV, "    layers: { c: { weights: 296 } }").get("layers.c.weights"))).toEqual(["biases counted: 8 more, the figure with biases on"]);
    // printed without biases (288) for a source with biases on (computed 296)
    const off = cells(CONV, "    bias: true\n    layers: { c: { weights: 288 } }");
    expect(causes(off.get("layers.c.weights"))).toEqual(["biases left out: 8 fewer, the figure with biases off"]);
  });

  it("FLOPs for MACs, and MACs for FLOPs", () => {
    // 2 × 10,368 = 20,736 printed as connections; 10,368 printed as FLOPs (computed 20,736)
    const found = cells(CONV, "    layers: { c: { connections: 20736, flops: 10368 } }");
    expect(causes(found.get("layers.c.connections"))).toEqual([
      "twice the connections: FLOPs (2 per multiply–accumulate) where multiply–accumulates are counted",
    ]);
    expect(causes(found.get("layers.c.flops"))).toEqual(["half the FLOPs: multiply–accumulates printed where FLOPs (2 per multiply–accumulate) are counted"]);
  });

  it("pooling rounded the other way, recomputed through the core", () => {
    // 28 → maxpool 3, stride 2: ⌊25/2⌋ + 1 = 13, but ⌈25/2⌉ + 1 = 14 with ceil;
    // a 1×1 conv with 2 filters after it: 13² × 2 = 338 units computed, 14² × 2 = 392 printed
    const found = cells(
      ["  - { name: pool, type: maxpool, kernel: 3, stride: 2 }", "  - { name: c, type: conv, filters: 2, kernel: 1 }"].join("\n"),
      "    layers: { c: { units: 392 } }",
      "{ size: 28, channels: 1 }",
    );
    expect(causes(found.get("layers.c.units"))).toEqual(["pooling rounded the other way: pool rounding up (ceil), 14×14 instead of 13×13"]);
  });

  it("a total that carries a layer printed wrong", () => {
    // c: 288 units; d (1×1 conv, 8 → 8 filters on 6×6): 6² × 8 = 288 units; total 576.
    // c printed 298 (one digit wrong), so a total added from the printed rows is 586
    const found = cells(
      [CONV, "  - { name: d, type: conv, filters: 8, kernel: 1 }"].join("\n"),
      "    layers: { c: { units: 298 } }\n    totals: { units: 586 }",
    );
    expect(causes(found.get("layers.c.units"))).toEqual(["one digit wrong: the tens digit is 9, not 8 (298 for 288)"]);
    expect(causes(found.get("totals.units"))).toEqual(["carries the printed layer figure of layers.c.units (a difference of 10)"]);
  });

  it("an exact small factor no other hypothesis explains", () => {
    // 3 × 288 = 864
    expect(causes(cells(CONV, "    layers: { c: { units: 864 } }").get("layers.c.units"))).toEqual(["exactly three times the computed figure (factor 3)"]);
  });

  it("transposed digits", () => {
    // 288 → 828: the first two digits swapped
    expect(causes(cells(CONV, "    layers: { c: { units: 828 } }").get("layers.c.units"))).toEqual(["two adjacent digits transposed: 828 for 288"]);
  });

  it("a suffixed figure off by one in its last printed digit", () => {
    // 3² × 192 × 384 = 663,552, which rounds to 664K; 663K is it cut off; 665K is just one off
    const conv = "  - { name: c, type: conv, filters: 384, kernel: 3 }";
    const found = cells(conv, '    layers: { c: { weights: "663K", connections: "665K" } }', "{ size: 3, channels: 192 }");
    expect(causes(found.get("layers.c.weights"))).toEqual([
      "off by one in the last printed digit: 663,552 rounds to 664K; 663K is the figure cut off rather than rounded",
    ]);
    // connections: 1² × 3² × 192 × 384 = 663,552 too (a 3×3 output of 1×1)
    expect(causes(found.get("layers.c.connections"))).toEqual(["off by one in the last printed digit: 663,552 rounds to 664K"]);
  });

  it("nothing, when no simple hypothesis fits — but still the working", () => {
    const cell = cells(CONV, "    layers: { c: { units: 1000 } }").get("layers.c.units");
    expect(causes(cell)).toEqual([]);
    expect(cell?.diagnosis?.formula?.terms[0]?.map((f) => f.value)).toEqual([6, 6, 8]);
  });

  it("leaves matches and errata alone", () => {
    const found = cells(CONV, "    layers: { c: { units: 288, weights: 1 } }\n    errata: [{ at: layers.c.weights, note: known }]");
    expect(found.get("layers.c.units")?.diagnosis).toBeUndefined();
    expect(found.get("layers.c.weights")?.diagnosis).toBeUndefined();
  });
});
