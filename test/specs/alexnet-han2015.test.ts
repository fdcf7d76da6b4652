// The bundled spec of Han et al. 2015's pruned AlexNet: check passes, and records as errata the
// printed figures that the table's own percentages do not reproduce.
import { expect, it } from "vitest";
import { keptMatches } from "../../src/check/check-source.js";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

interface CheckJson {
  ok: boolean;
  sources: { source: string; cells: { at: string; published: number | string; computed: number; status: string }[] }[];
}

it("check passes, with the errata its own percentages call for", async () => {
  const r = await runCli(["check", "alexnet-han2015", "--json"]);
  expect(r.exitCode).toBe(0);
  const check = JSON.parse(r.stdout) as CheckJson;
  expect(check.ok).toBe(true);
  const cells = check.sources.flatMap((s) => s.cells);
  expect(cells.filter((c) => c.status === "erratum").map((c) => c.at)).toEqual([
    "layers.L4.weights",
    "totals.flops",
    "layers.L5.kept_flops", // 37% × 40% = 14.8% → 15%, printed 14%
    "totals.kept_weights", // 6,796,191 is 6.8M, printed 6.7M
  ]);
  const at = (address: string) => cells.find((c) => c.at === address)!;
  expect(at("totals.kept_weights").computed).toBe(6_796_191);
  // 11,064,508 × 2 = 22,129,016 kept FLOPs of conv5
  expect(at("layers.L5.kept_flops").computed).toBe(22_129_016);
  expect(at("totals.kept_flops")).toMatchObject({ published: "30%", status: "match" }); // 438,349,526 / 1,448,813,632 = 30.26%
});

it("a percentage matches when 100 × kept / full rounds half up to it", () => {
  // 6,796,191 / 60,954,656 = 11.1495…%: "11%" and "11.1%", not "11.2%"
  expect(keptMatches(6_796_191n, 60_954_656n, "11%", 0)).toBe(true);
  expect(keptMatches(6_796_191n, 60_954_656n, "11.1%", 0)).toBe(true);
  expect(keptMatches(6_796_191n, 60_954_656n, "11.2%", 0)).toBe(false);
  // exactly half: 1 of 8 = 12.5% → "13%" (half up), not "12%"
  expect(keptMatches(1n, 8n, "13%", 0)).toBe(true);
  expect(keptMatches(1n, 8n, "12%", 0)).toBe(false);
  // a count: as any other published figure
  expect(keptMatches(6_796_191n, 60_954_656n, "6.8M", 0)).toBe(true);
  expect(keptMatches(0n, 0n, "0%", 0)).toBe(false);
});
