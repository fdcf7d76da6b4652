// parseSpecText: js-yaml's YAML 1.2 core schema defines every value (docs/spec-format.md, "YAML
// and JSON"); the limits stop hostile text; what js-yaml refuses is said in the format's words,
// at its line and column (docs/errors.md, "YAML and JSON syntax").

import { CORE_SCHEMA, load } from "js-yaml";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../src/loader/limits.js";
import { parseSpecText, utf8Length } from "../../src/loader/parse.js";
import { formatProblem } from "../../src/loader/problems.js";
import { yamlTextArbitrary } from "../support/yaml-text-arbitrary.js";

function parsed(text: string, file = "f.yaml") {
  return parseSpecText(text, file, LIMITS);
}

function value(text: string, file = "f.yaml"): unknown {
  const result = parsed(text, file);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result.value;
}

function problems(text: string, file = "f.yaml"): string[] {
  const result = parsed(text, file);
  return result.ok ? [] : result.problems.map(formatProblem);
}

function warnings(text: string, file: string): string[] {
  const result = parsed(text, file);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result.warnings.map(formatProblem);
}

describe("values: YAML 1.2's core schema, as js-yaml reads it", () => {
  // [plain scalar, the value the core schema gives it (YAML 1.2.2 §10.3.2, js-yaml's README)]
  it.each([
    ["0o17", 15],
    ["0x1F", 31],
    ["017", 17], // octal is 0o in YAML 1.2: a leading zero is decimal
    ["1e3", 1000],
    ["1.5", 1.5],
    [".inf", Infinity],
    ["-.Inf", -Infinity],
    ["~", null],
    ["Null", null],
    ["True", true],
    ["FALSE", false],
    ["yes", "yes"], // a boolean only in YAML 1.1
    ["off", "off"],
    ["1_000", "1_000"], // underscores were YAML 1.1
    ["12:30", "12:30"], // sexagesimal was YAML 1.1
    ["2001-12-14", "2001-12-14"], // a timestamp in js-yaml's default schema, not in the core one
    ["<<", "<<"], // a merge key only in YAML 1.1
  ])("%s", (scalar, expected) => {
    expect(value(`a: ${scalar}\n`)).toStrictEqual({ a: expected });
  });

  it("reads quoted scalars as strings whatever they look like", () => {
    expect(value('a: ["1", \'true\', "~", "0x10"]\n')).toStrictEqual({ a: ["1", "true", "~", "0x10"] });
  });

  it("keys a map as the loaded object does: numbers and booleans by String()", () => {
    expect(value("1: one\ntrue: t\n")).toStrictEqual({ 1: "one", true: "t" });
  });

  it("makes __proto__ an own key, not the object's prototype, in YAML and in JSON", () => {
    for (const text of ["__proto__: { polluted: 1 }\n", '{"__proto__": {"polluted": 1}}']) {
      const loaded = value(text) as Record<string, unknown>;
      expect(Object.keys(loaded)).toEqual(["__proto__"]);
      expect(Object.getPrototypeOf(loaded)).toBe(Object.prototype);
    }
  });

  it("expands an alias to the value its anchor names", () => {
    expect(value("a: &x [1, 2]\nb: *x\n")).toStrictEqual({ a: [1, 2], b: [1, 2] });
  });

  it("reads a file with a byte-order mark", () => {
    expect(value("\uFEFFa: 1\n")).toStrictEqual({ a: 1 });
  });
});

describe("JSON text: JSON.parse where it gives js-yaml's value, js-yaml where not", () => {
  it.each([
    ['{"a": 1, "a": 2}', "a key given twice: JSON.parse keeps the last, YAML refuses"],
    ['{"a": 1e400}', 'a number JSON.parse makes infinite, a string ("1e400") to js-yaml'],
    ['{"a": -0}', "-0, which js-yaml reads as the integer 0"],
    ['{"a": "x\u007fy"}', "DEL in a string, which YAML does not allow unescaped"],
    ['{"a": [1, 2]}', "plain JSON"],
    ['{"a": {"b": "\\u00e9\\n"}, "c": [true, null, 1.5e-3]}', "escapes and literals"],
  ])("%s: %s", (text) => {
    const result = parsed(text, "f.json");
    let expected: { ok: true; value: unknown } | { ok: false };
    try {
      expected = { ok: true, value: load(text, { schema: CORE_SCHEMA }) };
    } catch {
      expected = { ok: false };
    }
    expect(result.ok).toBe(expected.ok);
    if (result.ok && expected.ok) {
      expect(result.value).toStrictEqual(expected.value);
      expect(Object.is((result.value as { a?: unknown }).a, -0)).toBe(false);
    }
  });

  it("gives js-yaml's value for any JSON text", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(" ", "\n", "\t", "\r\n", ""), (json, space) => {
        const text = JSON.stringify({ v: json }, null, space === "" ? undefined : 1).replace(/\n/g, `\n${space}`);
        const result = parsed(text, "f.json");
        const expected: unknown = load(text, { schema: CORE_SCHEMA });
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.value).toStrictEqual(expected);
      }),
      { numRuns: 300, seed: 20261204 },
    );
  });
});

describe("JSON is read as YAML: a .json file that is not strict JSON loads, with a warning", () => {
  // column arithmetic in each comment: the offending character's 1-based column
  it.each([
    // '{"a": [1, 2,]}': the comma after 2 is character 12
    ['{"a": [1, 2,]}', "f.json:1:12: not strict JSON (a trailing comma)"],
    // line 2 is "  # c": the # is column 3
    ['{"a": 1,\n  # c\n "b": 2}', "f.json:2:3: not strict JSON (a comment)"],
    // '{\'a\': 1}': the quote is character 2
    ["{'a': 1}", "f.json:1:2: not strict JSON (a string in single quotes)"],
    // '{a: 1}': the a is character 2
    ["{a: 1}", "f.json:1:2: not strict JSON (an unquoted word or number JSON does not allow)"],
  ])("%j", (text, start) => {
    const [warning, ...rest] = warnings(text, "f.json");
    expect(rest).toEqual([]);
    expect(warning).toBe(`${start}: read as YAML, as the spec format allows, but jq and other JSON tools will refuse this file`);
  });

  it("passes on the YAML parser's own warnings, located", () => {
    expect(warnings("%FOO bar\n---\na: 1\n", "f.yaml")).toEqual([
      'f.yaml:1:1: unknown document directive "FOO" (a warning of the YAML parser; the spec is read anyway)',
    ]);
  });

  it("says nothing of strict JSON, nor of YAML in a .yaml file", () => {
    expect(warnings('{"a": [1, 2]}', "f.json")).toEqual([]);
    expect(warnings('{"a": 1e400}', "f.json")).toEqual([]);
    expect(warnings("{a: [1, 2,]}", "f.yaml")).toEqual([]);
  });
});

describe("limits, checked before or while js-yaml reads", () => {
  it("refuses nesting past the limit in either format, at the first collection too deep", () => {
    const depth = LIMITS.maxDepth + 1;
    // "a: " then 65 brackets: the 65th level is the 64th bracket, column 3 + 64 = 67
    expect(problems(`a: ${"[".repeat(depth)}${"]".repeat(depth)}\n`)).toEqual([`f.yaml:1:67: nesting is deeper than the limit of 64 levels of lists and maps`]);
    // '{"a": ' then 65 brackets: the 64th is at column 6 + 64 = 70
    expect(problems(`{"a": ${"[".repeat(depth)}${"]".repeat(depth)}}`)).toEqual([
      `f.yaml:1:70: nesting is deeper than the limit of 64 levels of lists and maps`,
    ]);
  });

  it("reads a flow map holding a long run of comment marks in linear time (a regular expression backtracked exponentially)", () => {
    // js-yaml reads "# # # …" after "{ " as a comment, so the map is never closed
    expect(problems(`a: { ${"# ".repeat(5000)}x\n`)).toEqual(["f.yaml:1:4: a { map opened here is never closed: add the closing }"]);
  });

  it("stops a billion laughs while reading, at the alias use that passes the limit", () => {
    // uses, each counting the uses inside what it names: b holds 9; each *b is 1 + 9 = 10, so
    // c holds 90 (99 in all); the first *c is 1 + 90 more: past 100, at line 4, column 8
    const lines = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ...["b", "c", "d", "e", "f", "g"].map((n, i) => `${n}: &${n} [${Array(9).fill(`*${"abcdef"[i]}`).join(", ")}]`),
    ];
    expect(problems(`${lines.join("\n")}\n`)).toEqual([
      "f.yaml:4:8: YAML aliases expand too far (the limit is 100 alias uses, each counted with the uses inside what it names, to keep a small file from expanding into a huge one)",
    ]);
  });
});

describe("syntax errors, reworded with their place and a hint", () => {
  it.each([
    // the [ after "name: " is column 7
    ["name: [unclosed", "f.yaml:1:7: a [ list opened here is never closed: add the closing ]"],
    ['name: "unterminated', 'f.yaml:1:7: a string in double quotes opened here is never closed: add the closing "'],
    ["a: 1\n\tb: 2", "f.yaml:2:1: a tab in the indentation: YAML indents with spaces only; replace the tab with spaces"],
    ["name: x\n---\nname: y\n", "f.yaml:2:1: a second document starts here; a spec is one document (remove the --- line, or what follows it)"],
    [
      "name: n\ninput:\n  size: 8\n channels: 3\n",
      "f.yaml:4:2: bad indentation: this line does not line up with the lines above it; the keys of one map, and the items of one list, start in the same column",
    ],
    ["name: n\ninput\nlayers: []\n", "f.yaml:2:1: a line that is not `key: value`: a colon is missing after a key, or the line is indented too far"],
    // the second string starts at column 15: "{ \"name\": \"n\" " is 14 characters
    ['{ "name": "n" "input": 4 }', "f.yaml:1:15: a comma is missing between two entries of a [ ] list or { } map (or a bracket is not closed)"],
    ["a: !!binary aGk=\n", "f.yaml:1:4: unknown tag !!binary: the spec format's YAML knows only !!str, !!int, !!float, !!bool, !!null, !!seq and !!map"],
    [
      "a: x\u0007\n",
      'f.yaml:1:5: a control character (U+0007) that YAML does not allow in a file: remove it, or write it as an escape inside double quotes ("\\t")',
    ],
    ["name: *nowhere\n", "f.yaml:1:7: unknown alias *nowhere: no anchor &nowhere comes before it"],
  ])("%j", (text, message) => {
    expect(problems(text)).toEqual([message]);
  });

  it("a duplicate key: at the repeat, with its path and the first one's line; 1 and '1' are one key", () => {
    const text = "name: a\ninput: { features: 4 }\nlayers:\n  - { type: relu, type: relu }\n";
    expect(problems(text)).toEqual(['f.yaml:4:19: layers[0].type: duplicate key: "type" is already given at line 4; each key may appear once']);
    expect(problems("1: a\n'1': b\n")).toEqual(['f.yaml:2:1: ["1"]: duplicate key: "1" is already given at line 1; each key may appear once']);
  });

  it("an empty file is empty; a null document is a value", () => {
    expect(problems("# only a comment\n---\n")).toEqual(["f.yaml: the file is empty: expected a spec with name, input and layers"]);
    expect(value("~\n")).toBeNull();
  });

  it("never throws on random YAML text, and every problem it gives is located or names the file", () => {
    fc.assert(
      fc.property(yamlTextArbitrary, (text) => {
        const result = parsed(text);
        if (result.ok) return;
        for (const problem of result.problems) expect(formatProblem(problem)).toMatch(/^f\.yaml(:\d+:\d+)?: \S/);
      }),
      { numRuns: 500, seed: 20261204 },
    );
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
