// Every bundled spec: loads, analyzes, and its rows add up — summed here independently of the
// core's own summarize — with every count a safe integer.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeSpec } from "../../src/loader/analyze-spec.js";
import { loadSpec } from "../../src/loader/load.js";

const dir = new URL("../../specs/", import.meta.url);
const names = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
const METRICS = ["units", "weights", "biases", "connections"] as const;
// the subtotal groups, written out here rather than taken from the core (docs/spec-format.md)
const GROUPS = { conv: ["conv", "conv_transpose"], dense: ["dense"], attention: ["attention"], recurrent: ["lstm", "gru", "rnn"], embedding: ["embedding", "position_embedding", "class_token"], norm: ["rmsnorm"] } as const;
const groupOf = (type: string) => (Object.keys(GROUPS) as (keyof typeof GROUPS)[]).find((g) => (GROUPS[g] as readonly string[]).includes(type)) ?? "other";

describe.each(names)("specs/%s", (file) => {
  const loaded = loadSpec(readFileSync(new URL(file, dir), "utf8"), `specs/${file}`);

  it("loads and analyzes without problems", () => {
    expect(loaded.ok ? [] : loaded.problems).toEqual([]);
  });

  it("rows sum to subtotals and totals; every count is a safe integer", () => {
    if (!loaded.ok) return expect.unreachable();
    const analysis = analyzeSpec(loaded.spec);
    if (!analysis.ok) return expect.unreachable(JSON.stringify(analysis.problems));
    const { layers, subtotals, totals } = analysis.report;
    for (const metric of METRICS) {
      let total = 0n;
      const byKind = { conv: 0n, dense: 0n, attention: 0n, recurrent: 0n, embedding: 0n, norm: 0n, other: 0n };
      for (const row of layers) {
        expect(Number.isSafeInteger(row[metric])).toBe(true);
        expect(row[metric]).toBeGreaterThanOrEqual(0);
        total += BigInt(row[metric]);
        byKind[groupOf(row.type)] += BigInt(row[metric]);
      }
      expect(BigInt(totals[metric])).toBe(total);
      for (const kind of Object.keys(byKind) as (keyof typeof byKind)[]) {
        const subtotal = subtotals[kind];
        if (subtotal) expect(BigInt(subtotal[metric])).toBe(byKind[kind]);
        else expect(byKind[kind]).toBe(0n);
      }
    }
    expect(layers.every((row) => row.biases <= row.weights)).toBe(true);
  });

  it("starts with the editor schema line and has a description", () => {
    const text = readFileSync(new URL(file, dir), "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../schema/alexcount.schema.json");
    expect(loaded.ok && loaded.spec.description).toBeTruthy();
  });
});
