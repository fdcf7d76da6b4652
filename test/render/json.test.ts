import { describe, expect, it } from "vitest";
import { jsonReportChunks, renderJson, toJsonReport } from "../../src/render/json.js";
import { bundledReport, bundledSpecNames, reportOf } from "../helpers.js";

describe("renderJson", () => {
  it.each(bundledSpecNames())("%s: the text is toJsonReport's value, fields in the same order", (name) => {
    const report = bundledReport(name);
    const text = renderJson(report);
    // JSON.stringify writes keys in insertion order, so equal strings mean equal order too
    expect(JSON.stringify(JSON.parse(text))).toBe(JSON.stringify(toJsonReport(report)));
  });

  it("writes a field per line and each layer and subtotal on a line of its own", () => {
    const report = reportOf("name: two\ninput: { features: 4 }\nlayers:\n  - { type: dense, units: 3 }\n  - { type: relu }\n");
    const lines = renderJson(report).split("\n");
    // dense: 4·3 = 12 weights and connections, + 3 biases (biases on by default) = 15 weights
    expect(lines).toEqual([
      "{",
      '  "name": "two",',
      '  "input": {"features":4},',
      '  "bias": true,',
      '  "layers": [',
      '    {"name":"dense1","type":"dense","input":{"features":4},"output":{"features":3},"units":3,"weights":15,"biases":3,"connections":12},',
      '    {"name":"relu1","type":"relu","input":{"features":3},"output":{"features":3},"units":0,"weights":0,"biases":0,"connections":0}',
      "  ],",
      '  "subtotals": {',
      '    "dense": {"units":3,"weights":15,"biases":3,"connections":12}',
      "  },",
      '  "totals": {"units":3,"weights":15,"biases":3,"connections":12}',
      "}",
      "",
    ]);
  });

  it("writes a network of several thousand layers in chunks that join to the same text, a layer per line", () => {
    // 2,501 layers, 250 per chunk: ten full chunks and one of a single layer
    const layers = Array.from({ length: 2501 }, (_, i) => (i % 2 === 0 ? "  - { type: dense, units: 2 }" : "  - { type: relu }")).join("\n");
    const report = reportOf(`name: long\ninput: { features: 2 }\nlayers:\n${layers}\n`);
    const chunks = [...jsonReportChunks(report)];
    const text = renderJson(report);
    expect(chunks.join("")).toBe(text);
    expect(chunks.length).toBe(1 + 11 + 1); // head, eleven chunks of layers, tail
    expect(JSON.stringify(JSON.parse(text))).toBe(JSON.stringify(toJsonReport(report)));
    const layerLines = text.split("\n").filter((line) => line.startsWith('    {"name":'));
    expect(layerLines).toHaveLength(2501);
  });
});
