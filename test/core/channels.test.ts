// split, slice and shuffle: free layers that regroup channels, and the NAME:i notation that
// reads one output of a split. Channel counts worked by hand beside each figure.

import { describe, expect, it } from "vitest";
import { analyze } from "../../src/core/analyze.js";
import type { Layer, Shape } from "../../src/core/network.js";
import { conv, network } from "./helpers.js";
import { reportOf } from "../helpers.js";
import { loadSpec } from "../../src/loader/load.js";
import { analyzeSpec, formatProblem } from "../../src/index.js";

const image = (height: number, width: number, channels: number): Shape => ({ kind: "image", height, width, channels });

function run(input: Shape, layers: Layer[]) {
  return analyze(network(input, layers, false));
}

describe("split", () => {
  it("ShuffleNet v2's channel split: 116 channels in two parts of 58, each read as NAME:i", () => {
    const result = run(image(28, 28, 116), [
      { type: "split", name: "s", inputs: ["input"], parts: 2 },
      conv("c", ["s:1"], { filters: 58, kernel: 1 }),
      { type: "concat", name: "cat", inputs: ["s:0", "c"] },
    ]);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const [split, c, cat] = result.report.layers;
    expect([split!.units, split!.weights, split!.connections]).toEqual([0, 0, 0]);
    expect(c!.inputs).toEqual([image(28, 28, 58)]); // 116 / 2
    expect(c!.weights).toBe(3_364); // 58 × 58
    expect(cat!.output).toEqual(image(28, 28, 116)); // 58 + 58
  });

  it("unequal sizes, which must add up to the channels", () => {
    const result = run(image(4, 4, 10), [
      { type: "split", name: "s", inputs: ["input"], sizes: [3, 7] },
      { type: "relu", name: "r", inputs: ["s:1"] },
    ]);
    expect(result.ok && result.report.layers[1]!.output).toEqual(image(4, 4, 7));
    const bad = run(image(4, 4, 10), [{ type: "split", name: "s", inputs: ["input"], sizes: [3, 6] }]);
    expect(!bad.ok && bad.issues[0]).toEqual({ layer: 0, field: "sizes", message: "the sizes add up to 9, but the input has 10 channels" });
  });

  it("refuses reading a split whole, an output it does not have, and parts that do not divide", () => {
    const whole = run(image(4, 4, 10), [
      { type: "split", name: "s", inputs: ["input"], parts: 2 },
      { type: "relu", name: "r", inputs: ["s"] },
    ]);
    expect(!whole.ok && whole.issues[0]!.message).toBe('"s" has 2 outputs: read one of them, s:0 to s:1');
    const beyond = run(image(4, 4, 10), [
      { type: "split", name: "s", inputs: ["input"], parts: 2 },
      { type: "relu", name: "r", inputs: ["s:2"] },
    ]);
    expect(!beyond.ok && beyond.issues[0]!.message).toBe('unknown input "s:2": s has 2 outputs, s:0 to s:1');
    const uneven = run(image(4, 4, 10), [{ type: "split", name: "s", inputs: ["input"], parts: 3 }]);
    expect(!uneven.ok && uneven.issues[0]!.field).toBe("parts");
  });
});

describe("slice and shuffle", () => {
  it("slice keeps channels start to start + channels − 1", () => {
    const result = run(image(4, 4, 10), [{ type: "slice", name: "s", inputs: ["input"], start: 4, channels: 6 }]);
    expect(result.ok && result.report.layers[0]!.output).toEqual(image(4, 4, 6));
    const past = run(image(4, 4, 10), [{ type: "slice", name: "s", inputs: ["input"], start: 5, channels: 6 }]);
    expect(!past.ok && past.issues[0]!.message).toBe("channels 5 to 10 run past the input's 10 (numbered 0 to 9)");
  });

  it("shuffle keeps the shape and costs nothing; its groups divide the channels", () => {
    const result = run(image(4, 4, 12), [{ type: "shuffle", name: "s", inputs: ["input"], groups: 3 }]);
    expect(result.ok && result.report.layers[0]).toMatchObject({ output: image(4, 4, 12), units: 0, weights: 0, connections: 0 });
    const bad = run(image(4, 4, 10), [{ type: "shuffle", name: "s", inputs: ["input"], groups: 3 }]);
    expect(!bad.ok && bad.issues[0]!.message).toBe("groups (3) must divide the input channels (10)");
  });
});

describe("NAME:i through the loader", () => {
  const unit = `name: u
input: { size: 28, channels: 116 }
blocks:
  unit:
    layers:
      - { name: split, type: split }
      - { name: pw, type: conv, inputs: ["split:1"], filters: 58, kernel: 1, bias: false }
      - { name: cat, type: concat, inputs: ["split:0", pw] }
      - { type: shuffle, groups: 2 }
layers:
  - { use: unit, repeat: 2 }
`;
  it("inside a block, NAME:i names the block's own split, once per expansion", () => {
    const report = reportOf(unit);
    expect(report.layers.map((row) => row.layer.inputs.join(","))).toEqual([
      "input",
      "unit1.0.split:1",
      "unit1.0.split:0,unit1.0.pw",
      "unit1.0.cat",
      "unit1.0.shuffle1",
      "unit1.1.split:1",
      "unit1.1.split:0,unit1.1.pw",
      "unit1.1.cat",
    ]);
    expect(report.totals.weights).toBe(6_728); // 2 × 58 × 58
  });

  it("a reference to the split of an unknown layer is located", () => {
    const loaded = loadSpec("name: u\ninput: { size: 4, channels: 4 }\nlayers:\n  - { type: relu, inputs: ['nope:0'] }\n", "u.yaml");
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.problems.map(formatProblem)[0]).toMatch(/^u\.yaml:4:\d+: layers\[0\]\.inputs\[0\]: unknown input "nope:0"/);
  });

  it("reading the split whole is placed at the reading layer's inputs", () => {
    const loaded = loadSpec("name: u\ninput: { size: 4, channels: 4 }\nlayers:\n  - { type: split }\n  - { type: relu, inputs: [split1] }\n", "u.yaml");
    if (!loaded.ok) throw new Error("loads");
    const analysis = analyzeSpec(loaded.spec);
    expect(!analysis.ok && analysis.problems.map(formatProblem)).toEqual([
      'u.yaml:5:27: layers[1].inputs: (relu1) "split1" has 2 outputs: read one of them, split1:0 to split1:1',
    ]);
  });
});
