// Loader bugs the fuzzer found, each pinned by the smallest case that showed it.

import { Document, LineCounter, parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../../src/spec/load.js";
import { makeLocator } from "../../src/spec/locate.js";
import { formatProblem } from "../../src/spec/problems.js";

function problems(text: string): string[] {
  const result = loadSpec(text, "f.yaml");
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe("the locator", () => {
  it("finds each of 200,000 keys of one map without scanning the map for each (it did)", () => {
    const keys = Array.from({ length: 200_000 }, (_, i) => `k${i}`);
    const doc = new Document(Object.fromEntries(keys.map((k) => [k, 1])));
    const locate = makeLocator(doc, new LineCounter());
    const start = performance.now();
    for (const key of keys) locate([key]);
    // 200,000 lookups; scanning would be 2 · 10^10 key comparisons
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it("places a problem under a null key, which the loaded object keys as the empty string", () => {
    const text = "name: n\ninput: { features: 4 }\nlayers: [{ type: relu }]\n~: 1\n";
    const doc = parseDocument(text, { lineCounter: new LineCounter() });
    const lineCounter = new LineCounter();
    const located = makeLocator(parseDocument(text, { lineCounter }), lineCounter)([""], { key: true });
    expect(doc.errors).toEqual([]);
    expect(located).toEqual({ line: 4, column: 1 });
    expect(problems(text)).toEqual(['f.yaml:4:1: [""]: unknown field ""; allowed here: $schema, name, description, source, input, bias, layers, published']);
  });
});


describe("each problem is one line", () => {
  it("escapes a newline in a key (it split the message over two lines)", () => {
    const text = 'name: n\ninput: { features: 4 }\nlayers: [{ type: relu, "a\\nb": 1 }]\n';
    expect(problems(text)).toEqual(['f.yaml:3:24: layers[0]["a\\nb"]: unknown field "a\\nb"; allowed here: type, name, inputs']);
  });

  it("escapes other control characters in names", () => {
    const text = 'name: n\ninput: { features: 4 }\nlayers: [{ type: relu, inputs: ["x\\u0000\\ty"] }]\n';
    expect(problems(text)).toEqual(['f.yaml:3:33: layers[0].inputs[0]: unknown input "x\\u0000\\ty": no earlier layer has that name, and it is not "input"']);
  });
});

