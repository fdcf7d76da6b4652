// Mutated Keras and TF.js files through the CLI (test/support/fuzz-keras.ts): each case exits 0 or 2
// (1 only from check), never 70, with located messages and nothing on stdout on exit 2, as the
// spec fuzzer's oracle asks. `npm run fuzz -- --kind keras` runs 100,000 of them.

import { describe, expect, it } from "vitest";
import { kerasFuzzCase } from "../../support/fuzz-keras.js";
import { fuzz, shownFailures } from "../../support/fuzz-run.js";

const SEED = 20261204;
const COUNT = 400;

describe("fuzzing the Keras importer", () => {
  it(`${COUNT} mutated Keras files meet the oracle, in-process and (a sample) through the binary`, async () => {
    const summary = await fuzz({ seed: SEED, count: COUNT, binaryEvery: 100, cases: kerasFuzzCase });
    expect(shownFailures(summary)).toEqual([]);
    expect(summary.exits["70"]).toBeUndefined();
    // the mutations break most files, and leave some countable
    expect(summary.exits["2"]).toBeGreaterThan(COUNT / 4);
    expect(summary.exits["0"]).toBeGreaterThan(COUNT / 10);
  }, 120_000);

  it("regenerates a case from its seed and index alone", () => {
    expect(kerasFuzzCase(SEED, 17)).toEqual(kerasFuzzCase(SEED, 17));
    expect(kerasFuzzCase(SEED, 17)).not.toEqual(kerasFuzzCase(SEED, 18));
  });
});
