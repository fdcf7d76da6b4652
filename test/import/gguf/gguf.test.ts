// `alexcount gguf`: parameters and bytes by ggml type from a GGUF header alone, on files written
// here (the header as ggml's docs/gguf.md lays it out, the data sparse), and hostile ones.

import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readGguf } from "../../../src/import/gguf/gguf-header.js";
import { runCliOnRepository } from "../../support/memory-io.js";

const dir = mkdtempSync(join(tmpdir(), "alexcount-gguf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
};
const u64 = (v: number | bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(v));
  return b;
};
const str = (s: string) => Buffer.concat([u64(Buffer.byteLength(s)), Buffer.from(s)]);

// ggml type numbers: F32 0, F16 1, Q4_0 2, Q8_0 8, Q4_K 12, Q6_K 14
interface Tensor {
  readonly name: string;
  /** innermost first, as GGUF stores them */
  readonly dims: readonly number[];
  readonly type: number;
  readonly bytes: number;
}

/** A GGUF v3 header: general.architecture, a string array (a vocabulary), the tensors; data `dataBytes` long, sparse. */
function gguf(name: string, tensors: readonly Tensor[], options: { dataBytes?: number; magic?: string; version?: number } = {}): string {
  const kv = [
    Buffer.concat([str("general.architecture"), u32(8), str("llama")]),
    Buffer.concat([str("tokenizer.ggml.tokens"), u32(9), u32(8), u64(3), str("<s>"), str("a"), str("b")]),
    Buffer.concat([str("tokenizer.ggml.scores"), u32(9), u32(6), u64(3), Buffer.alloc(12)]),
  ];
  let offset = 0;
  const infos = tensors.map((t) => {
    const info = Buffer.concat([str(t.name), u32(t.dims.length), ...t.dims.map((d) => u64(d)), u32(t.type), u64(offset)]);
    offset += Math.ceil(t.bytes / 32) * 32;
    return info;
  });
  const header = Buffer.concat([Buffer.from(options.magic ?? "GGUF"), u32(options.version ?? 3), u64(tensors.length), u64(kv.length), ...kv, ...infos]);
  const path = join(dir, name);
  const fd = openSync(path, "w");
  writeSync(fd, header);
  ftruncateSync(fd, Math.ceil(header.length / 32) * 32 + (options.dataBytes ?? offset));
  closeSync(fd);
  return path;
}

// Llama 3 8B's first tensors in a Q4_K_M file: token_embd Q4_K, a Q6_K and a Q4_K matrix, an F32 norm
const TENSORS: Tensor[] = [
  // 4,096 × 128,256 = 525,336,576 elements; Q4_K: 144 bytes a block of 256 → 2,052,096 blocks × 144
  { name: "token_embd.weight", dims: [4096, 128256], type: 12, bytes: (4096 * 128256 * 144) / 256 },
  // 14,336 × 4,096 = 58,720,256; Q6_K: 210 bytes a block of 256
  { name: "blk.0.ffn_down.weight", dims: [14336, 4096], type: 14, bytes: (14336 * 4096 * 210) / 256 },
  // 4,096 × 1,024; Q8_0: 34 bytes a block of 32
  { name: "blk.0.attn_k.weight", dims: [4096, 1024], type: 8, bytes: (4096 * 1024 * 34) / 32 },
  { name: "blk.0.attn_norm.weight", dims: [4096], type: 0, bytes: 4096 * 4 },
];

describe("alexcount gguf", () => {
  const file = gguf("model.gguf", TENSORS);

  it("reports parameters (elements, however quantized) and bytes by ggml type", async () => {
    const { exitCode, stdout, stderr } = await runCliOnRepository(["gguf", file, "--json"]);
    expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: "" });
    const report = JSON.parse(stdout);
    expect(report.architecture).toBe("llama");
    expect(report.dtypes).toEqual({
      Q4_K: { tensors: 1, parameters: 525_336_576, bytes: 295_501_824 },
      Q6_K: { tensors: 1, parameters: 58_720_256, bytes: 48_168_960 },
      Q8_0: { tensors: 1, parameters: 4_194_304, bytes: 4_456_448 },
      F32: { tensors: 1, parameters: 4096, bytes: 16_384 },
    });
    expect(report.totals).toEqual({ tensors: 4, weights: 525_336_576 + 58_720_256 + 4_194_304 + 4096 });
    // shapes outermost first, as safetensors writes them
    expect(report.tensors[0]).toMatchObject({ name: "token_embd.weight", shape: [128256, 4096] });
  });

  it("--all lists each tensor", async () => {
    const { stdout } = await runCliOnRepository(["gguf", file, "--all", "--no-color"]);
    expect(stdout).toMatch(/blk\.0\.ffn_down\.weight +│ Q6_K +│ 4096×14336 +│ +58,720,256 +│ +48,168,960/);
  });

  it("refuses a file that is not GGUF, a version it does not read, a truncated file", async () => {
    const cases: [string, string][] = [
      [gguf("magic.gguf", TENSORS, { magic: "GGML" }), "no GGUF magic at the start: not a GGUF file"],
      [gguf("v1.gguf", TENSORS, { version: 1 }), "GGUF version 1: alexcount reads versions 2 and 3"],
      [gguf("short.gguf", TENSORS, { dataBytes: 1000 }), 'tensor "token_embd.weight": the tensor ends at byte'],
    ];
    for (const [path, message] of cases) {
      const { exitCode, stdout, stderr } = await runCliOnRepository(["gguf", path]);
      expect({ exitCode, stdout }).toEqual({ exitCode: 2, stdout: "" });
      expect(stderr).toContain(message);
    }
  });

  it("a header cut short is said, not read past", () => {
    const whole = Buffer.concat([Buffer.from("GGUF"), u32(3), u64(1), u64(1), str("general.architecture"), u32(8), str("llama")]);
    const cut = whole.subarray(0, 30);
    writeFileSync(join(dir, "cut.gguf"), cut);
    expect(readGguf(cut, cut.length, "cut.gguf")).toEqual({
      ok: false,
      problems: [{ file: "cut.gguf", path: "", message: "the file ends at byte 30, inside its header: truncated, or not a GGUF file" }],
    });
  });

  it("hostile counts are refused before anything is allocated", () => {
    const huge = Buffer.concat([Buffer.from("GGUF"), u32(3), u64(2n ** 62n), u64(0)]);
    const read = readGguf(huge, huge.length, "huge.gguf");
    expect(read.ok === false && read.problems[0]!.message).toBe(
      "the tensor count is 4,611,686,018,427,387,904, over 10,000,000: not a GGUF file, or a hostile one",
    );
    const longKey = Buffer.concat([Buffer.from("GGUF"), u32(3), u64(0), u64(1), u64(2n ** 40n)]);
    const read2 = readGguf(longKey, longKey.length, "key.gguf");
    expect(read2.ok === false && read2.problems[0]!.message).toBe(
      "the length of metadata key 0 is 1,099,511,627,776, over 100,000,000: not a GGUF file, or a hostile one",
    );
  });

  it("given as a spec, it points to alexcount gguf", async () => {
    const { exitCode, stderr } = await runCliOnRepository([file]);
    expect(exitCode).toBe(2);
    expect(stderr).toBe(`${file}: a GGUF file holds tensors, not layers: alexcount gguf ${file} reports them\n`);
  });
});
