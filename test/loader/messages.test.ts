// How the loader's problems read and where they are placed: located at line and column, one
// line each, in file order, saying in the format's words what was expected and what was found.

import { Document, LineCounter, parseDocument } from "yaml";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadSpec } from "../../src/loader/load.js";
import { makeLocator } from "../../src/loader/locate.js";
import { formatProblem } from "../../src/loader/problems.js";
import { SLOW_SKIPPED } from "../helpers.js";

function problems(text: string): string[] {
  const result = loadSpec(text, "f.yaml");
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe("YAML syntax errors carry line and column", () => {
  it.each([
    ["name: [unclosed", "f.yaml:1:16: not valid YAML or JSON: Flow sequence in block collection must be sufficiently indented and end with a ]"],
    ['name: "unterminated', 'f.yaml:1:20: not valid YAML or JSON: Missing closing "quote'],
    ["a: 1\n\tb: 2", "f.yaml:2:1: not valid YAML or JSON: Tabs are not allowed as indentation"],
  ])("%j", (text, message) => {
    expect(problems(text)).toEqual([message]);
  });

  it("a second document is located at its `---`, in words a user can act on", () => {
    expect(problems("name: x\n---\nname: y\n")).toEqual(["f.yaml:2:1: not valid YAML or JSON: a second document starts here; a spec is one document"]);
  });
});

describe("duplicate keys", () => {
  it("are located at the repeat, with the path and where the first one is", () => {
    const text = "name: a\ninput: { features: 4 }\nlayers:\n  - { type: relu, type: relu }\nname: b\n";
    expect(problems(text)).toEqual([
      'f.yaml:4:19: layers[0].type: duplicate key: "type" is already given at line 4; each key may appear once',
      'f.yaml:5:1: name: duplicate key: "name" is already given at line 1; each key may appear once',
    ]);
  });

  it("include keys that differ only as YAML scalars but load as the same object key: 1 and '1'", () => {
    expect(problems("1: a\n'1': b\n")).toEqual(['f.yaml:2:1: ["1"]: duplicate key: "1" is already given at line 1; each key may appear once']);
  });

  it.skipIf(SLOW_SKIPPED)(
    "are each reported in a map of 100,000 repeated keys",
    () => {
      const text = `x: {${"k: 1, ".repeat(100_000)}}\n`;
      expect(problems(text)).toHaveLength(99_999);
    },
    60_000,
  );
});

describe("the locator", () => {
  it("finds each of 20,000 keys of one map reading the map's entries once, not once per key", () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}`);
    const doc = new Document(Object.fromEntries(keys.map((k) => [k, 1])));
    const map = doc.contents as unknown as { items: unknown[] };
    // count every read of an entry of the map's list of pairs
    let reads = 0;
    map.items = new Proxy(map.items, {
      get(target, property, receiver) {
        if (typeof property === "string" && /^\d+$/.test(property)) reads++;
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const locate = makeLocator(doc, new LineCounter());
    for (const key of keys) expect(locate([key])).toBeUndefined(); // a built document has no source positions
    // one pass over 20,000 entries; a scan per key would read 20,000 · 20,001 / 2 ≈ 2 · 10^8
    expect(reads).toBeLessThanOrEqual(2 * keys.length);
  });

  it("places a problem under a null key, which the loaded object keys as the empty string", () => {
    const text = "name: n\ninput: { features: 4 }\nlayers: [{ type: relu }]\n~: 1\n";
    const doc = parseDocument(text, { lineCounter: new LineCounter() });
    const lineCounter = new LineCounter();
    const located = makeLocator(parseDocument(text, { lineCounter }), lineCounter)([""], { key: true });
    expect(doc.errors).toEqual([]);
    expect(located).toEqual({ line: 4, column: 1 });
    expect(problems(text)).toEqual([
      'f.yaml:4:1: [""]: unknown field ""; allowed here: $schema, name, description, source, input, bias, blocks, layers, published',
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
    // the locator finds plain keys only, so the problem is placed at the document's start
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const text = "name: n\ninput: { features: 4 }\nlayers: [{ type: relu }]\n? [a, b]\n: 1\n";
    expect(problems(text)).toEqual([
      'f.yaml:1:1: ["[ a, b ]"]: unknown field "[ a, b ]"; allowed here: $schema, name, description, source, input, bias, blocks, layers, published',
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
    ["1e300", "expected an integer ≤ 2^53 − 1 = 9,007,199,254,740,991, the largest that is exact, found 1e+300"],
  ])("units: %s", (units, message) => {
    expect(problems(layer(units))).toEqual([`f.yaml:4:27: layers[0].units: ${message}`]);
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

  it("YAML errors come in file order", () => {
    // yaml reports the stray string (column 15) before the collection problem it causes (column 11)
    expect(problems('{ "name": "n" "input": { "features": 4 } }\n')).toEqual([
      "f.yaml:1:11: not valid YAML or JSON: Block collections are not allowed within flow collections",
      "f.yaml:1:15: not valid YAML or JSON: Unexpected double-quoted-scalar token",
    ]);
  });
});
