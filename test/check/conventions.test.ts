// A published source's counting conventions apply to that source only.

import { describe, expect, it } from "vitest";
import { checkNetwork } from "../../src/check/check-network.js";
import type { PublishedSource } from "../../src/core/published.js";
import type { Network } from "../../src/core/network.js";
import { renderCheck, renderCheckJson, renderCheckMarkdown } from "../../src/render/check-report.js";

// one dense layer, 4 inputs → 3 units with biases: 4·3 = 12 MACs, 3 biased units
const NET: Network = {
  name: "tiny",
  input: { kind: "vector", features: 4 },
  bias: true,
  layers: [{ type: "dense", name: "fc", inputs: ["input"], units: 3 }],
};

const source = (name: string, conventions: PublishedSource["conventions"], connections: number): PublishedSource => ({
  source: name,
  conventions,
  tolerance: 0,
  cells: [{ at: "totals.connections", scope: { kind: "total" }, metric: "connections", value: connections }],
  errata: new Map(),
});

describe("checking under a source's conventions", () => {
  it("computes each source under its own conventions", () => {
    // 12 MACs as the contract counts; 12 + 3 = 15 with one connection per bias
    const checked = checkNetwork(NET, [source("plain", [], 12), source("LeCun-style", ["bias-connections"], 15)]);
    if (!checked.ok) throw new Error("expected a check");
    expect(checked.result.sources.map((s) => [s.source, s.conventions, s.cells[0]?.computed, s.cells[0]?.status])).toEqual([
      ["plain", [], 12, "match"],
      ["LeCun-style", ["bias-connections"], 15, "match"],
    ]);
  });

  it("says which conventions a source was counted with, in every check format", () => {
    const checked = checkNetwork(NET, [source("plain", [], 12), source("LeCun-style", ["bias-connections"], 15)]);
    if (!checked.ok) throw new Error("expected a check");
    const json = JSON.parse(renderCheckJson(checked.result)) as { sources: { source: string; conventions?: string[] }[] };
    // the field appears only where a source declares conventions, so older reports are unchanged
    expect(json.sources.map((s) => s.conventions)).toEqual([undefined, ["bias-connections"]]);
    expect(renderCheck(checked.result, "tiny")).toContain("LeCun-style (biases on; counted with bias-connections)");
    expect(renderCheck(checked.result, "tiny")).toContain("plain (biases on)");
    expect(renderCheckMarkdown(checked.result, "tiny")).toContain("**LeCun-style** (biases on; counted with bias-connections)");
  });
});
