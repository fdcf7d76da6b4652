// `alexcount check --format markdown`, for $GITHUB_STEP_SUMMARY: a long table keeps only the
// cells that do not match, with the counts; --all keeps every cell.
import { describe, expect, it } from "vitest";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

/** Rows of the Markdown tables: lines starting with `| ` that are not a header. */
const rows = (markdown: string) => markdown.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| Cell "));

describe("check --format markdown", () => {
  it("a source of more than 20 cells shows only the cells that do not match, with the counts", async () => {
    const r = await runCli(["check", "alexnet", "--format", "markdown"]);
    expect(r.exitCode).toBe(0);
    // the tutorial's table: 8 layers × 3 figures + 2 subtotals × 3 + the totals' 3 = 33 cells,
    // 4 of them errata (specs/alexnet.yaml)
    expect(r.stdout).toContain("29 of 33 cells match; 4 errata. The matching cells are left out (`--all` lists every cell).");
    const tutorial = r.stdout.slice(r.stdout.indexOf("**CSC321"), r.stdout.indexOf("**Krizhevsky"));
    expect(rows(tutorial).map((row) => row.split(" | ")[0])).toEqual([
      "| layers.L2.connections",
      "| layers.L4.units",
      "| subtotals.conv.connections",
      "| totals.connections",
    ]);
    // Krizhevsky et al.'s caption: 8 cells, a short table, shown whole
    const caption = r.stdout.slice(r.stdout.indexOf("**Krizhevsky"), r.stdout.indexOf("**Krizhevsky", r.stdout.indexOf("**Krizhevsky") + 1));
    expect(rows(caption)).toHaveLength(8);
  });

  it("--all lists every cell", async () => {
    const r = await runCli(["check", "alexnet", "--format", "markdown", "--all"]);
    expect(r.stdout).not.toContain("left out");
    expect(rows(r.stdout)).toHaveLength(63); // every cell of the 5 sources
  });

  it("counts a mismatch among the cells of a long table", async () => {
    // 21 dense layers of 1 → 1 unit, 1 weight each; d20 published as 2
    const layers = Array.from({ length: 21 }, (_, i) => `  - { name: d${i}, type: dense, units: 1 }`).join("\n");
    const cells = Array.from({ length: 21 }, (_, i) => `      d${i}: { weights: ${i === 20 ? 2 : 1} }`).join("\n");
    const text = `name: Long\ninput: { features: 1 }\nbias: false\nlayers:\n${layers}\npublished:\n  - source: S\n    layers:\n${cells}\n`;
    const r = await runCli(["check", "long.yaml", "--format", "markdown"], { files: { "long.yaml": text } });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain("20 of 21 cells match; 1 mismatch. The matching cells are left out");
    expect(rows(r.stdout)).toHaveLength(1);
    expect(rows(r.stdout)[0]).toMatch(/^\| layers\.d20\.weights \| 2 \| 1 \| mismatch \| /);
  });
});
