// Random hostile values thrown at the library's exported functions (src/index.ts): wrong types,
// NaN, ±Infinity, -1, 0, fractions, bigints, numbers past 2^53, missing and extra fields,
// prototype tricks, unknown types, layers that read themselves or later layers. Each function
// either answers `ok: false` (analyze, checkNetwork), throws its documented error class
// (layerCost and layerCounts: LayerIssue, InexactCountError; renderers, which take analyze's
// Report and do not check it again: TypeError), or gives a report whose every figure is exact.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as api from "../../src/index.js";
import type { Layer, Network } from "../../src/core/network.js";

const hostile = fc.oneof(
  fc.constantFrom<unknown>(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -1,
    0,
    -0,
    0.5,
    2 ** 53,
    2 ** 1000,
    "3",
    "",
    null,
    undefined,
    true,
    [],
    {},
    [1],
    [0, 0],
    10n,
    Symbol("s"),
  ),
  fc.bigInt(),
  fc.double(),
  fc.string({ maxLength: 5 }),
  fc.anything({
    maxDepth: 2,
    withBigInt: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withBoxedValues: true,
  }),
);

/** A valid chain: conv, relu, maxpool, flatten, dense (8×8×3 in). */
function validNetwork(): Network {
  return {
    name: "n",
    bias: true,
    input: { kind: "image", height: 8, width: 8, channels: 3 },
    layers: [
      { type: "conv", name: "c", inputs: ["input"], filters: 4, kernel: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 },
      { type: "relu", name: "r", inputs: ["c"] },
      { type: "maxpool", name: "p", inputs: ["r"], window: { kind: "window", kernel: [2, 2], stride: [2, 2], padding: [0, 0], ceil: false } },
      { type: "flatten", name: "f", inputs: ["p"] },
      { type: "dense", name: "d", inputs: ["f"], units: 10 },
    ],
  };
}

/** Fields of validNetwork's layers that must be whole numbers of at least 1, or pairs of them. */
const COUNT_FIELDS: [layer: number, field: string][] = [
  [0, "filters"],
  [0, "kernel"],
  [0, "stride"],
  [0, "dilation"],
  [0, "groups"],
  [4, "units"],
];

const isPositiveWhole = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v >= 1;
const isValidFor = (field: string, v: unknown) =>
  field === "filters" || field === "groups" || field === "units" ? isPositiveWhole(v) : Array.isArray(v) && v.length === 2 && v.every(isPositiveWhole);

const exact = (n: unknown) => typeof n === "number" && Number.isSafeInteger(n) && n >= 0;

describe("analyze, given hostile input", () => {
  it("a count or size field replaced by a hostile value: ok false, naming that layer and field", () => {
    fc.assert(
      fc.property(fc.constantFrom(...COUNT_FIELDS), hostile, ([layer, field], value) => {
        fc.pre(!isValidFor(field, value));
        const net = validNetwork();
        const layers = net.layers.map((l, i) => (i === layer ? ({ ...l, [field]: value } as unknown as Layer) : l));
        const result = api.analyze({ ...net, layers });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.issues).toContainEqual(expect.objectContaining({ layer, field }));
      }),
      { numRuns: 400 },
    );
  });

  it("a field deleted, or any field of any layer or of the network set to anything: no throw, and ok only with exact figures", () => {
    const paths = fc.oneof(
      fc.constantFrom("name", "bias", "input", "layers"),
      fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom("name", "type", "inputs", "filters", "kernel", "window", "units", "padding", "affine", "extra")),
    );
    fc.assert(
      fc.property(paths, hostile, fc.boolean(), (path, value, remove) => {
        const net = validNetwork() as unknown as Record<string, unknown> & { layers: Record<string, unknown>[] };
        const target = typeof path === "string" ? net : net.layers[path[0]]!;
        const field = typeof path === "string" ? path : path[1];
        if (remove) delete target[field];
        else target[field] = value;
        const result = api.analyze(net as unknown as Network);
        if (!result.ok) return;
        for (const row of result.report.layers) {
          for (const metric of api.METRICS) expect(exact(row[metric])).toBe(true);
          const out = row.output;
          const sizes =
            out.kind === "image"
              ? [out.height, out.width, out.channels]
              : out.kind === "vector"
                ? [out.features]
                : out.kind === "sequence"
                  ? [out.length, out.features]
                  : [out.length];
          for (const size of sizes) expect(isPositiveWhole(size)).toBe(true);
        }
      }),
      { numRuns: 600 },
    );
  });

  it("anything at all as the network or the options: no throw, ok false", () => {
    fc.assert(
      fc.property(hostile, hostile, (network, options) => {
        expect(api.analyze(network as never).ok).toBe(false);
        const withOptions = api.analyze(validNetwork(), options as never);
        if (withOptions.ok) expect(options === undefined || isOptionsLike(options)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("prototype tricks: fields inherited, __proto__ keys, null prototypes", () => {
    const inherited = Object.create({ type: "dense", units: 0 }) as Record<string, unknown>;
    Object.assign(inherited, { name: "d", inputs: ["input"] });
    const fromJson = JSON.parse('{"name":"d","type":"dense","inputs":["input"],"__proto__":{"units":3}}') as Layer;
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { name: "d", type: "dense", inputs: ["input"], units: 3 });
    const vector = { kind: "vector", features: 4 } as const;
    expect(api.analyze({ name: "n", bias: false, input: vector, layers: [inherited as unknown as Layer] }).ok).toBe(false); // units 0, inherited
    expect(api.analyze({ name: "n", bias: false, input: vector, layers: [fromJson] }).ok).toBe(false); // units is an own "__proto__" key's, not the layer's
    const ok = api.analyze({ name: "n", bias: false, input: vector, layers: [nullProto as unknown as Layer] });
    expect(ok.ok && ok.report.totals.weights).toBe(12); // 4 × 3
  });
});

/** Options that analyze accepts: an object whose conventions and unknownShapes, when present, are well-formed. */
function isOptionsLike(options: unknown): boolean {
  return typeof options === "object" && options !== null && !Array.isArray(options);
}

describe("layerCost and layerCounts, given hostile input", () => {
  it("throw only LayerIssue or InexactCountError", () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (layer, inputs, bias) => {
        for (const fn of [api.layerCost, api.layerCounts]) {
          try {
            fn(layer as never, inputs as never, bias as never);
          } catch (error) {
            expect(error instanceof api.LayerIssue || error instanceof api.InexactCountError).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("checkNetwork, given hostile input", () => {
  it("no throw; ok false unless both arguments are well-formed", () => {
    fc.assert(
      fc.property(hostile, hostile, (network, sources) => {
        expect(api.checkNetwork(network as never, sources as never).ok).toBe(false);
        const valid = api.checkNetwork(validNetwork(), sources as never);
        if (valid.ok) expect(Array.isArray(sources)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("renderers, given what is not a Report", () => {
  const renderers: [string, (report: never) => unknown][] = [
    ["renderTable", api.renderTable],
    ["renderMarkdown", api.renderMarkdown],
    ["renderCsv", api.renderCsv],
    ["renderJson", api.renderJson],
    ["renderChart", api.renderChart],
    ["renderSvgChart", api.renderSvgChart],
    ["renderExplain", api.renderExplain],
    ["toJsonReport", api.toJsonReport],
  ];
  it.each(renderers)("%s: a string, or the documented TypeError", (_name, render) => {
    fc.assert(
      fc.property(hostile, (report) => {
        try {
          render(report as never);
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
