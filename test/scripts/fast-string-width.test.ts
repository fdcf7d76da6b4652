// scripts/fast-string-width.cjs, the string-width that the bundle gives cli-table3, measures
// every string as string-width does.
import { createRequire } from "node:module";
import emojiRegex from "emoji-regex";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";

const fastStringWidth = createRequire(import.meta.url)("../../scripts/fast-string-width.cjs") as (text: unknown) => number;

/** The characters it counts as one column each: printable ASCII and Latin-1, dashes, quotes and the ellipsis, and box drawing. */
const ONE_COLUMN: string[] = [];
for (let code = 0x20; code <= 0xff; code++) if (code <= 0x7e || code >= 0xa0) ONE_COLUMN.push(String.fromCharCode(code));
for (let code = 0x2010; code <= 0x2027; code++) ONE_COLUMN.push(String.fromCharCode(code));
for (let code = 0x2500; code <= 0x257f; code++) ONE_COLUMN.push(String.fromCharCode(code));

describe("fast-string-width", () => {
  it("counts on string-width giving each printable ASCII, Latin-1, general punctuation (U+2010 to U+2027) or box-drawing character one column", () => {
    expect(ONE_COLUMN.filter((c) => stringWidth(c) !== 1)).toEqual([]);
  });

  it("counts on string-width's emoji expression finding no emoji among them, alone or in pairs", () => {
    const emoji = emojiRegex();
    expect(ONE_COLUMN.filter((c) => emoji.test(c))).toEqual([]);
    expect(ONE_COLUMN.flatMap((a) => ONE_COLUMN.map((b) => a + b)).filter((pair) => emoji.test(pair))).toEqual([]);
  });

  it.each([
    "",
    "Layer",
    "290,400",
    "55×55×96",
    "11×11 s4 p2",
    "©®½ÿ",
    "─────",
    "┌─┬─┐│├┼┤└┴┘",
    "─ × ─",
    "…",
    "‘quoted’ – “more” — • ‥",
    "−4",
    "\u001b[1mTotal\u001b[22m",
    "a\u0301",
    "日本",
    "🙂 ok",
    "1\ufe0f\u20e3",
    "tab\there",
    "\u0085",
  ])("measures %j as string-width does", (text) => {
    expect(fastStringWidth(text)).toBe(stringWidth(text));
  });

  it("measures what is not a string as string-width does", () => {
    expect(fastStringWidth(undefined)).toBe(stringWidth(undefined as unknown as string));
  });
});
