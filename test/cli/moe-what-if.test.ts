// A mixture of experts in the what-if options: memory holds every expert, the compute of a token
// counts the active ones; a sequence model's FLOPs per token and per sequence, by hand.
import { describe, expect, it } from "vitest";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

interface Report {
  flops: { batch: number; forward: number; trainingStep: number; perSequence?: number; perToken?: number };
  memory: { weights: number; kvCache: number };
}

const json = async (argv: string[]): Promise<Report> => {
  const r = await runCli(argv);
  expect(r.stderr).toBe("");
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout) as Report;
};

// Mixtral 8x7B (specs/mixtral-8x7b.yaml): d = 4,096, 32 layers, attention weights 41,943,040 a
// layer, a router of 4,096 × 8, experts of 3 × 4,096 × 14,336 = 176,160,768, 2 of 8 a position
const [d, layers, attention, router, expert, vocab] = [4096, 32, 41_943_040, 32_768, 176_160_768, 32_000];

describe("Mixtral 8x7B in bf16", () => {
  it("stores every expert: 46,702,792,704 weights × 2 bytes", async () => {
    const report = await json(["mixtral-8x7b", "--dtype", "bf16", "--json"]);
    expect(report.memory.weights).toBe(93_405_585_408);
  });

  it("computes with two experts a token: per token 2 × (32 × (attention + its 32 × 1 × 1 × 128 × 2 + router + 2 experts) + LM head)", async () => {
    const report = await json(["mixtral-8x7b", "--dtype", "bf16", "--json"]);
    // at one position: the projections, QKᵀ and the weighted sum over one key (2 × 32 heads × 128),
    // the router and two experts, in each of 32 layers; the LM head d × vocab
    const perToken = 2 * (layers * (attention + 2 * 32 * 128 + router + 2 * expert) + d * vocab);
    expect(perToken).toBe(25_497_698_304);
    expect(report.flops.perToken).toBe(perToken);
    // per sequence: 2 × the spec's 699,220,675,788,800 connections at 32,768 tokens (test/specs/zoo.test.ts)
    expect(report.flops.perSequence).toBe(1_398_441_351_577_600);
    expect(report.flops.forward).toBe(1_398_441_351_577_600);
  });

  it("per token does not follow the context, per sequence does", async () => {
    const short = await json(["mixtral-8x7b", "--tokens", "4096", "--json"]);
    expect(short.flops.perToken).toBe(25_497_698_304);
    // 32 × (T·attention + 2·32·T²·128 + T·router + T·2·expert) + T·d·vocab at T = 4,096, doubled
    const t = 4096;
    expect(short.flops.perSequence).toBe(2 * (layers * (t * attention + 2 * 32 * t * t * 128 + t * router + t * 2 * expert) + t * d * vocab));
  });
});

describe("a network without positions", () => {
  it("has no FLOPs per token: AlexNet's flops are as they were", async () => {
    const report = await json(["alexnet", "--dtype", "bf16", "--json"]);
    expect(report.flops).toEqual({ batch: 1, forward: 1_448_813_632, trainingStep: 4_346_440_896 });
  });
});
