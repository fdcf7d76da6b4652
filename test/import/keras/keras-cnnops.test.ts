// The modern-CNN Keras layers (Conv1D, 1-D pooling, Conv2DTranspose, Conv1DTranspose,
// UpSampling, Cropping2D) through `alexcount import` and `alexcount model.json`. Every expected
// figure is hand arithmetic written here; the output sizes follow Keras's rules
// (keras/src/utils/conv_utils.py: conv_output_length, deconv_output_length).

import { describe, expect, it } from "vitest";
import { runCli } from "../../support/memory-io.js";

type Report = { totals: Record<string, number>; layers: { name: string; weights: number; connections: number; units: number }[] };

/** A Keras 3 Sequential model of the given layers after an input of `shape` (no batch axis). */
function model(shape: number[], layers: { class_name: string; config: Record<string, unknown> }[]): string {
  return JSON.stringify({
    module: "keras",
    class_name: "Sequential",
    config: {
      name: "cnnops",
      layers: [{ class_name: "InputLayer", config: { batch_shape: [null, ...shape], name: "input_layer" } }, ...layers],
    },
  });
}

async function counted(text: string): Promise<Report> {
  const result = await runCli(["m.json", "--json"], { files: { "m.json": text } });
  expect(result.stderr).toBe("");
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

async function imported(text: string): Promise<string> {
  const result = await runCli(["import", "m.json"], { files: { "m.json": text } });
  expect(result.stderr).toBe("");
  expect(result.exitCode).toBe(0);
  return result.stdout;
}

async function refused(text: string): Promise<string> {
  const result = await runCli(["import", "m.json"], { files: { "m.json": text } });
  expect({ exitCode: result.exitCode, stdout: result.stdout }).toEqual({ exitCode: 2, stdout: "" });
  return result.stderr;
}

const layer = (name: string) => (r: Report) => r.layers.find((l) => l.name === name)!;

describe("Keras image decoders: Conv2DTranspose, UpSampling2D, Cropping2D", () => {
  // 8×8×16 → Conv2DTranspose(8, 3, strides 2, same) → 16×16×8 (Keras's same: n·s)
  //   weights 3·3·16·8 + 8 = 1,160; MACs over the input positions 8·8·3·3·16·8 = 73,728; units 16·16·8 = 2,048
  // → UpSampling2D(2, bilinear) → 32×32×8 → Cropping2D(((2, 2), (3, 3))) → 28×26×8
  // → Conv2D(4, 1) → 28×26×4: weights 8·4 + 4 = 36, MACs 28·26·8·4 = 23,296
  const text = model(
    [8, 8, 16],
    [
      { class_name: "Conv2DTranspose", config: { name: "up", filters: 8, kernel_size: [3, 3], strides: [2, 2], padding: "same", output_padding: null } },
      { class_name: "UpSampling2D", config: { name: "resize", size: [2, 2], interpolation: "bilinear" } },
      {
        class_name: "Cropping2D",
        config: {
          name: "cut",
          cropping: [
            [2, 2],
            [3, 3],
          ],
        },
      },
      { class_name: "Conv2D", config: { name: "head", filters: 4, kernel_size: [1, 1] } },
    ],
  );

  it("counts them through alexcount model.json", async () => {
    const report = await counted(text);
    expect(layer("up")(report)).toMatchObject({ weights: 1_160, connections: 73_728, units: 2_048 });
    expect(layer("head")(report)).toMatchObject({ weights: 36, connections: 23_296, units: 28 * 26 * 4 });
    expect(report.totals.weights).toBe(1_160 + 36);
    expect(report.totals.connections).toBe(73_728 + 23_296);
  });

  it("writes the PyTorch-style padding that gives Keras's size: 15·2 + 3 − 2·1 + 1 = 16", async () => {
    const spec = await imported(text);
    expect(spec).toContain("{name: up, type: conv_transpose, filters: 8, kernel: 3, stride: 2, padding: 1, output_padding: 1}");
    expect(spec).toContain("{name: resize, type: upsample, scale: 2, mode: bilinear}");
    expect(spec).toContain("{name: cut, type: crop, size: [28, 26]}");
  });

  it("reads valid padding (n·s + max(K − s, 0)) and an explicit output_padding", async () => {
    // 5×5×2 → Conv2DTranspose(3, 4, strides 2, valid): 5·2 + (4 − 2) = 12; weights 4·4·2·3 + 3 = 99; MACs 5·5·4·4·2·3 = 2,400
    // → Conv2DTranspose(1, 3, strides 2, same, output_padding 0): (12 − 1)·2 + 3 − 2·1 + 0 = 23; weights 3·3·3·1 + 1 = 28;
    //   MACs 12·12·3·3·3·1 = 3,888; units 23·23 = 529
    const report = await counted(
      model(
        [5, 5, 2],
        [
          { class_name: "Conv2DTranspose", config: { name: "a", filters: 3, kernel_size: 4, strides: 2, padding: "valid" } },
          { class_name: "Conv2DTranspose", config: { name: "b", filters: 1, kernel_size: 3, strides: 2, padding: "same", output_padding: [0, 0] } },
        ],
      ),
    );
    expect(layer("a")(report)).toMatchObject({ weights: 99, connections: 2_400, units: 12 * 12 * 3 });
    expect(layer("b")(report)).toMatchObject({ weights: 28, connections: 3_888, units: 529 });
  });

  it("refuses what the spec cannot write, exit 2, at the field", async () => {
    const asymmetric = await refused(
      model(
        [8, 8, 4],
        [
          {
            class_name: "Cropping2D",
            config: {
              name: "c",
              cropping: [
                [1, 2],
                [0, 0],
              ],
            },
          },
        ],
      ),
    );
    expect(asymmetric).toMatch(/^m\.json:\d+:\d+: config\.layers\[1\]\.config\.cropping: \(c\) cropping .* only symmetric cropping is read\n$/);
    const bicubic = await refused(model([8, 8, 4], [{ class_name: "UpSampling2D", config: { name: "u", size: 2, interpolation: "bicubic" } }]));
    expect(bicubic).toMatch(/config\.layers\[1\]\.config\.interpolation: \(u\) interpolation bicubic: the spec's upsample is nearest or bilinear\n$/);
    // same, stride 1, kernel 2: Keras gives n = 8, PyTorch's rule (8 − 1) + 2 − 2p + op needs op = 1, not below the stride 1
    const even = await refused(
      model([8, 8, 4], [{ class_name: "Conv2DTranspose", config: { name: "t", filters: 2, kernel_size: 2, strides: 1, padding: "same" } }]),
    );
    expect(even).toMatch(/config\.layers\[1\]\.config\.padding: \(t\) Keras's output length here is 8, which no PyTorch-style padding/);
  });
});

describe("Keras sequence layers: Conv1D, MaxPooling1D, AveragePooling1D, Conv1DTranspose, UpSampling1D", () => {
  // 10 steps × 4 → Conv1D(6, 3, valid): 10 − 2 = 8 steps; weights 3·4·6 + 6 = 78; MACs 8·3·4·6 = 576
  // → MaxPooling1D(3, strides 2, same): ⌈8 / 2⌉ = 4 → AveragePooling1D(2): ⌊(4 − 2) / 2⌋ + 1 = 2
  // → Conv1D(6, 3, dilation 2, causal): ⌈2 / 1⌉ = 2 steps; weights 3·6·6 + 6 = 114; MACs 2·3·6·6 = 216
  // → UpSampling1D(3): 6 steps → Conv1DTranspose(2, 4, strides 2, valid): 6·2 + (4 − 2) = 14 steps;
  //   weights 4·6·2 + 2 = 50; MACs over the input 6·4·6·2 = 288; units 14·2 = 28
  const text = model(
    [10, 4],
    [
      { class_name: "Conv1D", config: { name: "c1", filters: 6, kernel_size: [3], padding: "valid" } },
      { class_name: "MaxPooling1D", config: { name: "p1", pool_size: [3], strides: [2], padding: "same" } },
      { class_name: "AveragePooling1D", config: { name: "p2", pool_size: 2 } },
      { class_name: "Conv1D", config: { name: "c2", filters: 6, kernel_size: 3, dilation_rate: 2, padding: "causal" } },
      { class_name: "UpSampling1D", config: { name: "u", size: 3 } },
      { class_name: "Conv1DTranspose", config: { name: "t", filters: 2, kernel_size: 4, strides: 2, padding: "valid" } },
    ],
  );

  it("counts them through alexcount model.json", async () => {
    const report = await counted(text);
    expect(layer("c1")(report)).toMatchObject({ weights: 78, connections: 576, units: 8 * 6 });
    expect(layer("c2")(report)).toMatchObject({ weights: 114, connections: 216, units: 2 * 6 });
    expect(layer("t")(report)).toMatchObject({ weights: 50, connections: 288, units: 28 });
    expect(report.totals.weights).toBe(78 + 114 + 50);
  });

  it("writes 1-D fields as one number through alexcount import", async () => {
    const spec = await imported(text);
    expect(spec).toContain("{name: c1, type: conv, filters: 6, kernel: 3}");
    // TensorFlow's same, ⌈8 / 2⌉ = 4, written as ceil rounding: ⌈(8 − 3) / 2⌉ + 1 = 4
    expect(spec).toContain("{name: p1, type: maxpool, kernel: 3, stride: 2, ceil: true}");
    expect(spec).toContain("{name: c2, type: conv, filters: 6, kernel: 3, padding: same, dilation: 2}");
    expect(spec).toContain("{name: p2, type: avgpool, kernel: 2}");
    expect(spec).toContain("{name: u, type: upsample, scale: 3}");
    expect(spec).toContain("{name: t, type: conv_transpose, filters: 2, kernel: 4, stride: 2}");
  });

  it("refuses Cropping1D and a Conv1D on an image, exit 2", async () => {
    expect(await refused(model([10, 4], [{ class_name: "Cropping1D", config: { name: "k", cropping: [1, 1] } }]))).toMatch(
      /config\.layers\[1\]\.class_name: \(k\) Cropping1D: the spec format has no layer for cropping a sequence/,
    );
    expect(await refused(model([8, 8, 4], [{ class_name: "Conv1D", config: { name: "k", filters: 2, kernel_size: 3 } }]))).toMatch(
      /\(k\) Conv1D reads a sequence \(steps, features\), found an image 8×8×4/,
    );
  });
});
