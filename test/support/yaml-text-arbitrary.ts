// Random YAML texts for holding parse.ts's fast road to the yaml package: documents of keys,
// scalars, flow and block collections, often valid, mixed with the tokens on which js-yaml and
// the yaml package read differently or where one of them finds an error (tags, anchors and
// aliases, explicit keys, null keys, directives, a second document, tabs, BOMs, CR line
// breaks, comments next to tokens, escapes, deep nesting, long keys).

import fc from "fast-check";

/** Plain scalars of every core-schema type, and look-alikes that stay strings. */
const PLAIN = [
  "a",
  "b",
  "x y",
  "conv",
  "1",
  "-0",
  "+12",
  "012",
  "0o17",
  "0x1F",
  "0b11",
  "1_000",
  "1e3",
  "1.5",
  "-.5",
  ".inf",
  "-.Inf",
  ".NaN",
  "~",
  "null",
  "Null",
  "NULL",
  "true",
  "False",
  "yes",
  "off",
  "12:30",
  "2001-12-14",
  "a:b",
  "a#b",
  "-a",
  "a - b",
  "__proto__",
  "toString",
  "constructor",
  "<<",
  "=",
  "a,b",
  "it's",
  "1.",
  "-1.5e-3",
  "+.inf",
  "0x",
  "1e",
  ".",
  "0.0",
  "1E3",
  "00",
  "9007199254740993",
  "1e400",
  "0o",
  "TRUE",
  "nULL",
  "a  b",
  "a:",
  "a :b",
  "- a",
  "? a",
  "a?",
  "*",
  "&",
  "!",
  "|",
  "-1",
  "[]",
  "{}",
];

/** Quoted scalars and block scalars (whose text ends with the line break). */
const QUOTED = [
  '"a"',
  "'b'",
  '"1"',
  "'true'",
  '"~"',
  '""',
  "''",
  '"null"',
  '"__proto__"',
  '"\\x41\\u00e9\\t"',
  '"\\U0001F600"',
  '"\\UFFFFFFFF"',
  '"\\ud800"',
  '"\\/"',
  '"\\N\\_\\L\\P"',
  '"\\q"',
  '"a\\\n  b"',
  '"a\n  b"',
  "'a\n\n  b'",
  '"x\u007fy"',
  '"x\u0085y"',
  "'x\u2028y'",
  '"\u0001"',
  "'it''s'",
];

/** Tokens that may change what a node is, or whether the text is YAML at all. */
const TRICKY = [
  "!!str ",
  "!!seq ",
  "!!map ",
  "!!str",
  "!!binary ",
  "!!float ",
  "!!int ",
  "!!null ",
  "!!bool ",
  "!!set ",
  "!!omap ",
  "!!merge ",
  "! ",
  "!foo ",
  "!<tag:yaml.org,2002:str> ",
  "!<?> ",
  "&a ",
  "&b ",
  "*a",
  "*b",
  "? ",
  "?",
  ": ",
  ":",
  "- ",
  "-",
  "<<: ",
  "<<: *a",
  "~: ",
  ": x",
  "[a]: ",
  "{a: 1}: ",
  "%YAML 1.1\n---\n",
  "%YAML 1.2\n---\n",
  "%TAG !e! tag:e,2000:\n---\n",
  "---\n",
  "--- ",
  "...\n",
  "\t",
  "\uFEFF",
  "\r\n",
  "\r",
  "\n",
  "\n  ",
  " #c",
  "#c",
  "#",
  "[",
  "]",
  "{",
  "}",
  ",",
  "'",
  '"',
  "|",
  ">",
  "|-\n  ",
  "@",
  "`",
  "%",
  "\\",
  "\u0000",
  "\u2028",
  "{a, b}",
  "[a: 1, b]",
  "{a: 1,}",
  "[a,]",
  "[a, , b]",
  "{? a}",
  '{"a":1}',
  "[a\n b]",
  "  ",
  " ",
  "\n\n",
  "\n#c\n",
  "a: 1\n",
  "- x\n",
];

const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("a", "b", "c", "name", "type", "1", "01", "1.0", "true", "x y", "__proto__", "toString", "<<", "a:b") },
  { weight: 2, arbitrary: fc.constantFrom(...QUOTED.filter((q) => !q.includes("\n"))) },
  { weight: 1, arbitrary: fc.constantFrom("~", "null", "", "!!str 1", "!!str", "&a k", "*a", "? k", "[a]", "{a: 1}", "k".repeat(1030)) },
);

const scalar = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PLAIN) },
  { weight: 2, arbitrary: fc.constantFrom(...QUOTED) },
  { weight: 1, arbitrary: fc.constant("") },
);

/** How a collection is written: block style, flow style on one line, or flow style over several lines. */
type Layout = "block" | "flow" | "flow-lines";

type Tree =
  | { readonly scalar: string }
  | { readonly lines: readonly string[]; readonly style: string }
  | { readonly seq: readonly Tree[]; readonly layout: Layout; readonly comment: boolean }
  | { readonly map: readonly (readonly [string, Tree])[]; readonly layout: Layout; readonly comment: boolean };

/** A scalar over several lines: plain, quoted, or a block scalar with its header. */
const multiline = fc.record({
  lines: fc.array(fc.constantFrom("a", "b c", "1", "", "  d", "#e", "- f", "g: h", "~", "   ", " ", "x  "), { minLength: 1, maxLength: 4 }),
  style: fc.constantFrom("plain", '"', "'", "|", ">", "|-", ">+", "|2", "|1-"),
});

const layout = fc.constantFrom<Layout>("block", "block", "flow", "flow-lines");

const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: scalar.map((s): Tree => ({ scalar: s })) },
    { weight: 1, arbitrary: multiline },
    { weight: 1, arbitrary: fc.record({ seq: fc.array(tie("tree"), { maxLength: 4 }), layout, comment: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ map: fc.array(fc.tuple(key, tie("tree")), { maxLength: 4 }), layout, comment: fc.boolean() }) },
  ),
}));

const isBlock = (node: Tree): boolean => ("seq" in node || "map" in node) && node.layout === "block" && ("seq" in node ? node.seq.length : node.map.length) > 0;

/** A node that starts on its key's or dash's line, its further lines at `indent` spaces; no final line break. */
function inline(node: Tree, indent: number): string {
  const pad = " ".repeat(indent);
  if ("scalar" in node) return node.scalar;
  if ("lines" in node) {
    const { lines, style } = node;
    if (style === "plain") return lines.join(`\n${pad}`);
    if (style === '"' || style === "'") return `${style}${lines.join(`\n${pad}`)}${style}`;
    // in a block scalar, "" is an empty line and " " a line of one space, whatever the indentation
    return `${style}${lines.map((line) => (line === "" || line === " " ? `\n${line}` : `\n${pad}${line}`)).join("")}`;
  }
  const items = "seq" in node ? node.seq.map((item) => inline(item, indent + 2)) : node.map.map(([k, v]) => `${k}: ${inline(v, indent + 2)}`);
  const separator = node.layout === "flow-lines" ? `,${node.comment ? " #c" : ""}\n${pad}` : ", ";
  return "seq" in node ? `[${items.join(separator)}]` : `{${items.join(separator)}}`;
}

/** A node as block YAML at `indent` spaces; the text ends with a line break. */
function block(node: Tree, indent: number): string {
  const pad = " ".repeat(indent);
  if (!isBlock(node)) return `${pad}${inline(node, indent + 2)}\n`;
  const comment = "comment" in node && node.comment ? " # c" : "";
  if ("seq" in node) {
    return node.seq
      .map((item) => {
        // a block collection starts on the dash's line (`- a: 1`, `- - x`) or on the next
        if (isBlock(item)) return comment ? `${pad}-${comment}\n${block(item, indent + 2)}` : `${pad}- ${block(item, indent + 2).slice(indent + 2)}`;
        return `${pad}- ${inline(item, indent + 2)}${"scalar" in item ? comment : ""}\n`;
      })
      .join("");
  }
  if (!("map" in node)) return "";
  return node.map
    .map(([k, v]) => {
      // a list under a key may stand at the key's own indentation
      if (isBlock(v)) return `${pad}${k}:${comment}\n${block(v, "seq" in v && comment ? indent : indent + 2)}`;
      return `${pad}${k}: ${inline(v, indent + 2)}${"scalar" in v ? comment : ""}\n`;
    })
    .join("");
}

const deepNesting = fc.integer({ min: 60, max: 70 }).map((depth) => `a: ${"[".repeat(depth)}1${"]".repeat(depth)}\n`);

const blockScalar = fc.constantFrom(
  "a: |\n  two\n  lines\n",
  "a: >-\n  folded\n\n  text\n",
  "a: |+\n  keep\n\n",
  "a: |2\n   more\n",
  "a: |\n   \n  x\n",
  "a: >\n  x\n   y\n  z\n",
);

/** A document: a map at the top (a spec's shape) or any node. */
const document = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.tuple(key, tree), { minLength: 1, maxLength: 5 }).map((map) => block({ map, layout: "block", comment: false }, 0)) },
  { weight: 1, arbitrary: tree.map((node) => block(node, 0)) },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: blockScalar },
  { weight: 1, arbitrary: fc.constantFrom("", "# only a comment\n", "---\n", "---\na: 1\n...\n", "a: 1\n---\nb: 2\n", "null\n", "a\n") },
);

/** Inserts `token` at a fraction of the text's length. */
const insert = (text: string, at: number, token: string): string => {
  const i = Math.floor(at * (text.length + 1));
  return text.slice(0, i) + token + text.slice(i);
};

/** A text: a document, then a few tricky tokens inserted, and its line breaks perhaps CRLF. */
export const yamlTextArbitrary: fc.Arbitrary<string> = fc
  .tuple(
    document,
    fc.oneof(fc.constant([]), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...TRICKY)), { minLength: 1, maxLength: 3 })),
    fc.boolean(),
  )
  .map(([text, insertions, crlf]) => {
    const mixed = insertions.reduce((t, [at, token]) => insert(t, at, token), text);
    return crlf ? mixed.replace(/\r?\n/g, "\r\n") : mixed;
  });
