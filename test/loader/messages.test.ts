// How the loader's problems read and where they are placed: located at line and column, one
// line each, in file order, saying in the format's words what was expected and what was found.

import { afterEach, describe, expect, it, vi } from "vitest";
import { loadSpec } from "../../src/loader/load.js";
import { makeLocator } from "../../src/loader/locate.js";
import { formatProblem } from "../../src/loader/problems.js";

function problems(text: string): string[] {
  const result = loadSpec(text, "f.yaml");
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe("YAML syntax errors carry line and column", () => {
  it.each([
    ["name: [unclosed", "f.yaml:1:7: a [ list opened here is never closed: add the closing ]"],
    ['name: "unterminated', 'f.yaml:1:7: a string in double quotes opened here is never closed: add the closing "'],
    ["a: 1\n\tb: 2", "f.yaml:2:1: a tab in the indentation: YAML indents with spaces only; replace the tab with spaces"],
  ])("%j", (text, message) => {
    expect(problems(text)).toEqual([message]);
  });

  it("a second document is located at its `---`, in words a user can act on", () => {
    expect(problems("name: x\n---\nname: y\n")).toEqual([
      "f.yaml:2:1: a second document starts here; a spec is one document (remove the --- line, or what follows it)",
    ]);
  });
});

describe("duplicate keys", () => {
  it("are located at the repeat, with the path and where the first one is; the parser stops at the first", () => {
    const text = "name: a\ninput: { features: 4 }\nlayers:\n  - { type: relu, type: relu }\nname: b\n";
    expect(problems(text)).toEqual(['f.yaml:4:19: layers[0].type: duplicate key: "type" is already given at line 4; each key may appear once']);
  });

  it("include keys that differ only as YAML scalars but load as the same object key: 1 and '1'", () => {
    expect(problems("1: a\n'1': b\n")).toEqual(['f.yaml:2:1: ["1"]: duplicate key: "1" is already given at line 1; each key may appear once']);
  });

  it("in a map of 100,000 repeated keys: the first repeat, at its place", () => {
    const text = `x: {${"k: 1, ".repeat(100_000)}}\n`;
    // "x: {k: 1, " is 10 characters: the second k at column 11. The line is longer than the
    // yaml package is given to explain (512 KiB), so the key is named as written, without its path
    expect(problems(text)).toEqual(["f.yaml:1:11: duplicate key k: it is already given in the same map; each key may appear once"]);
  });
});

describe("the locator", () => {
  it("finds each of 200,000 keys of one map, each on its line", () => {
    const keys = Array.from({ length: 200_000 }, (_, i) => `k${i}`);
    const locate = makeLocator(keys.map((k) => `${k}: 1\n`).join(""), 64);
    keys.forEach((key, i) => {
      expect(locate([key], { key: true })).toEqual({ line: i + 1, column: 1 });
      // "kN: " then the value
      expect(locate([key])).toEqual({ line: i + 1, column: key.length + 3 });
    });
  });

  it('places a problem under a null key, which js-yaml keys as "null"', () => {
    const text = "name: n\ninput: { features: 4 }\nlayers: [{ type: relu }]\n~: 1\n";
    expect(makeLocator(text, 64)(["null"], { key: true })).toEqual({ line: 4, column: 1 });
    expect(problems(text)).toEqual([
      'f.yaml:4:1: null: unknown field "null"; allowed here: $schema, name, description, source, input, bias, blocks, layers, published',
    ]);
  });
});

describe("each problem is one line", () => {
  it("escapes a newline in a key", () => {
    const text = 'name: n\ninput: { features: 4 }\nlayers: [{ type: relu, "a\\nb": 1 }]\n';
    expect(problems(text)).toEqual(['f.yaml:3:24: layers[0]["a\\nb"]: unknown field "a\\nb"; allowed here: type, name, inputs']);
  });

  it("escapes other control characters in names", () => {
    const text = 'name: n\ninput: { features: 4 }\nlayers: [{ type: relu, inputs: ["x\\u0000\\ty"] }]\n';
    expect(problems(text)).toEqual(['f.yaml:3:33: layers[0].inputs[0]: unknown input "x\\u0000\\ty": no earlier layer has that name, and it is not "input"']);
  });
});

describe("odd documents", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("a list as a map key: an unknown field, and no warning printed behind the CLI's back", () => {
    // js-yaml keys a list by joining it, "a,b"; the key is at line 4, after "? "
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const text = "name: n\ninput: { features: 4 }\nlayers: [{ type: relu }]\n? [a, b]\n: 1\n";
    expect(problems(text)).toEqual([
      'f.yaml:4:3: ["a,b"]: unknown field "a,b"; allowed here: $schema, name, description, source, input, bias, blocks, layers, published',
    ]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("a document that is only null is a spec of the wrong type, located; an empty one is empty", () => {
    expect(problems("~\n")).toEqual(["f.yaml:1:1: expected an object, found null"]);
    expect(problems("# only a comment\n")).toEqual(["f.yaml: the file is empty: expected a spec with name, input and layers"]);
  });
});

describe("messages read as English", () => {
  it("an empty inputs list wants at least 1 entry", () => {
    // "  - { type: relu, inputs: " is 26 characters: the list at column 27
    const text = "name: n\ninput: { features: 4 }\nlayers:\n  - { type: relu, inputs: [] }\n";
    expect(problems(text)).toEqual(["f.yaml:4:27: layers[0].inputs: expected at least 1 entry, found a list of 0"]);
  });
});

describe("messages say what was expected and what was found, truthfully", () => {
  const layer = (units: string) => `name: n\ninput: { features: 4 }\nlayers:\n  - { type: dense, units: ${units} }\n`;
  // "  - { type: dense, units: " is 26 characters: the value at column 27
  it.each([
    [".inf", "expected a finite number, found Infinity"],
    [".nan", "expected a finite number, found NaN"],
    ['"10"', 'expected an integer, found "10": a string; write the number without quotes'],
    ["1e300", "expected an integer ≤ 2^53 − 1 = 9,007,199,254,740,991, the largest that is exact, found 1e300"], // as written, not 1e+300
    // 2^53 + 1 is no double: it reads as 2^53 = 9007199254740992, and is shown as written
    ["9007199254740993", "expected an integer ≤ 2^53 − 1 = 9,007,199,254,740,991, the largest that is exact, found 9007199254740993"],
    ["0x20000000000001", "expected an integer ≤ 2^53 − 1 = 9,007,199,254,740,991, the largest that is exact, found 0x20000000000001"],
    ["!!str 10", 'expected an integer, found "10": a string, by its tag; remove the tag'],
    ["!!float 4.5", "expected an integer, found 4.5"],
  ])("units: %s", (units, message) => {
    expect(problems(layer(units))).toEqual([`f.yaml:4:27: layers[0].units: ${message}`]);
  });

  it("!!float 4 is the number 4, a valid count, with no hint about quotes", () => {
    expect(problems(layer("!!float 4"))).toEqual([]);
  });

  it("a published figure that is neither an integer nor a scaled number", () => {
    const text = "name: n\ninput: { features: 4 }\nlayers: [{ type: relu }]\npublished: [{ source: s, totals: { weights: 61 million } }]\n";
    // "published: [{ source: s, totals: { weights: " is 44 characters: the value at column 45
    expect(problems(text)).toEqual([
      'f.yaml:4:45: published[0].totals.weights: expected an integer ≥ 0, or a number with a scale suffix K, M, B, G or T such as "61M" or "1.5B", found "61 million"',
    ]);
  });

  it("a published source's layers that are not a map", () => {
    const text = "name: n\ninput: { features: 4 }\nlayers: [{ type: relu }]\npublished: [{ source: s, layers: 5 }]\n";
    // "published: [{ source: s, layers: " is 33 characters: the value at column 34
    expect(problems(text)).toEqual(["f.yaml:4:34: published[0].layers: expected a map from layer names to their published cells, found 5"]);
  });

  it("a source that is neither a string nor a list of strings", () => {
    expect(problems("name: n\nsource: 5\ninput: { features: 4 }\nlayers: [{ type: relu }]\n")).toEqual([
      "f.yaml:2:9: source: expected a string or a list of strings, found 5",
    ]);
  });

  it("a YAML error is one problem, where the parser stopped", () => {
    // the string that should follow a comma starts at column 15
    expect(problems('{ "name": "n" "input": { "features": 4 } }\n')).toEqual([
      "f.yaml:1:15: a comma is missing between two entries of a [ ] list or { } map (or a bracket is not closed)",
    ]);
  });
});
