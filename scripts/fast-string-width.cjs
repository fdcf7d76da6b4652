// string-width as the binary's bundle gives it to cli-table3 (scripts/build-bin.mjs): the same
// widths, with a string of one-column characters counted by its length. cli-table3 measures each
// cell several times (layout, padding, truncation), and string-width runs every string through
// a large emoji regular expression, which V8 compiles on its first use, milliseconds of a run.
// The table's cells are nearly all printable ASCII or Latin-1 (digits, names, ×), its rule rows
// are box drawing (─), and cli-table3 measures its truncation mark (…) for every cell.
// test/scripts/fast-string-width.test.ts checks that string-width gives each of those characters
// one column and finds no emoji among them.
"use strict";
const stringWidth = require("string-width");

const ONE_COLUMN = /^[\x20-\x7e\xa0-\xff\u2010-\u2027\u2500-\u257f]*$/;

module.exports = (text) => (typeof text === "string" && ONE_COLUMN.test(text) ? text.length : stringWidth(text));
