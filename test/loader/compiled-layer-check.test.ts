// The compiled layer check (src/loader/compiled-layer-check.ts) is only a faster yes: it must
// accept exactly the entries layerSchema accepts, and an accepted entry must be the value
// layerSchema's parse returns. Held over the spec generator's valid layers and over each of them
// broken one field at a time; and through the loader, a large spec says about an invalid layer
// what a small one says.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMPILED_FROM_LAYERS, isValidLayer } from "../../src/loader/compiled-layer-check.js";
import { loadSpec } from "../../src/loader/load.js";
import { formatProblem } from "../../src/loader/problems.js";
import { TYPE_NAMES, layerSchema } from "../../src/loader/schema.js";
import { specArbitrary } from "../support/spec-arbitrary.js";

/** Values a field should not hold, or should: the edges of every kind of field in the schema. */
const ODD_VALUES: readonly unknown[] = [
  0,
  -1,
  1,
  2,
  2.5,
  1e21,
  Number.MAX_SAFE_INTEGER + 2,
  "3",
  "",
  "input",
  "same",
  "valid",
  "int4/g128",
  "nope",
  null,
  true,
  false,
  [],
  [1],
  [1, 2],
  [0, 0],
  [1, 2, 3],
  ["a"],
  ["a", "b"],
  {},
  { weights: 0.5 },
  { weights: 2 },
  { q: true },
  { x: 1 },
];

/** A generated valid layer, then maybe one field set to an odd value, removed, or added. */
const entries = fc
  .tuple(
    specArbitrary({ maxLayers: 6 }),
    fc.nat(),
    fc.constantFrom(...ODD_VALUES),
    fc.constantFrom("keep", "set", "delete", "add", "retype"),
    fc.constantFrom(...TYPE_NAMES, "convolution", 7),
  )
  .map(([{ spec }, pick, odd, change, type]) => {
    const layers = spec.layers as Record<string, unknown>[];
    const layer = { ...layers[pick % layers.length]! };
    const keys = Object.keys(layer);
    const key = keys[pick % keys.length]!;
    if (change === "set") layer[key] = odd;
    else if (change === "delete") delete layer[key];
    else if (change === "add") layer.extra = odd;
    else if (change === "retype") layer.type = type;
    return layer;
  });

describe("the compiled layer check agrees with layerSchema", () => {
  it("accepts exactly what layerSchema accepts, and an accepted entry is its parse", () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(entries, (entry) => {
        const parsed = layerSchema.safeParse(entry);
        expect(isValidLayer(entry)).toBe(parsed.success);
        if (parsed.success) expect(entry).toStrictEqual(parsed.data);
        if (parsed.success) accepted++;
        else refused++;
      }),
      { seed: 19, numRuns: 1500 },
    );
    // both sides of the agreement were exercised, not only one
    expect(accepted).toBeGreaterThan(150);
    expect(refused).toBeGreaterThan(150);
  });

  it("refuses what is not an object with a known type", () => {
    for (const value of [null, undefined, 3, "conv", [], {}, { type: "convolution" }, { type: "toString" }, { type: "__proto__" }]) {
      expect(isValidLayer(value)).toBe(false);
    }
  });
});

describe("a spec large enough for the compiled check", () => {
  // one relu per line, and a conv with filters 0 and an unknown field at the given entry
  const spec = (layers: number, bad: number) =>
    `name: many\ninput: { size: 8, channels: 2 }\nlayers:\n${Array.from({ length: layers }, (_, i) => (i === bad ? "  - { type: conv, filters: 0, kernel: 3, colour: red }\n" : "  - { type: relu }\n")).join("")}`;

  it("reports an invalid layer as a small spec does, at its line", () => {
    const lines = (layers: number) => {
      const result = loadSpec(spec(layers, 5), "many.yaml");
      if (result.ok) throw new Error("expected problems");
      return result.problems.map(formatProblem);
    };
    const small = lines(10);
    expect(small).toHaveLength(2);
    expect(small.join("\n")).toContain("many.yaml:9:");
    expect(lines(COMPILED_FROM_LAYERS + 10)).toEqual(small);
  });

  it("loads a valid one, every layer converted", () => {
    const result = loadSpec(spec(COMPILED_FROM_LAYERS + 1, -1), "many.yaml");
    expect(result.ok && result.spec.network.layers.length).toBe(COMPILED_FROM_LAYERS + 1);
  });
});
