// One cost function per layer type, run in two algebras: FORMULAS (what --explain prints) and
// NUMBERS (what the walk counts with). Both must give the same figures, and the same error when a
// figure is not exact, or the working shown would not be the working done.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Layer, type Shape } from "../../src/core/network.js";
import { type LayerCost, type LayerCounts, layerCost, layerCounts } from "../../src/core/costs.js";
import { type Count, evaluate } from "../../src/core/exact.js";

const RUNS = { numRuns: 3000, seed: 20261127 } as const;
// sizes up to 2^20: products of five or six of them go past 2^53 − 1, so bigint counts are drawn
// too, and a flatten of three of them a size past 2^53 − 1 (an error)
const size = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 2 ** 20 }));
const pair = fc.tuple(size, size);

const image: fc.Arbitrary<Shape> = fc.record({ kind: fc.constant("image" as const), height: size, width: size, channels: size });
const input: fc.Arbitrary<Shape> = fc.oneof(
  image,
  fc.record({ kind: fc.constant("vector" as const), features: size }),
  fc.record({ kind: fc.constant("sequence" as const), length: size, features: size }),
  fc.record({ kind: fc.constant("tokens" as const), length: size }),
);
const small = fc.integer({ min: 1, max: 16 });

const layer: fc.Arbitrary<Layer> = fc.oneof(
  fc.record({
    type: fc.constant("conv" as const),
    name: fc.constant("c"),
    inputs: fc.constant(["input"]),
    filters: size,
    kernel: pair,
    stride: pair,
    padding: fc.oneof(fc.constant("same" as const), fc.tuple(fc.nat(8), fc.nat(8))),
    dilation: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    groups: fc.constantFrom(1, 2, 3),
    bias: fc.boolean(),
  }),
  fc.record({
    type: fc.constant("dense" as const),
    name: fc.constant("d"),
    inputs: fc.constant(["input"]),
    units: size,
    bias: fc.boolean(),
    trainable: fc.boolean(),
  }),
  fc.record({
    type: fc.constantFrom("avgpool" as const, "maxpool" as const),
    name: fc.constant("p"),
    inputs: fc.constant(["input"]),
    window: fc.oneof(
      fc.record({ kind: fc.constant("window" as const), kernel: pair, stride: pair, padding: fc.tuple(fc.nat(2), fc.nat(2)), ceil: fc.boolean() }),
      fc.constant({ kind: "global" as const }),
    ),
    trainable: fc.boolean(),
  }),
  fc.record({
    type: fc.constant("batchnorm" as const),
    name: fc.constant("b"),
    inputs: fc.constant(["input"]),
    affine: fc.boolean(),
    scale: fc.boolean(),
    shift: fc.boolean(),
  }),
  fc.record({
    type: fc.constantFrom("flatten" as const, "relu" as const, "gelu" as const, "position_embedding" as const),
    name: fc.constant("f"),
    inputs: fc.constant(["input"]),
  }),
  fc.record({ type: fc.constant("embedding" as const), name: fc.constant("e"), inputs: fc.constant(["input"]), vocab: size, features: size }),
  fc.record({ type: fc.constant("class_token" as const), name: fc.constant("t"), inputs: fc.constant(["input"]), tokens: small }),
  fc.record({ type: fc.constant("rmsnorm" as const), name: fc.constant("r"), inputs: fc.constant(["input"]), affine: fc.boolean() }),
  fc.record({
    type: fc.constantFrom("lstm" as const, "gru" as const, "rnn" as const),
    name: fc.constant("l"),
    inputs: fc.constant(["input"]),
    hidden: size,
    layers: small,
    bidirectional: fc.boolean(),
    biasVectors: fc.constantFrom(1 as const, 2 as const),
    bias: fc.boolean(),
  }),
  fc.record(
    {
      type: fc.constant("attention" as const),
      name: fc.constant("a"),
      inputs: fc.constant(["input"]),
      heads: small,
      kvHeads: small,
      headDim: small,
      bias: fc.oneof(fc.boolean(), fc.record({ q: fc.boolean(), o: fc.boolean() })),
      causal: fc.boolean(),
      window: small,
      count: fc.constantFrom("full" as const, "kept" as const),
    },
    { requiredKeys: ["type", "name", "inputs", "heads", "causal", "count"] },
  ),
  // the free layers of positions (and a mixture of experts' dispatch), one entry so that the
  // others keep their share of the draws; pick's positions past either end too, which the walk refuses
  fc.oneof(
    fc.record({ type: fc.constantFrom("to_sequence" as const, "mean" as const), name: fc.constant("s"), inputs: fc.constant(["input"]) }),
    fc.record({ type: fc.constant("pick" as const), name: fc.constant("k"), inputs: fc.constant(["input"]), position: fc.integer({ min: -70, max: 70 }) }),
    fc.record({
      type: fc.constant("dispatch" as const),
      name: fc.constant("x"),
      inputs: fc.constant(["input"]),
      experts: small,
      topK: small,
      expert: fc.integer({ min: 0, max: 16 }),
    }),
  ),
  // cnnops: a conv whose window fields agree on both axes, so that on a sequence it runs in 1-D
  fc.record({
    type: fc.constant("conv" as const),
    name: fc.constant("c1"),
    inputs: fc.constant(["input"]),
    filters: size,
    kernel: size.map((k) => [k, k] as const),
    stride: small.map((s) => [s, s] as const),
    padding: fc.oneof(
      fc.constant("same" as const),
      fc.nat(8).map((p) => [p, p] as const),
    ),
    dilation: fc.integer({ min: 1, max: 3 }).map((d) => [d, d] as const),
    groups: fc.constantFrom(1, 2, 3),
    bias: fc.boolean(),
  }),
  // cnnops, one member so that the others keep their share of the draws: a conv whose window
  // fields agree on both axes (on a sequence it runs in 1-D), and a transposed conv
  fc.oneof(
    fc.record({
      type: fc.constant("conv" as const),
      name: fc.constant("c1"),
      inputs: fc.constant(["input"]),
      filters: size,
      kernel: size.map((k) => [k, k] as const),
      stride: small.map((s) => [s, s] as const),
      padding: fc.oneof(
        fc.constant("same" as const),
        fc.nat(8).map((p) => [p, p] as const),
      ),
      dilation: fc.integer({ min: 1, max: 3 }).map((d) => [d, d] as const),
      groups: fc.constantFrom(1, 2, 3),
      bias: fc.boolean(),
    }),
    fc.record({
      type: fc.constant("conv_transpose" as const),
      name: fc.constant("u"),
      inputs: fc.constant(["input"]),
      filters: size,
      kernel: fc.oneof(
        pair,
        size.map((k) => [k, k] as const),
      ),
      stride: fc.oneof(
        fc.tuple(small, small),
        small.map((s) => [s, s] as const),
      ),
      padding: fc.nat(8).map((p) => [p, p] as const),
      outputPadding: fc.nat(2).map((p) => [p, p] as const),
      dilation: fc.integer({ min: 1, max: 3 }).map((d) => [d, d] as const),
      groups: fc.constantFrom(1, 2, 3),
      bias: fc.boolean(),
    }),
    fc.oneof(
      fc.record({
        type: fc.constant("upsample" as const),
        name: fc.constant("up"),
        inputs: fc.constant(["input"]),
        mode: fc.constant("nearest" as const),
        scale: pair,
      }),
      fc.record({
        type: fc.constant("upsample" as const),
        name: fc.constant("up"),
        inputs: fc.constant(["input"]),
        mode: fc.constant("bilinear" as const),
        size: pair,
      }),
      fc.record({ type: fc.constant("crop" as const), name: fc.constant("cr"), inputs: fc.constant(["input"]), size: pair }),
      fc.record({ type: fc.constant("split" as const), name: fc.constant("sp"), inputs: fc.constant(["input"]), parts: small }),
      fc.record({
        type: fc.constant("split" as const),
        name: fc.constant("sp"),
        inputs: fc.constant(["input"]),
        sizes: fc.array(size, { minLength: 1, maxLength: 4 }),
      }),
      fc.record({ type: fc.constant("slice" as const), name: fc.constant("sl"), inputs: fc.constant(["input"]), start: fc.nat(8), channels: small }),
      fc.record({ type: fc.constant("shuffle" as const), name: fc.constant("sh"), inputs: fc.constant(["input"]), groups: small }),
    ),
  ),
);

type Outcome = { readonly error: string } | { readonly counts: readonly Count[]; readonly output: Shape };

function outcome<T extends LayerCost | LayerCounts>(cost: () => T, figures: (cost: T) => Count[]): Outcome {
  try {
    const c = cost();
    return { counts: figures(c), output: c.output };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

describe("the two algebras of a cost function", () => {
  it("give the same counts, output and errors, with and without bias-connections", () => {
    fc.assert(
      fc.property(layer, input, fc.boolean(), fc.boolean(), (l, shape, networkBias, biasConnections) => {
        const conventions = biasConnections ? (["bias-connections"] as const) : [];
        const fromFormulas = outcome(
          () => layerCost(l, [shape], networkBias, conventions),
          (c) => [evaluate(c.units), evaluate(c.weights), evaluate(c.biases), evaluate(c.connections), evaluate(c.biasedUnits)],
        );
        const fromNumbers = outcome(
          () => layerCounts(l, [shape], networkBias, conventions),
          (c) => [c.units, c.weights, c.biases, c.connections, c.biasedUnits],
        );
        expect(fromNumbers).toEqual(fromFormulas);
      }),
      RUNS,
    );
  });

  it("draws bigint counts, sizes past 2^53 − 1 and shape errors as well as figures (the property above is not vacuous)", () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(layer, input, (l, shape) => {
        const result = outcome(
          () => layerCounts(l, [shape], false),
          (c) => [c.units, c.weights, c.connections],
        );
        kinds.add("error" in result ? result.error.split(":")[0]! : result.counts.some((c) => typeof c === "bigint") ? "bigint counts" : "counts");
      }),
      RUNS,
    );
    expect([...kinds].sort()).toEqual(["InexactCountError", "LayerIssue", "bigint counts", "counts"]);
  });

  it("draws every layer type of the generator with counts at least once", () => {
    const types = new Set<string>();
    fc.assert(
      fc.property(layer, input, (l, shape) => {
        if (
          "counts" in
          outcome(
            () => layerCounts(l, [shape], true),
            (c) => [c.weights],
          )
        )
          types.add(l.type);
      }),
      RUNS,
    );
    expect([...types].sort()).toEqual([
      "attention",
      "avgpool",
      "batchnorm",
      "class_token",
      "conv",
      "conv_transpose",
      "crop",
      "dense",
      "dispatch",
      "embedding",
      "flatten",
      "gelu",
      "gru",
      "lstm",
      "maxpool",
      "mean",
      "pick",
      "position_embedding",
      "relu",
      "rmsnorm",
      "rnn",
      "shuffle",
      "slice",
      "split",
      "to_sequence",
      "upsample",
    ]);
  });
});
