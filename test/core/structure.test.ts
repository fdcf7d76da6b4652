// The groups above the layers: from the chains of groups each layer is in, and from layer names.
import { describe, expect, it } from "vitest";
import { type StructureNode, groupDepth, layerRange, structureFromLevels, structureFromNames } from "../../src/core/structure.js";

/** The tree as nested names: a group as [name, children], a layer as its index. */
function shape(nodes: readonly StructureNode[]): unknown[] {
  return nodes.map((node) => (node.kind === "layer" ? node.index : [node.name, shape(node.children)]));
}

describe("structureFromLevels", () => {
  it("opens and closes groups as consecutive layers share their chains", () => {
    const a = { key: "a", name: "a" };
    const a0 = { key: "a/0", name: "a.0" };
    const a1 = { key: "a/1", name: "a.1" };
    const tree = structureFromLevels([[], [a, a0], [a, a0], [a, a1], []]);
    expect(shape(tree)).toEqual([
      0,
      [
        "a",
        [
          ["a.0", [1, 2]],
          ["a.1", [3]],
        ],
      ],
      4,
    ]);
    expect(groupDepth(tree)).toBe(2);
    expect(layerRange(tree[1]!)).toEqual({ first: 1, last: 3 });
  });

  it("makes a new node for a group met again after another one closed (keys tell them apart)", () => {
    const x = { key: "x", name: "x" };
    expect(shape(structureFromLevels([[x], [], [x]]))).toEqual([["x", [0]], 1, ["x", [2]]]);
  });
});

describe("structureFromNames", () => {
  it("groups layers by dotted prefixes, as torchvision names its modules", () => {
    const names = ["conv1", "layer1.0.conv1", "layer1.0.conv2", "layer1.1.conv1", "layer1.1.conv2", "fc"];
    expect(shape(structureFromNames(names))).toEqual([
      0,
      [
        "layer1",
        [
          ["layer1.0", [1, 2]],
          ["layer1.1", [3, 4]],
        ],
      ],
      5,
    ]);
  });

  it("makes no group of a prefix that names one layer alone", () => {
    // features.0 and features.3 share `features`, but `features.0` and `features.3` have one layer each
    expect(shape(structureFromNames(["features.0", "features.3", "classifier.1"]))).toEqual([["features", [0, 1]], 2]);
  });

  it("leaves names without dots as they are: no groups", () => {
    expect(groupDepth(structureFromNames(["L1", "L2", "L3"]))).toBe(0);
  });
});
