// `alexcount model.json`, `alexcount import model.json` and `alexcount model.keras`: a Keras or
// TF.js file is told from a spec by its first key, and a .keras archive (built here, a zip with
// config.json deflated, as Keras 3 writes it) is read by its config.json alone.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateRawSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { BINARY } from "../../support/binary.js";
import { runCli, runCliOnRepository } from "../../support/memory-io.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const MOBILENET = "test/import/keras/fixtures/nsfwjs-4.4.0/mobilenet_v2.json";
const json = (stdout: string) => JSON.parse(stdout) as { totals: Record<string, number>; layers: { name: string; weights: number }[] };

/** Keras 3's Sequential model JSON: Input(8) → Dense(4, relu) → Dense(2): 8·4 + 4 + 4·2 + 2 = 46 weights. */
const SEQUENTIAL = JSON.stringify({
  module: "keras",
  class_name: "Sequential",
  config: {
    name: "tiny",
    layers: [
      { module: "keras.layers", class_name: "InputLayer", config: { batch_shape: [null, 8], dtype: "float32", name: "input_layer" } },
      { module: "keras.layers", class_name: "Dense", config: { name: "hidden", units: 4, activation: "relu", use_bias: true } },
      { module: "keras.layers", class_name: "Dense", config: { name: "out", units: 2, activation: "linear", use_bias: true } },
    ],
    build_input_shape: [null, 8],
  },
  registered_name: null,
});

/** A zip archive of the given entries (APPNOTE.TXT §4.3: local headers, central directory, end record); CRCs left 0, which the reader does not check. */
function zip(entries: { name: string; data: Uint8Array; deflate: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const body = entry.deflate ? deflateRawSync(entry.data) : Buffer.from(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(entry.deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(entry.deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const dir = mkdtempSync(join(tmpdir(), "alexcount-keras-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("alexcount FILE.json: a Keras or TF.js file, told by its first key", () => {
  it("counts the nsfwjs MobileNetV2 directly, and check passes against its weightsManifest", async () => {
    const counted = await runCliOnRepository([MOBILENET, "--json"]);
    expect(counted.exitCode).toBe(0);
    // 2,619,461 stored elements less 34,112 moving statistics (keras-to-spec.test.ts sums them)
    expect(json(counted.stdout).totals.weights).toBe(2_585_349);
    const check = await runCliOnRepository(["check", MOBILENET]);
    expect(check.exitCode).toBe(0);
    expect(check.stdout).toContain("totals.weights");
  });

  it("reads Keras 3's Sequential JSON from a .json file and from standard input", async () => {
    const direct = await runCli(["tiny.json", "--json"], { files: { "tiny.json": SEQUENTIAL } });
    expect(direct.exitCode).toBe(0);
    expect(json(direct.stdout).totals.weights).toBe(46);
    const piped = await runCli(["import", "-"], { stdin: SEQUENTIAL });
    expect(piped.exitCode).toBe(0);
    expect(piped.stdout).toContain("input: {features: 8}\n");
    expect(piped.stdout).toContain("  - {name: hidden, type: dense, units: 4}\n  - {name: hidden_relu, type: relu}\n");
  });

  it("still reads an alexcount spec written in JSON as a spec", async () => {
    const spec = JSON.stringify({ name: "s", input: { features: 8 }, layers: [{ type: "dense", units: 2 }] });
    const result = await runCli(["s.json", "--json"], { files: { "s.json": spec } });
    expect(result.exitCode).toBe(0);
    expect(json(result.stdout).totals.weights).toBe(18); // 8·2 + 2
  });

  it("exits 2 with the JSON path of an unknown layer class, printing nothing on standard output", async () => {
    const broken = SEQUENTIAL.replace('"class_name":"Dense","config":{"name":"out"', '"class_name":"Densse","config":{"name":"out"');
    const { exitCode, stdout, stderr } = await runCli(["tiny.json"], { files: { "tiny.json": broken } });
    expect({ exitCode, stdout }).toEqual({ exitCode: 2, stdout: "" });
    expect(stderr).toMatch(/^tiny\.json:1:\d+: config\.layers\[2\]\.class_name: \(out\) unknown layer class "Densse"; alexcount reads /);
  });
});

describe("alexcount FILE.keras: a Keras 3 archive", () => {
  const archive = join(dir, "tiny.keras");
  const weights = new Uint8Array(4096).fill(7); // stands for model.weights.h5, never read
  writeFileSync(
    archive,
    zip([
      { name: "metadata.json", data: Buffer.from('{"keras_version": "3.3.3"}'), deflate: false },
      { name: "config.json", data: Buffer.from(SEQUENTIAL), deflate: true },
      { name: "model.weights.h5", data: weights, deflate: false },
    ]),
  );

  it("counts the model its config.json holds, and import writes its spec", async () => {
    const counted = await runCliOnRepository([archive, "--json"]);
    expect(counted.stderr).toBe("");
    expect(json(counted.stdout).totals.weights).toBe(46);
    const imported = await runCliOnRepository(["import", archive]);
    expect(imported.exitCode).toBe(0);
    const header = imported.stdout
      .split("\n")
      .filter((line) => line.startsWith("#"))
      .map((line) => line.slice(1).trim())
      .join(" ");
    expect(header).toMatch(/^Imported by `alexcount import` from \S+tiny\.keras \(config\.json of a Keras 3 \.keras archive\), model "tiny"; edit freely\. /);
  });

  it("refuses a truncated archive or one without config.json, exit 2, naming the file", async () => {
    const cut = join(dir, "cut.keras");
    writeFileSync(cut, readFileSync(archive).subarray(0, 100));
    const truncated = await runCliOnRepository([cut]);
    expect({ exitCode: truncated.exitCode, stdout: truncated.stdout }).toEqual({ exitCode: 2, stdout: "" });
    expect(truncated.stderr).toBe(`${cut}: not a zip archive (no end-of-central-directory record): a .keras file is one\n`);
    const empty = join(dir, "empty.keras");
    writeFileSync(empty, zip([{ name: "metadata.json", data: Buffer.from("{}"), deflate: false }]));
    const missing = await runCliOnRepository(["import", empty]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toBe(`${empty}: the archive has no config.json: a Keras 3 .keras file keeps the model's configuration there\n`);
  });
});

describe("through the built binary", () => {
  const alexcount = (args: string[]) => spawnSync(process.execPath, [BINARY, ...args], { encoding: "utf8", cwd: root, env: { ...process.env, NO_COLOR: "1" } });

  it("import -o writes a spec that counts as the file counted directly", () => {
    const out = join(dir, "mobilenet.yaml");
    const imported = alexcount(["import", MOBILENET, "-o", out]);
    expect({ status: imported.status, stdout: imported.stdout, stderr: imported.stderr }).toEqual({ status: 0, stdout: "", stderr: "" });
    const fromSpec = json(alexcount([out, "--json"]).stdout);
    const direct = json(alexcount([MOBILENET, "--json"]).stdout);
    expect(fromSpec.totals).toEqual(direct.totals);
    expect(direct.totals.weights).toBe(2_585_349);
  });
});
