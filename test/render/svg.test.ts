import { describe, expect, it } from "vitest";
import { renderSvgChart } from "../../src/render/svg.js";
import { xmlEscape } from "../../src/render/xml.js";
import { bundledReport, bundledSpecNames, reportOf } from "../helpers.js";
import { parseXml } from "../support/xml.js";

describe("--chart --format svg", () => {
  it("escapes layer names for XML", () => {
    expect(xmlEscape(`a<b>&"c'`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
    const report = reportOf(
      ['name: "x & <y>"', "input: { size: 8, channels: 3 }", "layers:", "  - { name: \"c<1>&'2'\", type: conv, filters: 4, kernel: 3 }"].join("\n"),
    );
    const svg = renderSvgChart(report);
    expect(svg).toContain("c&lt;1&gt;&amp;&apos;2&apos;");
    expect(svg).toContain("x &amp; &lt;y&gt;");
    expect(svg).not.toContain("c<1>");
    // every "<" opens a tag or a declaration
    expect(svg.match(/<(?![a-zA-Z/?])/g)).toBeNull();
    const parsed = parseXml(svg);
    expect(parsed.root).toBe("svg");
    expect(parsed.texts).toContain("c<1>&'2'");
  });

  it.each(bundledSpecNames())("%s: well-formed XML (a strict parser reads it)", (name) => {
    expect(parseXml(renderSvgChart(bundledReport(name))).root).toBe("svg");
  });

  it("is self-contained: no scripts, links or external references", () => {
    const svg = renderSvgChart(bundledReport("alexnet"));
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toMatch(/<script|href=|url\(|@import/);
  });

  it("draws a bar as wide as the share", () => {
    const svg = renderSvgChart(bundledReport("alexnet"));
    // L1 holds 290,400 of 659,272 units = 0.44049…; × 180 px = 79.29 px
    expect(svg).toContain(`width="79.29" height="12" fill="#0072B2"`);
  });

  it("matches the golden file", async () => {
    const svg = renderSvgChart(bundledReport("alexnet"));
    expect(parseXml(svg).root).toBe("svg");
    await expect(svg).toMatchFileSnapshot("./__golden__/alexnet-chart.svg");
  });
});
