// Properties of whole runs of the CLI, in-process, over random valid specs (see
// test/support/spec-arbitrary.ts): the report agrees with the generator's own model, rows sum to
// subtotals and totals, the format and the way the spec arrives change nothing, names change no
// figure, and --bias adds exactly the biases it should.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonCounts, JsonReport } from "../../src/render/json.js";
import { runCli } from "../support/memory-io.js";
import { YAML_STYLES, toJson, toYaml } from "../support/serialize.js";
import { type GeneratedSpec, specArbitrary } from "../support/spec-arbitrary.js";

const RUNS = { numRuns: 150, seed: 20260502 } as const;
const METRICS = ["units", "weights", "biases", "connections"] as const;

async function jsonReport(spec: unknown, extra: string[] = []): Promise<JsonReport> {
  const result = await runCli(["net.yaml", "--json", ...extra], { files: { "net.yaml": toYaml(spec) } });
  expect(result.stderr).toBe("");
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout) as JsonReport;
}

function sum(rows: readonly JsonCounts[]): JsonCounts {
  const total: JsonCounts = { units: 0, weights: 0, biases: 0, connections: 0 };
  // JSON.parse read them: numbers (the generated networks stay far below 2^53)
  for (const row of rows) for (const m of METRICS) total[m] = Number(total[m]) + Number(row[m]);
  // a network with a mixture of experts has active weights on every layer, summed the same way
  if (rows.some((row) => row.activeWeights !== undefined)) {
    return {
      units: total.units,
      weights: total.weights,
      activeWeights: rows.reduce((n, row) => n + Number(row.activeWeights), 0),
      biases: total.biases,
      connections: total.connections,
    };
  }
  return total;
}

/** The counts without the active weights, which --bias changes only on the layers in use. */
function withoutActive<T extends JsonCounts>({ activeWeights: _active, ...rest }: T): Omit<T, "activeWeights"> {
  return rest;
}

// the subtotal groups (docs/spec-format.md), written out here rather than taken from the core
const GROUPS: Record<string, string> = {
  conv: "conv",
  dense: "dense",
  attention: "attention",
  lstm: "recurrent",
  gru: "recurrent",
  rnn: "recurrent",
  embedding: "embedding",
  position_embedding: "embedding",
  class_token: "embedding",
  rmsnorm: "norm",
  conv_transpose: "conv",
};
const kindOf = (type: string) => GROUPS[type] ?? "other";

describe("a random valid spec, through the CLI", () => {
  it("gives every layer, in order, with the name, type and output shape the generator expects", async () => {
    await fc.assert(
      fc.asyncProperty(specArbitrary(), async ({ spec, layers }: GeneratedSpec) => {
        const report = await jsonReport(spec);
        expect(report.layers.map((l) => ({ name: l.name, type: l.type, output: l.output }))).toEqual(
          layers.map((l) => ({ name: l.name, type: l.type, output: l.output })),
        );
      }),
      RUNS,
    );
  });

  it("has rows that sum to the subtotals by kind and to the totals", async () => {
    await fc.assert(
      fc.asyncProperty(specArbitrary(), fc.boolean(), async ({ spec }, bias) => {
        const report = await jsonReport(spec, [bias ? "--bias" : "--no-bias"]);
        expect(report.totals).toEqual(sum(report.layers));
        for (const kind of ["conv", "dense", "attention", "recurrent", "embedding", "norm", "other"] as const) {
          const rows = report.layers.filter((l) => kindOf(l.type) === kind);
          // contract §1: conv and dense appear when such a layer exists; other when one costs something
          const present = kind === "other" ? rows.some((r) => METRICS.some((m) => r[m] !== 0)) : rows.length > 0;
          if (present) expect(report.subtotals[kind]).toEqual(sum(rows));
          else expect(report.subtotals[kind]).toBeUndefined();
        }
      }),
      RUNS,
    );
  });

  it("prints the same report from YAML (any style) and JSON, from a file and from standard input", async () => {
    await fc.assert(
      fc.asyncProperty(
        specArbitrary(),
        fc.constantFrom(...YAML_STYLES),
        fc.constantFrom(0 as const, 2 as const),
        fc.boolean(),
        async ({ spec }, style, indent, json) => {
          const yaml = toYaml(spec, style);
          const jsonText = toJson(spec, indent);
          const files = { "net.yaml": yaml, "net.json": jsonText };
          const flags = json ? ["--json"] : ["--all"];
          const runs = await Promise.all([
            runCli(["net.yaml", ...flags], { files }),
            runCli(["net.json", ...flags], { files }),
            runCli(["-", ...flags], { stdin: yaml }),
            runCli(["-", ...flags], { stdin: jsonText }),
          ]);
          for (const r of runs) expect({ exit: r.exitCode, stderr: r.stderr }).toEqual({ exit: 0, stderr: "" });
          const [first, ...rest] = runs.map((r) => r.stdout);
          for (const other of rest) expect(other).toBe(first);
        },
      ),
      RUNS,
    );
  });

  it("gives the same figures and shapes when every layer is renamed", async () => {
    await fc.assert(
      fc.asyncProperty(specArbitrary(), fc.constantFrom("r", "layer_", "名", "x.y "), async ({ spec, layers }, prefix) => {
        // new names for every layer, default-named ones included; inputs follow the rename
        const renamed = new Map(layers.map((l, i) => [l.name, `${prefix}${layers.length - i}`]));
        // "input" stays; NAME:i, an output of a split, follows its split
        const rename = (name: string): string => {
          const part = /^(.+):(\d+)$/.exec(name);
          return renamed.get(name) ?? (part && renamed.has(part[1]!) ? `${renamed.get(part[1]!)}:${part[2]}` : name);
        };
        const specLayers = spec.layers as Record<string, unknown>[];
        const copy = {
          ...spec,
          layers: specLayers.map((layer, i) => ({
            ...layer,
            name: rename(layers[i]!.name),
            ...(Array.isArray(layer.inputs) ? { inputs: (layer.inputs as string[]).map(rename) } : {}),
            // a dense layer tied to an embedding names it too
            ...(typeof layer.tied === "string" ? { tied: rename(layer.tied) } : {}),
          })),
          // published cells name layers too; they do not change any figure, so leave them out
          published: undefined,
        };
        const [before, after] = await Promise.all([jsonReport({ ...spec, published: undefined }), jsonReport(copy)]);
        expect(after.layers.map((l) => l.name)).toEqual(layers.map((l) => rename(l.name)));
        // the tree groups layers by their dotted name prefixes (`x.y 3` is in `x`), so it follows the names;
        // a spec with a layer's density also has `pruning`, whose layers carry their names
        type Pruned = JsonReport & { pruning?: { layers: { name: string }[] } };
        const withoutNames = ({ tree: _tree, ...r }: Pruned) => ({
          ...r,
          layers: r.layers.map(({ name: _name, ...rest }) => rest),
          ...(r.pruning ? { pruning: { ...r.pruning, layers: r.pruning.layers.map(({ name: _name, ...rest }) => rest) } } : {}),
        });
        expect(withoutNames(after)).toEqual(withoutNames(before));
      }),
      RUNS,
    );
  });

  it("--bias adds one bias per filter (conv) or unit (dense) to each layer without its own bias, and nothing else", async () => {
    await fc.assert(
      fc.asyncProperty(specArbitrary(), async ({ spec, layers }) => {
        const [off, on] = await Promise.all([jsonReport(spec, ["--no-bias"]), jsonReport(spec, ["--bias"])]);
        expect([off.bias, on.bias]).toEqual([false, true]);
        const specLayers = spec.layers as Record<string, unknown>[];
        const added = { units: 0, weights: 0, biases: 0, connections: 0 };
        for (const [i, expected] of layers.entries()) {
          const layer = specLayers[i]!;
          const follows = expected.ownBias === undefined && (expected.type === "conv" || expected.type === "dense");
          // one bias per output channel (conv: filters) or unit (dense: units), taken from the spec itself
          const extra = follows ? Number(expected.type === "conv" ? layer.filters : layer.units) : 0;
          const [a, b] = [off.layers[i]!, on.layers[i]!];
          expect({ ...withoutActive(b), weights: Number(b.weights) - extra, biases: Number(b.biases) - extra }, `layer ${expected.name}`).toEqual(
            withoutActive(a),
          );
          // an expert's layer past the first top_k holds its biases but does not use them
          if (a.activeWeights !== undefined) expect([0, extra]).toContain(Number(b.activeWeights) - Number(a.activeWeights));
          added.weights += extra;
          added.biases += extra;
        }
        expect(withoutActive(on.totals)).toEqual({
          units: off.totals.units,
          weights: Number(off.totals.weights) + added.weights,
          biases: Number(off.totals.biases) + added.biases,
          connections: off.totals.connections,
        });
      }),
      RUNS,
    );
  });
});
