// Intl stays off the binary's paths: its first use in a process costs some 10 ms (ICU's locale
// data), a fifth of a run. Counts are grouped by groupDigits (src/core/exact.ts) instead.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { LIMITS } from "../../src/loader/limits.js";
import { BINARY } from "../support/binary.js";

const PROBE = fileURLToPath(new URL("../support/intl-probe.cjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "alexcount-no-intl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const yamlSpec = join(dir, "spec.yaml");
writeFileSync(yamlSpec, "name: d\ninput: { features: 3 }\nlayers:\n  - { type: dense, units: 2 }\n");
const tooLarge = join(dir, "too-large.yaml");
writeFileSync(tooLarge, " ".repeat(LIMITS.maxBytes + 1));

let runs = 0;

function intlUses(args: string[]) {
  const probe = join(dir, `probe-${runs++}.txt`);
  const result = spawnSync(process.execPath, ["--require", PROBE, BINARY, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ALEXCOUNT_INTL_PROBE: probe, XDG_CACHE_HOME: dir },
  });
  return { status: result.status, stderr: result.stderr, uses: existsSync(probe) ? readFileSync(probe, "utf8").split("\n").filter(Boolean) : [] };
}

describe("Intl", () => {
  it("is seen by the probe when used", () => {
    const probe = join(dir, "control.txt");
    spawnSync(process.execPath, ["--require", PROBE, "-e", "(1234).toLocaleString('en-US')"], { env: { ...process.env, ALEXCOUNT_INTL_PROBE: probe } });
    expect(readFileSync(probe, "utf8")).toBe("Number.prototype.toLocaleString\n");
  });

  it.each([
    [["alexnet"], 0],
    [["alexnet", "--json"], 0],
    [["alexnet", "--format", "markdown"], 0],
    [["check", "alexnet"], 0],
    [["list"], 0],
    [["compare", "alexnet", "vgg16"], 0],
    [[yamlSpec], 0],
    [["--help"], 0],
    // an error that names a limit, grouped: "8,388,608 bytes"
    [[tooLarge], 2],
  ])("is not used by alexcount %j", (args, status) => {
    const run = intlUses(args);
    expect(run.status).toBe(status);
    expect(run.uses).toEqual([]);
    // LIMITS.maxBytes is 8 MiB: 8 × 2^20 = 8,388,608
    if (status === 2) expect(run.stderr).toContain("larger than the limit of 8,388,608 bytes");
  });
});
