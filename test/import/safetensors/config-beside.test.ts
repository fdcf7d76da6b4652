// `alexcount safetensors` with a Hugging Face config.json beside the file: the spec built from
// the config is set against the header's tensors, module by module. The files are written here,
// header and all, with the tensor names and shapes of the real checkpoints' layouts (Llama 3 8B
// as transformers saves LlamaForCausalLM; Mixtral 8x7B as it saves MixtralForCausalLM; GPT-2 as the gpt2 checkpoint names it, without
// `transformer.`), their data sparse: never written, never read.

import { closeSync, copyFileSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCliOnRepository } from "../../support/memory-io.js";

const root = mkdtempSync(join(tmpdir(), "alexcount-config-beside-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const BYTES: Record<string, number> = { BF16: 2, F16: 2, F32: 4, I32: 4, U8: 1 };
type Tensors = Record<string, { dtype: string; shape: number[] }>;

/** A folder with config.json (a fixture) and model.safetensors holding these tensors. */
function model(name: string, config: string, tensors: Tensors): string {
  const dir = join(root, name);
  mkdirSync(dir);
  copyFileSync(new URL(`../hf/fixtures/${config}/config.json`, import.meta.url), join(dir, "config.json"));
  const header: Record<string, unknown> = { __metadata__: { format: "pt" } };
  let offset = 0;
  for (const [tensor, { dtype, shape }] of Object.entries(tensors)) {
    const bytes = shape.reduce((a, b) => a * b, 1) * BYTES[dtype]!;
    header[tensor] = { dtype, shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  const path = join(dir, "model.safetensors");
  const fd = openSync(path, "w");
  writeSync(fd, Buffer.concat([length, json]));
  ftruncateSync(fd, 8 + json.length + offset);
  closeSync(fd);
  return path;
}

type Linear = (name: string, inputs: number, outputs: number) => Tensors;

/** A plain linear layer as PyTorch stores it: weight [out, in]. */
const plain: Linear = (name, inputs, outputs) => ({ [`${name}.weight`]: { dtype: "BF16", shape: [outputs, inputs] } });

/** GPTQ at 4 bits, group size 128: qweight int32 [in/8, out], qzeros [in/128, out/8], scales [in/128, out], g_idx [in]. */
const gptq: Linear = (name, inputs, outputs) => ({
  [`${name}.qweight`]: { dtype: "I32", shape: [inputs / 8, outputs] },
  [`${name}.qzeros`]: { dtype: "I32", shape: [inputs / 128, outputs / 8] },
  [`${name}.scales`]: { dtype: "F16", shape: [inputs / 128, outputs] },
  [`${name}.g_idx`]: { dtype: "I32", shape: [inputs] },
});

/** bitsandbytes NF4: weight uint8 [in·out/2, 1], absmax per block of 64, the 16-entry code, the state. */
const nf4: Linear = (name, inputs, outputs) => ({
  [`${name}.weight`]: { dtype: "U8", shape: [(inputs * outputs) / 2, 1] },
  [`${name}.weight.absmax`]: { dtype: "F32", shape: [(inputs * outputs) / 64] },
  [`${name}.weight.quant_map`]: { dtype: "F32", shape: [16] },
  [`${name}.weight.quant_state.bitsandbytes__nf4`]: { dtype: "U8", shape: [230] },
});

/** Meta-Llama-3-8B's tensors, its linear layers stored by `linear`. */
function llama3(linear: Linear, skip: (name: string) => boolean = () => false): Tensors {
  const tensors: Tensors = { "model.embed_tokens.weight": { dtype: "BF16", shape: [128256, 4096] } };
  for (let i = 0; i < 32; i++) {
    const p = `model.layers.${i}`;
    Object.assign(
      tensors,
      linear(`${p}.self_attn.q_proj`, 4096, 4096),
      linear(`${p}.self_attn.k_proj`, 4096, 1024),
      linear(`${p}.self_attn.v_proj`, 4096, 1024),
      linear(`${p}.self_attn.o_proj`, 4096, 4096),
      linear(`${p}.mlp.gate_proj`, 4096, 14336),
      linear(`${p}.mlp.up_proj`, 4096, 14336),
      linear(`${p}.mlp.down_proj`, 14336, 4096),
      { [`${p}.input_layernorm.weight`]: { dtype: "BF16", shape: [4096] } },
      { [`${p}.post_attention_layernorm.weight`]: { dtype: "BF16", shape: [4096] } },
    );
  }
  Object.assign(tensors, { "model.norm.weight": { dtype: "BF16", shape: [4096] }, "lm_head.weight": { dtype: "BF16", shape: [128256, 4096] } });
  for (const name of Object.keys(tensors)) if (skip(name)) delete tensors[name];
  return tensors;
}

/** Mixtral-8x7B-v0.1's tensors as transformers saves MixtralForCausalLM: block_sparse_moe.gate and experts.E.w1/w2/w3. */
function mixtral(skip: (name: string) => boolean = () => false): Tensors {
  const tensors: Tensors = { "model.embed_tokens.weight": { dtype: "BF16", shape: [32000, 4096] } };
  for (let i = 0; i < 32; i++) {
    const p = `model.layers.${i}`;
    Object.assign(
      tensors,
      plain(`${p}.self_attn.q_proj`, 4096, 4096),
      plain(`${p}.self_attn.k_proj`, 4096, 1024),
      plain(`${p}.self_attn.v_proj`, 4096, 1024),
      plain(`${p}.self_attn.o_proj`, 4096, 4096),
      plain(`${p}.block_sparse_moe.gate`, 4096, 8),
      { [`${p}.input_layernorm.weight`]: { dtype: "BF16", shape: [4096] } },
      { [`${p}.post_attention_layernorm.weight`]: { dtype: "BF16", shape: [4096] } },
    );
    for (let e = 0; e < 8; e++)
      Object.assign(
        tensors,
        plain(`${p}.block_sparse_moe.experts.${e}.w1`, 4096, 14336),
        plain(`${p}.block_sparse_moe.experts.${e}.w2`, 14336, 4096),
        plain(`${p}.block_sparse_moe.experts.${e}.w3`, 4096, 14336),
      );
  }
  Object.assign(tensors, { "model.norm.weight": { dtype: "BF16", shape: [4096] }, "lm_head.weight": { dtype: "BF16", shape: [32000, 4096] } });
  for (const name of Object.keys(tensors)) if (skip(name)) delete tensors[name];
  return tensors;
}

describe("a config.json beside the safetensors file", () => {
  it("Mixtral 8x7B in bf16: the experts' and router's tensors meet the spec's layers, 46,702,792,704 weights module by module", async () => {
    // the sum by hand is in specs/mixtral-8x7b.yaml: 262,144,000 + 32 × 1,451,270,144 + 4,096
    const path = model("mixtral", "mistralai/Mixtral-8x7B-v0.1", mixtral());
    const { exitCode, stdout, stderr } = await runCliOnRepository(["safetensors", path]);
    expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: "" });
    expect(stdout).toContain("MixtralForCausalLM (mixtral), 46,702,792,704 weights; the header holds 46,702,792,704 parameters: equal, module by module");
  });

  it("Mixtral: a missing expert projection is named at its module", async () => {
    const path = model(
      "mixtral-broken",
      "mistralai/Mixtral-8x7B-v0.1",
      mixtral((name) => name === "model.layers.4.block_sparse_moe.experts.6.w3.weight"),
    );
    const { exitCode, stdout } = await runCliOnRepository(["safetensors", path, "--json"]);
    expect(exitCode).toBe(1);
    // w3: 4,096 × 14,336 = 58,720,256, absent
    expect(JSON.parse(stdout).config.differences).toEqual([{ module: "model.layers.4.block_sparse_moe.experts.6.w3", spec: 58_720_256, file: 0, tensors: [] }]);
  });

  it("Llama 3 8B in bf16: the header holds the spec's 8,030,261,248 weights, module by module", async () => {
    const path = model("llama", "meta-llama/Meta-Llama-3-8B", llama3(plain));
    const { exitCode, stdout, stderr } = await runCliOnRepository(["safetensors", path]);
    expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: "" });
    expect(stdout).toContain("LlamaForCausalLM (llama), 8,030,261,248 weights; the header holds 8,030,261,248 parameters: equal, module by module");
  });

  it("a missing tensor and a wrong shape are named, by module, and the check fails (exit 1)", async () => {
    const tensors = llama3(plain, (name) => name === "model.layers.5.mlp.down_proj.weight");
    tensors["model.layers.3.self_attn.k_proj.weight"] = { dtype: "BF16", shape: [4096, 4096] };
    const path = model("llama-broken", "meta-llama/Meta-Llama-3-8B", tensors);
    const { exitCode, stdout } = await runCliOnRepository(["safetensors", path, "--json"]);
    expect(exitCode).toBe(1);
    const { config } = JSON.parse(stdout);
    // layer 3's attention: q, o 2 × 4,096² + v 4,096 × 1,024 + k 4,096 × 4,096 (not × 1,024)
    // layer 5's down_proj: 14,336 × 4,096 = 58,720,256, absent
    expect(config.equal).toBe(false);
    expect(config.differences).toEqual([
      {
        module: "model.layers.3.self_attn",
        spec: 41_943_040,
        file: 2 * 4096 * 4096 + 4096 * 1024 + 4096 * 4096,
        tensors: ["q_proj", "k_proj", "v_proj", "o_proj"].map((p) => `model.layers.3.self_attn.${p}.weight`),
      },
      { module: "model.layers.5.mlp.down_proj", spec: 58_720_256, file: 0, tensors: [] },
    ]);
    const text = await runCliOnRepository(["safetensors", path]);
    expect(text.stdout).toContain("  model.layers.5.mlp.down_proj: spec 58,720,256, file 0 — no tensor in the file");
  });

  it("GPTQ 4-bit: each int32 qweight holds 8 weights; qzeros, scales and g_idx are the quantization's, not parameters", async () => {
    const path = model("llama-gptq", "meta-llama/Meta-Llama-3-8B", llama3(gptq));
    const { exitCode, stdout } = await runCliOnRepository(["safetensors", path, "--json"]);
    expect(exitCode).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.totals.weights).toBe(8_030_261_248);
    expect(report.config.equal).toBe(true);
    const q = report.tensors.find((t: { name: string }) => t.name === "model.layers.0.self_attn.q_proj.qweight");
    // [512, 4,096] int32 elements × 8 = 4,096 × 4,096
    expect(q).toMatchObject({ dtype: "I32", shape: [512, 4096], parameters: 16_777_216, packed: 8, bytes: 512 * 4096 * 4 });
    const scales = report.tensors.find((t: { name: string }) => t.name === "model.layers.0.self_attn.q_proj.scales");
    expect(scales).toMatchObject({ parameters: 0, quantization: true });
  });

  it("bitsandbytes NF4: each uint8 holds 2 weights; absmax, quant_map and the state are not parameters", async () => {
    const path = model("llama-nf4", "meta-llama/Meta-Llama-3-8B", llama3(nf4));
    const { exitCode, stdout } = await runCliOnRepository(["safetensors", path, "--all"]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain("the header holds 8,030,261,248 parameters: equal");
    expect(stdout).toMatch(/model\.layers\.0\.mlp\.down_proj\.weight \(2 an element\) +│ U8 +│ 29360128×1 +│ +58,720,256/);
    expect(stdout).toMatch(/model\.layers\.0\.mlp\.down_proj\.weight\.absmax \(quantization data\) +│ F32 +│ 917504 +│ +0/);
  });

  it("GPT-2's checkpoint names (h.0.attn.c_attn, without transformer.) meet the spec's, the LM head tied", async () => {
    const tensors: Tensors = { "wte.weight": { dtype: "F32", shape: [50257, 768] }, "wpe.weight": { dtype: "F32", shape: [1024, 768] } };
    for (let i = 0; i < 12; i++) {
      const vector = (name: string, n: number) => ({ [`h.${i}.${name}`]: { dtype: "F32", shape: [n] } });
      Object.assign(
        tensors,
        vector("ln_1.weight", 768),
        vector("ln_1.bias", 768),
        { [`h.${i}.attn.c_attn.weight`]: { dtype: "F32", shape: [768, 2304] } },
        vector("attn.c_attn.bias", 2304),
        { [`h.${i}.attn.c_proj.weight`]: { dtype: "F32", shape: [768, 768] } },
        vector("attn.c_proj.bias", 768),
        vector("ln_2.weight", 768),
        vector("ln_2.bias", 768),
        { [`h.${i}.mlp.c_fc.weight`]: { dtype: "F32", shape: [768, 3072] } },
        vector("mlp.c_fc.bias", 3072),
        { [`h.${i}.mlp.c_proj.weight`]: { dtype: "F32", shape: [3072, 768] } },
        vector("mlp.c_proj.bias", 768),
      );
    }
    Object.assign(tensors, { "ln_f.weight": { dtype: "F32", shape: [768] }, "ln_f.bias": { dtype: "F32", shape: [768] } });
    const path = model("gpt2", "gpt2", tensors);
    const { exitCode, stdout } = await runCliOnRepository(["safetensors", path]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain(
      "GPT2LMHeadModel (gpt2), 124,439,808 weights; the header holds 124,439,808 parameters: equal, module by module (the file's names read after transformer.)",
    );
  });

  it("alexcount check config.json takes the checkpoint beside it as a published source: GPTQ's packed weights pass, a missing tensor fails", async () => {
    const passing = await runCliOnRepository(["check", join(root, "llama-gptq", "config.json"), "--json"]);
    expect(passing.exitCode).toBe(0);
    const report = JSON.parse(passing.stdout);
    expect(report.ok).toBe(true);
    expect(JSON.stringify(report)).toContain("8030261248");
    const failing = await runCliOnRepository(["check", join(root, "llama-broken", "config.json")]);
    expect(failing.exitCode).toBe(1);
    // 8,030,261,248 − 58,720,256 (layer 5's down_proj) + 4,096 × 3,072 (layer 3's k_proj grown)
    expect(failing.stdout).toContain(`published ${(8_030_261_248 - 58_720_256 + 4096 * 3072).toLocaleString("en-US")}, computed 8,030,261,248`);
    const imported = await runCliOnRepository(["import", join(root, "llama", "config.json")]);
    expect(imported.stdout).toContain("totals: {weights: 8030261248}");
  });

  it("a sharded checkpoint, read through model.safetensors.index.json, is set against the config the same way", async () => {
    const all = llama3(plain);
    const names = Object.keys(all);
    const half = Math.floor(names.length / 2);
    const first = model("llama-sharded", "meta-llama/Meta-Llama-3-8B", Object.fromEntries(names.slice(0, half).map((n) => [n, all[n]!])));
    const dir = join(root, "llama-sharded");
    rmSync(first);
    const shard = (file: string, keys: string[]) => {
      const header: Record<string, unknown> = {};
      let offset = 0;
      for (const key of keys) {
        const { dtype, shape } = all[key]!;
        const bytes = shape.reduce((a, b) => a * b, 1) * BYTES[dtype]!;
        header[key] = { dtype, shape, data_offsets: [offset, offset + bytes] };
        offset += bytes;
      }
      const json = Buffer.from(JSON.stringify(header));
      const length = Buffer.alloc(8);
      length.writeBigUInt64LE(BigInt(json.length));
      const fd = openSync(join(dir, file), "w");
      writeSync(fd, Buffer.concat([length, json]));
      ftruncateSync(fd, 8 + json.length + offset);
      closeSync(fd);
    };
    shard("model-00001-of-00002.safetensors", names.slice(0, half));
    shard("model-00002-of-00002.safetensors", names.slice(half));
    const weightMap = Object.fromEntries(names.map((n, k) => [n, k < half ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors"]));
    writeFileSync(join(dir, "model.safetensors.index.json"), JSON.stringify({ metadata: {}, weight_map: weightMap }));
    const { exitCode, stdout } = await runCliOnRepository(["safetensors", join(dir, "model.safetensors.index.json"), "--no-color"]);
    expect(exitCode).toBe(0);
    expect(stdout.trimEnd().split("\n").at(-1)).toBe(
      `${join(dir, "config.json")} beside it: LlamaForCausalLM (llama), 8,030,261,248 weights; the header holds 8,030,261,248 parameters: equal, module by module`,
    );
    // and the import finds the index beside the config
    expect((await runCliOnRepository(["import", join(dir, "config.json")])).stdout).toContain("totals: {weights: 8030261248}");
  });

  it("a config.json it cannot import is said, and the header is still reported", async () => {
    const dir = join(root, "t5");
    mkdirSync(dir);
    writeFileSync(join(dir, "config.json"), '{ "model_type": "t5" }');
    const header = Buffer.from(JSON.stringify({ "shared.weight": { dtype: "F32", shape: [2, 2], data_offsets: [0, 16] } }));
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(header.length));
    writeFileSync(join(dir, "model.safetensors"), Buffer.concat([length, header, Buffer.alloc(16)]));
    const { exitCode, stdout } = await runCliOnRepository(["safetensors", join(dir, "model.safetensors")]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain(`${join(dir, "config.json")} beside it, not checked: ${join(dir, "config.json")}:1:17: model_type: "t5" is not a family`);
  });
});
