// A subcommand's own flags reach it even when the program has a flag of the same name
// (--json, --format, --bias): contract §4's `alexcount check SPEC --json`.

import { describe, expect, it } from "vitest";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

describe("subcommand options that share a name with a program option", () => {
  it("check --json prints the check as JSON (contract §3)", async () => {
    const { exitCode, stdout, stderr } = await runCli(["check", "alexnet", "--json"]);
    expect(stderr).toBe("");
    expect(exitCode).toBe(0);
    const parsed = JSON.parse(stdout) as { ok: boolean; sources: { source: string }[] };
    expect(parsed.ok).toBe(true);
    // specs/alexnet.yaml has five published sources, the CSC321 tutorial's first
    expect(parsed.sources).toHaveLength(5);
    expect(parsed.sources[0]?.source).toMatch(/^CSC321 Tutorial 6/);
  });

  it("check --format markdown prints Markdown", async () => {
    const { exitCode, stdout } = await runCli(["check", "alexnet", "--format", "markdown"]);
    expect(exitCode).toBe(0);
    expect(stdout.startsWith("### AlexNet · check against published figures\n")).toBe(true);
  });

  it("the program's own --json still works after the spec", async () => {
    const { exitCode, stdout } = await runCli(["alexnet", "--json"]);
    expect(exitCode).toBe(0);
    // CSC321 tutorial: 60,954,656 weights without biases
    expect((JSON.parse(stdout) as { totals: { weights: number } }).totals.weights).toBe(60_954_656);
  });
});
