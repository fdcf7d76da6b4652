// A layer's own `precision`: read into the network, and a bad one located with what is accepted.
import { expect, it } from "vitest";
import { loadSpec } from "../../src/loader/load.js";

it("reads a layer's precision into the network", () => {
  const text = "name: q\ninput: { features: 4 }\nlayers:\n  - { type: dense, units: 3, precision: int4/g128 }\n  - { type: dense, units: 2 }\n";
  const loaded = loadSpec(text, "q.yaml");
  if (!loaded.ok) throw new Error(loaded.problems[0]!.message);
  expect(loaded.spec.network.layers[0]!.precision).toEqual({ dtype: "int4", group: 128 });
  expect(loaded.spec.network.layers[1]!.precision).toBeUndefined();
});

it("a precision that is not one is a located problem listing the accepted ones", () => {
  const text = "name: q\ninput: { features: 4 }\nlayers:\n  - { type: dense, units: 3, precision: int3 }\n";
  const loaded = loadSpec(text, "q.yaml");
  expect(loaded.ok).toBe(false);
  if (loaded.ok) return;
  expect(loaded.problems).toHaveLength(1);
  const [problem] = loaded.problems;
  expect(problem!.position).toEqual({ line: 4, column: 41 });
  expect(problem!.message).toContain("expected a precision, one of fp32, tf32, fp16, bf16, fp8, int8, int4");
});

it("a layer without weights takes no precision", () => {
  const loaded = loadSpec("name: q\ninput: { features: 4 }\nlayers:\n  - { type: relu, precision: bf16 }\n", "q.yaml");
  expect(loaded.ok).toBe(false);
});
