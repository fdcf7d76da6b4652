// Reusable blocks (docs/spec-format.md, "Blocks"): expansion, naming, parameters, `first`,
// and every problem placed at both the definition and the use.

import { describe, expect, it } from "vitest";
import { checkNetwork } from "../../src/check/check-network.js";
import { LIMITS } from "../../src/loader/limits.js";
import { analyzeSpec } from "../../src/loader/analyze-spec.js";
import { formatProblem } from "../../src/loader/problems.js";
import { loadSpec, type LoadedSpec } from "../../src/loader/load.js";

const FILE = "net.yaml";

/** The lines joined: line numbers in the tests are the 1-based indices into this list. */
const lines = (...text: string[]) => `${text.join("\n")}\n`;

function load(text: string): LoadedSpec {
  const result = loadSpec(text, FILE);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result.spec;
}

/** Every problem, formatted as the CLI prints it. */
function problems(text: string): string[] {
  const result = loadSpec(text, FILE);
  if (!result.ok) return result.problems.map(formatProblem);
  const analysis = analyzeSpec(result.spec);
  return analysis.ok ? [] : analysis.problems.map(formatProblem);
}

const names = (spec: LoadedSpec) => spec.network.layers.map((layer) => layer.name);
const inputsOf = (spec: LoadedSpec, name: string) => spec.network.layers.find((layer) => layer.name === name)?.inputs;

const PAIR = [
  "blocks:",
  "  pair:",
  "    params: { out: null, k: 3 }",
  "    layers:",
  "      - { name: conv, type: conv, filters: $out, kernel: $k, padding: 1 }",
  "      - { name: act, type: relu }",
];

describe("expansion and names", () => {
  it("names a repeated use's layers USE.I.INNER and chains the repetitions", () => {
    const spec = load(
      lines(
        "name: t",
        "input: { size: 8, channels: 3 }",
        ...PAIR,
        "layers:",
        "  - { name: stem, type: conv, filters: 4, kernel: 1 }",
        "  - { name: b, use: pair, repeat: 2, with: { out: 4 } }",
        "  - { name: head, type: dense, units: 2 }",
      ),
    );
    expect(names(spec)).toEqual(["stem", "b.0.conv", "b.0.act", "b.1.conv", "b.1.act", "head"]);
    // the first repetition reads the use's input, the next one the previous repetition's output
    expect(inputsOf(spec, "b.0.conv")).toEqual(["stem"]);
    expect(inputsOf(spec, "b.1.conv")).toEqual(["b.0.act"]);
    // the layer after a use reads the block's output, its last layer
    expect(inputsOf(spec, "head")).toEqual(["b.1.act"]);
  });

  it("names a use without repeat USE.INNER, and an unnamed use after its block with an ordinal", () => {
    const spec = load(
      lines(
        "name: t",
        "input: { size: 8, channels: 3 }",
        ...PAIR,
        "layers:",
        "  - { name: one, use: pair, with: { out: 4 } }",
        "  - { use: pair, with: { out: 4 } }",
        "  - { use: pair, with: { out: 4 } }",
      ),
    );
    expect(names(spec)).toEqual(["one.conv", "one.act", "pair1.conv", "pair1.act", "pair2.conv", "pair2.act"]);
  });

  it("gives unnamed layers inside a block default names scoped to the expansion", () => {
    const spec = load(
      lines(
        "name: t",
        "input: { size: 8, channels: 3 }",
        "blocks:",
        "  plain:",
        "    layers:",
        "      - { type: conv, filters: 4, kernel: 1 }",
        "      - { type: relu }",
        "      - { type: conv, filters: 4, kernel: 1 }",
        "layers:",
        "  - { name: s, use: plain, repeat: 2 }",
      ),
    );
    expect(names(spec)).toEqual(["s.0.conv1", "s.0.relu1", "s.0.conv2", "s.1.conv1", "s.1.relu1", "s.1.conv2"]);
  });

  it("keeps the contract's top-level default names: uses do not count among a type's layers", () => {
    const spec = load(
      lines(
        "name: t",
        "input: { size: 8, channels: 3 }",
        ...PAIR,
        "layers:",
        "  - { type: conv, filters: 4, kernel: 1 }",
        "  - { name: b, use: pair, repeat: 2, with: { out: 4 } }",
        "  - { type: conv, filters: 4, kernel: 1 }",
        "  - { type: fc, units: 2 }",
      ),
    );
    expect(names(spec)).toEqual(["conv1", "b.0.conv", "b.0.act", "b.1.conv", "b.1.act", "conv2", "dense1"]);
  });

  it("lets later layers read a use (its output), one repetition (USE.I), or an inner layer by its full name", () => {
    const spec = load(
      lines(
        "name: t",
        "input: { size: 8, channels: 4 }",
        ...PAIR,
        "layers:",
        "  - { name: b, use: pair, repeat: 3, with: { out: 4 } }",
        "  - { name: sum, type: add, inputs: [b, b.0, b.1.conv] }",
      ),
    );
    expect(inputsOf(spec, "sum")).toEqual(["b.2.act", "b.0.act", "b.1.conv"]);
  });

  it("reads `input` inside a block as the block's input, and a use's `inputs` as that input", () => {
    const spec = load(
      lines(
        "name: t",
        "input: { size: 8, channels: 4 }",
        "blocks:",
        "  residual:",
        "    layers:",
        "      - { name: conv, type: conv, filters: 4, kernel: 3, padding: 1 }",
        "      - { name: sum, type: add, inputs: [conv, input] }",
        "layers:",
        "  - { name: a, type: relu }",
        "  - { name: b, type: relu }",
        "  - { name: r, use: residual, inputs: [a] }",
      ),
    );
    expect(inputsOf(spec, "r.conv")).toEqual(["a"]);
    expect(inputsOf(spec, "r.sum")).toEqual(["r.conv", "a"]);
  });

  it("substitutes parameters as whole values, inside pairs, with defaults and overrides", () => {
    const spec = load(
      lines(
        "name: t",
        "input: { size: 8, channels: 3 }",
        "blocks:",
        "  strip:",
        "    params: { out: null, k: 3, s: 1 }",
        "    layers:",
        "      - { name: conv, type: conv, filters: $out, kernel: [1, $k], stride: [$s, 1] }",
        "layers:",
        "  - { name: a, use: strip, with: { out: 5 } }",
        "  - { name: b, use: strip, with: { out: 6, k: 7, s: 2 } }",
      ),
    );
    const [a, b] = spec.network.layers;
    expect(a).toMatchObject({ name: "a.conv", filters: 5, kernel: [1, 3], stride: [1, 1] });
    expect(b).toMatchObject({ name: "b.conv", filters: 6, kernel: [1, 7], stride: [2, 1] });
  });

  it("expands the first repetition with `first` (another block, other values): torchvision's names come out", () => {
    const spec = load(
      lines(
        "name: t",
        "input: { size: 8, channels: 4 }",
        "bias: false",
        "blocks:",
        "  basic:",
        "    params: { out: null }",
        "    layers:",
        "      - { name: conv1, type: conv, filters: $out, kernel: 3, padding: 1 }",
        "      - { name: add, type: add, inputs: [conv1, input] }",
        "  down:",
        "    params: { out: null, stride: 2 }",
        "    layers:",
        "      - { name: conv1, type: conv, filters: $out, kernel: 3, stride: $stride, padding: 1 }",
        "      - { name: downsample.0, type: conv, filters: $out, kernel: 1, stride: $stride, inputs: [input] }",
        "      - { name: add, type: add, inputs: [conv1, downsample.0] }",
        "layers:",
        "  - { name: layer2, use: basic, repeat: 2, with: { out: 8 }, first: { use: down } }",
        "  - { name: layer3, use: basic, repeat: 2, with: { out: 8 }, first: { use: down, with: { stride: 1 } } }",
      ),
    );
    expect(names(spec)).toEqual([
      "layer2.0.conv1",
      "layer2.0.downsample.0",
      "layer2.0.add",
      "layer2.1.conv1",
      "layer2.1.add",
      "layer3.0.conv1",
      "layer3.0.downsample.0",
      "layer3.0.add",
      "layer3.1.conv1",
      "layer3.1.add",
    ]);
    const report = analyzeSpec(spec);
    if (!report.ok) throw new Error("expected a report");
    const shape = (name: string) => report.report.layers.find((row) => row.name === name)?.output;
    // layer2.0 halves 8 → 4 with stride 2; layer3.0 keeps 4 with first.with's stride 1
    expect(shape("layer2.0.conv1")).toEqual({ kind: "image", height: 4, width: 4, channels: 8 });
    expect(shape("layer3.0.downsample.0")).toEqual({ kind: "image", height: 4, width: 4, channels: 8 });
  });

  it("expands blocks inside blocks, passing parameters down, with a parameter as repeat", () => {
    const spec = load(
      lines(
        "name: t",
        "input: { size: 8, channels: 3 }",
        ...PAIR,
        "  stage:",
        "    params: { out: null, n: 1 }",
        "    layers:",
        "      - { name: unit, use: pair, repeat: $n, with: { out: $out, k: 1 } }",
        "      - { name: pool, type: maxpool, kernel: 2 }",
        "layers:",
        "  - { name: s1, use: stage, with: { out: 4, n: 2 } }",
      ),
    );
    expect(names(spec)).toEqual(["s1.unit.0.conv", "s1.unit.0.act", "s1.unit.1.conv", "s1.unit.1.act", "s1.pool"]);
    expect(spec.network.layers[0]).toMatchObject({ filters: 4, kernel: [1, 1] });
    // each layer remembers where it is written and which uses expanded it, innermost first
    expect(spec.origins[2]).toEqual({
      path: ["blocks", "pair", "layers", 0],
      // the fields written as parameters, and (on the use) the parameters given as the enclosing block's
      refs: { filters: "out", kernel: "k" },
      uses: [
        // the use `s1.unit` repeats its block, so repetition 1 is `s1.unit.1`; the block's parameters as bound
        {
          path: ["blocks", "stage", "layers", 0],
          instance: "s1.unit.1",
          use: "s1.unit",
          block: "pair",
          params: new Map<string, unknown>([
            ["out", 4],
            ["k", 1],
          ]),
          refs: { out: "out" },
        },
        {
          path: ["layers", 0],
          instance: "s1",
          use: "s1",
          block: "stage",
          params: new Map<string, unknown>([
            ["out", 4],
            ["n", 2],
          ]),
        },
      ],
    });
  });

  it("hands the core plain layers only, and lets published figures name expanded layers", () => {
    const spec = load(
      lines(
        "name: t",
        "input: { size: 8, channels: 3 }",
        ...PAIR,
        "layers:",
        "  - { name: b, use: pair, repeat: 2, with: { out: 4 } }",
        "published:",
        "  - source: hand arithmetic",
        // b.1.conv: 8·8 outputs × 3·3·4 inputs × 4 filters = 9,216 connections; 3·3·4·4 + 4 = 148 weights
        "    layers: { b.1.conv: { weights: 148, connections: 9216 } }",
      ),
    );
    expect(spec.network.layers.every((layer) => "type" in layer && !("use" in layer))).toBe(true);
    const checked = checkNetwork(spec.network, spec.published);
    expect(checked.ok && checked.result.ok).toBe(true);
    expect(checked.ok && checked.result.sources[0]?.cells.map((c) => c.status)).toEqual(["match", "match"]);
  });
});

describe("problems inside blocks name the definition and the use", () => {
  it("places a shape problem at the definition, with the expansion and the use's line", () => {
    const text = lines(
      "name: t", //                                                          1
      "input: { size: 8, channels: 4 }", //                                  2
      "blocks:", //                                                          3
      "  grouped:", //                                                       4
      "    params: { g: 1 }", //                                             5
      "    layers:", //                                                      6
      "      - { name: conv, type: conv, filters: 6, kernel: 1, groups: $g }", // 7
      "layers:", //                                                          8
      "  - { name: ok, use: grouped }", //                                   9
      "  - { name: layer3, use: grouped, repeat: 2, with: { g: 4 } }", //   10
    );
    // 6 channels in, groups 4: the first expansion fails; the second reads it and is skipped
    expect(problems(text)).toEqual([
      "net.yaml:7:66: blocks.grouped.layers[0].groups: groups (4) must divide the input channels (6) (in layer3.0, used at layers[1], line 10:5)",
    ]);
  });

  it("places a form problem found after substitution at the definition, once for all expansions", () => {
    const text = lines(
      "name: t",
      "input: { size: 8, channels: 4 }",
      "blocks:",
      "  b:",
      "    params: { w: null }",
      "    layers:",
      "      - { type: conv, filters: $w, kernel: 1 }", // 7
      "layers:",
      '  - { name: x, use: b, repeat: 3, with: { w: "wide" } }', // 9
    );
    expect(problems(text)).toEqual([
      'net.yaml:7:32: blocks.b.layers[0].filters: expected an integer, found "wide" (in x.0, used at layers[0], line 9:5; the same in 2 more expansions)',
    ]);
  });

  it("reports an unknown $param once, at the definition", () => {
    const text = lines(
      "name: t",
      "input: { size: 8, channels: 4 }",
      "blocks:",
      "  b:",
      "    params: { width: null }",
      "    layers:",
      "      - { type: conv, filters: $width, kernel: [1, $widht] }", // 7
      "layers:",
      "  - { use: b, repeat: 2, with: { width: 4 } }",
    );
    expect(problems(text)).toEqual([
      'net.yaml:7:52: blocks.b.layers[0].kernel[1]: unknown parameter $widht (did you mean "width"?): block "b" declares $width',
    ]);
  });

  it("reports a missing required parameter and an unknown `with` key at the use", () => {
    const text = lines(
      "name: t",
      "input: { size: 8, channels: 4 }",
      "blocks:",
      "  b:",
      "    params: { width: null, k: 1 }",
      "    layers:",
      "      - { type: conv, filters: $width, kernel: $k }",
      "layers:",
      "  - { use: b, with: { widht: 4 } }", // 9
      "  - { use: b }", // 10
    );
    expect(problems(text)).toEqual([
      'net.yaml:9:21: layers[0].with: missing required parameter "width" of block "b": give it in with',
      'net.yaml:9:23: layers[0].with.widht: unknown parameter "widht" (did you mean "width"?): block "b" declares "width", "k"',
      'net.yaml:10:12: layers[1].use: missing required parameter "width" of block "b": give it in with',
    ]);
  });

  it("reports an unknown block at the use, and inside a block at the definition", () => {
    const text = lines(
      "name: t",
      "input: { size: 8, channels: 4 }",
      "blocks:",
      "  fire:",
      "    layers:",
      "      - { use: squeez }", // 6
      "layers:",
      "  - { use: fier }", // 8
    );
    expect(problems(text)).toEqual(['net.yaml:6:16: blocks.fire.layers[0].use: unknown block "squeez"; blocks defined: "fire"']);
    const top = lines(
      "name: t",
      "input: { size: 8, channels: 4 }",
      "blocks:",
      "  fire:",
      "    layers:",
      "      - { type: relu }",
      "layers:",
      "  - { use: fier }",
    );
    expect(problems(top)).toEqual(['net.yaml:8:12: layers[0].use: unknown block "fier" (did you mean "fire"?); blocks defined: "fire"']);
  });

  it("reports duplicate names inside a block at the definition", () => {
    const text = lines(
      "name: t",
      "input: { size: 8, channels: 4 }",
      "blocks:",
      "  b:",
      "    layers:",
      "      - { name: c, type: relu }",
      "      - { name: c, type: relu }", // 7
      "layers:",
      "  - { name: u, use: b, repeat: 2 }", // 9
    );
    expect(problems(text)).toEqual([
      'net.yaml:7:17: blocks.b.layers[1].name: duplicate layer name "c": blocks.b.layers[0] already has it (in u.0, used at layers[0], line 9:5; the same in 1 more expansion)',
    ]);
  });

  it("reports a reference inside a block to a layer outside it, or to a later one", () => {
    const text = lines(
      "name: t",
      "input: { size: 8, channels: 4 }",
      "blocks:",
      "  b:",
      "    layers:",
      "      - { name: x, type: add, inputs: [stem, y] }", // 6
      "      - { name: y, type: relu }",
      "layers:",
      "  - { name: stem, type: relu }",
      "  - { name: u, use: b }", // 10
    );
    expect(problems(text)).toEqual([
      'net.yaml:6:40: blocks.b.layers[0].inputs[0]: unknown input "stem": inside block "b", inputs name the block\'s earlier layers, or "input" for the block\'s input (in u, used at layers[1], line 10:5)',
      'net.yaml:6:46: blocks.b.layers[0].inputs[1]: input "y" is blocks.b.layers[1], which is not earlier: a block\'s layers must be listed in topological order (in u, used at layers[1], line 10:5)',
    ]);
  });

  it("reports a top-level reference to a layer that only exists inside a block, with its full names", () => {
    const text = lines(
      "name: t",
      "input: { size: 8, channels: 4 }",
      ...PAIR,
      "layers:",
      "  - { name: b, use: pair, with: { out: 4 } }",
      "  - { type: relu, inputs: [conv] }",
    );
    expect(problems(text)).toEqual([
      'net.yaml:11:28: layers[1].inputs[0]: unknown input "conv": no earlier layer has that name, and it is not "input"; layers inside blocks are named after their use, such as "b.conv"',
    ]);
  });

  it("reports a reference to a later use as not earlier, naming the use", () => {
    const text = lines(
      "name: t",
      "input: { size: 8, channels: 4 }",
      ...PAIR,
      "layers:",
      "  - { type: relu, inputs: [b] }",
      "  - { name: b, use: pair, with: { out: 4 } }",
    );
    expect(problems(text)).toEqual([
      'net.yaml:10:28: layers[0].inputs[0]: input "b" is layers[1], which is not earlier: layers must be listed in topological order',
    ]);
  });

  it("reports a block that contains itself, with the chain", () => {
    const text = lines(
      "name: t",
      "input: { size: 8, channels: 4 }",
      "blocks:",
      "  a:",
      "    layers:",
      "      - { use: b }",
      "  b:",
      "    layers:",
      "      - { type: relu }",
      "      - { use: a }", // 10
      "layers:",
      "  - { use: a }",
    );
    expect(problems(text)).toEqual(['net.yaml:10:16: blocks.b.layers[1].use: block "a" would contain itself: a → b → a; blocks cannot be recursive']);
  });

  it("refuses blocks nested deeper than LIMITS.maxBlockDepth, naming the limit", () => {
    const depth = LIMITS.maxBlockDepth + 1;
    const blocks = Array.from({ length: depth }, (_, i) => [
      `  b${i}:`,
      "    layers:",
      i === depth - 1 ? "      - { type: relu }" : `      - { use: b${i + 1} }`,
    ]).flat();
    const text = lines("name: t", "input: { size: 8, channels: 4 }", "blocks:", ...blocks, "layers:", "  - { use: b0 }");
    // the top-level use is the last line; b0 is level 1, so b16 would be level 17
    expect(problems(text)).toEqual([
      `net.yaml:${4 + 3 * depth + 1}:5: layers[0]: blocks nest deeper than the limit of 16 levels (LIMITS.maxBlockDepth): in this use's expansion, block "b15" uses block "b16" at level 17`,
    ]);
  });

  it("refuses an expansion beyond LIMITS.maxLayers before building it, at the top-level use", () => {
    // 1,001 × 1,000 = 1,001,000 layers > 1,000,000
    const text = lines(
      "name: t",
      "input: { size: 8, channels: 4 }",
      "blocks:",
      "  one:",
      "    layers:",
      "      - { type: relu }",
      "  many:",
      "    layers:",
      "      - { use: one, repeat: 1000 }",
      "layers:",
      "  - { use: many, repeat: 1001 }", // 11
    );
    expect(problems(text)).toEqual([
      `net.yaml:11:5: layers[0]: the spec expands to more than ${LIMITS.maxLayers.toLocaleString("en-US")} layers, the limit of one spec (LIMITS.maxLayers)`,
    ]);
  });

  it.each([
    [
      "first without repeat",
      "  - { use: pair, with: { out: 4 }, first: { with: { k: 1 } } }",
      "net.yaml:10:36: layers[0].first: first changes the first repetition: give repeat as well",
    ],
    ["type and use together", "  - { type: relu, use: pair }", "net.yaml:10:7: layers[0].type: an entry is a layer (type) or a use of a block (use), not both"],
    [
      "a use with two inputs",
      "  - { use: pair, inputs: [input, input], with: { out: 4 } }",
      "net.yaml:10:26: layers[0].inputs: expected a list of one layer name: a block takes one input, found a list of 2",
    ],
    [
      "a misspelt use field",
      "  - { use: pair, repaet: 2, with: { out: 4 } }",
      'net.yaml:10:18: layers[0].repaet: unknown field "repaet" (did you mean "repeat"?)',
    ],
    [
      "a parameter outside a block",
      "  - { type: conv, filters: $out, kernel: 1 }",
      "net.yaml:10:28: layers[0].filters: $out looks like a block parameter, but parameters exist only inside a block's layers",
    ],
  ])("reports %s", (_, layer, expected) => {
    expect(problems(lines("name: t", "input: { size: 8, channels: 4 }", ...PAIR, "layers:", layer))).toEqual([expected]);
  });

  it("still reports the rest of the spec when the blocks cannot be expanded", () => {
    const text = lines("name: t", "input: { size: 8, channels: 4 }", "block: {}", "layers:", "  - { use: b }");
    expect(problems(text)).toEqual([
      'net.yaml:3:1: block: unknown field "block" (did you mean "blocks"?)',
      'net.yaml:5:12: layers[0].use: unknown block "b"; the spec defines no blocks',
    ]);
  });

  it.each([
    ["a block named like a layer type", "  conv:", 'net.yaml:4:3: blocks.conv: "conv" is a layer type: give the block another name'],
    [
      "a block name that is not an identifier",
      "  2x:",
      'net.yaml:4:3: blocks["2x"]: a block name is letters, digits and _, not starting with a digit; found "2x"',
    ],
  ])("reports %s", (_, header, expected) => {
    expect(
      problems(
        lines("name: t", "input: { size: 8, channels: 4 }", "blocks:", header, "    layers:", "      - { type: relu }", "layers:", "  - { type: relu }"),
      ),
    ).toEqual([expected]);
  });
});

describe("specs without blocks behave as before", () => {
  it("names layers by type and ordinal and chains them", () => {
    const spec = load(
      lines(
        "name: t",
        "input: { size: 8, channels: 3 }",
        "layers:",
        "  - { type: conv, filters: 4, kernel: 3 }",
        "  - { type: relu }",
        "  - { name: mine, type: conv, filters: 4, kernel: 3 }",
        "  - { type: fc, units: 2 }",
        "  - { type: linear, units: 2 }",
      ),
    );
    expect(names(spec)).toEqual(["conv1", "relu1", "mine", "dense1", "dense2"]);
    expect(spec.network.layers.map((layer) => layer.inputs)).toEqual([["input"], ["conv1"], ["relu1"], ["mine"], ["dense1"]]);
    expect(spec.origins).toEqual(spec.network.layers.map((_, i) => ({ path: ["layers", i], uses: [] })));
  });

  it("words naming problems as the contract's loader always has", () => {
    const text = lines(
      "name: t",
      "input: { size: 8, channels: 3 }",
      "layers:",
      "  - { type: relu, inputs: [later] }", // 4
      "  - { type: relu }",
      "  - { name: relu1, type: relu, inputs: [nowhere] }", // 6
      "  - { name: later, type: relu }",
    );
    expect(problems(text)).toEqual([
      'net.yaml:4:28: layers[0].inputs[0]: input "later" is layers[3], which is not earlier: layers must be listed in topological order',
      'net.yaml:6:13: layers[2].name: duplicate layer name "relu1": layers[0] already has it',
      'net.yaml:6:41: layers[2].inputs[0]: unknown input "nowhere": no earlier layer has that name, and it is not "input"',
    ]);
  });
});
