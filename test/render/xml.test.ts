import { describe, expect, it } from "vitest";
import { xmlEscape } from "../../src/render/xml.js";

describe("xmlEscape", () => {
  it("escapes the five markup characters", () => {
    expect(xmlEscape(`<a href="x">&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
  });

  it.each([
    ["NUL", "a\u0000b"],
    ["ESC", "a\u001bb"],
    ["BEL", "a\u0007b"],
    ["a lone high surrogate", "a\uD800b"],
    ["U+FFFE", "a\uFFFEb"],
  ])("replaces %s, which XML 1.0 cannot hold, with U+FFFD", (_name, text) => {
    expect(xmlEscape(text)).toBe("a\uFFFDb");
  });

  it("keeps tab, newline, CR, astral characters and C1 controls (allowed in XML 1.0)", () => {
    expect(xmlEscape("a\tb\nc\rd😀e\u0085f")).toBe("a\tb\nc\rd😀e\u0085f");
  });
});
