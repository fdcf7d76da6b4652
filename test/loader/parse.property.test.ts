// The fast road for YAML text (js-yaml) against the yaml package, over random YAML texts full
// of the tokens on which the two differ (test/support/yaml-text-arbitrary.ts): it gives the
// yaml package's very value or declines, and parseSpecText gives yaml.parse's value whenever it
// gives one. YAML_PROPERTY_RUNS=20000 runs it longer.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse as yamlParse } from "yaml";
import { LIMITS } from "../../src/loader/limits.js";
import { parseSpecText, parseWithYamlPackage, parseYamlFast } from "../../src/loader/parse.js";
import { yamlTextArbitrary } from "../support/yaml-text-arbitrary.js";

// The yaml package reads a merge key (`<<` under %YAML 1.1, or tagged !!merge) as a symbol, a
// new one each time: two readings of one text are equal when such symbols have one description.
expect.addEqualityTesters([(a, b) => (typeof a === "symbol" && typeof b === "symbol" ? a.description === b.description : undefined)]);

const RUNS = { numRuns: Number(process.env.YAML_PROPERTY_RUNS ?? 1000), seed: Number(process.env.YAML_PROPERTY_SEED ?? 20261027) } as const;

/** yaml.parse's value, or undefined when it finds an error (it only warns for what it can read). */
function yamlPackageValue(text: string): { readonly value: unknown } | undefined {
  try {
    return { value: yamlParse(text, { logLevel: "error" }) };
  } catch {
    return undefined;
  }
}

describe("YAML text, read by the fast road or the yaml package", () => {
  it("the fast road gives the yaml package's value, or declines", () => {
    fc.assert(
      fc.property(yamlTextArbitrary, (text) => {
        const fast = parseYamlFast(text, LIMITS.maxDepth);
        if (fast === undefined) return;
        const reference = parseWithYamlPackage(text, "f.yaml", LIMITS);
        expect(reference.ok).toBe(true);
        if (reference.ok) expect(fast.value).toStrictEqual(reference.value);
      }),
      RUNS,
    );
  });

  it("parseSpecText gives yaml.parse's value whenever it gives one", () => {
    fc.assert(
      fc.property(yamlTextArbitrary, (text) => {
        // never a throw: bad text is a located problem
        const result = parseSpecText(text, "f.yaml", LIMITS);
        if (!result.ok) return;
        expect(yamlPackageValue(text)).toStrictEqual({ value: result.value });
      }),
      RUNS,
    );
  });

  it("takes the fast road for a good part of the generated texts", () => {
    // a generator whose texts all failed would prove nothing
    const texts = fc.sample(yamlTextArbitrary, { numRuns: 500, seed: RUNS.seed });
    const fast = texts.filter((text) => parseYamlFast(text, LIMITS.maxDepth) !== undefined).length;
    expect(fast).toBeGreaterThan(texts.length / 10);
  });
});
