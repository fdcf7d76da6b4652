// One run reports every problem the loader can find, in file order, whatever stage finds it:
// the schema, layer naming and references, a pool's window fields, a published source, and the
// shapes of the layers that are valid.

import { describe, expect, it } from "vitest";
import { loadSpec } from "../../src/loader/load.js";
import { formatProblem } from "../../src/loader/problems.js";
import { runCli } from "../support/memory-io.js";

// Columns counted by hand: each layer line starts "  - { " (6 characters), so its first
// field is at column 7 and the map itself at column 5.
const SPEC = `name: many problems
input: { size: 32, channels: 3 }
layers:
  - { name: c1, type: conv, filters: 8, kernal: 3 }
  - { name: p1, type: maxpool, global: true, kernel: 2 }
  - { name: c1, type: conv, filters: 0, kernel: 3 }
  - { name: d1, type: dense, units: 10, inputs: [nowhere] }
  - { name: a1, type: relu, inputs: [d2] }
  - { name: d2, type: dense }
published:
  - source: s
    totals: { weights: 1 }
    errata: [{ at: totals.units, note: n }]
`;

const EXPECTED = [
  // line 4: a misspelt field (column 7 + "name: c1, type: conv, filters: 8, " = 41) and so a missing one
  'f.yaml:4:5: layers[0].kernel: missing required field "kernel"',
  'f.yaml:4:41: layers[0].kernal: unknown field "kernal" (did you mean "kernel"?)',
  // line 5: global pooling with a kernel (column 7 + "name: p1, type: maxpool, global: true, " = 46)
  "f.yaml:5:46: layers[1].kernel: global pooling chooses its own windows: remove kernel",
  // line 6: a duplicate name (column 13, after "name: ") and zero filters (column 7 + 31 = 38)
  'f.yaml:6:13: layers[2].name: duplicate layer name "c1": layers[0] already has it',
  "f.yaml:6:38: layers[2].filters: expected an integer ≥ 1, found 0",
  // lines 7 and 8: an unknown input, and one that comes later
  'f.yaml:7:50: layers[3].inputs[0]: unknown input "nowhere": no earlier layer has that name, and it is not "input"',
  'f.yaml:8:38: layers[4].inputs[0]: input "d2" is layers[5], which is not earlier: layers must be listed in topological order',
  // line 9: a dense layer without units (the map at column 5)
  'f.yaml:9:5: layers[5].units: missing required field "units"',
  // line 13: an erratum for a cell the source does not publish
  'f.yaml:13:20: published[0].errata[0].at: "totals.units" is not a cell this source publishes; expected one of: totals.weights',
];

describe("a spec with many problems", () => {
  it("gets all of them from one load, in file order", () => {
    const result = loadSpec(SPEC, "f.yaml");
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual(EXPECTED);
  });

  it("gets all of them from one run of the CLI, under a count, on stderr only", async () => {
    const result = await runCli(["f.yaml", "--json"], { files: { "f.yaml": SPEC } });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`alexcount: ${EXPECTED.length} problems\n${EXPECTED.join("\n")}\n`);
  });

  it("reports the pool and published problems of valid parts even when another layer fails the schema (they were hidden)", () => {
    const text = `name: n
input: { size: 8, channels: 3 }
layers:
  - { type: maxpool, output: 2, stride: 2 }
  - { type: relu, bogus: 1 }
published:
  - source: s
    layers: { nowhere: { units: 1 } }
`;
    expect(problems(text)).toEqual([
      // "  - { type: maxpool, output: 2, " is 32 characters: stride at column 33
      "f.yaml:4:33: layers[0].stride: adaptive pooling chooses its own windows: remove stride",
      // "  - { type: relu, " is 18 characters: bogus at column 19
      'f.yaml:5:19: layers[1].bogus: unknown field "bogus"; allowed here: type, name, inputs',
      // "    layers: { " is 14 characters: the key at column 15
      'f.yaml:8:15: published[0].layers.nowhere: no layer is named "nowhere"',
    ]);
  });

  it("reports the shape problems of valid layers beside the schema's, and skips the layers that read an invalid one (they waited for the rest to be fixed)", () => {
    const text = `name: n
input: { size: 8, channels: 3 }
layers:
  - { type: conv, filters: 4, kernel: 3, groups: 2 }
  - { name: bad, type: dense, units: 0 }
  - { type: relu }
  - { name: big, type: conv, filters: 4, kernel: 20, inputs: [input] }
`;
    expect(problems(text)).toEqual([
      // 3 input channels do not split into 2 groups; "  - { type: conv, filters: 4, kernel: 3, groups: " is 49 characters
      "f.yaml:4:50: layers[0].groups: (conv1) groups (2) must divide the input channels (3)",
      // "  - { name: bad, type: dense, units: " is 37 characters; relu1 reads bad, so its shape is unknown and it is not reported
      "f.yaml:5:38: layers[1].units: expected an integer ≥ 1, found 0",
      // an 8×8 input and a 20×20 kernel: ⌊(8 − 20) / 1⌋ + 1 = −11; "  - { name: big, type: conv, filters: 4, kernel: " is 49 characters
      "f.yaml:7:50: layers[3].kernel: (big) output height would be -11, below 1: the window does not fit the input height of 8",
    ]);
  });

  it("reports a shape problem beside a published source's", () => {
    const text = `name: n
input: { size: 8, channels: 3 }
layers:
  - { type: conv, filters: 4, kernel: 20 }
published:
  - source: s
    totals: { weights: nope }
`;
    expect(problems(text)).toEqual([
      // "  - { type: conv, filters: 4, kernel: " is 38 characters
      "f.yaml:4:39: layers[0].kernel: (conv1) output height would be -11, below 1: the window does not fit the input height of 8",
      // "    totals: { weights: " is 23 characters
      'f.yaml:7:24: published[0].totals.weights: expected an integer ≥ 0, or a number with a scale suffix K, M, B, G or T such as "61M" or "1.5B", found "nope"',
    ]);
  });

  it("looks for no shape problem while a name or a reference is wrong: the walk needs them", () => {
    const text = `name: n
input: { size: 8, channels: 3 }
layers:
  - { type: relu, inputs: [nowhere] }
  - { type: conv, filters: 4, kernel: 20, inputs: [input] }
`;
    // "  - { type: relu, inputs: [" is 27 characters; layers[1]'s kernel does not fit either, and waits
    expect(problems(text)).toEqual(['f.yaml:4:28: layers[0].inputs[0]: unknown input "nowhere": no earlier layer has that name, and it is not "input"']);
  });
});

function problems(text: string): string[] {
  const result = loadSpec(text, "f.yaml");
  return result.ok ? [] : result.problems.map(formatProblem);
}
