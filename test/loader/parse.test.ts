// The fast roads of parseSpecText (JSON.parse for JSON text, js-yaml for YAML text) must give the
// very value the yaml package gives, and leave every problem to the YAML road, which places it.
// The yaml package itself is the reference here: it is what the loader read with before.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse as yamlParse } from "yaml";
import { LIMITS } from "../../src/loader/limits.js";
import { DOUBTFUL_YAML_TEXT, isDoubtfulYamlText, parseSpecText, parseWithYamlPackage, parseYamlFast, utf8Length } from "../../src/loader/parse.js";
import { formatProblem } from "../../src/loader/problems.js";

function value(text: string): unknown {
  const result = parseSpecText(text, "f.yaml", LIMITS);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result.value;
}

function problems(text: string): string[] {
  const result = parseSpecText(text, "f.yaml", LIMITS);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe("YAML text: the yaml package's values", () => {
  const texts = [
    // plain scalars of every YAML 1.2 core-schema type, and look-alikes that stay strings
    "a: [0o17, 0x1F, 017, 1e3, 1.5, -0, .inf, -.Inf, .nan, ~, null, Null, '', true, True, FALSE, yes, off, 0b11, 1_000, 12:30]",
    // quoted scalars are strings whatever they look like
    'a: ["1", \'true\', "~", "0x10"]',
    // keys as the loaded object writes them: numbers and booleans by String()
    "1: one\n1.50: x\ntrue: t\n0x10: hex\n",
    // an empty value is null; block scalars keep their text
    "a:\nb: |\n  two\n  lines\nc: >-\n  folded\n  text\n",
    "__proto__: 1\nconstructor: 2\n",
  ];
  for (const text of texts) {
    it(JSON.stringify(text), () => {
      const expected: unknown = yamlParse(text);
      expect(value(text)).toStrictEqual(expected);
    });
  }

  it("makes __proto__ an own key, not the object's prototype", () => {
    const loaded = value("__proto__: { polluted: 1 }\n") as Record<string, unknown>;
    expect(Object.keys(loaded)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(loaded)).toBe(Object.prototype);
  });
});

describe("YAML text on which js-yaml and the yaml package may differ", () => {
  /**
   * The fast road gives the YAML road's value or declines; parseSpecText then gives the YAML
   * road's result, which is yaml.parse's value when it has one.
   */
  function expectYamlPackageReading(text: string): void {
    const reference = parseWithYamlPackage(text, "f.yaml", LIMITS);
    const fast = parseYamlFast(text, LIMITS.maxDepth);
    if (fast !== undefined) {
      expect(reference.ok).toBe(true);
      if (reference.ok) expect(fast.value).toStrictEqual(reference.value);
    }
    const result = parseSpecText(text, "f.yaml", LIMITS);
    expect(result.ok).toBe(reference.ok);
    if (result.ok && reference.ok) expect(result.value).toStrictEqual(reference.value);
    let expected: { value: unknown } | undefined;
    try {
      expected = { value: yamlParse(text, { logLevel: "error" }) };
    } catch {
      expected = undefined;
    }
    if (result.ok) expect({ value: result.value }).toStrictEqual(expected);
  }

  // [text, what the yaml package reads (undefined: a problem), whether the fast road reads it,
  // what js-yaml would read otherwise, or why the case is here]
  const cases: [string, unknown, boolean, string][] = [
    ["~: a\n", { "": "a" }, false, 'a null key: js-yaml writes it "null"'],
    ["{: a}\n", { "": "a" }, false, "an empty key in a flow map"],
    ["? [a]\n: 1\n", { "[ a ]": 1 }, false, "a collection key, written as YAML text by the yaml package"],
    ["[a]: 1\n", { "[ a ]": 1 }, false, 'a flow collection as an implicit key: js-yaml writes it "a"'],
    ["a: !!binary aGk=\n", { a: Buffer.from("hi") }, false, "a tag js-yaml's failsafe schema lacks"],
    ["a: !!float 1\n", { a: "1" }, false, "a core tag on a scalar it does not match"],
    ["a: ! 12\n", { a: "12" }, false, "the non-specific tag"],
    ["a: !!seq\n", { a: "" }, false, "a tag on an empty node: js-yaml makes []"],
    ["!!str\n  -0\n", "-0", false, "a tag on its own line: js-yaml types the scalar first"],
    ["k: !!str a: b\n", undefined, false, "a tagged block map on its key's line"],
    ["%YAML 1.1\n---\na: yes\n", { a: true }, false, "YAML 1.1 rules"],
    ["a: 1\n---\nb: 2\n", undefined, false, "a second document"],
    ["a: &x [1, 2]\nb: *x\n", { a: [1, 2], b: [1, 2] }, false, "an anchor and an alias"],
    ["a: &x 1\n", { a: 1 }, false, "an anchor"],
    ["<<: {a: 1}\nb: 2\n", { "<<": { a: 1 }, b: 2 }, true, "a merge key, a plain key in YAML 1.2"],
    ["a:\tb\n", { a: "b" }, false, "a tab"],
    ["\uFEFF- a\n", undefined, false, "a byte-order mark before a block sequence"],
    ["a: 1\r\nb:\r\n  - x\r\n", { a: 1, b: ["x"] }, true, "CRLF line breaks"],
    ["a: 1\rb: 2\n", undefined, false, "a CR alone, no line break to the yaml package"],
    ["a:\n  -\n    -\n  -\n", { a: [[null], null] }, false, "an empty entry: js-yaml takes the next, less indented `-` into its list"],
    ["|2\n  a\n", "a\n", false, "an indentation indicator at the top level"],
    ["a: |+\n  keep\n\n  ", { a: "keep\n\n" }, false, "keep chomping and a last line of spaces"],
    ["---- a\n", "---- a", false, "`----` is no document marker"],
    ["--- a: 1\n", undefined, false, "a block map on the `---` line"],
    ["a: [1]#c\n", undefined, false, "a comment without white space before it"],
    ['a: "\\UFFFFFFFF"\n', undefined, false, "an escape past U+10FFFF"],
    [`${"k".repeat(1030)}: 1\n`, undefined, false, "an implicit key over 1024 characters"],
    [`a: ${"[".repeat(70)}${"]".repeat(70)}\n`, undefined, false, "nesting past the limit"],
    ["", undefined, false, "an empty document"],
  ];
  for (const [text, expected, fast, why] of cases) {
    it(`${why}: ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)}`, () => {
      expectYamlPackageReading(text);
      expect(parseYamlFast(text, LIMITS.maxDepth) !== undefined).toBe(fast);
      if (expected === undefined) expect(problems(text)).not.toEqual([]);
      else expect(value(text)).toStrictEqual(expected);
    });
  }
});

describe("problems still found and placed by the YAML road", () => {
  it("reports a key given twice in YAML, also when one is a number and one a string", () => {
    // a key that reads as a number is written ["1"] in a field path
    expect(problems('a: 1\n1: x\n"1": y\n')).toEqual(['f.yaml:3:1: ["1"]: duplicate key: "1" is already given at line 2; each key may appear once']);
  });

  it("reports a key given twice in JSON, where JSON.parse would keep the last", () => {
    expect(problems('{"a": 1,\n "a": 2}')).toEqual(['f.yaml:2:2: a: duplicate key: "a" is already given at line 1; each key may appear once']);
  });

  it("reads a CR alone in JSON text as the yaml package does: not white space but text", () => {
    expect(value('{"a": [\r1]}\n')).toStrictEqual({ a: ["\r1"] });
  });

  it("counts an escaped quote inside a JSON key as part of the key", () => {
    // "a\"" and "a\u0022" are the same key, a"
    expect(problems('{"a\\"": 1, "a\\u0022": 2}')).toHaveLength(1);
    expect(value('{"a\\"": 1, "b": "x\\\\", "c": {"d": "e:"}}')).toStrictEqual({ 'a"': 1, b: "x\\", c: { d: "e:" } });
  });

  it("expands an alias as the yaml package does", () => {
    expect(value("a: &x [1, 2]\nb: *x\n")).toStrictEqual({ a: [1, 2], b: [1, 2] });
  });

  it("refuses nesting past the limit in either format", () => {
    const depth = LIMITS.maxDepth + 1;
    const message = `nesting is deeper than the limit of ${LIMITS.maxDepth} levels of lists and maps`;
    expect(problems(`a: ${"[".repeat(depth)}${"]".repeat(depth)}\n`).join("\n")).toContain(message);
    expect(problems(`{"a": ${"[".repeat(depth)}${"]".repeat(depth)}}`).join("\n")).toContain(message);
  });
});

describe("isDoubtfulYamlText", () => {
  // the characters DOUBTFUL_YAML_TEXT's alternatives are made of, and a few that are in none
  const pieces = [
    " ",
    "-",
    "--",
    "---",
    "#",
    ":",
    "}",
    "]",
    "{",
    "[",
    ",",
    "?",
    "!",
    "!!",
    "str",
    "seq",
    "map",
    "|",
    ">",
    "+",
    "2",
    "%",
    '"',
    "'",
    "\\U",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\u2028",
    "\uFEFF",
    "\uD800",
    "\uDC00",
    "\x7F",
    "a",
    "k: v",
  ];

  it("says what DOUBTFUL_YAML_TEXT says, with or without the characters it looks for first", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const text = parts.join("");
        expect(isDoubtfulYamlText(text)).toBe(DOUBTFUL_YAML_TEXT.test(text));
      }),
      { numRuns: 20_000, seed: 20261127 },
    );
  });

  it("finds the two doubtful things that need no rare character", () => {
    for (const text of ["a: 1\n[a]: 1\n", "{a: 1} : 2\n", "- a\n-\n- b\n", "k:\n  -   \n", "-"]) {
      expect(isDoubtfulYamlText(text)).toBe(true);
      expect(DOUBTFUL_YAML_TEXT.test(text)).toBe(true);
    }
    expect(isDoubtfulYamlText("layers:\n  - { name: a, type: conv, inputs: [input], kernel: 3 }\n")).toBe(false);
  });
});

describe("utf8Length", () => {
  it.each([
    ["ascii only", "layers: []\n"],
    ["two-byte", "name: Größe"],
    ["three-byte", "description: 3×3 → 55²"],
    ["a surrogate pair, four bytes", "name: 🧠"],
    ["a lone surrogate, written as U+FFFD's three bytes", "name: \ud800!"],
  ])("%s: as many bytes as Node's UTF-8 encoder writes", (_, text) => {
    expect(utf8Length(text)).toBe(Buffer.byteLength(text, "utf8"));
  });
});

describe("merge keys whose value is not a map", () => {
  it.each([
    ["tagged !!merge", "a: 1\n!!merge b: 2\n", "f.yaml:2:9: not valid YAML or JSON: Merge sources must be maps or map aliases"],
    ["<< under YAML 1.1", "%YAML 1.1\n---\na: 1\n<<: x\n", "f.yaml:4:1: not valid YAML or JSON: Merge sources must be maps or map aliases"],
  ])("%s: a problem at the merge key, not a crash", (_, text, message) => {
    expect(problems(text)).toEqual([message]);
  });
});
