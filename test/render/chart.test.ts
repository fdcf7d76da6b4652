import { describe, expect, it } from "vitest";
import { bar, chartData, formatShare, renderChart } from "../../src/render/chart.js";
import { bundledReport, reportOf } from "../helpers.js";

describe("--chart", () => {
  const report = bundledReport("alexnet");

  it("draws whole columns as full blocks", () => {
    expect(bar(1, 4)).toBe("████");
    expect(bar(0.5, 4)).toBe("██"); // 0.5 × 4 columns = 2 columns
  });

  it("rounds to the nearest eighth, keeping one eighth for a nonzero share", () => {
    // 0.44 × 20 columns × 8 = 70.4 eighths → 70 = 8 full blocks + 6 eighths (▊)
    expect(bar(0.44, 20)).toBe("████████▊");
    // 0.001 × 20 × 8 = 0.16 eighths → rounds to 0, but a nonzero share keeps one eighth
    expect(bar(0.001, 20)).toBe("▏");
    expect(bar(0, 20)).toBe("");
  });

  it.each([
    [0, "–"],
    [0.0004, "<0.1%"], // 0.04% would print as 0.0%
    [0.44049, "44.0%"],
    [0.9996, ">99.9%"], // would print as 100.0% though some share is elsewhere
    [1, "100.0%"],
  ])("writes a share of %d as %s", (share, text) => {
    expect(formatShare(share)).toBe(text);
  });

  it("shows the tutorial's closing observation in the kind rows", () => {
    const kinds = chartData(report).rows.filter((r) => r.role === "subtotal");
    const conv = kinds.find((r) => r.kind === "conv")!;
    const dense = kinds.find((r) => r.kind === "dense")!;
    // conv: 650,080 of 659,272 units (98.6%) and 665,784,864 of 724,406,816 connections (91.9%)
    expect(formatShare(conv.values.units.share)).toBe("98.6%");
    expect(formatShare(conv.values.connections.share)).toBe("91.9%");
    // dense: 58,621,952 of 60,954,656 weights = 96.2%
    expect(formatShare(dense.values.weights.share)).toBe("96.2%");
  });

  it("fits 100 columns, even with long layer names", () => {
    const long = reportOf(
      [
        "name: long",
        "input: { size: 8, channels: 3 }",
        "layers:",
        "  - { name: a-very-long-layer-name-that-goes-on-and-on.conv1, type: conv, filters: 4, kernel: 3 }",
        "  - { type: dense, units: 10 }",
      ].join("\n"),
    );
    for (const text of [renderChart(report), renderChart(long), renderChart(long, { color: true })]) {
      const plain = text.replace(/\u001b\[[0-9;]*m/g, "");
      for (const line of plain.split("\n")) expect([...line].length).toBeLessThanOrEqual(100);
    }
    expect(renderChart(long)).toContain("a-very-long-layer-name-…");
  });

  it("is plain unless colour is asked for", () => {
    expect(renderChart(report)).not.toMatch(/\u001b\[/);
    expect(renderChart(report, { color: true })).toMatch(/\u001b\[36m█/);
  });

  it("matches the golden file", async () => {
    await expect(renderChart(report)).toMatchFileSnapshot("./__golden__/alexnet-chart.txt");
  });
});
