// Loader bugs the fuzzer found, each pinned by the smallest case that showed it.

import { describe, expect, it } from "vitest";
import { loadSpec } from "../../src/spec/load.js";
import { formatProblem } from "../../src/spec/problems.js";

function problems(text: string): string[] {
  const result = loadSpec(text, "f.yaml");
  return result.ok ? [] : result.problems.map(formatProblem);
}

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

