// The protobuf text-format reader: fields with their places, and a located message for each
// way a file can be broken.

import { describe, expect, it } from "vitest";
import { MAX_TEXT_DEPTH, type TextField, type TextMessage, parseProtoText } from "../../../src/import/caffe/prototxt.js";

function parse(text: string): TextMessage {
  const result = parseProtoText(text, "net.prototxt");
  if (!result.ok) expect.fail(`${result.problem.position?.line}:${result.problem.position?.column}: ${result.problem.message}`);
  return result.root;
}

/** Fields as [name, value] pairs, messages written out, for compact expectations. */
function plain(fields: readonly TextField[]): unknown[] {
  return fields.map((f) => [f.name, f.value.kind === "message" ? plain(f.value.fields) : `${f.value.kind}:${f.value.text}`]);
}

function problem(text: string): string {
  const result = parseProtoText(text, "net.prototxt");
  if (result.ok) expect.fail("expected a syntax problem");
  return `${result.problem.position?.line}:${result.problem.position?.column}: ${result.problem.message}`;
}

describe("parseProtoText", () => {
  it("reads scalars, nested messages (with or without a colon, {} or <>) and keeps file order", () => {
    const root = parse('name: "AlexNet"\nlayer { type: "ReLU" top: "x" }\nlayer: < param { lr_mult: 1 } >\npool: MAX\n');
    expect(plain(root.fields)).toEqual([
      ["name", "string:AlexNet"],
      [
        "layer",
        [
          ["type", "string:ReLU"],
          ["top", "string:x"],
        ],
      ],
      ["layer", [["param", [["lr_mult", "number:1"]]]]],
      ["pool", "identifier:MAX"],
    ]);
  });

  it("places each field at its name, 1-based, counting lines", () => {
    const root = parse("# a comment\nlayer {\n  name: 'conv1'\n}\n");
    const layer = root.fields[0]!;
    expect(layer.position).toEqual({ line: 2, column: 1 });
    expect(layer.value.kind === "message" && layer.value.fields[0]!.position).toEqual({ line: 3, column: 3 });
  });

  it("reads a list as the same field repeated, and allows , or ; after a field", () => {
    const root = parse("dim: [10, 3, 227]; dim: 227,");
    expect(plain(root.fields)).toEqual([
      ["dim", "number:10"],
      ["dim", "number:3"],
      ["dim", "number:227"],
      ["dim", "number:227"],
    ]);
  });

  it.each([
    ["-1", "-1"],
    ["0.0001", "0.0001"],
    ["1e-4", "1e-4"],
    ["0x10", "0x10"],
    [".5", ".5"],
    ["-inf", "-inf"],
    ["2.5f", "2.5f"],
  ])("reads the number %s as written", (written, text) => {
    expect(plain(parse(`v: ${written}`).fields)).toEqual([["v", `number:${text}`]]);
  });

  it("decodes escapes and joins adjacent strings", () => {
    expect(plain(parse(String.raw`s: "a\"b\n" 'c\x41\101'`).fields)).toEqual([["s", 'string:a"b\ncAA']]);
  });

  it.each([
    ["layer {\n  name: 'x'\n", '3:1: "{" opened at line 1:7 is never closed'],
    ["layer { }\n}", '2:1: "}" without a matching "{"'],
    ["name 'x'", '1:6: expected ":" or "{" after the field name name, found "\'"'],
    ["name: 'abc\n'", "1:7: a string that is never closed (a string cannot span lines)"],
    ["name: ", "1:7: expected a value for name, found the end of the file"],
    ["dim: [1, 2", '1:11: expected "," or "]" in the list of dim, found the end of the file'],
    ["dim: [1 2]", '1:9: expected "," or "]" in the list of dim, found "2"'],
    ["3: 4", '1:1: expected a field name, found "3"'],
    ["[ext.field]: 1", "1:1: extension fields ([name]) are not supported"],
    [String.raw`s: "\q"`, String.raw`1:7: unknown escape \q in a string`],
  ])("refuses %j, located", (text, expected) => {
    expect(problem(text)).toBe(expected);
  });

  it(`refuses nesting deeper than ${MAX_TEXT_DEPTH} levels without overflowing the stack`, () => {
    const deep = "a { ".repeat(100_000) + "}".repeat(100_000);
    expect(problem(deep)).toBe(`1:${4 * MAX_TEXT_DEPTH + 3}: messages nest more than ${MAX_TEXT_DEPTH} levels deep`);
  });
});
