// A spec whose names and texts are made to take over what shows them (test/fixtures/
// hostile-names.yaml), through every command and format: no character that acts rather than
// prints (C0, DEL, C1, bidi controls, line separators) reaches stdout or stderr raw in a text
// format; the SVG is well-formed XML; CSV cells that a spreadsheet would run are neutralised;
// Markdown tables keep their columns and carry no markup from the spec; JSON keeps the names'
// exact values.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { UNSAFE_TEXT } from "../../src/core/visible-text.js";
import { runCli } from "../support/memory-io.js";
import { parseXml } from "../support/xml.js";

const SPEC = readFileSync(new URL("../fixtures/hostile-names.yaml", import.meta.url), "utf8");
const ALEXNET = readFileSync(new URL("../../specs/alexnet.yaml", import.meta.url), "utf8");

// the names as the fixture writes them, with YAML's escapes read
const NETWORK = "@Evil\u001b[2J\u001b]0;pwned\u0007Net\u202e\u2066|<b>&amp;</b>";
const FIRST = "=cmd|' /C calc'!A0\r\u0000\u007f\u009b";
/** A block use's name: its layers are `GROUP.r\u001b[1m`. */
const GROUP = "=grp\u001b]0;x\u0007\u2067";
const SECOND = "+1\u2028-2\u2029@x\t`code`*em*_u_[l](h)<script>|\\|\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u2067\u2068\u2069";

const files = { "hostile.yaml": SPEC, "alexnet.yaml": ALEXNET };
const run = (argv: string[], color = false) => runCli(argv, { files, bundled: { hostile: SPEC, alexnet: ALEXNET }, color });

/** The characters of `text` that act rather than print, besides the newlines (and, in CSV, CRLF) that lay it out. */
function rawControls(text: string, { crlf = false } = {}): string[] {
  const laidOut = crlf ? text.replaceAll("\r\n", "\n") : text;
  return [...laidOut.matchAll(UNSAFE_TEXT)].map((m) => m[0]).filter((ch) => ch !== "\n");
}

/** SGR colour sequences, the one kind of escape alexcount itself writes (with --color). */
const SGR = /\u001b\[[0-9;]*m/g;

/** The network's name as every format shows it: its escapes visible (Markdown escapes their backslashes once more). */
const SHOWN = /Evil\\+u001b\\?\[2J/;

const TEXT_RUNS: [string, string[]][] = [
  ["table", ["hostile.yaml"]],
  ["table --all", ["hostile.yaml", "--all"]],
  ["markdown", ["hostile.yaml", "--format", "markdown", "--all"]],
  ["--explain", ["hostile.yaml", "--explain"]],
  ["--explain LAYER", ["hostile.yaml", "--explain", FIRST]],
  ["--explain BLOCK-USE", ["hostile.yaml", "--explain", GROUP]],
  ["--depth 2 --all", ["hostile.yaml", "--depth", "2", "--all"]],
  ["--depth 1 --format markdown", ["hostile.yaml", "--depth", "1", "--format", "markdown"]],
  ["--explain --format markdown", ["hostile.yaml", "--explain", "--format", "markdown"]],
  ["--chart", ["hostile.yaml", "--chart"]],
  ["compare", ["compare", "hostile.yaml", "alexnet.yaml"]],
  ["compare --format markdown", ["compare", "hostile.yaml", "alexnet.yaml", "--format", "markdown"]],
  ["check", ["check", "hostile.yaml"]],
  ["check --format markdown", ["check", "hostile.yaml", "--format", "markdown"]],
  ["list", ["list"]],
];

describe("hostile names, every text format", () => {
  it.each(TEXT_RUNS)("%s: nothing raw on stdout", async (_label, argv) => {
    const r = await run(argv);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    // the name (for list, the description) is there, escaped and visible…
    expect(r.stdout).toMatch(argv[0] === "list" ? /=HYPERLINK\("http:\/\/x"\)\\u001b\[31m red \\u202egnp\.exe/ : SHOWN);
    expect(rawControls(r.stdout)).toEqual([]); // …and nothing acts
  });

  it.each(TEXT_RUNS.filter(([label]) => !label.includes("markdown")))("%s --color: only alexcount's own colour sequences", async (_label, argv) => {
    const r = await run([...argv, "--color"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(SGR);
    expect(rawControls(r.stdout.replace(SGR, ""))).toEqual([]);
  });

  it.each([
    ["csv", ["hostile.yaml", "--format", "csv", "--all"]],
    ["csv --depth 2", ["hostile.yaml", "--format", "csv", "--depth", "2", "--all"]],
    ["compare csv", ["compare", "hostile.yaml", "alexnet.yaml", "--format", "csv"]],
  ])("%s: nothing raw but the CRLF row ends", async (_label, argv) => {
    const r = await run(argv);
    expect(r.exitCode).toBe(0);
    expect(rawControls(r.stdout, { crlf: true })).toEqual([]);
  });

  it("the problems on stderr are escaped too", async () => {
    const r = await run(["hostile.yaml", "--explain", "\u001b[2Jnope\u202e"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("--explain \\u001b[2Jnope\\u202e: no layer of that name in @Evil\\u001b[2J");
    expect(rawControls(r.stderr)).toEqual([]);
  });
});

describe("hostile names, JSON", () => {
  it.each([
    ["report, with its tree of block uses", ["hostile.yaml", "--json"]],
    ["compare", ["compare", "hostile.yaml", "alexnet.yaml", "--json"]],
    ["check", ["check", "hostile.yaml", "--json"]],
    ["list", ["list", "--json"]],
  ])("%s: every unsafe character written as a \\u escape, the values kept exactly", async (_label, argv) => {
    const r = await run(argv);
    expect(r.exitCode).toBe(0);
    expect(rawControls(r.stdout)).toEqual([]);
    expect(r.stdout).toContain("\\u202e");
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it("the report's names read back as the spec wrote them", async () => {
    const report = JSON.parse((await run(["hostile.yaml", "--json"])).stdout) as { name: string; layers: { name: string }[] };
    expect(report.name).toBe(NETWORK);
    expect(report.layers.map((l) => l.name).slice(0, 2)).toEqual([FIRST, SECOND]);
  });
});

describe("hostile names, SVG", () => {
  it.each([
    ["--format svg", ["hostile.yaml", "--format", "svg"]],
    ["--chart --format svg", ["hostile.yaml", "--chart", "--format", "svg"]],
  ])("%s: well-formed XML, the names visible and inert", async (_label, argv) => {
    const r = await run(argv);
    expect(r.exitCode).toBe(0);
    const parsed = parseXml(r.stdout);
    expect(parsed.root).toBe("svg");
    expect(rawControls(r.stdout)).toEqual([]);
    // the title, as the XML parser reads it back: the escapes of the name, and its markup as text
    expect(parsed.texts.some((t) => t.startsWith("@Evil\\u001b[2J\\u001b]0;pwned\\u0007Net\\u202e\\u2066|<b>&amp;</b>"))).toBe(true);
    expect(r.stdout).not.toMatch(/<b>|<script/);
  });
});

/** RFC 4180 fields of one CSV record (quotes doubled inside quoted fields). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = "";
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') break;
        else value += line[i++];
      }
      fields.push(`"${value}`); // marked as quoted
      i += 2; // the closing quote and the comma
    } else {
      const end = line.indexOf(",", i);
      fields.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return fields;
}

describe("hostile names, CSV", () => {
  it("a cell a spreadsheet would run gets a quote in front and is quoted (OWASP); counts stay bare numbers", async () => {
    const r = await run(["hostile.yaml", "--format", "csv", "--all"]);
    const rows = r.stdout.trimEnd().split("\r\n").map(csvFields);
    expect(rows[0]).toEqual(["layer", "type", "output", "kernel", "units", "weights", "biases", "connections"]);
    // the first layer: 4 × 3 = 12 weights and connections, 3 units, no biases
    expect(rows[1]).toEqual([`"'=cmd|' /C calc'!A0\\r\\u0000\\u007f\\u009b`, "dense", "3", "", "3", "12", "0", "12"]);
    // the second: 3 × 2 = 6
    expect(rows[2]?.[0]).toMatch(/^"'\+1\\u2028-2/);
    expect(rows[2]?.slice(4)).toEqual(["2", "6", "0", "6"]);
    expect(rows[3]?.[0]).toMatch(/^"'-relu\\u0085/);
    for (const row of rows) {
      expect(row).toHaveLength(8);
      // no field, quoted or bare, starts with what a spreadsheet runs
      for (const field of row) expect(field.replace(/^"/, "")).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it("compare --format csv: the spec's name neutralised, the totals bare numbers", async () => {
    const r = await run(["compare", "hostile.yaml", "alexnet.yaml", "--format", "csv"]);
    const rows = r.stdout.trimEnd().split("\r\n").map(csvFields);
    expect(rows[1]?.[1]).toBe(`"'@Evil\\u001b[2J\\u001b]0;pwned\\u0007Net\\u202e\\u2066|<b>&amp;</b>`);
    // units 3 + 2 = 5, weights 12 + 6 = 18, biases 0, connections 18
    expect(rows[1]?.slice(3, 7)).toEqual(["5", "18", "0", "18"]);
  });
});

/** The cells of a Markdown table row: split at the pipes that are not backslash-escaped. */
function markdownCells(line: string): number {
  let cells = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\\") i++;
    else if (line[i] === "|") cells++;
  }
  return cells - 1;
}

describe("hostile names, Markdown", () => {
  it.each([
    ["report", ["hostile.yaml", "--format", "markdown", "--all"]],
    ["compare", ["compare", "hostile.yaml", "alexnet.yaml", "--format", "markdown"]],
    ["check", ["check", "hostile.yaml", "--format", "markdown"]],
  ])("%s: every table row has the header's columns, and no markup from the spec is live", async (_label, argv) => {
    const r = await run(argv);
    const lines = r.stdout.split("\n");
    const tables = lines.filter((l) => l.startsWith("|"));
    expect(tables.length).toBeGreaterThan(3);
    let columns = 0;
    for (const [i, line] of lines.entries()) {
      if (!line.startsWith("|")) continue;
      if (!lines[i - 1]?.startsWith("|")) columns = markdownCells(line); // a table's header
      expect(markdownCells(line), line).toBe(columns);
    }
    // HTML, code spans, emphasis and links from names are escaped
    expect(r.stdout).not.toMatch(/(?<!\\)<(b|i|script)>/);
    expect(r.stdout).not.toMatch(/(?<!\\)`code(?<!\\)`/);
    expect(r.stdout).not.toMatch(/(?<!\\)\[l(?<!\\)\]/);
  });
});
