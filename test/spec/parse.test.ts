// The fast roads of parseSpecText (JSON.parse for JSON text, js-yaml for YAML text) must give the
// very value the yaml package gives, and leave every problem to the YAML road, which places it.
// The yaml package itself is the reference here: it is what the loader read with before.

import { describe, expect, it } from "vitest";
import { parse as yamlParse } from "yaml";
import { LIMITS } from "../../src/spec/limits.js";
import { parseSpecText } from "../../src/spec/parse.js";
import { formatProblem } from "../../src/spec/problems.js";

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
