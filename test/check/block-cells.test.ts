// Published figures for a block use (a paper's per-stage or per-module row): cells under
// `published[].blocks`, checked as layer cells are, with the same statuses, diagnosis and errata.
import { describe, expect, it } from "vitest";
import type { JsonCheck } from "../../src/render/check-report.js";
import { validatePublished } from "../../src/check/validate-published.js";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

// An 8×8×3 input; stem: 1×1 conv 3 → 4 with biases; stage: three uses of `unit`, a 3×3 conv
// 4 → 4 (padding 1, biases) and a relu. By hand, per use: weights 3·3·4·4 + 4 = 148, units
// 8·8·4 = 256, connections 8·8·3·3·4·4 = 9,216; the stage: 444 weights, 768 units.
const spec = (blocks: string, errata = "") => `name: tiny
input: { size: 8, channels: 3 }
bias: true
blocks:
  unit:
    params: { out: null }
    layers:
      - { name: conv, type: conv, filters: $out, kernel: 3, padding: 1 }
      - { name: relu, type: relu }
layers:
  - { name: stem, type: conv, filters: 4, kernel: 1 }
  - { name: stage, use: unit, repeat: 3, with: { out: 4 } }
  - { name: head, type: fc, units: 10 }
published:
  - source: "hand arithmetic"
    blocks:
${blocks}
${errata}`;

const check = async (text: string, ...flags: string[]) => runCli(["check", "t.yaml", ...flags], { files: { "t.yaml": text } });

describe("check: cells of a block use", () => {
  it("a use, one repetition and a run of repetitions (either dash) sum their layers", async () => {
    const text = spec(
      [
        "      stage: { weights: 444, units: 768 }", //       3 × 148, 3 × 256
        "      stage.1: { connections: 9216 }", //            one repetition
        "      stage.1-2: { weights: 296 }", //               2 × 148
        "      stage.0–2: { connections: 27.6K }", //         3 × 9,216 = 27,648 → 27.6K
      ].join("\n"),
    );
    const r = await check(text, "--json");
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    const cells = (JSON.parse(r.stdout) as JsonCheck).sources[0]!.cells;
    expect(cells.map((c) => [c.at, c.computed, c.status])).toEqual([
      ["blocks.stage.units", 768, "match"],
      ["blocks.stage.weights", 444, "match"],
      ["blocks.stage.1.connections", 9216, "match"],
      ["blocks.stage.1-2.weights", 296, "match"],
      ["blocks.stage.0–2.connections", 27648, "match"],
    ]);
  });

  it("a mismatch is diagnosed, an erratum excuses, a stale erratum fails", async () => {
    const text = spec(
      ["      stage.0: { weights: 144 }", "      stage.2: { units: 300 }", "      stage: { units: 768 }"].join("\n"),
      ["    errata:", '      - { at: blocks.stage.2.units, note: "misprinted" }', '      - { at: blocks.stage.units, note: "thought wrong" }'].join("\n"),
    );
    const r = await check(text, "--json");
    expect(r.exitCode).toBe(1);
    const cells = (JSON.parse(r.stdout) as JsonCheck).sources[0]!.cells;
    const status = Object.fromEntries(cells.map((c) => [c.at, c.status]));
    expect(status).toEqual({ "blocks.stage.0.weights": "mismatch", "blocks.stage.2.units": "erratum", "blocks.stage.units": "stale-erratum" });
    // 148 − 144 = the conv's 4 biases: the figure with biases off
    expect(cells.find((c) => c.at === "blocks.stage.0.weights")?.diagnosis).toBe("biases left out: 4 fewer, the figure with biases off");
  });

  it("a block cell's difference is carried into a total that prints it", async () => {
    // stem 3·4 + 4 = 16, the stage 444, head 8·8·4·10 + 10 = 2,570: 3,030; printed 3,026 carries stage.0's 144 for 148
    const text = spec("      stage.0: { weights: 144 }").replace("    blocks:", "    totals: { weights: 3026 }\n    blocks:");
    const r = await check(text, "--json");
    const cells = (JSON.parse(r.stdout) as JsonCheck).sources[0]!.cells;
    expect(cells.find((c) => c.at === "totals.weights")?.computed).toBe(3030);
    expect(cells.find((c) => c.at === "totals.weights")?.diagnosis).toBe("carries the printed block use figure of blocks.stage.0.weights (a difference of −4)");
  });

  it("an unknown block use is an error at its key, with the names it may have meant", async () => {
    const text = spec("      stage.7: { weights: 148 }");
    const r = await check(text);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    // the key is on line 17 (after 16 lines of the spec), at column 7
    expect(r.stderr).toContain('t.yaml:17:7: published[0].blocks["stage.7"]: no block use is named "stage.7"; close names: stage.0, stage.1, stage.2');
    expect(r.stderr).not.toContain("    at ");
  });

  it("a layer's name under blocks is pointed to layers; an erratum of an unknown block use is an error", async () => {
    const layer = await check(spec("      stem: { weights: 16 }"));
    expect(layer.exitCode).toBe(2);
    expect(layer.stderr).toContain('"stem" is a layer, not a block use: put its figures under layers');
    const erratum = await check(spec("      stage: { weights: 444 }", '    errata:\n      - { at: blocks.stages.weights, note: "n" }'));
    expect(erratum.exitCode).toBe(2);
    expect(erratum.stderr).toContain('no block use is named "stages"; close names: stage');
  });

  it("a spec without blocks or dotted names has no block uses to name", async () => {
    const text = `name: flat\ninput: { features: 4 }\nlayers:\n  - { name: fc1, type: fc, units: 2 }\npublished:\n  - source: s\n    blocks:\n      fc: { weights: 10 }\n`;
    const r = await check(text);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('no block use is named "fc": the spec uses no blocks, and no layer names share a dotted prefix');
  });

  it("googlenet-bvlc checks Szegedy et al.'s rows for inception modules 3a and 4a", async () => {
    const r = await runCli(["check", "googlenet-bvlc", "--json"]);
    expect(r.exitCode).toBe(0);
    const cells = (JSON.parse(r.stdout) as JsonCheck).sources[0]!.cells;
    const byAt = Object.fromEntries(cells.map((c) => [c.at, [c.computed, c.status]]));
    // 3a (28×28×192 in, biases off): 192·64 + 192·96 + 9·96·128 + 192·16 + 25·16·32 + 192·32
    // = 12,288 + 18,432 + 110,592 + 3,072 + 12,800 + 6,144 = 163,328 weights; × 28² = 128,049,152
    expect(byAt["blocks.inception_3a.weights"]).toEqual([163_328, "erratum"]);
    expect(byAt["blocks.inception_3a.connections"]).toEqual([128_049_152, "match"]);
    // 4a (14×14×480 in): 480·192 + 480·96 + 9·96·208 + 480·16 + 25·16·48 + 480·64
    // = 92,160 + 46,080 + 179,712 + 7,680 + 19,200 + 30,720 = 375,552; × 14² = 73,608,192
    expect(byAt["blocks.inception_4a.connections"]).toEqual([73_608_192, "erratum"]);
  });
});

describe("the library's guard on a block cell's scope", () => {
  const source = (scope: unknown) => ({
    source: "s",
    conventions: [],
    tolerance: 0,
    errata: new Map(),
    cells: [{ at: "blocks.x.weights", scope, metric: "weights", value: 1 }],
  });

  it("takes a name and a range of layer indices, first ≤ last", () => {
    expect(validatePublished([source({ kind: "block", name: "x", first: 0, last: 2 })])).toEqual([]);
    expect(validatePublished([source({ kind: "block", name: "x", first: 3, last: 1 })])).toEqual([
      { field: "published[0].cells[0]", message: "scope.first and scope.last must be layer indices, first ≤ last" },
    ]);
    expect(validatePublished([source({ kind: "block", first: 0, last: 1 })])[0]?.message).toBe("scope.name must be a string");
  });
});
