// Small builders for core networks in tests: every field explicit, no loader involved.
import type { ConvLayer, DenseLayer, Layer, Network, PoolLayer, Shape } from "../../src/core/network.js";

export const image = (height: number, width: number, channels: number): Shape => ({ kind: "image", height, width, channels });
export const vector = (features: number): Shape => ({ kind: "vector", features });

export function conv(
  name: string,
  inputs: string[],
  fields: Partial<Omit<ConvLayer, "type" | "name" | "inputs" | "kernel">> & { filters: number; kernel: number },
): ConvLayer {
  const { kernel, ...rest } = fields;
  return { type: "conv", name, inputs, stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1, ...rest, kernel: [kernel, kernel] };
}

export function dense(name: string, inputs: string[], units: number, bias?: boolean): DenseLayer {
  return { type: "dense", name, inputs, units, ...(bias === undefined ? {} : { bias }) };
}

export function maxpool(name: string, inputs: string[], kernel: number, stride: number, ceil = false): PoolLayer {
  return { type: "maxpool", name, inputs, window: { kind: "window", kernel: [kernel, kernel], stride: [stride, stride], padding: [0, 0], ceil } };
}

export function network(input: Shape, layers: Layer[], bias = false): Network {
  return { name: "test", input, bias, layers };
}
