// Mutated Hugging Face configs through the CLI (test/support/fuzz-hf-config.ts): each case exits
// 0 or 2 (1 only from check), never 70, within the time bound, with located messages and
// nothing on stdout on exit 2. `npm run fuzz -- --kind hf` runs 100,000 of them.

import { describe, expect, it } from "vitest";
import { hfConfigFuzzCase } from "../../support/fuzz-hf-config.js";
import { TIME_LIMIT_MS, fuzz, shownFailures } from "../../support/fuzz-run.js";

const SEED = 20261204;
const COUNT = 300;

describe("fuzzing the config.json importer", () => {
  it(`${COUNT} mutated configs meet the oracle, in-process and (a sample) through the binary`, async () => {
    const summary = await fuzz({ seed: SEED, count: COUNT, binaryEvery: 100, cases: hfConfigFuzzCase, timeLimits: TIME_LIMIT_MS });
    expect(shownFailures(summary)).toEqual([]);
    expect(summary.exits["70"]).toBeUndefined();
    // the mutations break many configs, and leave many countable
    expect(summary.exits["2"]).toBeGreaterThan(COUNT / 5);
    expect(summary.exits["0"]).toBeGreaterThan(COUNT / 10);
  }, 180_000);

  it("regenerates a case from its seed and index alone", () => {
    expect(hfConfigFuzzCase(SEED, 17)).toEqual(hfConfigFuzzCase(SEED, 17));
    expect(hfConfigFuzzCase(SEED, 17)).not.toEqual(hfConfigFuzzCase(SEED, 18));
  });
});
