// The parse step through the installed binary: a .json file that is not strict JSON loads with
// a located warning on stderr, and large invalid specs exit 2 with located problems while the
// heap stays within 512 MB (issue 19: locating the problems of an invalid 2 MB spec took
// 1.4 GB, of 8 MiB 3.9 GB). No wall time is asserted: the machine's load decides it.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BINARY } from "../support/binary.js";

const dir = mkdtempSync(join(tmpdir(), "alexcount-parse-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The binary on `name` holding `text`, with V8's heap capped at `heapMb` megabytes. */
function runOn(name: string, text: string, args: readonly string[] = [], heapMb = 512) {
  const path = join(dir, name);
  writeFileSync(path, text);
  const run = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, BINARY, path, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { path, status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("a .json file that is YAML but not strict JSON", () => {
  it("loads, and stderr says where it stops being strict JSON", () => {
    // the comma after the last layer: '{ "name": "n", "input": { "features": 4 }, "layers": [{ "type": "relu" }' is 72 characters
    const text = '{ "name": "n", "input": { "features": 4 }, "layers": [{ "type": "relu" },] }\n';
    const run = runOn("net.json", text, ["--json"]);
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { totals: { weights: number } }).totals.weights).toBe(0);
    expect(run.stderr).toBe(
      `${run.path}:1:73: warning: not strict JSON (a trailing comma): read as YAML, as the spec format allows, but jq and other JSON tools will refuse this file\n`,
    );
  });

  it("says nothing when the file is strict JSON", () => {
    const run = runOn("strict.json", '{ "name": "n", "input": { "features": 4 }, "layers": [{ "type": "relu" }] }\n');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
  });
});

describe("large invalid specs: exit 2, located, within a 512 MB heap", () => {
  const head = "name: n\ninput: { features: 4 }\nlayers:\n";

  it("2 MB: one unknown field in each of 68,964 layers", () => {
    // 29 bytes a line: (2,000,000 − 37 bytes of head) / 29 = 68,964 lines, one problem each
    const line = "  - { type: relu, alpha: 1 }\n";
    const count = Math.floor((2_000_000 - head.length) / line.length);
    expect(count).toBe(68_964);
    const run = runOn("big.yaml", head + line.repeat(count));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("alexcount: 68964 problems");
    // "  - { type: relu, " is 18 characters: alpha at column 19 of line 4
    expect(lines[1]).toBe(`${run.path}:4:19: layers[0].alpha: unknown field "alpha"; allowed here: type, name, inputs`);
    expect(lines[20]).toBe(`${run.path}:23:19: layers[19].alpha: unknown field "alpha"; allowed here: type, name, inputs`);
    expect(lines[21]).toBe("… and 68944 more");
  }, 180_000);

  it("8 MiB: an unknown field in every fourth of 151,829 named layers", () => {
    const lines: string[] = [];
    let size = head.length;
    for (let i = 0; ; i++) {
      const line = `  - { name: layer_${String(i).padStart(7, "0")}, type: relu${i % 4 === 0 ? ", alpha: 1" : ", inputs: [input]"} }\n`;
      if (size + line.length > 8 * 1024 * 1024) break;
      lines.push(line);
      size += line.length;
    }
    // an invalid line is 50 bytes, a valid one 57: four lines are 221 bytes, and
    // 8,388,608 − 37 = 37,957 · 221 + 74, room for one more invalid line: 151,829 lines, the
    // 37,958 invalid ones every fourth from the first
    expect(lines.length).toBe(151_829);
    const invalid = Math.ceil(lines.length / 4);
    expect(invalid).toBe(37_958);
    const run = runOn("bigger.yaml", head + lines.join(""));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    const out = run.stderr.trimEnd().split("\n");
    expect(out[0]).toBe(`alexcount: ${invalid} problems`);
    // "  - { name: layer_0000000, type: relu, " is 39 characters: alpha at column 40
    expect(out[1]).toBe(`${run.path}:4:40: layers[0].alpha: unknown field "alpha"; allowed here: type, name, inputs`);
    expect(out[2]).toBe(`${run.path}:8:40: layers[4].alpha: unknown field "alpha"; allowed here: type, name, inputs`);
    expect(out[21]).toBe(`… and ${invalid - 20} more`);
  }, 180_000);
});
