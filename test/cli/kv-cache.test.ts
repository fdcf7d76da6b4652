// --tokens, --kv-dtype and --sweep tokens=… in-process: the KV cache in the JSON report, the
// table, --explain and the sweeps, every figure following the context; bad values exit 2.
import { describe, expect, it } from "vitest";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

interface Report {
  input: { tokens: number };
  totals: { weights: number; connections: number };
  memory: { weights: number; kvCache: number; kvCacheDtype?: string };
  sweep: { value: number; totals: { connections: number }; memory: { kvCache: number } }[];
}

const json = async (argv: string[]): Promise<Report> => {
  const r = await runCli(argv);
  expect(r.stderr).toBe("");
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout) as Report;
};

// Llama 3 8B: 32 layers, 8 KV heads of 128; weights 8,030,261,248
const KV_PER_TOKEN_BF16 = 2 * 8 * 128 * 2 * 32; // K and V × heads × dim × 2 bytes × layers = 131,072

describe("the KV cache of Llama 3 8B", () => {
  it("at 32,768 tokens, batch 1, bf16: 2 × 8 × 128 × 32,768 × 2 bytes × 32 layers = 4,294,967,296", async () => {
    const report = await json(["llama3-8b", "--dtype", "bf16", "--tokens", "32768", "--json"]);
    expect(report.input).toEqual({ tokens: 32_768 });
    expect(report.memory.kvCache).toBe(4_294_967_296);
    expect(report.memory.kvCacheDtype).toBe("bf16");
    // the weights do not follow the context: 8,030,261,248 × 2 bytes
    expect(report.memory.weights).toBe(16_060_522_496);
  });

  it("follows --batch and --kv-dtype, not the weights' dtype: batch 4, fp8 keys and values, int4 weights", async () => {
    const report = await json(["llama3-8b", "--dtype", "int4", "--kv-dtype", "fp8", "--tokens", "8192", "--batch", "4", "--json"]);
    // 2 × 8 × 128 × 8,192 × 4 × 1 byte × 32 = 2,147,483,648
    expect(report.memory.kvCache).toBe(2_147_483_648);
    expect(report.memory.kvCacheDtype).toBe("fp8");
  });

  it("--tokens changes every figure: at 1,024 tokens the connections are the spec's formula at T = 1,024", async () => {
    const report = await json(["llama3-8b", "--tokens", "1024", "--json"]);
    const [d, t, vocab] = [4096, 1024, 128_256];
    // per layer: projections 2d² + 2d·1,024 and the MLP 3·d·14,336 at every position, and QKᵀ and
    // the weighted sum 2 × 32 heads × T² × 128; the LM head T·d·vocab
    const perLayer = t * (2 * d * d + 2 * d * 1024) + 2 * 32 * t * t * 128 + t * 3 * d * 14_336;
    expect(report.totals.connections).toBe(32 * perLayer + t * d * vocab); // 7,959,648,141,312
    expect(report.totals.weights).toBe(8_030_261_248);
  });

  it("the table labels its bytes and binary units and says what the KV cache holds", async () => {
    const r = await runCli(["llama3-8b", "--dtype", "bf16", "--tokens", "32768"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/KV cache +4,294,967,296 B +4\.0 GiB +2 \(K, V\) × 8 KV heads × 128 × 32,768 tokens × batch 1 × 32 layers, bf16/);
  });

  it("--explain shows the factor 2 of K and V and the bytes per element", async () => {
    const r = await runCli(["llama3-8b", "--explain", "--dtype", "bf16", "--tokens", "32768"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("bf16: 2 bytes per value (16 bits); per attention layer 2 × kv_heads × head_dim × tokens × batch values: the 2 is K and V");
    // 2 × 8 × 128 × 32,768 × 1 = 67,108,864 values, × 2 bytes = 134,217,728
    expect(r.stdout).toContain("model.layers.0.self_attn  2 × 8 × 128 × 32,768 × 1 = 67,108,864 values: 67,108,864 × 2 = 134,217,728 B");
    expect(r.stdout).toContain("total  4,294,967,296 B = 4.0 GiB");
  });
});

describe("--sweep tokens=…", () => {
  it("JSON: one entry per context, the KV cache growing with it", async () => {
    const report = await json(["llama3-8b", "--dtype", "bf16", "--sweep", "tokens=1024,8192,32768", "--json"]);
    expect(report.sweep.map((row) => row.value)).toEqual([1024, 8192, 32_768]);
    expect(report.sweep.map((row) => row.memory.kvCache)).toEqual([1024 * KV_PER_TOKEN_BF16, 8192 * KV_PER_TOKEN_BF16, 32_768 * KV_PER_TOKEN_BF16]);
    // at 8,192 tokens, the spec's own context: the bundled figure (test/specs/zoo.test.ts)
    expect(report.sweep[1]!.totals.connections).toBe(79_070_347_919_360);
  });

  it("the table and CSV give the KV cache a column", async () => {
    const table = await runCli(["llama3-8b", "--sweep", "tokens=512,1024"]);
    expect(table.stdout).toContain("KV cache");
    const csv = await runCli(["llama3-8b", "--dtype", "bf16", "--sweep", "tokens=512,1024", "--format", "csv"]);
    const [head, first] = csv.stdout.split("\r\n");
    const kvColumn = head!.split(",").indexOf("memory_kv_cache");
    expect(first!.split(",")[kvColumn]).toBe(String(512 * KV_PER_TOKEN_BF16)); // 67,108,864
  });

  it("the SVG draws the KV cache's curve", async () => {
    const r = await runCli(["llama3-8b", "--dtype", "bf16", "--sweep", "tokens=1024,4096", "--chart", "--format", "svg"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("KV cache (bf16)");
  });
});

describe("bad values of the KV options exit 2 and list what is accepted", () => {
  it.each([
    [["--tokens", "0"], "--tokens must be a whole number from 1"],
    [["--tokens", "1k"], "--tokens must be a whole number from 1"],
    [["--kv-dtype", "fp7"], "fp32, tf32, fp16, bf16, fp8, int8, int4"],
    [["--sweep", "tokens="], "AXIS one of input, batch, tokens"],
    [["--sweep", "tokens=512,0"], "a number of tokens must be a whole number from 1"],
    [["--tokens", "512", "--input", "3"], "--input and --tokens both set the input"],
    [["--sweep", "tokens=512,1024", "--tokens", "8"], "--sweep tokens=… and --tokens both set the input"],
  ])("%j", async (args, accepted) => {
    const r = await runCli(["llama3-8b", ...args, "--json"]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(accepted);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("--tokens on a network without positions says to use --input", async () => {
    const r = await runCli(["alexnet", "--tokens", "512"]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("set the positions of a sequence input, but this network's input is an image: use --input for it");
  });
});
