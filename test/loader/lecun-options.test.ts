// The spec fields for LeNet-5's layers and for counting conventions, as the loader reads them.

import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/loader/problems.js";
import { loadSpec } from "../../src/loader/load.js";

const lines = (...text: string[]) => `${text.join("\n")}\n`;

function problems(text: string): string[] {
  const result = loadSpec(text, "net.yaml");
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe("LeNet-5's layer options and the conventions field", () => {
  it("reads a connection table, a trainable avgpool, fixed dense parameters and a source's conventions", () => {
    const result = loadSpec(
      lines(
        "name: t",
        "input: { size: 32, channels: 1 }",
        "layers:",
        "  - { name: C1, type: conv, filters: 2, kernel: 5, table: [[0], [0]] }",
        "  - { name: S2, type: avgpool, kernel: 2, trainable: true }",
        "  - { name: OUT, type: dense, units: 10, bias: false, trainable: false }",
        "published:",
        "  - source: s",
        "    conventions: [bias-connections]",
        "    totals: { weights: 4 }",
      ),
      "net.yaml",
    );
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    const [c1, s2, out] = result.spec.network.layers;
    expect(c1).toMatchObject({ type: "conv", table: [[0], [0]], groups: 1 });
    expect(s2).toMatchObject({ type: "avgpool", trainable: true });
    expect(out).toMatchObject({ type: "dense", trainable: false, bias: false });
    expect(result.spec.published[0]?.conventions).toEqual(["bias-connections"]);
  });

  it.each([
    [
      "trainable on a maxpool",
      "  - { type: maxpool, kernel: 2, trainable: true }",
      'net.yaml:4:33: layers[0].trainable: unknown field "trainable"; allowed here: type, name, inputs, kernel, stride, padding, ceil, global, output',
    ],
    [
      "a table row that is empty",
      "  - { type: conv, filters: 1, kernel: 1, table: [[]] }",
      "net.yaml:4:50: layers[0].table[0]: expected at least one input channel per output map, found a list of 0",
    ],
    [
      "a negative channel in a table",
      "  - { type: conv, filters: 1, kernel: 1, table: [[-1]] }",
      "net.yaml:4:51: layers[0].table[0][0]: expected an integer ≥ 0, found -1",
    ],
  ])("reports %s", (_, layer, expected) => {
    expect(problems(lines("name: t", "input: { size: 8, channels: 1 }", "layers:", layer))).toEqual([expected]);
  });

  it("reports an unknown convention, listing the known ones", () => {
    const text = lines(
      "name: t",
      "input: { size: 8, channels: 1 }",
      "layers:",
      "  - { type: relu }",
      "published:",
      "  - source: s",
      "    conventions: [bias-connection]",
    );
    expect(problems(text)).toEqual(['net.yaml:7:19: published[0].conventions[0]: expected "bias-connections", found "bias-connection"']);
  });
});
