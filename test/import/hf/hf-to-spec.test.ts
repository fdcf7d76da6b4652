// The Hugging Face config.json importer: real configurations (test/import/hf/fixtures, their
// sources in its README.md) give the published parameter counts exactly, or the hand arithmetic
// written beside them; the layer names are transformers' module names; every missing, ill-typed
// or unknown field is a located problem.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Report } from "../../../src/core/analyze.js";
import { importHfConfig } from "../../../src/import/hf/hf-to-spec.js";
import { specYaml } from "../../../src/import/write-spec.js";
import { analyzeSpec } from "../../../src/loader/analyze-spec.js";
import { loadSpec } from "../../../src/loader/load.js";
import { formatProblem } from "../../../src/loader/problems.js";
import { bundledReport } from "../../helpers.js";

const fixture = (path: string): string => readFileSync(new URL(`fixtures/${path}/config.json`, import.meta.url), "utf8");

/** Imports, writes the YAML, loads it as any spec is loaded, and analyzes it. */
function report(text: string, tokens?: number): Report {
  const result = importHfConfig(text, "config.json", tokens === undefined ? {} : { tokens });
  if (!result.ok) expect.fail(result.problems.map(formatProblem).join("\n"));
  const yaml = specYaml(result.imported);
  const loaded = loadSpec(yaml, "config.json");
  if (!loaded.ok) expect.fail(`${loaded.problems.map(formatProblem).join("\n")}\n${yaml}`);
  const analysis = analyzeSpec(loaded.spec);
  if (!analysis.ok) expect.fail(analysis.problems.map(formatProblem).join("\n"));
  return analysis.report;
}

const weights = (r: Report) => BigInt(r.totals.weights);
const layer = (r: Report, name: string) => {
  const row = r.layers.find((l) => l.layer.name === name);
  if (!row) expect.fail(`no layer ${name}: ${r.layers.map((l) => l.layer.name).join(", ")}`);
  return row;
};

function problems(config: Record<string, unknown> | string, tokens?: number): string[] {
  const text = typeof config === "string" ? config : JSON.stringify(config, null, 2);
  const result = importHfConfig(text, "config.json", tokens === undefined ? {} : { tokens });
  if (result.ok) expect.fail(`expected problems, got\n${specYaml(result.imported)}`);
  return result.problems.map(formatProblem);
}

describe("real configurations give the published parameter counts", () => {
  it("meta-llama/Meta-Llama-3-8B: 8,030,261,248 (the bundled llama3-8b's hand arithmetic; the model page's 8.03B), and the bundled spec's every count", () => {
    const r = report(fixture("meta-llama/Meta-Llama-3-8B"));
    expect(weights(r)).toBe(8_030_261_248n);
    const bundled = bundledReport("llama3-8b");
    expect(r.totals).toEqual(bundled.totals);
    expect(r.layers.map((l) => l.layer.name)).toEqual(bundled.layers.map((l) => l.layer.name));
  });

  it("mistralai/Mistral-7B-v0.1: 7,241,732,096 (the model page's 7.24B)", () => {
    // embed_tokens and lm_head 2 × 32,000 × 4,096 = 262,144,000; each layer as Llama 3 8B's
    // (same widths): 218,112,000 × 32 = 6,979,584,000; the final norm 4,096
    const r = report(fixture("mistralai/Mistral-7B-v0.1"));
    expect(weights(r)).toBe(262_144_000n + 6_979_584_000n + 4_096n);
    expect(weights(r)).toBe(7_241_732_096n);
    expect(layer(r, "model.layers.0.self_attn").layer).toMatchObject({ window: 4096, causal: true });
  });

  it("mistralai/Mixtral-8x7B-v0.1: 46,702,792,704 weights, 12,879,925,248 active (the model page's 46.7B, Mistral AI's 12.9B a token), and the bundled mixtral-8x7b's every count", () => {
    // embed_tokens and lm_head 2 × 32,000 × 4,096 = 262,144,000
    // per layer: q, o 2 × 4,096² = 33,554,432; k, v 2 × 4,096 × 1,024 = 8,388,608; router
    //   4,096 × 8 = 32,768; an expert 3 × 4,096 × 14,336 = 176,160,768, 8 of them 1,409,286,144;
    //   norms 2 × 4,096 = 8,192: 1,451,270,144; × 32 = 46,440,644,608; the final norm 4,096
    // active, two experts a position: per layer 41,943,040 + 32,768 + 2 × 176,160,768 + 8,192
    //   = 394,305,536; × 32 = 12,617,777,152
    const r = report(fixture("mistralai/Mixtral-8x7B-v0.1"));
    expect(r.input).toEqual(bundledReport("mixtral-8x7b").input);
    expect(weights(r)).toBe(262_144_000n + 46_440_644_608n + 4_096n);
    expect(weights(r)).toBe(46_702_792_704n);
    expect(BigInt(r.active!.totals)).toBe(262_144_000n + 12_617_777_152n + 4_096n);
    expect(BigInt(r.active!.totals)).toBe(12_879_925_248n);
    expect(layer(r, "model.layers.0.block_sparse_moe.gate").weights).toBe(4096 * 8);
    expect(layer(r, "model.layers.31.block_sparse_moe.experts.7.w2").weights).toBe(14_336 * 4096);
    // sliding_window null: no window on the attention
    expect(layer(r, "model.layers.0.self_attn").layer).not.toHaveProperty("window");
    const bundled = bundledReport("mixtral-8x7b");
    expect(r.totals).toEqual(bundled.totals);
    expect(r.active).toEqual(bundled.active);
    expect(r.layers.map((l) => l.layer.name)).toEqual(bundled.layers.map((l) => l.layer.name));
    expect(r.layers.map((l) => [l.weights, l.connections])).toEqual(bundled.layers.map((l) => [l.weights, l.connections]));
  });

  it("Qwen/Qwen2-7B: 7,615,616,512 (the model page's 7.62B), with biases on q, k and v only", () => {
    // embed_tokens and lm_head 2 × 152,064 × 3,584 = 1,089,994,752
    // per layer: q, o 2 × 3,584² = 25,690,112; k, v 2 × 3,584 × 512 = 3,670,016; biases q, k, v
    //   3,584 + 512 + 512 = 4,608; MLP 3 × 3,584 × 18,944 = 203,685,888; norms 2 × 3,584 = 7,168
    //   in all 233,057,792; × 28 = 6,525,618,176; the final norm 3,584
    const r = report(fixture("Qwen/Qwen2-7B"), 4096);
    expect(BigInt(layer(r, "model.layers.0.self_attn").weights)).toBe(25_690_112n + 3_670_016n + 4_608n);
    expect(weights(r)).toBe(1_089_994_752n + 6_525_618_176n + 3_584n);
    expect(weights(r)).toBe(7_615_616_512n);
  });

  it("google/gemma-2b: 2,506,172,416 (the model page's 2.51B), head_dim 256 and the LM head tied", () => {
    // embed_tokens 256,000 × 2,048 = 524,288,000 (lm_head tied: none of its own)
    // per layer: q, o 2 × 2,048 × 8·256 = 8,388,608; k, v (one head) 2 × 2,048 × 256 = 1,048,576;
    //   MLP 3 × 2,048 × 16,384 = 100,663,296; norms 4,096: 110,104,576; × 18 = 1,981,882,368
    const r = report(fixture("google/gemma-2b"));
    expect(weights(r)).toBe(524_288_000n + 1_981_882_368n + 2_048n);
    expect(layer(r, "lm_head").weights).toBe(0);
    // the tied head still multiplies: 8,192 tokens × 2,048 × 256,000
    expect(BigInt(layer(r, "lm_head").connections)).toBe(8192n * 2048n * 256_000n);
    expect(layer(r, "model.layers.0.mlp.act_fn").layer.type).toBe("gelu");
  });

  it("microsoft/Phi-3-mini-4k-instruct: 3,821,079,552 (the model page's 3.82B), its fused projections counted as separate ones", () => {
    // embed_tokens and lm_head 2 × 32,064 × 3,072 = 197,001,216
    // per layer: attention 4 × 3,072² = 37,748,736; MLP 3 × 3,072 × 8,192 = 75,497,472; norms
    //   6,144: 113,252,352; × 32 = 3,624,075,264; the final norm 3,072
    const r = report(fixture("microsoft/Phi-3-mini-4k-instruct"));
    expect(weights(r)).toBe(197_001_216n + 3_624_075_264n + 3_072n);
    expect(weights(r)).toBe(3_821_079_552n);
  });

  it("gpt2: 124,439,808 (the release's 124M, as the model page counts it), the LM head tied to wte", () => {
    // wte 50,257 × 768 = 38,597,376; wpe 1,024 × 768 = 786,432; per block: ln 2 × 1,536, attention
    //   4 × 768² + 4 × 768 = 2,362,368, MLP 2 × 768 × 3,072 + 3,072 + 768 = 4,722,432: 7,087,872;
    //   × 12 = 85,054,464; ln_f 1,536
    const r = report(fixture("gpt2"));
    expect(weights(r)).toBe(38_597_376n + 786_432n + 85_054_464n + 1_536n);
    expect(weights(r)).toBe(124_439_808n);
    expect(layer(r, "lm_head").weights).toBe(0);
  });

  it("gpt2 at fewer tokens: the position table keeps its 1,024 rows", () => {
    const r = report(fixture("gpt2"), 128);
    expect(weights(r)).toBe(124_439_808n);
    expect(layer(r, "transformer.wpe").weights).toBe(1024 * 768);
    // the LM head at 128 positions: 128 × 768 × 50,257
    expect(layer(r, "lm_head").connections).toBe(128 * 768 * 50_257);
  });

  it("bert-base-uncased (BertForMaskedLM): 109,514,298, BertModel's 109,482,240 less the pooler plus the MLM head", () => {
    // BertModel: 109,482,240 (Devlin et al. 2019's "110M"; the model page's count), of which
    //   the pooler 768² + 768 = 590,592. BertForMaskedLM has no pooler and adds the transform
    //   dense 590,592, its LayerNorm 1,536 and the decoder's bias 30,522 (its matrix tied)
    const r = report(fixture("bert-base-uncased"));
    expect(weights(r)).toBe(109_482_240n - 590_592n + 590_592n + 1_536n + 30_522n);
    expect(weights(r)).toBe(109_514_298n);
    expect(layer(r, "cls.predictions.decoder").weights).toBe(30_522);
    expect(layer(r, "bert.encoder.layer.11.output.LayerNorm").weights).toBe(1_536);
  });
});

describe("conventions", () => {
  const llama = JSON.parse(fixture("meta-llama/Meta-Llama-3-8B")) as Record<string, unknown>;

  it("counts at --tokens rather than max_position_embeddings, and says which in the header", () => {
    const result = importHfConfig(JSON.stringify(llama), "config.json", { tokens: 2048 });
    if (!result.ok) expect.fail("expected a spec");
    expect(result.imported.spec.input).toEqual({ tokens: 2048 });
    expect(result.imported.header.join(" ")).toContain("Input: 2048 token ids (--tokens; the config's max_position_embeddings is 8192)");
    const fromMax = importHfConfig(JSON.stringify(llama), "config.json");
    if (!fromMax.ok) expect.fail("expected a spec");
    expect(fromMax.imported.header.join(" ")).toContain("Input: 8192 token ids, the config's max_position_embeddings");
  });

  it("ties lm_head when tie_word_embeddings is true (8,030,261,248 less lm_head's 128,256 × 4,096)", () => {
    const r = report(JSON.stringify({ ...llama, tie_word_embeddings: true }));
    expect(weights(r)).toBe(8_030_261_248n - 525_336_576n);
  });

  it("attention_bias and mlp_bias add the biases (Llama: 4,096 + 2 × 1,024 + 4,096 and 2 × 14,336 + 4,096 a layer)", () => {
    const r = report(JSON.stringify({ ...llama, attention_bias: true, mlp_bias: true }));
    expect(weights(r)).toBe(8_030_261_248n + 32n * (10_240n + 32_768n));
  });

  it("num_key_value_heads absent is multi-head attention", () => {
    const { num_key_value_heads: _, ...mha } = llama;
    const r = report(JSON.stringify(mha), 16);
    // k and v grow from 4,096 × 1,024 to 4,096 × 4,096 each, in 32 layers
    expect(weights(r)).toBe(8_030_261_248n + 32n * 2n * 4096n * 3072n);
  });

  it("learned position tables refuse more tokens than they have rows", () => {
    const gpt2 = fixture("gpt2");
    expect(problems(gpt2, 2048)).toEqual([
      "config.json:17:18: n_positions: --tokens 2048 is more than the 1024 positions this model has learned embeddings for",
    ]);
  });
});

describe("problems are located", () => {
  it("an unknown model_type names the supported ones", () => {
    expect(problems({ model_type: "t5", d_model: 512 })).toEqual([
      'config.json:2:17: model_type: "t5" is not a family alexcount imports; it imports llama, mistral, mixtral, qwen2, gemma, phi3, gpt2, bert, vit',
    ]);
  });

  it("Mixtral's experts a position may not outnumber its experts", () => {
    const mixtral = { ...JSON.parse(fixture("mistralai/Mixtral-8x7B-v0.1")), num_experts_per_tok: 9 };
    expect(problems(mixtral)).toEqual(["config.json:15:26: num_experts_per_tok: 9 experts a position are more than the 8 of num_local_experts"]);
  });

  it("a missing or ill-typed field is named by its path, at its line and column", () => {
    const text = '{\n  "model_type": "llama",\n  "hidden_size": "4096",\n  "num_attention_heads": 32,\n  "num_hidden_layers": 1.5,\n  "vocab_size": 10\n}';
    expect(problems(text)).toEqual([
      'config.json:3:18: hidden_size: expected a whole number of at least 1, found "4096"',
      "config.json:5:24: num_hidden_layers: expected a whole number of at least 1, found 1.5",
      "config.json:1:1: intermediate_size: missing: expected a whole number of at least 1",
    ]);
  });

  it("bad JSON is placed where it goes wrong", () => {
    expect(problems('{\n  "model_type": "gpt2",\n  "n_embd": 768,\n}')).toEqual([
      'config.json:4:1: not valid JSON: expected a key in double quotes, found "}"',
    ]);
    expect(problems('{"model_type": "gpt2", "n_embd": NaN}')).toEqual(["config.json:1:34: not valid JSON: NaN is not a JSON value"]);
    expect(problems("[1, 2]")).toEqual(["config.json:1:1: expected a JSON object, as a config.json is"]);
  });

  it("a head the importer does not write is refused, naming the ones it writes", () => {
    const bert = JSON.parse(fixture("bert-base-uncased")) as Record<string, unknown>;
    expect(problems({ ...bert, architectures: ["BertForSequenceClassification"] })).toEqual([
      'config.json:2:20: architectures: "BertForSequenceClassification" is not a BERT class alexcount imports: BertModel, BertForMaskedLM',
    ]);
  });

  it("heads that do not divide the width are refused at the field", () => {
    const gqa = { ...JSON.parse(fixture("meta-llama/Meta-Llama-3-8B")), num_key_value_heads: 5 };
    expect(problems(gqa)).toEqual(["config.json:17:26: num_key_value_heads: 5 key/value heads do not divide the 32 attention heads"]);
  });
});

describe("config text is data", () => {
  it("an architectures entry that is not a class name is refused, never written into the spec's header", () => {
    const llama = JSON.parse(fixture("meta-llama/Meta-Llama-3-8B")) as Record<string, unknown>;
    expect(problems({ ...llama, architectures: ["Llama\nname: injected"] })).toEqual([
      'config.json:2:20: architectures: expected a list of class names (["LlamaForCausalLM"]), found a list',
    ]);
  });
});

describe("heads that read one position (pick)", () => {
  it("google/vit-base-patch16-224: 86,567,656 weights and every count of the bundled vit-b16 (torchvision's vit_b_16, the same layout)", () => {
    // patch conv 16² × 3 × 768 + 768 = 590,592; class token 768; positions 197 × 768 = 151,296;
    // 12 encoder layers 12 × 7,087,872 = 85,054,464; the final LayerNorm 1,536; the classifier
    // 768 × 1,000 + 1,000 = 769,000
    const r = report(fixture("google/vit-base-patch16-224"));
    expect(weights(r)).toBe(590_592n + 768n + 151_296n + 85_054_464n + 1_536n + 769_000n);
    expect(weights(r)).toBe(86_567_656n);
    expect(r.totals).toEqual(bundledReport("vit-b16").totals);
    // the classifier reads the class token alone: 768 × 1,000 connections
    expect(layer(r, "classifier").connections).toBe(768_000);
  });

  it("BertModel: 109,482,240 with its pooler (the bundled bert-base's figure), the same counts at 128 tokens", () => {
    const bert = JSON.parse(fixture("bert-base-uncased")) as Record<string, unknown>;
    const r = report(JSON.stringify({ ...bert, architectures: ["BertModel"] }), 128);
    expect(weights(r)).toBe(109_482_240n);
    // pooler.dense on the first token alone: 768 × 768
    expect(layer(r, "pooler.dense").connections).toBe(589_824);
    expect(r.totals).toEqual(bundledReport("bert-base").totals);
  });

  it("an image model refuses --tokens", () => {
    expect(problems(fixture("google/vit-base-patch16-224"), 64)).toEqual([
      "config.json:9:17: image_size: --tokens is for text models: an image model's tokens are its patches",
    ]);
  });
});
