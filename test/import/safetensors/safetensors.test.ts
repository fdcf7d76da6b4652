// `alexcount safetensors`: parameters by tensor, by dtype and in total from the header alone, on
// small real files written here (an 8-byte little-endian length, the JSON header, zero bytes of
// data), a sparse 16 GB one, a sharded model, and hostile ones.

import { spawnSync } from "node:child_process";
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BINARY } from "../../support/binary.js";
import { runCliOnRepository } from "../../support/memory-io.js";

const dir = mkdtempSync(join(tmpdir(), "alexcount-safetensors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Tensor {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly bytes: number;
}

/** A safetensors file: the tensors laid out one after the other, in the order given. */
function safetensors(name: string, tensors: Record<string, Tensor>, options: { dataBytes?: number; header?: string; length?: bigint } = {}): string {
  let offset = 0;
  const header: Record<string, unknown> = { __metadata__: { format: "pt" } };
  for (const [tensor, { dtype, shape, bytes }] of Object.entries(tensors)) {
    header[tensor] = { dtype, shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(options.header ?? JSON.stringify(header), "utf8");
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(options.length ?? BigInt(json.length));
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([length, json, Buffer.alloc(options.dataBytes ?? offset)]));
  return path;
}

// F32 is 4 bytes an element, BF16 2, I64 8
const MODEL = {
  "fc.weight": { dtype: "F32", shape: [10, 4], bytes: 10 * 4 * 4 },
  "fc.bias": { dtype: "F32", shape: [10], bytes: 10 * 4 },
  "embed.weight": { dtype: "BF16", shape: [100, 8], bytes: 100 * 8 * 2 },
  step: { dtype: "I64", shape: [], bytes: 8 },
};

async function run(args: string[]) {
  return runCliOnRepository(["safetensors", ...args]);
}

describe("alexcount safetensors", () => {
  const model = safetensors("model.safetensors", MODEL);

  it("reports parameters and bytes by dtype and in total", async () => {
    const { exitCode, stdout, stderr } = await run([model, "--json"]);
    expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: "" });
    const report = JSON.parse(stdout);
    // 40 + 10 + 800 + 1 (a scalar) = 851 elements; 160 + 40 + 1,600 + 8 = 1,808 bytes
    expect(report.totals).toEqual({ tensors: 4, weights: 851 });
    expect(report.memory).toEqual({ weights: 1808 });
    expect(report.dtypes).toEqual({
      F32: { tensors: 2, parameters: 50, bytes: 200 },
      BF16: { tensors: 1, parameters: 800, bytes: 1600 },
      I64: { tensors: 1, parameters: 1, bytes: 8 },
    });
    expect(report.tensors[2]).toEqual({ name: "embed.weight", dtype: "BF16", shape: [100, 8], parameters: 800, bytes: 1600 });
  });

  it("prints a table by dtype, and with --all by tensor", async () => {
    const byDtype = await run([model]);
    expect(byDtype.stdout).toMatch(/│ BF16 +│ 1 tensors +│ +│ +800 │ +1,600 │/);
    expect(byDtype.stdout).toMatch(/│ Total +│ +│ 4 tensors │ +851 │ +1,808 │/);
    const all = await run([model, "--all"]);
    expect(all.stdout).toMatch(/│ fc\.weight +│ F32 +│ 10×4 +│ +40 │ +160 │/);
    expect(all.stdout).toMatch(/│ step +│ I64 +│ scalar +│ +1 │ +8 │/);
  });

  it("reads a sharded model through model.safetensors.index.json", async () => {
    safetensors("shard-1.safetensors", { "a.weight": { dtype: "F16", shape: [3, 5], bytes: 30 } });
    safetensors("shard-2.safetensors", { "b.weight": { dtype: "F16", shape: [7], bytes: 14 }, "b.scale": { dtype: "F32", shape: [7], bytes: 28 } });
    const index = join(dir, "model.safetensors.index.json");
    writeFileSync(
      index,
      JSON.stringify({
        metadata: { total_size: 72 },
        weight_map: { "a.weight": "shard-1.safetensors", "b.weight": "shard-2.safetensors", "b.scale": "shard-2.safetensors" },
      }),
    );
    const report = JSON.parse((await run([index, "--json"])).stdout);
    // 15 + 7 + 7 = 29 elements; 30 + 14 + 28 = 72 bytes, the index's own total_size
    expect(report.totals).toEqual({ tensors: 3, weights: 29 });
    expect(report.memory).toEqual({ weights: 72 });
  });

  it("counts a 16 GB file from its header, never reading the data (through the binary, in well under a second of work)", () => {
    const header = Buffer.from(JSON.stringify({ big: { dtype: "F32", shape: [65536, 65536], data_offsets: [0, 65536 * 65536 * 4] } }));
    const path = join(dir, "big.safetensors");
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(header.length));
    const fd = openSync(path, "w");
    writeSync(fd, Buffer.concat([length, header]));
    ftruncateSync(fd, 8 + header.length + 65536 * 65536 * 4); // sparse: 16 GiB of data that is never written
    closeSync(fd);
    const start = performance.now();
    const result = spawnSync(process.execPath, [BINARY, "safetensors", path, "--json"], { encoding: "utf8" });
    const ms = performance.now() - start;
    expect(result.stderr).toBe("");
    // 65,536² = 4,294,967,296 elements of 4 bytes = 17,179,869,184 bytes
    expect(JSON.parse(result.stdout).totals.weights).toBe(4_294_967_296);
    expect(JSON.parse(result.stdout).memory.weights).toBe(17_179_869_184);
    expect(ms).toBeLessThan(10_000); // reading 16 GiB would take far longer; the run is start-up bound
  });

  it.each([
    [
      "a file shorter than 8 bytes",
      () => (writeFileSync(join(dir, "short.safetensors"), Buffer.from([1, 2, 3])), join(dir, "short.safetensors")),
      /: the file has 3 bytes, fewer than the 8 of a safetensors header's length/,
    ],
    [
      "a header length beyond the file",
      () => safetensors("beyond.safetensors", MODEL, { length: 5000n, dataBytes: 0 }),
      /: the header's length, 5,000 bytes, goes beyond the end of the file \(305 bytes\)/,
    ],
    [
      "a header over the limit",
      () => safetensors("huge.safetensors", MODEL, { length: 2n ** 40n }),
      /: the header's length, 1,099,511,627,776 bytes, is over the limit of 100,000,000 bytes/,
    ],
    [
      "garbled JSON, located in the header",
      () => safetensors("garbled.safetensors", {}, { header: '{"a": {"dtype": "F32",\n "shape": [1,, 2]}}', dataBytes: 0 }),
      /:2:14: the header is not valid JSON/,
    ],
    [
      "an unknown dtype",
      () => safetensors("dtype.safetensors", { x: { dtype: "F12", shape: [2], bytes: 4 } }),
      /: \["x"\]\.dtype: unknown dtype "F12"; safetensors has BOOL, /,
    ],
    [
      "offsets that disagree with the shape",
      () => safetensors("offsets.safetensors", { x: { dtype: "F32", shape: [3], bytes: 8 } }),
      /: \["x"\]\.data_offsets: the tensor spans 8 bytes, but 3 of F32 is 12 bytes/,
    ],
    [
      "truncated data",
      () => safetensors("cut.safetensors", MODEL, { dataBytes: 100 }),
      /: \["fc\.weight"\]\.data_offsets: the tensor ends at byte 160 of the data, beyond its 100 bytes: the file is truncated/,
    ],
  ])("%s: exit 2, located, nothing on stdout", async (_what, make, expected) => {
    const path = make();
    const { exitCode, stdout, stderr } = await run([path]);
    expect({ exitCode, stdout }).toEqual({ exitCode: 2, stdout: "" });
    expect(stderr.replace(/^alexcount: \d+ problems\n/, "").startsWith(path)).toBe(true);
    expect(stderr).toMatch(expected);
  });

  it("overlapping tensors", async () => {
    const path = safetensors(
      "overlap.safetensors",
      {},
      {
        header: JSON.stringify({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [2], data_offsets: [4, 12] } }),
        dataBytes: 12,
      },
    );
    expect((await run([path])).stderr).toBe(`${path}: ["b"].data_offsets: the tensor overlaps "a"\n`);
  });

  it("a missing file or a shard the index names wrongly", async () => {
    expect((await run([join(dir, "none.safetensors")])).stderr).toMatch(/none\.safetensors: no such file/);
    safetensors("shard-3.safetensors", { c: { dtype: "F16", shape: [1], bytes: 2 } });
    const index = join(dir, "bad.index.json");
    writeFileSync(index, JSON.stringify({ weight_map: { c: "shard-3.safetensors", d: "shard-3.safetensors" } }));
    const { exitCode, stderr } = await run([index]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/bad\.index\.json: weight_map\["d"\]: the index puts d in shard-3\.safetensors, whose header does not have it/);
  });
});

describe("fuzzing the safetensors reader", () => {
  // mulberry32: a small seeded generator, so that a failing case reproduces from its index
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  it("300 mutated files (bytes flipped, cut, inserted; the length rewritten) exit 0 or 2, never 70, located", async () => {
    const original = readFileSync(safetensors("fuzz-original.safetensors", MODEL));
    const failures: string[] = [];
    const exits = { 0: 0, 2: 0 };
    for (let index = 0; index < 300; index++) {
      const next = random(index + 1);
      const int = (n: number) => Math.floor(next() * n);
      let bytes = Buffer.from(original);
      const steps: string[] = [];
      for (let k = 1 + int(3); k > 0; k--) {
        const at = int(bytes.length);
        switch (int(4)) {
          case 0:
            bytes[at] = int(256);
            steps.push(`byte ${at} set`);
            break;
          case 1:
            bytes = bytes.subarray(0, at);
            steps.push(`cut at ${at}`);
            break;
          case 2:
            bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([int(256), int(256)]), bytes.subarray(at)]);
            steps.push(`2 bytes inserted at ${at}`);
            break;
          default:
            if (bytes.length >= 8) bytes.writeBigUInt64LE(BigInt(int(2 ** 31)) * BigInt(1 + int(3) * 1000), 0);
            steps.push("length rewritten");
        }
      }
      const path = join(dir, `fuzz-${index}.safetensors`);
      writeFileSync(path, bytes);
      const { exitCode, stdout, stderr } = await run([path, ...(index % 2 ? ["--json"] : [])]);
      const located = stderr
        .replace(/^alexcount: \d+ problems\n/, "")
        .replace(/… and \d+ more\n$/, "")
        .split("\n")
        .filter((line) => line !== "")
        .every((line) => line.startsWith(`${path}:`));
      if (exitCode === 0 || exitCode === 2) exits[exitCode]++;
      if (exitCode === 0 ? stderr !== "" || stdout === "" : exitCode !== 2 || stdout !== "" || !located)
        failures.push(`case ${index} (${steps.join("; ")}): exit ${exitCode}: ${stderr.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    // most mutations break the header; a byte changed in the data leaves the file readable
    expect(exits[2]).toBeGreaterThan(100);
    expect(exits[0]).toBeGreaterThan(5);
  }, 60_000);
});
