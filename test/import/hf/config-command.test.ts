// `alexcount import config.json` and `alexcount config.json`: a Hugging Face configuration is
// told from an alexcount JSON spec by its model_type, counted through the spec `import` writes,
// and refused, located, when it cannot be read.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../../../src/loader/load.js";
import { runCli, runCliOnRepository } from "../../support/memory-io.js";

const GPT2 = "test/import/hf/fixtures/gpt2/config.json";
const LLAMA = "test/import/hf/fixtures/meta-llama/Meta-Llama-3-8B/config.json";
const text = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");
const totals = (stdout: string) => (JSON.parse(stdout) as { totals: Record<string, number> }).totals;

describe("alexcount config.json", () => {
  it("counts GPT-2 from its config: 124,439,808 weights", async () => {
    const { exitCode, stdout, stderr } = await runCliOnRepository([GPT2, "--json"]);
    expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: "" });
    expect(totals(stdout).weights).toBe(124_439_808);
  });

  it("counts Llama 3 8B from its config exactly as the bundled llama3-8b", async () => {
    const fromConfig = await runCliOnRepository([LLAMA, "--json"]);
    const bundled = await runCliOnRepository(["llama3-8b", "--json"]);
    expect(totals(fromConfig.stdout)).toEqual(totals(bundled.stdout));
  });

  it("works with check and --explain, names as transformers' modules", async () => {
    const check = await runCliOnRepository(["check", GPT2, "--allow-empty"]);
    expect(check.exitCode).toBe(0);
    const explain = await runCliOnRepository([GPT2, "--explain", "transformer.h.0.mlp.c_fc"]);
    expect(explain.exitCode).toBe(0);
    // 768 × 3,072 + 3,072
    expect(explain.stdout).toContain("2,362,368");
  });

  it("a JSON spec without model_type is still a spec", async () => {
    const spec = JSON.stringify({ name: "tiny", input: { features: 4 }, layers: [{ type: "dense", units: 2 }] });
    const { exitCode, stdout } = await runCli(["tiny.json", "--json"], { files: { "tiny.json": spec } });
    expect(exitCode).toBe(0);
    // 4 × 2 + 2
    expect(totals(stdout).weights).toBe(10);
  });

  it("a bad config exits 2, located, with nothing on standard output", async () => {
    const config = '{\n  "model_type": "llama",\n  "hidden_size": -1\n}\n';
    const { exitCode, stdout, stderr } = await runCli(["config.json"], { files: { "config.json": config } });
    expect({ exitCode, stdout }).toEqual({ exitCode: 2, stdout: "" });
    expect(stderr).toContain("config.json:3:18: hidden_size: expected a whole number of at least 1, found -1");
    expect(stderr).toContain("config.json:1:1: num_hidden_layers: missing: expected a whole number of at least 1");
  });

  it("an unknown model_type exits 2 naming the supported ones", async () => {
    const { exitCode, stdout, stderr } = await runCli(["config.json"], { files: { "config.json": '{"model_type": "t5"}' } });
    expect({ exitCode, stdout, stderr }).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: 'config.json:1:16: model_type: "t5" is not a family alexcount imports; it imports llama, mistral, mixtral, qwen2, gemma, phi3, gpt2, bert, vit\n',
    });
  });
});

describe("alexcount import config.json", () => {
  it("writes a spec with blocks that loads like a hand-written one, at --tokens", async () => {
    const { exitCode, stdout, stderr } = await runCliOnRepository(["import", LLAMA, "--tokens", "128"]);
    expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: "" });
    expect(stdout).toContain("input: {tokens: 128}");
    expect(stdout).toContain("blocks:\n  decoder:\n    layers:\n      - {name: input_layernorm, type: rmsnorm}");
    expect(stdout).toContain("  - {name: model.layers, use: decoder, repeat: 32}");
    const loaded = loadSpec(stdout, "llama.yaml");
    expect(loaded.ok && loaded.spec.network.layers.length).toBe(1 + 32 * 10 + 2);
  });

  it("reads standard input, telling a config by its model_type", async () => {
    const { exitCode, stdout } = await runCli(["import", "-"], { stdin: text(GPT2) });
    expect(exitCode).toBe(0);
    expect(stdout).toContain("  - {name: lm_head, type: dense, units: 50257, tied: transformer.wte, bias: false}");
  });

  it("--tokens must be a whole number of at least 1", async () => {
    const { exitCode, stdout, stderr } = await runCliOnRepository(["import", GPT2, "--tokens", "0"]);
    expect({ exitCode, stdout }).toEqual({ exitCode: 2, stdout: "" });
    expect(stderr).toContain('--tokens must be a whole number from 1 to 2,147,483,647, not "0"');
  });
});
