// analyze() skips its per-layer guard only for the very list of layers the loader built, and
// still checks the rest: the network's own fields, the options, and any other list of layers.

import { describe, expect, it } from "vitest";
import { analyze } from "../../src/core/analyze.js";
import type { Layer, Network } from "../../src/core/network.js";
import { loadSpec } from "../../src/loader/load.js";

function loaded(): Network {
  const result = loadSpec("name: t\ninput: { size: 8, channels: 3 }\nlayers:\n  - { type: conv, filters: 4, kernel: 3 }\n  - { type: relu }\n", "t.yaml");
  if (!result.ok) throw new Error("expected a valid spec");
  return result.spec.network;
}

describe("a loaded spec's layers", () => {
  it("are analyzed: conv 3×3 of 3 channels into 4, on 8×8: 4·3·3·3 + 4 biases = 112 weights (biases included), 6·6·4 = 144 units", () => {
    const result = analyze(loaded());
    expect(result.ok && result.report.layers[0]).toMatchObject({ weights: 112, biases: 4, units: 144 });
  });

  it("cannot be added to or replaced: the list is frozen", () => {
    const layers = loaded().layers as Layer[];
    expect(() => layers.push(layers[0]!)).toThrow(TypeError);
    expect(() => {
      layers[1] = { ...layers[0]!, name: "x" };
    }).toThrow(TypeError);
  });

  it("lend no trust to another list that holds them", () => {
    const network = loaded();
    const bad = { name: "bad", inputs: ["relu1"], type: "dense", units: 0 } as unknown as Layer;
    const result = analyze({ ...network, layers: [...network.layers, bad] });
    expect(result.ok ? [] : result.issues.map((issue) => [issue.layer, issue.field])).toEqual([[2, "units"]]);
  });

  it("leave the network's own fields and the options checked", () => {
    const network = loaded();
    const result = analyze(
      { ...network, bias: "yes" as unknown as boolean, input: { kind: "image", height: 0, width: 8, channels: 3 } },
      {
        conventions: ["nope" as never],
      },
    );
    expect(result.ok ? [] : result.issues.map((issue) => String(issue.field)).sort((a, b) => a.localeCompare(b))).toEqual([
      "bias",
      "conventions",
      "input.height",
    ]);
  });
});
