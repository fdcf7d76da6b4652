// A block use's working in its parameters: traced from its layers' own formulas, for every block
// use of every bundled spec, and each figure it writes evaluates to the layers' sum.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { blockWorking } from "../../src/core/block-formula.js";
import { allGroups, layerRange } from "../../src/core/structure.js";
import { analyzeSpec } from "../../src/loader/analyze-spec.js";
import { blockFields } from "../../src/loader/block-fields.js";
import { specStructure } from "../../src/loader/spec-structure.js";
import { SPECS_DIR, bundledSpecNames, load } from "../helpers.js";

function bundledUses(name: string) {
  const spec = load(readFileSync(`${SPECS_DIR}${name}.yaml`, "utf8"), `specs/${name}.yaml`);
  const analysis = analyzeSpec(spec);
  if (!analysis.ok) throw new Error(`${name} does not analyze`);
  return { spec, report: analysis.report, uses: allGroups(specStructure(spec)).filter((g) => g.block !== undefined) };
}

// the bundled specs written with blocks (resnets, googlenets, mobilenet-v2, llama3-8b, …)
const withBlocks = bundledSpecNames().filter((name) => bundledUses(name).uses.length > 0);

it("some bundled specs use blocks", () => {
  expect(withBlocks).toEqual(expect.arrayContaining(["resnet50", "googlenet", "llama3-8b"]));
});

describe.each(withBlocks)("%s: every block use in its parameters", (name) => {
  const { spec, report, uses } = bundledUses(name);

  it("has a working, whose terms with the values in sum to the layers' figures", () => {
    for (const group of uses) {
      const { first, last } = layerRange(group);
      const working = blockWorking(report, first, last, blockFields(spec.origins, group, first, last) ?? [], group.params ?? {});
      expect(working, group.name).toBeDefined();
      const values = new Map(working!.values);
      for (const metric of ["units", "weights", "biases", "connections"] as const) {
        // the sum written out here, term by term, not by the module's own evaluation
        let written = 0n;
        for (const term of working![metric]) {
          let value = term.coefficient;
          for (const [v, p] of term.powers) value *= BigInt(values.get(v)!) ** BigInt(p);
          written += value;
        }
        let figure = 0n;
        for (let i = first; i <= last; i++) figure += BigInt(report.layers[i]![metric]);
        expect(written, `${group.name} ${metric}`).toBe(figure);
      }
    }
  });
});

describe("tracing a parameter", () => {
  it("names each field of a block's layer that the block writes as a parameter", () => {
    const spec = load(readFileSync(`${SPECS_DIR}resnet50.yaml`, "utf8"));
    const layer1 = allGroups(specStructure(spec)).find((g) => g.name === "layer1.0")!;
    const { first, last } = layerRange(layer1);
    const fields = blockFields(spec.origins, layer1, first, last)!;
    // conv1: filters: $width, kernel 1; conv2: filters: $width, stride: $stride; downsample.0: filters: $out, stride: $stride
    expect(fields[0]).toEqual({ filters: "width" });
    expect(fields[3]).toEqual({ filters: "width", stride: "stride" });
    expect(fields[8]).toEqual({ filters: "out", stride: "stride" });
  });
});
