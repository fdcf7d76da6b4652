// The library refuses what the types do not allow: analyze(), layerCost/layerCounts and
// checkNetwork, given a network a program built by hand (not through the loader), name the layer
// and the field of each problem instead of computing a wrong report or throwing a TypeError.
// Issue 12: "analyze() returns ok: true today for negative, zero or string counts and for
// kernel 0 (negative weights, an output larger than its input), and throws raw errors for a
// bigint count or an unknown layer type".

import { describe, expect, it } from "vitest";
import { LayerIssue, analyze, checkNetwork, layerCost, layerCounts } from "../../src/index.js";
import type { Layer, Network } from "../../src/core/network.js";
import { conv, dense, image, network, vector } from "./helpers.js";

/** A valid two-layer network with one field of layer 0 replaced. */
function withLayerField(field: string, value: unknown): Network {
  const base = conv("c1", ["input"], { filters: 4, kernel: 3 });
  return network(image(8, 8, 3), [{ ...base, [field]: value } as unknown as Layer, dense("fc", ["c1"], 10)]);
}

describe("analyze refuses a layer the types do not allow", () => {
  it.each([
    ["filters", -1],
    ["filters", 0],
    ["filters", 2.5],
    ["filters", "4"],
    ["filters", Number.NaN],
    ["filters", Number.POSITIVE_INFINITY],
    ["filters", 2 ** 53],
    ["filters", 4n],
    ["filters", undefined],
    ["kernel", [0, 3]],
    ["kernel", [3]],
    ["kernel", 3],
    ["stride", [1, -1]],
    ["padding", [-1, 0]],
    ["padding", "valid"],
    ["dilation", [0, 1]],
    ["groups", 0],
    ["bias", "yes"],
    ["inputs", "input"],
    ["inputs", [1]],
    ["name", ""],
    ["name", 7],
  ])("layers[0].%s = %s: ok false, an issue at layer 0, that field", (field, value) => {
    const result = analyze(withLayerField(field, value));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual(expect.objectContaining({ layer: 0, field }));
  });

  it("kernel 0 no longer gives an output larger than the input and negative weights", () => {
    // before: out = ⌊(8 − 0)/1⌋ + 1 = 9 > 8, and weights = 0·0·3·4 … with kernel [0, 3] the walk ran on
    const result = analyze(withLayerField("kernel", [0, 0]));
    expect(result).toEqual({ ok: false, issues: [expect.objectContaining({ layer: 0, field: "kernel" })] });
  });

  it.each([
    ["an unknown type", { name: "x", type: "conv3d", inputs: ["input"] }, "type"],
    ["a missing type", { name: "x", inputs: ["input"] }, "type"],
    ["a pool without a window", { name: "p", type: "maxpool", inputs: ["input"] }, "window"],
    ["a pool window of an unknown kind", { name: "p", type: "maxpool", inputs: ["input"], window: { kind: "strided" } }, "window.kind"],
    [
      "a pool window of kernel 0",
      { name: "p", type: "avgpool", inputs: ["input"], window: { kind: "window", kernel: [0, 2], stride: [2, 2], padding: [0, 0], ceil: false } },
      "window.kernel",
    ],
    ["adaptive pooling to 0", { name: "p", type: "avgpool", inputs: ["input"], window: { kind: "adaptive", output: [0, 1] } }, "window.output"],
    ["batchnorm without affine", { name: "b", type: "batchnorm", inputs: ["input"] }, "affine"],
    ["dense units as a bigint", { name: "d", type: "dense", inputs: ["input"], units: 10n }, "units"],
    [
      "attention with a projection's bias a string",
      { name: "a", type: "attention", inputs: ["input"], heads: 2, causal: false, count: "full", bias: { q: "no" } },
      "bias.q",
    ],
    ["attention counting neither full nor kept", { name: "a", type: "attention", inputs: ["input"], heads: 2, causal: false, count: "half" }, "count"],
    [
      "an lstm with three bias vectors",
      { name: "r", type: "lstm", inputs: ["input"], hidden: 4, layers: 1, bidirectional: false, biasVectors: 3 },
      "biasVectors",
    ],
    ["a dense tied to an empty name", { name: "d", type: "dense", inputs: ["input"], units: 2, tied: "" }, "tied"],
  ])("%s: an issue naming the field", (_label, layer, field) => {
    const result = analyze(network(image(8, 8, 3), [layer as unknown as Layer]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toContainEqual(expect.objectContaining({ layer: 0, field }));
  });

  it("a name used twice, and a layer named input", () => {
    const result = analyze(network(vector(4), [dense("a", ["input"], 2), dense("a", ["a"], 2), dense("input", ["a"], 2)]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({ layer: 1, field: "name", message: 'the name "a" is taken by an earlier layer' }),
      expect.objectContaining({ layer: 2, field: "name" }),
    ]);
  });

  it.each([
    ["null", null],
    ["a string", "alexnet"],
    ["a list", []],
    ["no layers", { name: "n", bias: false, input: { kind: "vector", features: 4 } }],
    ["a bad input shape", { name: "n", bias: false, input: { kind: "image", height: 0, width: 8, channels: 3 }, layers: [] }],
    ["a shape of unknown kind", { name: "n", bias: false, input: { kind: "cube", side: 3 }, layers: [] }],
    ["bias as a string", { name: "n", bias: "false", input: { kind: "vector", features: 4 }, layers: [] }],
  ])("a network that is %s: ok false, never a throw", (_label, value) => {
    const result = analyze(value as unknown as Network);
    expect(result.ok).toBe(false);
  });

  it("options that are not what the type says: ok false", () => {
    const net = network(vector(4), [dense("a", ["input"], 2)]);
    expect(analyze(net, null as never).ok).toBe(false);
    expect(analyze(net, { conventions: ["flops-as-macs"] as never }).ok).toBe(false);
    expect(analyze(net, { unknownShapes: 7 as never }).ok).toBe(false);
  });

  it("an object whose getter throws: an issue, not the getter's exception", () => {
    const layer = { name: "d", type: "dense", inputs: ["input"] };
    Object.defineProperty(layer, "units", {
      get() {
        throw new Error("gotcha");
      },
      enumerable: true,
    });
    const result = analyze(network(vector(4), [layer as unknown as Layer]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.message).toContain("could not be read as plain data: gotcha");
  });

  it("a layer that reads itself or a later layer is an unknown input, not a loop", () => {
    const result = analyze(network(vector(4), [dense("a", ["a"], 2), dense("b", ["c"], 2), dense("c", ["b"], 2)]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.message)).toEqual(['unknown input "a"', 'unknown input "c"']);
  });

  it("a valid network still gives its report: 4 × 2 = 8 weights, 8 connections", () => {
    const result = analyze(network(vector(4), [dense("a", ["input"], 2)]));
    expect(result.ok && result.report.totals).toEqual({ units: 2, weights: 8, biases: 0, connections: 8 });
  });
});

describe("sparse lists: a hole is a missing entry, not one to skip", () => {
  it("a hole among the layers, in a layer's inputs, in a connection table, among the sources", () => {
    // a list of n holes: its length set, no entry ever written
    const holes = (n: number) => {
      const list: unknown[] = [];
      list.length = n;
      return list;
    };
    expect(analyze({ ...network(vector(4), []), layers: holes(1) as never }).ok).toBe(false);
    const table = conv("c", ["input"], { filters: 2, kernel: 1, table: holes(2) as never });
    const tabled = analyze(network(image(4, 4, 2), [table]));
    expect(tabled.ok === false && tabled.issues[0]?.field).toBe("table");
    expect(() => layerCounts(dense("d", ["input"], 2), holes(1) as never, false)).toThrow(LayerIssue);
    const checked = checkNetwork(network(vector(4), [dense("a", ["input"], 2)]), holes(1) as never);
    expect(checked.ok === false && checked.issues[0]?.field).toBe("published[0]");
  });
});

describe("layerCost and layerCounts throw LayerIssue, naming the field", () => {
  it.each([
    ["units 0", { type: "dense", name: "d", inputs: ["input"], units: 0 }, [vector(4)], false, "units"],
    ["an input shape of 0 features", { type: "dense", name: "d", inputs: ["input"], units: 2 }, [vector(0)], false, "inputs[0].features"],
    ["inputs not a list", { type: "dense", name: "d", inputs: ["input"], units: 2 }, vector(4), false, "inputs"],
    ["networkBias a string", { type: "dense", name: "d", inputs: ["input"], units: 2 }, [vector(4)], "no", "networkBias"],
    ["an unknown type", { type: "conv3d", name: "d", inputs: ["input"] }, [vector(4)], false, "type"],
  ])("%s", (_label, layer, inputs, bias, field) => {
    for (const fn of [layerCost, layerCounts]) {
      let thrown: unknown;
      try {
        fn(layer as never, inputs as never, bias as never);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(LayerIssue);
      expect((thrown as LayerIssue).field).toBe(field);
    }
  });

  it("a valid layer: 4 × 2 = 8 weights; a count past 2^53 − 1 is exact, as a bigint", () => {
    expect(layerCounts(dense("d", ["input"], 2), [vector(4)], false).weights).toBe(8);
    // 2^30 inputs × 2^30 units = 2^60 weights, no biases
    expect(layerCounts(dense("d", ["input"], 2 ** 30), [vector(2 ** 30)], false).weights).toBe(2n ** 60n);
  });
});

describe("checkNetwork refuses sources the types do not allow", () => {
  const net = network(vector(4), [dense("a", ["input"], 2)]);
  it.each([
    ["not a list", { source: "x" }, "published"],
    ["a source without cells", [{ source: "x", conventions: [], tolerance: 0, errata: new Map() }], "published[0].cells"],
    ["a negative tolerance", [{ source: "x", conventions: [], tolerance: -1, cells: [], errata: new Map() }], "published[0].tolerance"],
    ["errata as a plain object", [{ source: "x", conventions: [], tolerance: 0, cells: [], errata: {} }], "published[0].errata"],
    [
      "a cell of an unknown metric",
      [{ source: "x", conventions: [], tolerance: 0, errata: new Map(), cells: [{ at: "totals.flips", scope: { kind: "total" }, metric: "flips", value: 1 }] }],
      "published[0].cells[0]",
    ],
  ])("%s: ok false, the field named", (_label, sources, field) => {
    const result = checkNetwork(net, sources as never);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toContainEqual(expect.objectContaining({ field }));
  });

  it("a network that is not one: ok false, not a TypeError", () => {
    expect(checkNetwork(null as never, []).ok).toBe(false);
  });
});
