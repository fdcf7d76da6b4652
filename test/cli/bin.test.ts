// The installed binary end to end: package.json's `bin` (the bundle and its launcher, built by
// `npm run build`), run by Node as a user or CI would run it.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { BINARY } from "../support/binary.js";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

function alexcount(args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(process.execPath, [BINARY, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, ...options });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the built binary", () => {
  it("prints the bundled AlexNet report, whatever the working directory", () => {
    const { status, stdout, stderr } = alexcount(["alexnet", "--json"], { cwd: tmpdir() });
    expect({ status, stderr }).toEqual({ status: 0, stderr: "" });
    const report = JSON.parse(stdout) as { totals: { weights: number; connections: number } };
    // weights: 60,954,656, the CSC321 tutorial's summary table (biases off, as the spec is);
    // connections: 612,432,416 printed + 111,974,400 for L2's second tower = 724,406,816 (the spec's erratum)
    expect(report.totals).toMatchObject({ weights: 60_954_656, connections: 724_406_816 });
  });

  it("prints package.json's version", () => {
    expect(alexcount(["--version"])).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it("reads a JSON spec from standard input", () => {
    // dense from 3 features to 2 units: 3 × 2 weights + 2 biases = 8
    const { status, stdout } = alexcount(["-", "--json"], { input: '{"name": "d", "input": {"features": 3}, "layers": [{"type": "dense", "units": 2}]}' });
    expect(status).toBe(0);
    expect((JSON.parse(stdout) as { totals: { weights: number } }).totals.weights).toBe(8);
  });

  it("prints connections past 2^53 exactly: every digit in --json, with separators in the table", () => {
    // a sequence of 131,072 positions × 16,384 features through a dense layer of 16,384 units:
    // connections T·F·M = 2^17 · 2^14 · 2^14 = 2^45 per layer; 512 such layers side by side
    // (each reads the input) give 2^54 in all, and with biases the weights are 512·(2^28 + 2^14)
    const layers = Array.from({ length: 512 }, (_, i) => ({ name: `d${i}`, type: "dense", units: 16_384, inputs: ["input"] }));
    const spec = JSON.stringify({ name: "wide", input: { tokens: 131_072, features: 16_384 }, layers });
    const connections = 512n * (131_072n * 16_384n * 16_384n);
    expect(connections).toBe(2n ** 54n); // 18,014,398,509,481,984: past 2^53 − 1
    const json = alexcount(["-", "--json"], { input: spec });
    expect({ status: json.status, stderr: json.stderr }).toEqual({ status: 0, stderr: "" });
    expect(json.stdout).toContain(
      `"totals": {"units":${512n * 131_072n * 16_384n},"weights":${512n * (16_384n * 16_384n + 16_384n)},"biases":${512n * 16_384n},"connections":${connections}}`,
    );
    const table = alexcount(["-"], { input: spec });
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/Total .* 18,014,398,509,481,984 /);
  });

  it("rejects a bad spec with a located message, exit 2 and nothing on stdout", () => {
    const { status, stdout, stderr } = alexcount(["-"], { input: "name: n\ninput: { features: 3 }\nlayers:\n  - { type: dense, units: 0 }\n" });
    expect({ status, stdout }).toEqual({ status: 2, stdout: "" });
    expect(stderr).toBe("<stdin>:4:27: layers[0].units: expected an integer ≥ 1, found 0\n");
  });

  it("prints the spec format as JSON Schema", () => {
    const { status, stdout } = alexcount(["schema"]);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ $schema: "http://json-schema.org/draft-07/schema#", title: "alexcount spec" });
  });
});

describe("the built binary's standard output", () => {
  // a chain of 4,000 dense layers: a JSON report of some 550 kB, eight times a pipe's buffer
  const dir = mkdtempSync(join(tmpdir(), "alexcount-stdout-"));
  const spec = join(dir, "chain.json");
  writeFileSync(spec, JSON.stringify({ name: "chain", input: { features: 4 }, layers: Array.from({ length: 4000 }, () => ({ type: "dense", units: 4 })) }));
  const expected = alexcount([spec, "--json"]).stdout;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("stops quietly, exit 0, when the reader closes the pipe early", async () => {
    expect(expected.length).toBeGreaterThan(8 * 65536);
    const child = spawn(process.execPath, [BINARY, spec, "--json"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once("data", () => child.stdout.destroy());
    const status = await new Promise((done) => child.on("close", done));
    expect({ status, stderr }).toEqual({ status: 0, stderr: "" });
  });

  it("writes the whole report, in order, to a reader that lets the pipe fill up", async () => {
    const child = spawn(process.execPath, [BINARY, spec, "--json"], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.pause();
    await sleep(300); // nobody reads meanwhile: the pipe fills and the binary's write waits
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk)).resume();
    const status = await new Promise((done) => child.on("close", done));
    expect({ status, stderr }).toEqual({ status: 0, stderr: "" });
    expect(Buffer.concat(chunks).toString("utf8")).toBe(expected);
  });
});
