// The structure of a network above its layers: block uses, their repetitions, and groups that
// layer names imply (`layer1.0.conv1` is in `layer1`, then `layer1.0`). A node covers a
// contiguous run of layers, so its figures are sums over that run of the report's rows.

import { type Counts, type LayerReport, type Report, addCounts, NO_COUNTS } from "./analyze.js";
import { type Count, countAdd } from "./exact.js";
import type { Shape } from "./network.js";

/** A block use, one of its repetitions, or a group of layers sharing a name prefix. */
export interface GroupNode {
  readonly kind: "group";
  /** `layer3` (a use or a name prefix), `layer3.1` (a repetition). */
  readonly name: string;
  /** The block this node expands, when it is one block's expansion. */
  readonly block?: string;
  /** The block's parameters as bound for this expansion. */
  readonly params?: Readonly<Record<string, unknown>>;
  readonly children: readonly StructureNode[];
}

/** A layer, by its index in the report's (expanded) list. */
export interface LayerNode {
  readonly kind: "layer";
  readonly index: number;
}

export type StructureNode = GroupNode | LayerNode;

/** One level of a layer's place: the groups it is in, outermost first. */
export interface GroupLevel {
  /** Unique among the levels of the whole network: tells apart two groups of the same name. */
  readonly key: string;
  readonly name: string;
  readonly block?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

interface OpenGroup {
  readonly level: GroupLevel;
  readonly children: StructureNode[];
}

/**
 * The tree of groups, from each layer's chain of groups (outermost first), in layer order. The
 * layers of one group must be consecutive; a group met again after another one has closed is a
 * new node.
 */
export function structureFromLevels(levels: readonly (readonly GroupLevel[])[]): StructureNode[] {
  const root: StructureNode[] = [];
  const open: OpenGroup[] = [];
  const close = () => {
    const group = open.pop()!;
    const { level } = group;
    const node: GroupNode = {
      kind: "group",
      name: level.name,
      ...(level.block === undefined ? {} : { block: level.block }),
      ...(level.params === undefined ? {} : { params: level.params }),
      children: group.children,
    };
    (open[open.length - 1]?.children ?? root).push(node);
  };
  for (let index = 0; index < levels.length; index++) {
    const chain = levels[index]!;
    let shared = 0;
    while (shared < open.length && shared < chain.length && open[shared]!.level.key === chain[shared]!.key) shared++;
    while (open.length > shared) close();
    for (let d = shared; d < chain.length; d++) open.push({ level: chain[d]!, children: [] });
    (open[open.length - 1]?.children ?? root).push({ kind: "layer", index });
  }
  while (open.length > 0) close();
  return root;
}

const NO_LEVELS: readonly GroupLevel[] = [];

/**
 * Groups implied by layer names, for specs without blocks (and imported ones): consecutive
 * layers whose names share a dotted prefix (`layer1.0.conv1`, `layer1.0.bn1`, … are in
 * `layer1.0`, inside `layer1`). A prefix that names a single layer is no group.
 */
export function structureFromNames(names: readonly string[]): StructureNode[] {
  // most names have no dot: they share one empty chain, and the loops below skip them
  const levels = names.map((name): readonly GroupLevel[] => {
    if (!name.includes(".")) return NO_LEVELS;
    const parts = name.split(".");
    const chain: GroupLevel[] = [];
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join(".");
      chain.push({ key: prefix, name: prefix });
    }
    return chain;
  });
  // a group of one layer says nothing its layer does not: drop those levels
  const runs = new Map<string, number>();
  let previous: readonly GroupLevel[] = [];
  for (const chain of levels) {
    for (let d = 0; d < chain.length; d++) {
      const level = chain[d]!;
      const continues = previous[d]?.key === level.key && previous.slice(0, d).every((p, i) => p.key === chain[i]!.key);
      runs.set(level.key, continues ? runs.get(level.key)! + 1 : 1);
    }
    previous = chain;
  }
  return structureFromLevels(levels.map((chain) => (chain.length === 0 ? chain : chain.filter((level) => (runs.get(level.key) ?? 0) > 1))));
}

/** The layers a node covers, first to last (inclusive). */
export function layerRange(node: StructureNode): { readonly first: number; readonly last: number } {
  if (node.kind === "layer") return { first: node.index, last: node.index };
  const first = layerRange(node.children[0]!).first;
  const last = layerRange(node.children[node.children.length - 1]!).last;
  return { first, last };
}

/** How many levels of groups the tree has below the top (a tree of layers only: 0). */
export function groupDepth(nodes: readonly StructureNode[]): number {
  let depth = 0;
  for (const node of nodes) if (node.kind === "group") depth = Math.max(depth, 1 + groupDepth(node.children));
  return depth;
}

/** A node's figures: the sum of its layers' rows; its output: its last layer's. */
export function nodeTotals(report: Report, node: StructureNode): { readonly counts: Counts; readonly output: Shape } {
  const { first, last } = layerRange(node);
  let counts: Counts = NO_COUNTS;
  for (let i = first; i <= last; i++) counts = addCounts(counts, report.layers[i]!);
  return { counts, output: report.layers[last]!.output };
}

/** A node's active weights (a mixture of experts'), summed over its layers; undefined without a mixture. */
export function nodeActiveWeights(report: Report, node: StructureNode): Count | undefined {
  const active = report.active;
  if (active === undefined) return undefined;
  const { first, last } = layerRange(node);
  let total: Count = 0;
  for (let i = first; i <= last; i++) total = countAdd(total, active.layers[i]!);
  return total;
}

/**
 * Whether two groups cost the same, layer for layer: the same block, and every layer of the
 * same type with the same figures and output shape. Such repetitions show as one row.
 */
export function sameCosts(report: Report, a: GroupNode, b: GroupNode): boolean {
  if (a.block !== b.block) return false;
  const ra = layerRange(a);
  const rb = layerRange(b);
  if (ra.last - ra.first !== rb.last - rb.first) return false;
  for (let i = 0; i <= ra.last - ra.first; i++) {
    if (!sameRow(report.layers[ra.first + i]!, report.layers[rb.first + i]!)) return false;
  }
  return true;
}

function sameRow(a: LayerReport, b: LayerReport): boolean {
  return (
    a.type === b.type &&
    a.units === b.units &&
    a.weights === b.weights &&
    a.biases === b.biases &&
    a.connections === b.connections &&
    JSON.stringify(a.output) === JSON.stringify(b.output)
  );
}

/** Every group of a structure, outermost first, in layer order. */
export function allGroups(nodes: readonly StructureNode[]): GroupNode[] {
  const found: GroupNode[] = [];
  const visit = (list: readonly StructureNode[]) => {
    for (const node of list) {
      if (node.kind !== "group") continue;
      found.push(node);
      visit(node.children);
    }
  };
  visit(nodes);
  return found;
}

/** `layer3.1–5` or `layer3.1-5`: the stem, and the first and last numbers of a run of repetitions. */
const RUN = /^(.*?)(\d+)[\u2013-](\d+)$/;

/**
 * The layers that a group's name covers: a block use or a repetition (`layer3`, `layer3.1`), a
 * group of layer names, or a run of consecutive sibling groups as the table writes a collapsed
 * row (`layer3.1–5`, also with an ASCII hyphen), from the first one's first layer to the last
 * one's last. Undefined when no group has the name.
 */
export function groupRangeNamed(nodes: readonly StructureNode[], name: string): { readonly first: number; readonly last: number } | undefined {
  const groups = allGroups(nodes);
  const named = groups.find((group) => group.name === name);
  if (named !== undefined) return layerRange(named);
  const run = RUN.exec(name);
  if (!run) return undefined;
  const [, stem = "", from = "", to = ""] = run;
  const firstName = `${stem}${from}`;
  const lastName = `${stem}${to}`;
  // the siblings: the children of the group that holds the first one, or the top level
  const lists = [nodes, ...groups.map((group) => group.children)];
  for (const list of lists) {
    const i = list.findIndex((node) => node.kind === "group" && node.name === firstName);
    if (i < 0) continue;
    const j = list.findIndex((node, k) => k >= i && node.kind === "group" && node.name === lastName);
    if (j < 0 || j === i) return undefined;
    return { first: layerRange(list[i]!).first, last: layerRange(list[j]!).last };
  }
  return undefined;
}
