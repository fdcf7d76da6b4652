// Mutated Caffe nets through the CLI (test/support/fuzz-prototxt.ts): each case exits 0 or 2
// (1 only from check), never 70, with located messages and nothing on stdout on exit 2, as the
// spec fuzzer's oracle asks. `npm run fuzz -- --kind prototxt` runs 100,000 of them.

import { describe, expect, it } from "vitest";
import { prototxtFuzzCase } from "../../support/fuzz-prototxt.js";
import { fuzz, shownFailures } from "../../support/fuzz-run.js";

const SEED = 20261204;
const COUNT = 400;

describe("fuzzing the Caffe importer", () => {
  it(`${COUNT} mutated prototxts meet the oracle, in-process and (a sample) through the binary`, async () => {
    const summary = await fuzz({ seed: SEED, count: COUNT, binaryEvery: 100, cases: prototxtFuzzCase });
    expect(shownFailures(summary)).toEqual([]);
    expect(summary.exits["70"]).toBeUndefined();
    // the mutations break most files, and leave some countable
    expect(summary.exits["2"]).toBeGreaterThan(COUNT / 4);
    expect(summary.exits["0"]).toBeGreaterThan(COUNT / 10);
  }, 120_000);

  it("regenerates a case from its seed and index alone", () => {
    expect(prototxtFuzzCase(SEED, 17)).toEqual(prototxtFuzzCase(SEED, 17));
    expect(prototxtFuzzCase(SEED, 17)).not.toEqual(prototxtFuzzCase(SEED, 18));
  });
});
