// Hostile Hugging Face configs for the fuzzer: one of the real config.json fixtures
// (test/import/hf/fixtures) mutated in its values — a field deleted, or set to a value that does
// not belong (0, -1, 2.5, 1e300, 2^53, a string, null, a list, an object, a huge count),
// model_type or architectures changed — and then, sometimes, in its text (truncated, characters
// deleted, junk inserted, deep nesting); run as `alexcount config.json` (with --json, --all,
// check, or import with --tokens). Every case is a pure function of (seed, index):
// `npm run fuzz -- --kind hf --seed S --case I`.

import { readFileSync } from "node:fs";
import fc from "fast-check";
import type { FuzzCase } from "./fuzz-case.js";
import { type Draw, drawFrom } from "./spec-arbitrary.js";

const CONFIGS = [
  "meta-llama/Meta-Llama-3-8B",
  "mistralai/Mistral-7B-v0.1",
  "Qwen/Qwen2-7B",
  "google/gemma-2b",
  "microsoft/Phi-3-mini-4k-instruct",
  "gpt2",
  "bert-base-uncased",
  "google/vit-base-patch16-224",
] as const;

const fixture = (name: string) => readFileSync(new URL(`../import/hf/fixtures/${name}/config.json`, import.meta.url), "utf8");

const VALUES: readonly unknown[] = [0, -1, 2.5, 1e300, 2 ** 53, 2 ** 53 - 1, 3, 7, 100_000, 1_000_000_000, "4096", "", null, true, [], [1, 2], {}, { bits: 4 }];
const MODEL_TYPES = ["llama", "mistral", "qwen2", "gemma", "phi3", "gpt2", "bert", "mixtral", "vit", "t5", "", "LLAMA", 7];
const ARCHITECTURES: readonly unknown[] = [["BertModel"], ["GPT2Model"], ["ViTModel"], ["Nonsense"], [], "LlamaForCausalLM", [1], null];
const JUNK = ["{", "}", "[", "]", ",", ":", '"', "\\", "\u0000", "\uFEFF", "NaN", "Infinity", "-", "1e", "é", "😀", "[".repeat(100)];

function mutateValues(d: Draw, config: Record<string, unknown>, steps: string[]): void {
  const keys = Object.keys(config);
  switch (d.int(0, 4)) {
    case 0: {
      const key = d.pick(keys);
      steps.push(`deleted ${key}`);
      delete config[key];
      return;
    }
    case 1:
    case 2: {
      const key = d.pick(keys);
      const value = d.pick(VALUES);
      steps.push(`${key} set to ${JSON.stringify(value)}`);
      config[key] = value;
      return;
    }
    case 3: {
      const value = d.pick(MODEL_TYPES);
      steps.push(`model_type set to ${JSON.stringify(value)}`);
      config.model_type = value;
      return;
    }
    default: {
      const value = d.pick(ARCHITECTURES);
      steps.push(`architectures set to ${JSON.stringify(value)}`);
      config.architectures = value;
    }
  }
}

function mutateText(d: Draw, text: string, steps: string[]): string {
  const at = d.int(0, text.length);
  switch (d.int(0, 2)) {
    case 0:
      steps.push(`truncated at ${at}`);
      return text.slice(0, at);
    case 1: {
      const length = d.int(1, 60);
      steps.push(`deleted ${length} characters at ${at}`);
      return text.slice(0, at) + text.slice(at + length);
    }
    default: {
      const junk = d.pick(JUNK);
      steps.push(`inserted ${JSON.stringify(junk.slice(0, 10))} at ${at}`);
      return text.slice(0, at) + junk + text.slice(at);
    }
  }
}

const INVOCATIONS: readonly (readonly string[])[] = [
  [],
  ["--json"],
  ["--all"],
  ["check"],
  ["import"],
  ["import", "--tokens", "64"],
  ["import", "--tokens", "5000"],
];

function makeCase(d: Draw, seed: number, index: number): FuzzCase {
  const name = d.pick(CONFIGS);
  const steps = [`config ${name}`];
  const config = JSON.parse(fixture(name)) as Record<string, unknown>;
  for (let k = d.int(0, 3); k > 0; k--) mutateValues(d, config, steps);
  let text = JSON.stringify(config, null, 2);
  if (d.int(0, 2) === 0) text = mutateText(d, text, steps);
  const invocation = d.pick(INVOCATIONS);
  const file = "config.json";
  const argv =
    invocation[0] === "check"
      ? ["check", file, "--allow-empty"]
      : invocation[0] === "import"
        ? ["import", file, ...invocation.slice(1)]
        : [file, ...invocation];
  return { seed, index, steps, argv, file, files: { [file]: text } };
}

/** Case `index` of the config.json run seeded `seed`. */
export function hfConfigFuzzCase(seed: number, index: number): FuzzCase {
  const [made] = fc.sample(
    fc.gen().map((g) => makeCase(drawFrom(g), seed, index)),
    { seed: (seed * 7919 + index * 104729) | 0, numRuns: 1 },
  );
  return made!;
}
