import { describe, expect, it } from "vitest";
import { type Problem, formatProblem } from "../../src/loader/problems.js";
import { loadSpec } from "../../src/loader/load.js";
import { runCli } from "../support/memory-io.js";

function problems(text: string, file = "bad.yaml"): Problem[] {
  const result = loadSpec(text, file);
  if (result.ok) throw new Error("expected problems, got a valid spec");
  return [...result.problems];
}

function lines(text: string): string[] {
  return problems(text).map(formatProblem);
}

const HEAD = "name: bad\ninput: { width: 64, height: 48, channels: 3 }\nlayers:\n";

describe("a valid spec", () => {
  it("resolves default names, inputs, aliases and shorthands", () => {
    const result = loadSpec(
      `name: ok
input: { size: 8, channels: 3 }
layers:
  - { type: conv, filters: 4, kernel: 3, padding: same }
  - { type: relu }
  - { name: head, type: fc, units: 10, bias: false }
  - { type: linear, units: 5, inputs: [head] }
  - { type: maxpool, kernel: 2, inputs: [conv1] }
`,
      "ok.yaml",
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { network } = result.spec;
    expect(network.input).toEqual({ kind: "image", width: 8, height: 8, channels: 3 });
    expect(network.bias).toBe(true); // the contract's default
    expect(network.layers.map((l) => [l.name, l.type, l.inputs])).toEqual([
      ["conv1", "conv", ["input"]],
      ["relu1", "relu", ["conv1"]],
      ["head", "dense", ["relu1"]],
      ["dense2", "dense", ["head"]], // fc and linear are dense; the named one still counts: ordinal 2
      ["maxpool1", "maxpool", ["conv1"]],
    ]);
    const [conv, , head] = network.layers;
    expect(conv).toMatchObject({ padding: "same", stride: [1, 1], dilation: [1, 1], groups: 1, kernel: [3, 3] });
    expect(conv && "bias" in conv).toBe(false); // follows the network
    expect(head).toMatchObject({ bias: false });
    expect(network.layers[4]).toMatchObject({ window: { kind: "window", kernel: [2, 2], stride: [2, 2], padding: [0, 0], ceil: false } });
  });

  it("--bias / --no-bias override the spec's setting", () => {
    const text = `name: x\ninput: { features: 3 }\nbias: false\nlayers: [ { type: dense, units: 2 } ]\n`;
    const on = loadSpec(text, "x.yaml", { bias: true });
    expect(on.ok && on.spec.network.bias).toBe(true);
    const off = loadSpec(text, "x.yaml");
    expect(off.ok && off.spec.network.bias).toBe(false);
  });

  it("reads JSON (JSON is YAML)", () => {
    const result = loadSpec('{"name":"j","input":{"features":4},"layers":[{"type":"dense","units":2}]}', "j.json");
    expect(result.ok).toBe(true);
  });
});

describe("bad input: every problem located by line:column and field path", () => {
  it("a YAML syntax error", () => {
    const [first] = lines(HEAD + "  - { type: conv, filters: 16, kernel: 3\n");
    expect(first).toMatch(/^bad\.yaml:4:5: a \{ map opened here is never closed: add the closing \}$/);
  });

  it("an unknown type lists the known ones and suggests the nearest", () => {
    expect(lines(HEAD + "  - { type: pool, kernel: 2 }\n")).toEqual([
      'bad.yaml:4:13: layers[0].type: unknown layer type "pool" (did you mean "maxpool" or "avgpool"?); known types: conv, dense, fc, linear, maxpool, avgpool, batchnorm, layernorm, flatten, concat, add, relu, sigmoid, tanh, softmax, activation, lrn, dropout, identity, gelu, silu, swish, hardswish, hardsigmoid, relu6, mish, embedding, position_embedding, class_token, rmsnorm, attention, multiply, lstm, gru, rnn, to_sequence, mean, pick, dispatch, combine, conv_transpose, upsample, crop, split, slice, shuffle',
    ]);
  });

  it("a missing required field points at its layer", () => {
    expect(lines(HEAD + "  - { type: conv, kernel: 3 }\n")).toEqual(['bad.yaml:4:5: layers[0].filters: missing required field "filters"']);
  });

  it("a misspelt field is an error with a suggestion, not ignored", () => {
    expect(lines(HEAD + "  - { type: conv, filters: 8, kernal: 3 }\n")).toEqual([
      'bad.yaml:4:5: layers[0].kernel: missing required field "kernel"',
      'bad.yaml:4:31: layers[0].kernal: unknown field "kernal" (did you mean "kernel"?)',
    ]);
  });

  // columns counted by hand: "  - { type: dense, units: " is 26 characters, so the value is at 27
  it.each([
    ["  - { type: dense, units: 0 }\n", "bad.yaml:4:27: layers[0].units: expected an integer ≥ 1, found 0"],
    ["  - { type: dense, units: 2.5 }\n", "bad.yaml:4:27: layers[0].units: expected an integer, found 2.5"],
    ['  - { type: dense, units: "ten" }\n', 'bad.yaml:4:27: layers[0].units: expected an integer, found "ten"'],
    [
      "  - { type: conv, filters: 4, kernel: [3] }\n",
      "bad.yaml:4:39: layers[0].kernel: expected an integer ≥ 1 or a pair [height, width] of integers ≥ 1, found a list of 1",
    ],
    [
      "  - { type: conv, filters: 4, kernel: 3, padding: full }\n",
      'bad.yaml:4:51: layers[0].padding: expected an integer ≥ 0, a pair [height, width], "same" or "valid", found "full"',
    ],
    ["  - { name: input, type: relu }\n", 'bad.yaml:4:13: layers[0].name: "input" is reserved: it names the network input'],
  ])("%s", (layer, message) => {
    expect(lines(HEAD + layer)).toEqual([message]);
  });

  it("an unknown or later input", () => {
    expect(lines(HEAD + "  - { type: relu, inputs: [nowhere] }\n")).toEqual([
      'bad.yaml:4:28: layers[0].inputs[0]: unknown input "nowhere": no earlier layer has that name, and it is not "input"',
    ]);
    expect(lines(HEAD + "  - { type: relu, inputs: [later] }\n  - { name: later, type: relu }\n")).toEqual([
      'bad.yaml:4:28: layers[0].inputs[0]: input "later" is layers[1], which is not earlier: layers must be listed in topological order',
    ]);
  });

  it("a duplicate name, explicit or default", () => {
    expect(lines(HEAD + "  - { type: relu }\n  - { name: relu1, type: relu }\n")).toEqual([
      'bad.yaml:5:13: layers[1].name: duplicate layer name "relu1": layers[0] already has it',
    ]);
  });

  it("missing top-level fields", () => {
    expect(lines("layers: [ { type: relu } ]\n")).toEqual([
      'bad.yaml:1:1: name: missing required field "name"',
      'bad.yaml:1:1: input: missing required field "input"',
    ]);
  });

  it("a bad shape", () => {
    expect(lines("name: x\ninput: { size: 8 }\nlayers: [ { type: relu } ]\n")).toEqual([
      "bad.yaml:2:8: input: expected a shape: { width, height, channels }, { size, channels }, { features }, a sequence { tokens, features } or { length, channels }, or token ids { tokens }, each an integer ≥ 1, found an object",
    ]);
  });

  it("pooling needs a kernel unless global or adaptive, and not both", () => {
    expect(lines(HEAD + "  - { type: maxpool }\n")).toEqual([
      'bad.yaml:4:5: layers[0].kernel: missing required field "kernel" (or set global: true, or output for adaptive pooling)',
    ]);
    expect(lines(HEAD + "  - { type: avgpool, global: true, kernel: 2 }\n")).toEqual([
      "bad.yaml:4:36: layers[0].kernel: global pooling chooses its own windows: remove kernel",
    ]);
  });

  it("an empty file and a file that is not a mapping", () => {
    expect(lines("")).toEqual(["bad.yaml: the file is empty: expected a spec with name, input and layers"]);
    expect(lines("- 1\n- 2\n")[0]).toMatch(/^bad\.yaml:1:1: expected an object, found a list of 2/);
  });

  it("duplicate keys are a YAML error", () => {
    expect(lines("name: a\nname: b\ninput: { features: 1 }\nlayers: [ { type: relu } ]\n")).toEqual([
      'bad.yaml:2:1: name: duplicate key: "name" is already given at line 1; each key may appear once',
    ]);
  });

  it("alias expansion is bounded (a billion laughs stays small)", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(", ")}]`,
      );
    const [message] = lines(`${bomb.join("\n")}\nname: x\n`);
    expect(message).toMatch(/aliases expand too far \(the limit is 100 alias uses/);
  });

  it("reports every problem in one pass, in file order", () => {
    const found = problems(
      `name: many
input: { size: 8, channels: 3 }
layers:
  - { type: conv, filters: 0, kernel: 3 }
  - { type: pool }
  - { type: relu, inputs: [ghost] }
  - { type: dense, units: 4, colour: red }
`,
    );
    expect(found.map((p) => `${p.position?.line}:${p.path}`)).toEqual([
      "4:layers[0].filters",
      "5:layers[1].type",
      "6:layers[2].inputs[0]",
      "7:layers[3].colour",
    ]);
  });
});

describe("published sources", () => {
  const spec = (published: string) => `name: p\ninput: { features: 4 }\nlayers: [ { name: d, type: dense, units: 2 } ]\npublished:\n${published}`;

  it("an erratum must name a published cell of an existing layer", () => {
    expect(lines(spec("  - source: s\n    layers: { d: { weights: 10 } }\n    errata: [ { at: layers.d.units, note: n } ]\n"))).toEqual([
      'bad.yaml:7:21: published[0].errata[0].at: "layers.d.units" is not a cell this source publishes; expected one of: layers.d.weights',
    ]);
    expect(lines(spec("  - source: s\n    totals: { weights: 10 }\n    errata: [ { at: layers.zz.units, note: n } ]\n"))).toEqual([
      'bad.yaml:7:21: published[0].errata[0].at: no layer is named "zz"',
    ]);
  });

  it("a published layer must exist, and values must be integers or suffixed", () => {
    expect(lines(spec('  - source: s\n    layers: { d: { weights: "10 million" } }\n'))).toEqual([
      'bad.yaml:6:29: published[0].layers.d.weights: expected an integer ≥ 0, or a number with a scale suffix K, M, B, G or T such as "61M" or "1.5B", found "10 million"',
    ]);
    expect(lines(spec("  - source: s\n    layers: { e: { weights: 10 } }\n"))).toEqual(['bad.yaml:6:15: published[0].layers.e: no layer is named "e"']);
  });
});

describe("layernorm", () => {
  it("has affine and shift on by default, and refuses a shift without affine, at the field", () => {
    const result = loadSpec("name: t\ninput: { features: 8 }\nlayers:\n  - { type: layernorm }\n  - { type: layernorm, affine: false }\n", "t.yaml");
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.spec.network.layers).toEqual([
      { name: "layernorm1", inputs: ["input"], type: "layernorm", affine: true, shift: true },
      { name: "layernorm2", inputs: ["layernorm1"], type: "layernorm", affine: false, shift: false },
    ]);
    // "  - { type: layernorm, affine: false, " is 38 characters: the key at column 39
    expect(lines(`${HEAD}  - { type: layernorm, affine: false, shift: true }\n`)).toEqual([
      "bad.yaml:4:39: layers[0].shift: the shift is part of the affine transform: remove shift, or set affine: true",
    ]);
  });
});

describe("batchnorm's scale and shift", () => {
  it("are on by default, each may be off with affine, and are refused without affine or both off, at the field", () => {
    const result = loadSpec(
      "name: t\ninput: { features: 8 }\nlayers:\n  - { type: batchnorm }\n  - { type: batchnorm, scale: false }\n  - { type: batchnorm, shift: false }\n",
      "t.yaml",
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.spec.network.layers).toEqual([
      { name: "batchnorm1", inputs: ["input"], type: "batchnorm", affine: true },
      { name: "batchnorm2", inputs: ["batchnorm1"], type: "batchnorm", affine: true, scale: false },
      { name: "batchnorm3", inputs: ["batchnorm2"], type: "batchnorm", affine: true, shift: false },
    ]);
    // "  - { type: batchnorm, affine: false, " is 38 characters: the key at column 39
    expect(lines(`${HEAD}  - { type: batchnorm, affine: false, scale: true }\n`)).toEqual([
      "bad.yaml:4:39: layers[0].scale: the scale and the shift are the affine transform: remove them, or set affine: true",
    ]);
    // "  - { type: batchnorm, " is 23 characters: scale at column 24
    expect(lines(`${HEAD}  - { type: batchnorm, scale: false, shift: false }\n`)).toEqual([
      "bad.yaml:4:24: layers[0].scale: no scale and no shift is affine: false",
    ]);
  });
});

describe("a spec of 5,000 layers", () => {
  /** A chain of `count` layers as JSON, one per line: conv, relu, conv, relu… */
  const chain = (count: number) =>
    `{"name":"big","input":{"size":8,"channels":2},"layers":[\n${Array.from({ length: count }, (_, i) => (i % 2 === 0 ? '{"type":"conv","filters":2,"kernel":3,"padding":1}' : '{"type":"relu"}')).join(",\n")}\n]}\n`;

  it("loads as a small one does: default names and inputs", () => {
    const result = loadSpec(chain(5_000), "big.json");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { layers } = result.spec.network;
    expect(layers).toHaveLength(5_000);
    expect(layers.slice(-2).map((l) => [l.name, l.type, l.inputs])).toEqual([
      ["conv2500", "conv", ["relu2499"]],
      ["relu2500", "relu", ["conv2500"]],
    ]);
  });

  it("reports a bad layer as a small spec does, at its place", () => {
    const problems = (count: number, bad: RegExp, by: string) => {
      const result = loadSpec(chain(count).replace(bad, by), "big.json");
      return result.ok ? [] : result.problems.map(formatProblem);
    };
    // a field the schema refuses; a pool without a window, which only the conversion finds
    for (const [bad, by] of [
      [/("filters":)2/, "$10"],
      [/\{"type":"relu"\}/, '{"type":"maxpool"}'],
    ] as const) {
      expect(problems(5_000, bad, by)).toEqual(problems(2, bad, by));
      expect(problems(5_000, bad, by)).toHaveLength(1);
    }
    expect(problems(5_000, /("filters":)2/, "$10")).toEqual(["big.json:2:26: layers[0].filters: expected an integer ≥ 1, found 0"]);
  });
});

// One run reports every problem the loader can find, in file order, whatever stage finds it:
// the schema, layer naming and references, a pool's window fields, a published source, and the
// shapes of the layers that are valid.
// Columns counted by hand: each layer line starts "  - { " (6 characters), so its first
// field is at column 7 and the map itself at column 5.
const MANY_PROBLEMS = `name: many problems
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

const MANY_PROBLEMS_FOUND = [
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
    const result = loadSpec(MANY_PROBLEMS, "f.yaml");
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual(MANY_PROBLEMS_FOUND);
  });

  it("gets all of them from one run of the CLI, under a count, on stderr only", async () => {
    const result = await runCli(["f.yaml", "--json"], { files: { "f.yaml": MANY_PROBLEMS } });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`alexcount: ${MANY_PROBLEMS_FOUND.length} problems\n${MANY_PROBLEMS_FOUND.join("\n")}\n`);
  });

  it("reports the pool and published problems of valid parts even when another layer fails the schema", () => {
    const text = `name: n
input: { size: 8, channels: 3 }
layers:
  - { type: maxpool, output: 2, stride: 2 }
  - { type: relu, bogus: 1 }
published:
  - source: s
    layers: { nowhere: { units: 1 } }
`;
    expect(problemLines(text)).toEqual([
      // "  - { type: maxpool, output: 2, " is 32 characters: stride at column 33
      "f.yaml:4:33: layers[0].stride: adaptive pooling chooses its own windows: remove stride",
      // "  - { type: relu, " is 18 characters: bogus at column 19
      'f.yaml:5:19: layers[1].bogus: unknown field "bogus"; allowed here: type, name, inputs',
      // "    layers: { " is 14 characters: the key at column 15
      'f.yaml:8:15: published[0].layers.nowhere: no layer is named "nowhere"',
    ]);
  });

  it("reports the shape problems of valid layers beside the schema's, and skips the layers that read an invalid one", () => {
    const text = `name: n
input: { size: 8, channels: 3 }
layers:
  - { type: conv, filters: 4, kernel: 3, groups: 2 }
  - { name: bad, type: dense, units: 0 }
  - { type: relu }
  - { name: big, type: conv, filters: 4, kernel: 20, inputs: [input] }
`;
    expect(problemLines(text)).toEqual([
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
    expect(problemLines(text)).toEqual([
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
    expect(problemLines(text)).toEqual(['f.yaml:4:28: layers[0].inputs[0]: unknown input "nowhere": no earlier layer has that name, and it is not "input"']);
  });
});

function problemLines(text: string): string[] {
  const result = loadSpec(text, "f.yaml");
  return result.ok ? [] : result.problems.map(formatProblem);
}
