// The bundled specs built from blocks: each torchvision layout has exactly torchvision's
// num_params (every spec's check is in zoo.test.ts).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type LoadedSpec, loadSpec } from "../../src/loader/load.js";
import { analyzeSpec } from "../../src/loader/analyze-spec.js";
import { formatProblem } from "../../src/loader/problems.js";

function bundled(name: string): { text: string; spec: LoadedSpec } {
  const file = `specs/${name}.yaml`;
  const text = readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
  const loaded = loadSpec(text, file);
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join("\n"));
  return { text, spec: loaded.spec };
}

describe("torchvision layouts have exactly torchvision's parameters", () => {
  // num_params from each model's weights metadata in torchvision (see reference/figures.md);
  // the GMACs are its `_ops`, printed to three decimals.
  it.each([
    ["resnet18", 11_689_512, "1.814"],
    ["resnet34", 21_797_672, "3.664"],
    ["resnet50", 25_557_032, "4.089"],
    ["googlenet", 6_624_904, "1.498"],
    ["mobilenet-v2", 3_504_872, "0.301"],
    ["squeezenet1_0", 1_248_424, "0.819"],
    ["squeezenet1_1", 1_235_496, "0.349"],
  ])("%s: %i weights, %s G connections", (name, numParams, gmacs) => {
    const analysis = analyzeSpec(bundled(name).spec);
    if (!analysis.ok) throw new Error(analysis.problems.map(formatProblem).join("\n"));
    expect(analysis.report.totals.weights).toBe(numParams);
    expect((Number(analysis.report.totals.connections) / 1e9).toFixed(3)).toBe(gmacs);
  });

  it("gives the original ResNet-50 layout the same parameters and fewer connections", () => {
    const v15 = analyzeSpec(bundled("resnet50").spec);
    const original = analyzeSpec(bundled("resnet50-original").spec);
    if (!v15.ok || !original.ok) throw new Error("expected both to analyze");
    expect(original.report.totals.weights).toBe(25_557_032);
    // Moving the stride of layer2.0–layer4.0 from the 3×3 conv (v1.5) to the first 1×1 conv
    // leaves the 3×3 conv's output size as it is (halved either way) and shrinks the 1×1
    // conv's output from (2n)² positions to n²:
    //   layer2.0.conv1, 1×1 256→128:  (56² − 28²)·256·128  = 77,070,336
    //   layer3.0.conv1, 1×1 512→256:  (28² − 14²)·512·256  = 77,070,336
    //   layer4.0.conv1, 1×1 1024→512: (14² − 7²)·1024·512  = 77,070,336
    // in all 3 × 77,070,336 = 231,211,008 fewer multiply–adds
    expect(Number(v15.report.totals.connections) - Number(original.report.totals.connections)).toBe(231_211_008);
  });
});
