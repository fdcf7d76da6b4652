// Each limit (src/spec/load.ts LIMITS, docs/errors.md "Limits") triggers, with a message that
// names it, and input just inside the limit is still read. Plus exactness: counts beyond
// 2^53 − 1 are exact bigints, printed in all their digits; sizes beyond it are errors naming the layer.

import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { LIMITS, loadSpec } from "../../src/loader/load.js";
import { formatProblem } from "../../src/loader/problems.js";
import { runCli } from "../support/memory-io.js";
import { BINARY } from "../support/binary.js";

const VALID = "name: n\ninput: { features: 4 }\nlayers:\n  - { type: dense, units: 3 }\n";

function problems(text: string): string[] {
  const result = loadSpec(text, "f.yaml");
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe("file size: LIMITS.maxBytes, 8 MiB of UTF-8", () => {
  it("is 8,388,608 bytes", () => {
    expect(LIMITS.maxBytes).toBe(8 * 1024 * 1024);
  });

  it("reads a spec of exactly the limit", () => {
    // the valid spec, then a comment filling the file to exactly maxBytes bytes
    const padding = LIMITS.maxBytes - VALID.length - 2;
    const text = `${VALID}#${"x".repeat(padding)}\n`;
    expect(Buffer.byteLength(text)).toBe(LIMITS.maxBytes);
    expect(problems(text)).toEqual([]);
  });

  it("refuses one byte more, before parsing, naming the limit", () => {
    const text = `${VALID}#${"x".repeat(LIMITS.maxBytes - VALID.length - 1)}\n`;
    expect(Buffer.byteLength(text)).toBe(LIMITS.maxBytes + 1);
    expect(problems(text)).toEqual(["f.yaml: the file is larger than the limit of 8,388,608 bytes"]);
  });

  it("counts bytes, not characters: 4,194,305 characters, 8,388,609 bytes", () => {
    const text = `#${"é".repeat(LIMITS.maxBytes / 2)}`; // 1 + 2 × 4,194,304 = 8,388,609 bytes
    expect(text.length).toBeLessThan(LIMITS.maxBytes);
    expect(problems(text)).toEqual(["f.yaml: the file is larger than the limit of 8,388,608 bytes"]);
  });
});

describe("nesting: LIMITS.maxDepth, 64 levels of lists and maps", () => {
  // the document's own map is level 1; `x:` holding n brackets adds n levels
  const nested = (levels: number) => `${VALID}x: ${"[".repeat(levels)}${"]".repeat(levels)}\n`;

  it("reads 64 levels (then x is only an unknown field)", () => {
    expect(problems(nested(63))).toEqual([
      'f.yaml:5:1: x: unknown field "x"; allowed here: $schema, name, description, source, input, bias, blocks, layers, published',
    ]);
  });

  it("refuses 65 levels, at the first list too deep", () => {
    // columns: `x: ` is 3 characters, so the 64th bracket (the 65th level) is column 4 + 63 = 67
    expect(problems(nested(64))).toEqual(["f.yaml:5:67: nesting is deeper than the limit of 64 levels of lists and maps"]);
  });

  it.each([1_000, 100_000])("refuses %i levels without overflowing the stack", (levels) => {
    const [only, ...rest] = problems(`${"[".repeat(levels)}${"]".repeat(levels)}`);
    expect(rest).toEqual([]);
    expect(only).toMatch(/^f\.yaml:1:\d+: nesting is deeper than the limit of 64 levels of lists and maps$/);
  });

  it("refuses deep maps written with braces, deep block lists, and unbalanced brackets, at the 65th level", () => {
    // `{a: ` is 4 characters: the 65th brace is at column 4 · 64 + 1 = 257
    expect(problems(`${"{a: ".repeat(10_000)}1${"}".repeat(10_000)}`)).toEqual([
      "f.yaml:1:257: nesting is deeper than the limit of 64 levels of lists and maps",
    ]);
    // `- ` is 2 characters: the 65th dash is at column 2 · 64 + 1 = 129
    expect(problems(`${"- ".repeat(10_000)}x\n`)).toEqual(["f.yaml:1:129: nesting is deeper than the limit of 64 levels of lists and maps"]);
    expect(problems("[".repeat(10_000))).toEqual(["f.yaml:1:65: nesting is deeper than the limit of 64 levels of lists and maps"]);
  });

  it("counts the levels YAML aliases add", () => {
    // each anchor is 40 levels deep and holds the previous one: 40 + 40 = 80 levels after expansion
    const text = `${VALID}a: &a ${"[".repeat(40)}1${"]".repeat(40)}\nb: ${"[".repeat(40)}*a${"]".repeat(40)}\n`;
    expect(problems(text)).toEqual(["f.yaml:6:44: nesting is deeper than the limit of 64 levels of lists and maps, counting what YAML aliases expand to"]);
  });

  it("the built binary exits 2 on 100,000 levels, with the message and no stack trace", () => {
    const run = spawnSync(process.execPath, [BINARY, "-"], { input: `${"[".repeat(100_000)}${"]".repeat(100_000)}`, encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^<stdin>:1:\d+: nesting is deeper than the limit of 64 levels of lists and maps\n$/);
  });
});

describe("YAML aliases: LIMITS.maxAliasCount, 100 alias uses", () => {
  it("reads a spec that reuses an anchor a few times", () => {
    const text = "name: n\ninput: &shape { features: 4 }\nlayers:\n  - { type: dense, units: 3 }\nx: *shape\n";
    expect(problems(text)).toEqual([
      'f.yaml:5:1: x: unknown field "x"; allowed here: $schema, name, description, source, input, bias, blocks, layers, published',
    ]);
  });

  it("refuses a billion laughs while reading it, at the alias use that passes the limit", () => {
    // a use counts 1 and the uses inside what it names: b holds 9, c 9 · (1 + 9) = 90 (99 in
    // all), and the first *c, 1 + 90, passes 100: line 4, column 8
    const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (const [i, name] of ["b", "c", "d", "e", "f", "g", "h", "i"].entries()) {
      const previous = "abcdefghi"[i]!;
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`);
    }
    expect(problems(`${lines.join("\n")}\n`)).toEqual([
      "f.yaml:4:8: YAML aliases expand too far (the limit is 100 alias uses, each counted with the uses inside what it names, to keep a small file from expanding into a huge one)",
    ]);
  });

  it("says so when an alias names no anchor (it said 'aliases expand too far')", () => {
    expect(problems("name: *nowhere\n")).toEqual(["f.yaml:1:7: unknown alias *nowhere: no anchor &nowhere comes before it"]);
  });
});

describe("layers: LIMITS.maxLayers, 200,000 layers", () => {
  const spec = (count: number) => `name: n\ninput: { features: 4 }\nlayers: [${"{ type: relu },".repeat(count)}]\n`;

  it("is 200,000: room for the benchmark's 100,000-layer networks (npm run bench)", () => {
    expect(LIMITS.maxLayers).toBe(200_000);
  });

  it("reads 5,000 layers through the CLI", async () => {
    const result = await runCli(["many.yaml", "--json"], { files: { "many.yaml": spec(5_000) } });
    expect(result.exitCode).toBe(0);
    expect((JSON.parse(result.stdout) as { layers: unknown[] }).layers).toHaveLength(5_000);
  });

  it("refuses one layer more than the limit, at the layer list, naming the limit (shown with a limit of 50)", () => {
    const tight = (count: number) => {
      const result = loadSpec(spec(count), "f.yaml", { limits: { maxLayers: 50 } });
      return result.ok ? [] : result.problems.map(formatProblem);
    };
    expect(tight(50)).toEqual([]);
    expect(tight(51)).toEqual(["f.yaml:3:9: the spec has 51 layers, more than the limit of 50"]);
  });

  it("refuses a block expansion past the limit before building it (shown with a limit of 50)", () => {
    const text = "name: n\ninput: { features: 4 }\nblocks:\n  b: { layers: [ { type: relu }, { type: relu } ] }\nlayers:\n  - { use: b, repeat: 26 }\n";
    const result = loadSpec(text, "f.yaml", { limits: { maxLayers: 50 } });
    // 26 repetitions × 2 layers = 52 > 50
    expect(result.ok ? [] : result.problems.map(formatProblem).join("\n")).toMatch(/more than 50 layers/);
  });
});

describe("counts beyond 2^53 − 1 = 9,007,199,254,740,991: exact, as bigints (docs/spec-format.md)", () => {
  it("a conv whose connections pass it: the exact digits in the JSON report and the table", async () => {
    // 4096 × 4096 × 4096 input, 4096 filters of 7 × 7, padding 3: output 4096 × 4096 × 4096;
    // connections = H′·W′·Kh·Kw·C·M = 4096·4096·7·7·4096·4096 = 49 · 2^48, beyond 2^53
    const connections = 4096n * 4096n * 7n * 7n * 4096n * 4096n;
    expect(connections).toBe(13_792_273_858_822_144n);
    expect(connections > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const text = "name: n\ninput: { size: 4096, channels: 4096 }\nbias: false\nlayers:\n  - { name: big, type: conv, filters: 4096, kernel: 7, padding: 3 }\n";
    const json = await runCli(["n.yaml", "--json"], { files: { "n.yaml": text } });
    expect(json).toMatchObject({ exitCode: 0, stderr: "" });
    expect(json.stdout).toContain(`"connections":${connections}}`);
    const table = await runCli(["n.yaml"], { files: { "n.yaml": text } });
    expect(table.stdout).toContain("13,792,273,858,822,144");
  });

  it("a total that passes it while every layer fits: exact", async () => {
    // two 5 × 5 convs side by side on the same 4096 × 4096 × 4096 input, no bias:
    // each has 4096·4096·5·5·4096·4096 = 25 · 2^48 = 7,036,874,417,766,400 connections (safe),
    // together 50 · 2^48 = 14,073,748,835,532,800 (not safe: a double would do, by luck, as it
    // is a multiple of 2^49 — the exact digits are what matters)
    const total = 2n * (4096n * 4096n * 5n * 5n * 4096n * 4096n);
    const text = [
      "name: n",
      "input: { size: 4096, channels: 4096 }",
      "bias: false",
      "layers:",
      "  - { name: left, type: conv, filters: 4096, kernel: 5, padding: 2, inputs: [input] }",
      "  - { name: right, type: conv, filters: 4096, kernel: 5, padding: 2, inputs: [input] }",
      "",
    ].join("\n");
    const result = await runCli(["n.yaml", "--json"], { files: { "n.yaml": text } });
    expect(result).toMatchObject({ exitCode: 0, stderr: "" });
    // the layers stay plain numbers; the conv subtotal and the total are the exact digits
    expect(result.stdout).toContain('"connections":7036874417766400}');
    expect(result.stdout).toContain(`"totals": {"units":${2n * 4096n ** 3n},"weights":${2n * 25n * 4096n * 4096n},"biases":0,"connections":${total}}`);
  });

  it("one layer just inside: 25 · 2^48 connections are reported exactly", async () => {
    const text = "name: n\ninput: { size: 4096, channels: 4096 }\nbias: false\nlayers:\n  - { type: conv, filters: 4096, kernel: 5, padding: 2 }\n";
    const result = await runCli(["n.yaml", "--json"], { files: { "n.yaml": text } });
    expect(result.exitCode).toBe(0);
    expect((JSON.parse(result.stdout) as { totals: { connections: number } }).totals.connections).toBe(7_036_874_417_766_400);
  });

  it("a flatten of more than 2^53 − 1 values: exit 2 naming the layer", async () => {
    // 2^20 × 2^20 × 2^14 = 2^54 values: 1048576 · 1048576 = 2^40 = 1,099,511,627,776 is safe, × 16384 is not
    const text = "name: n\ninput: { size: 1048576, channels: 16384 }\nlayers:\n  - { type: flatten }\n";
    const result = await runCli(["n.yaml"], { files: { "n.yaml": text } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "n.yaml:4:5: layers[0]: (flatten1) a size of this layer is not exact: 1099511627776 × 16384 exceeds 2^53 − 1 = 9,007,199,254,740,991, the largest size that can be exact\n",
    );
  });
});
