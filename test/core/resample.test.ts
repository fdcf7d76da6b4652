// upsample and crop: free layers that resize; output sizes worked by hand beside each figure.

import { describe, expect, it } from "vitest";
import { analyze } from "../../src/core/analyze.js";
import type { Layer, Shape } from "../../src/core/network.js";
import { network } from "./helpers.js";
import { reportOf } from "../helpers.js";
import { renderExplain } from "../../src/render/explain.js";

const image = (height: number, width: number, channels: number): Shape => ({ kind: "image", height, width, channels });
const sequence = (length: number, features: number): Shape => ({ kind: "sequence", length, features });

function run(input: Shape, layers: Layer[]) {
  return analyze(network(input, layers, true));
}

function rows(input: Shape, layers: Layer[]) {
  const result = run(input, layers);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.report.layers;
}

function firstIssue(input: Shape, layers: Layer[]) {
  const result = run(input, layers);
  if (result.ok) throw new Error("expected an issue");
  return result.issues[0]!;
}

describe("upsample", () => {
  it("by a scale per axis: H·s × W·s, channels kept, free", () => {
    const [row] = rows(image(28, 14, 64), [{ type: "upsample", name: "u", inputs: ["input"], mode: "nearest", scale: [2, 3] }]);
    expect(row!.output).toEqual(image(56, 42, 64)); // 28 × 2, 14 × 3
    expect([row!.units, row!.weights, row!.connections]).toEqual([0, 0, 0]);
  });

  it("to a size, larger or smaller", () => {
    expect(rows(image(7, 7, 8), [{ type: "upsample", name: "u", inputs: ["input"], mode: "bilinear", size: [20, 30] }])[0]!.output).toEqual(image(20, 30, 8));
  });

  it("on a sequence, in 1-D", () => {
    expect(rows(sequence(50, 4), [{ type: "upsample", name: "u", inputs: ["input"], mode: "nearest", scale: [4, 4] }])[0]!.output).toEqual(sequence(200, 4));
    expect(firstIssue(sequence(50, 4), [{ type: "upsample", name: "u", inputs: ["input"], mode: "nearest", scale: [4, 2] }]).field).toBe("scale");
  });
});

describe("crop", () => {
  it("to a size: the original U-Net's 64×64 map cut to 56×56 (Ronneberger et al. 2015, Fig. 1)", () => {
    const [row] = rows(image(64, 64, 512), [{ type: "crop", name: "c", inputs: ["input"], size: [56, 56] }]);
    expect(row!.output).toEqual(image(56, 56, 512));
    expect([row!.units, row!.weights, row!.connections]).toEqual([0, 0, 0]);
  });

  it("to the height and width of a second input, keeping its own channels", () => {
    const report = rows(image(64, 64, 512), [
      { type: "maxpool", name: "p", inputs: ["input"], window: { kind: "window", kernel: [2, 2], stride: [2, 2], padding: [0, 0], ceil: false } },
      { type: "crop", name: "c", inputs: ["input", "p"] },
    ]);
    expect(report[1]!.output).toEqual(image(32, 32, 512)); // 64 / 2
  });

  it("refuses to grow, and a crop with neither a size nor a second input", () => {
    expect(firstIssue(image(8, 8, 1), [{ type: "crop", name: "c", inputs: ["input"], size: [9, 4] }]).message).toBe(
      "cannot crop 8×8 to 9×4: a crop only cuts away",
    );
    expect(firstIssue(image(8, 8, 1), [{ type: "crop", name: "c", inputs: ["input"] }]).field).toBe("size");
  });
});

describe("upsample and crop through the loader", () => {
  it("--explain shows how each size was derived", () => {
    const text = renderExplain(
      reportOf(`name: r
input: { size: 28, channels: 8 }
layers:
  - { type: upsample, scale: 2 }
  - { type: crop, size: 50 }
`),
      { layer: "crop1" },
    );
    expect(text).toContain("crop →50×50 · 56×56×8 → 50×50×8");
    expect(text).toContain("56 → 50  (a centre crop to the size given)");
  });
});
