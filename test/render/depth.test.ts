// Views at a depth: group rows sum to the totals, repetitions that cost the same collapse into
// one row, and the default view of a large network fits a screen.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/core/analyze.js";
import { type Count, countAdd } from "../../src/core/exact.js";
import { type StructureNode, nodeTotals } from "../../src/core/structure.js";
import { analyzeSpec } from "../../src/loader/analyze-spec.js";
import { specStructure } from "../../src/loader/spec-structure.js";
import { renderChart } from "../../src/render/chart.js";
import { renderCsv } from "../../src/render/csv.js";
import { depthRows, fullDepth } from "../../src/render/depth-rows.js";
import { toJsonReport } from "../../src/render/json.js";
import { renderMarkdown } from "../../src/render/markdown.js";
import { summaryRows } from "../../src/render/rows.js";
import { renderSvgChart } from "../../src/render/svg.js";
import { renderTable } from "../../src/render/table.js";
import { SPECS_DIR, bundledSpecNames, load } from "../helpers.js";

function bundled(name: string): { report: Report; structure: StructureNode[] } {
  const spec = load(readFileSync(`${SPECS_DIR}${name}.yaml`, "utf8"), `specs/${name}.yaml`);
  const analysis = analyzeSpec(spec);
  if (!analysis.ok) throw new Error(`${name} does not analyze`);
  return { report: analysis.report, structure: specStructure(spec) };
}

describe.each(bundledSpecNames())("%s at every depth", (name) => {
  const { report, structure } = bundled(name);

  it("the top-level rows add up to the totals, and each group to its layers", () => {
    for (let depth = 1; depth <= fullDepth(structure); depth++) {
      const rows = depthRows(report, structure, depth, true);
      const sum = (key: "weights" | "connections" | "units", level: number) => rows.filter((r) => r.level === level).reduce((n, r) => n + Number(r[key]), 0);
      // every bundled spec's counts are safe integers, so the sums in doubles are exact
      expect([sum("units", 0), sum("weights", 0), sum("connections", 0)]).toEqual([report.totals.units, report.totals.weights, report.totals.connections]);
      for (const row of rows) {
        const layers = report.layers.slice(row.first, row.last + 1);
        expect(row.weights).toBe(layers.reduce((n, l) => n + Number(l.weights), 0));
        expect(row.connections).toBe(layers.reduce((n, l) => n + Number(l.connections), 0));
      }
    }
  });

  it("the default table stays within about a screen when the network has groups to fold", () => {
    const rows = summaryRows(report, { structure });
    const costly = report.layers.filter((l) => l.units !== 0 || l.weights !== 0 || l.connections !== 0).length;
    // about 40 rows of layers and groups, and at most three subtotals and the total under them;
    // a network without groups is shown flat, as it always was
    if (fullDepth(structure) > 1) expect(rows.length).toBeLessThanOrEqual(40 + 4);
    else expect(rows.length).toBe(costly + Object.keys(report.subtotals).length + 1);
  });
});

describe("ResNet-50 by stage", () => {
  const { report, structure } = bundled("resnet50");

  it("collapses layer3's five equal bottlenecks into one row with their count", () => {
    const rows = depthRows(report, structure, 2, false);
    const row = rows.find((r) => r.label === "layer3.1–5");
    // one bottleneck of width 256 at 14×14, out 1024: conv1 1·1·1024·256 = 262,144; conv2 3·3·256·256 = 589,824;
    // conv3 1·1·256·1024 = 262,144; bn1 2·256 = 512, bn2 512, bn3 2·1024 = 2,048 → 1,117,184 weights; five: 5,585,920
    expect(row).toMatchObject({ type: "bottleneck × 5", repeat: 5, weights: 5_585_920 });
    // connections: 14·14·(262,144 + 589,824 + 262,144) = 196 · 1,114,112 = 218,365,952 each; five: 1,091,829,760
    expect(row?.connections).toBe(1_091_829_760);
    // and shows one bottleneck's figures with it: the table's each row below it
    expect(row?.each).toMatchObject({ count: 5, counts: { weights: 1_117_184, connections: 218_365_952 } });
    // layer3.0 (the down-sampling bottleneck) differs, so it keeps a row of its own
    expect(rows.find((r) => r.label === "layer3.0")?.type).toBe("bottleneck_down");
  });

  it("fits a screen by default, and says how to see more", () => {
    const text = renderTable(report, { structure });
    expect(text.split("\n").length).toBeLessThanOrEqual(45);
    expect(text).toContain("shown at depth 2 of 3");
  });

  it.each([0, 1, 2])("table, markdown and csv at depth %i (golden)", async (depth) => {
    await expect(renderTable(report, { structure, depth })).toMatchFileSnapshot(`./__golden__/resnet50-depth${depth}.txt`);
    await expect(renderMarkdown(report, { structure, depth })).toMatchFileSnapshot(`./__golden__/resnet50-depth${depth}.md`);
    await expect(renderCsv(report, { structure, depth })).toMatchFileSnapshot(`./__golden__/resnet50-depth${depth}.csv`);
  });

  it("depth 0 shows the totals alone", () => {
    const rows = summaryRows(report, { structure, depth: 0 });
    expect(rows.map((r) => r.role)).toEqual(["subtotal", "subtotal", "subtotal", "total"]);
  });

  it("the JSON report's tree names each block use with its block, parameters, layers and totals (golden)", async () => {
    const json = toJsonReport(report, structure);
    const layer3 = json.tree?.find((g) => g.name === "layer3");
    // layer3 = layer3.0 (bottleneck_down) + 5 bottlenecks: the layers of its groups, in one run
    expect(layer3?.groups?.map((g) => [g.name, g.block, g.params?.["width"]])).toEqual([
      ["layer3.0", "bottleneck_down", 256],
      ["layer3.1", "bottleneck", 256],
      ["layer3.2", "bottleneck", 256],
      ["layer3.3", "bottleneck", 256],
      ["layer3.4", "bottleneck", 256],
      ["layer3.5", "bottleneck", 256],
    ]);
    // layer3.0's own weights: conv1 1·1·512·256 = 131,072; conv2 3·3·256·256 = 589,824; conv3 262,144;
    // downsample 1·1·512·1024 = 524,288; bn 512 + 512 + 2,048 + 2,048 → 1,512,448
    expect(layer3?.groups?.[0]?.totals.weights).toBe(1_512_448);
    // the whole stage: 1,512,448 + 5,585,920 = 7,098,368
    expect(layer3?.totals.weights).toBe(7_098_368);
    const layers = json.layers.slice(layer3!.layers.first, layer3!.layers.last + 1);
    expect(layers[0]?.name).toBe("layer3.0.conv1");
    expect(layers.at(-1)?.name).toBe("layer3.5.relu3");
    await expect(`${JSON.stringify(json.tree, null, 1)}\n`).toMatchFileSnapshot("./__golden__/resnet50-tree.json");
  });

  it("the chart shows the stages and repetitions, about as tall as AlexNet's (golden SVG)", async () => {
    const text = renderChart(report, { structure });
    expect(text).toContain("layer3.1–5");
    const svg = renderSvgChart(report, { structure });
    const alexnet = renderSvgChart(bundled("alexnet").report);
    const height = (s: string) => Number(/height="(\d+(?:\.\d+)?)"/.exec(s)?.[1]);
    expect(height(svg)).toBeLessThanOrEqual(height(alexnet) * 1.5);
    await expect(svg).toMatchFileSnapshot("./__golden__/resnet50-chart-depth.svg");
  });
});

describe("Llama 3 8B by decoder layer", () => {
  const { report, structure } = bundled("llama3-8b");
  // One decoder layer of Llama 3 8B (d = 4096, 32 query heads and 8 key/value heads of 128, MLP
  // width 14,336, no biases), by hand: two RMSNorms 2 · 4,096 = 8,192; q and o 4,096² each,
  // k and v 4,096 · 1,024 each: 33,554,432 + 8,388,608 = 41,943,040; gate, up and down
  // 3 · 4,096 · 14,336 = 176,160,768 → 218,112,000 weights.
  const perDecoder = 218_112_000;
  // connections per layer at T = 8,192: the projections 8,192 · (41,943,040 + 176,160,768)
  // = 1,786,706,395,136, and QKᵀ and the weighted sum of values 2 · 32 · 8,192² · 128
  // = 549,755,813,888 → 2,336,462,209,024
  const perDecoderConnections = 2_336_462_209_024;
  // the embedding and the LM head 128,256 · 4,096 = 525,336,576 each; the final norm 4,096
  const embedding = 525_336_576;

  it("depth 1 is embedding, decoder × 32, norm and head, and the rows sum to the totals", () => {
    const rows = depthRows(report, structure, 1, false);
    expect(rows.map((r) => [r.label, r.type, r.weights])).toEqual([
      ["model.embed_tokens", "embedding", embedding],
      ["model.layers", "decoder × 32", 32 * perDecoder], // 6,979,584,000
      ["model.norm", "rmsnorm", 4_096],
      ["lm_head", "dense", embedding],
    ]);
    expect(rows[1]?.connections).toBe(32 * perDecoderConnections); // 74,766,790,688,768
    // 2 · 525,336,576 + 6,979,584,000 + 4,096 = 8,030,261,248, the 8.03B of the model page
    const sum = (key: "units" | "weights" | "connections") => rows.reduce<Count>((n, r) => countAdd(n, r[key]), 0);
    expect([sum("units"), sum("weights"), sum("connections")]).toEqual([report.totals.units, report.totals.weights, report.totals.connections]);
    expect(report.totals.weights).toBe(8_030_261_248);
  });

  it("depth 2 shows model.layers once, as decoder × 32 with one decoder's figures below it, not again as model.layers.0–31", () => {
    const rows = depthRows(report, structure, 2, false);
    expect(rows.map((r) => r.label)).toEqual(["model.embed_tokens", "model.layers", "model.norm", "lm_head"]);
    const row = rows.find((r) => r.label === "model.layers");
    expect(row).toMatchObject({ level: 0, type: "decoder × 32", weights: 32 * perDecoder, connections: 32 * perDecoderConnections });
    expect(row?.each).toMatchObject({ count: 32, counts: { weights: perDecoder, connections: perDecoderConnections } });
    // the layers of one decoder: two norms, attention, the residual add, three dense layers, silu, multiply, add
    const first = structure.find((n) => n.kind === "group" && n.name === "model.layers");
    const decoder0 = first?.kind === "group" ? first.children[0] : undefined;
    expect(decoder0?.kind === "group" ? nodeTotals(report, decoder0).counts.weights : undefined).toBe(perDecoder);
  });

  it("the table's each row is one decoder: 218,112,000 weights, 2,336,462,209,024 connections", () => {
    const lines = renderTable(report, { structure, depth: 1 }).split("\n");
    const each = lines.find((line) => line.startsWith("│") && line.includes("each"));
    expect(each).toContain("218,112,000");
    expect(each).toContain("2,336,462,209,024");
  });

  it.each([0, 1, 2])("table, markdown, csv and SVG chart at depth %i (golden)", async (depth) => {
    await expect(renderTable(report, { structure, depth })).toMatchFileSnapshot(`./__golden__/llama3-8b-depth${depth}.txt`);
    await expect(renderMarkdown(report, { structure, depth })).toMatchFileSnapshot(`./__golden__/llama3-8b-depth${depth}.md`);
    await expect(renderCsv(report, { structure, depth })).toMatchFileSnapshot(`./__golden__/llama3-8b-depth${depth}.csv`);
    await expect(renderSvgChart(report, { structure, depth })).toMatchFileSnapshot(`./__golden__/llama3-8b-chart-depth${depth}.svg`);
  });

  it("the SVG at depth 1 is one readable picture: four bars per metric, the decoder's the longest", () => {
    const svg = renderSvgChart(report, { structure, depth: 1 });
    const labels = [...svg.matchAll(/<text x="16" y="\d+">([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(labels.slice(0, 4)).toEqual(["model.embed_tokens", "model.layers", "model.norm", "lm_head"]);
    expect(svg).toContain(">decoder × 32<");
    // the key names every colour drawn, attention (only its subtotal row is pink) among them
    expect([...svg.matchAll(/fill="#[0-9A-F]{6}"\/>\s*<text[^>]*>(\w+)<\/text>/g)].map((m) => m[1])).toEqual(["dense", "attention", "embedding", "norm"]);
    // the decoder layers' share of the weights: 6,979,584,000 / 8,030,261,248 = 86.9%
    expect(svg).toContain(">86.9%<");
    const height = Number(/height="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    const alexnet = renderSvgChart(bundled("alexnet").report);
    expect(height).toBeLessThanOrEqual(Number(/height="(\d+(?:\.\d+)?)"/.exec(alexnet)?.[1]));
  });

  it("the JSON report's tree: the use, its 32 repetitions of decoder, each with its layers and totals (golden)", async () => {
    const json = toJsonReport(report, structure);
    const [use] = json.tree ?? [];
    expect(use?.name).toBe("model.layers");
    expect(use?.groups?.length).toBe(32);
    expect(use?.groups?.[31]).toMatchObject({ name: "model.layers.31", block: "decoder", layers: { first: 311, last: 320 } });
    expect(use?.groups?.every((g) => g.totals.weights === perDecoder)).toBe(true);
    expect(use?.totals.weights).toBe(32 * perDecoder);
    await expect(`${JSON.stringify(json.tree, null, 1)}\n`).toMatchFileSnapshot("./__golden__/llama3-8b-tree.json");
  });
});

describe("what the what-if options add to the rows at a depth", () => {
  const { report, structure } = bundled("resnet50");
  const bf16 = { precision: { dtype: "bf16" as const }, batch: 1 };

  it("each row's weight bytes and FLOPs, summing to the memory block's and the FLOPs' totals", () => {
    const rows = summaryRows(report, { structure, depth: 1, whatIf: bf16 });
    const layer3 = rows.find((r) => r.name === "layer3");
    // bf16: 2 bytes a weight, 2 × 7,098,368 = 14,196,736; FLOPs 2 × 1,464,336,384 = 2,928,672,768
    expect([layer3?.weightBytes, layer3?.flops]).toEqual([14_196_736n, 2_928_672_768n]);
    const top = rows.filter((r) => r.role !== "subtotal" && r.role !== "total" && r.level === 0);
    const total = rows.find((r) => r.role === "total");
    // 2 × 25,557,032 = 51,114,064 bytes; 2 × 4,089,184,256 = 8,178,368,512 FLOPs
    expect(total?.weightBytes).toBe(51_114_064n);
    expect(total?.flops).toBe(8_178_368_512n);
    expect(top.reduce((n, r) => n + r.weightBytes!, 0n)).toBe(51_114_064n);
    expect(top.reduce((n, r) => n + r.flops!, 0n)).toBe(8_178_368_512n);
  });

  it("rounds up per layer at a grouped precision, and multiplies FLOPs by the batch", () => {
    const rows = summaryRows(report, { structure, depth: 2, whatIf: { precision: { dtype: "int4", group: 128 }, batch: 8 } });
    // conv1: 9,408 weights at 4 bits and ⌈9,408 / 128⌉ = 74 scales of 16 bits: (37,632 + 1,184) / 8 = 4,852 bytes
    expect(rows.find((r) => r.name === "conv1")?.weightBytes).toBe(4_852n);
    // FLOPs: 2 × 118,013,952 × 8 = 1,888,223,232
    expect(rows.find((r) => r.name === "conv1")?.flops).toBe(1_888_223_232n);
    // a collapsed row is the sum of its layers (layer3.1 to layer3.5), each rounded up on its own
    const collapsed = rows.find((r) => r.name === "layer3.1–5")!;
    const perLayer = report.layers
      .filter((l) => l.name.startsWith("layer3.") && !l.name.startsWith("layer3.0."))
      .reduce((n, l) => n + (l.weights === 0 ? 0n : (BigInt(l.weights) * 4n + ((BigInt(l.weights) + 127n) / 128n) * 16n + 7n) / 8n), 0n);
    expect(collapsed.weightBytes).toBe(perLayer);
  });

  it.each([1, 2])("table, markdown and csv with --dtype bf16 at depth %i (golden)", async (depth) => {
    const llama = bundled("llama3-8b");
    const options = { structure: llama.structure, depth, whatIf: bf16 };
    await expect(renderTable(llama.report, options)).toMatchFileSnapshot(`./__golden__/llama3-8b-bf16-depth${depth}.txt`);
    await expect(renderMarkdown(llama.report, options)).toMatchFileSnapshot(`./__golden__/llama3-8b-bf16-depth${depth}.md`);
    await expect(renderCsv(llama.report, options)).toMatchFileSnapshot(`./__golden__/llama3-8b-bf16-depth${depth}.csv`);
  });
});

describe("small networks", () => {
  it("AlexNet looks as it always has: no group rows, no note", () => {
    const { report, structure } = bundled("alexnet");
    expect(renderTable(report, { structure })).toBe(renderTable(report));
  });
});
