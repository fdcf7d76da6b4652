// The rows of a report seen at a depth: depth 1 is one row per top-level layer or block use,
// each level below indented under its group's row; a group at the deepest level shown is one
// row, and consecutive repetitions that cost the same, layer for layer, one row with their count.

import { type Counts, type Report, NO_COUNTS, addCounts } from "../core/analyze.js";
import type { Shape } from "../core/network.js";
import { type GroupNode, type StructureNode, groupDepth, layerRange, nodeActiveWeights, nodeTotals, sameCosts } from "../core/structure.js";
import { type Count, countAdd } from "../core/exact.js";
import { formatGeometry, hasCost } from "./format.js";

/** One row of a view at a depth; `repeat` > 1 on a row that stands for several equal groups. */
export interface DepthRow extends Counts {
  readonly role: "layer" | "free" | "group";
  /** 0 at the top level. */
  readonly level: number;
  readonly label: string;
  readonly type: string;
  readonly output: Shape;
  readonly geometry: string;
  /** The layers the row covers, first to last (all repetitions of a collapsed row). */
  readonly first: number;
  readonly last: number;
  readonly repeat: number;
  /** On a row that stands for `count` equal groups (a collapsed run, or a group made only of them): the figures of one. */
  readonly each?: EachRow;
  /** A mixture of experts' active weights (absent without a mixture). */
  readonly activeWeights?: Count;
}

/** The figures of one of `count` equal groups, and the layers of that one. */
interface EachRow {
  readonly count: number;
  readonly counts: Counts;
  readonly first: number;
  readonly last: number;
}

/** The rows the default view aims to stay within, so that it fits a screen. */
export const SCREEN_ROWS = 40;

/** The depth that shows every layer: one more than the levels of groups. */
export function fullDepth(structure: readonly StructureNode[]): number {
  return groupDepth(structure) + 1;
}

export function depthRows(report: Report, structure: readonly StructureNode[], depth: number, all: boolean): DepthRow[] {
  const rows: DepthRow[] = [];
  const visit = (nodes: readonly StructureNode[], level: number) => {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node.kind === "layer") {
        const row = report.layers[node.index]!;
        const costly = hasCost(row);
        if (!costly && !all) continue;
        rows.push({
          role: costly ? "layer" : "free",
          level,
          label: row.name,
          type: row.type,
          output: row.output,
          geometry: formatGeometry(row.layer, row.inputs[0]),
          units: row.units,
          weights: row.weights,
          biases: row.biases,
          connections: row.connections,
          first: node.index,
          last: node.index,
          repeat: 1,
          ...(report.active === undefined ? {} : { activeWeights: report.active.layers[node.index]! }),
        });
        continue;
      }
      // a group made only of equal groups (decoder × 32) is not opened into the one row that
      // would collapse them again: its row shows one of them below it instead
      const equalParts = equalGroups(report, node.children);
      const expanded = level + 1 < depth && !(equalParts && level + 2 >= depth);
      // the run of following siblings that cost as this group does, shown as one row
      let run = 1;
      if (!expanded) {
        while (i + run < nodes.length) {
          const next = nodes[i + run]!;
          if (next.kind !== "group" || !sameCosts(report, node, next)) break;
          run++;
        }
      }
      const members = nodes.slice(i, i + run) as GroupNode[];
      const one =
        run > 1 ? { count: run, group: node } : !expanded && equalParts ? { count: node.children.length, group: node.children[0] as GroupNode } : undefined;
      rows.push(groupRow(report, members, level, one && eachRow(report, one.group, one.count)));
      if (expanded) visit(node.children, level + 1);
      i += run - 1;
    }
  };
  if (depth > 0) visit(structure, 0);
  return rows;
}

/** Whether `nodes` are two or more groups that cost the same, layer for layer. */
function equalGroups(report: Report, nodes: readonly StructureNode[]): boolean {
  const first = nodes[0];
  if (nodes.length < 2 || first?.kind !== "group") return false;
  return nodes.every((node) => node.kind === "group" && sameCosts(report, first, node));
}

function eachRow(report: Report, group: GroupNode, count: number): EachRow {
  const { first, last } = layerRange(group);
  return { count, counts: nodeTotals(report, group).counts, first, last };
}

function groupRow(report: Report, members: readonly GroupNode[], level: number, each: EachRow | undefined): DepthRow {
  let counts: Counts = NO_COUNTS;
  let active: Count | undefined;
  for (const member of members) {
    counts = addCounts(counts, nodeTotals(report, member).counts);
    const memberActive = nodeActiveWeights(report, member);
    if (memberActive !== undefined) active = countAdd(active ?? 0, memberActive);
  }
  const firstMember = members[0]!;
  const lastMember = members[members.length - 1]!;
  const { output } = nodeTotals(report, lastMember);
  return {
    role: "group",
    level,
    label: members.length === 1 ? firstMember.name : rangeLabel(firstMember.name, lastMember.name),
    type: members.length === 1 ? (mixtureType(report, firstMember) ?? groupType(firstMember)) : `${firstMember.block ?? "group"} × ${members.length}`,
    output,
    geometry: "",
    units: counts.units,
    weights: counts.weights,
    biases: counts.biases,
    connections: counts.connections,
    first: layerRange(firstMember).first,
    last: layerRange(lastMember).last,
    repeat: members.length,
    ...(each === undefined ? {} : { each }),
    ...(active === undefined ? {} : { activeWeights: active }),
  };
}

/** `layer3.1` … `layer3.5` → `layer3.1–5`; names without a shared numbered stem → `a … b`. */
function rangeLabel(first: string, last: string): string {
  const a = /^(.*?)(\d+)$/.exec(first);
  const b = /^(.*?)(\d+)$/.exec(last);
  if (a && b && a[1] === b[1]) return `${a[1]}${a[2]}–${b[2]}`;
  return `${first} … ${last}`;
}

/** A mixture of experts' group (its router to its combine): "mixture of ffn × 8, top 2". */
function mixtureType(report: Report, group: GroupNode): string | undefined {
  const { first, last } = layerRange(group);
  const combine = report.layers[last]!.layer;
  if (combine.type !== "combine" || combine.inputs[0] !== report.layers[first]!.name) return undefined;
  const experts = group.children.find((child): child is GroupNode => child.kind === "group");
  const block = experts?.children.find((child): child is GroupNode => child.kind === "group")?.block;
  return `mixture of ${block ?? "experts"} × ${combine.inputs.length - 1}, top ${combine.topK}`;
}

/** A group's type cell: its block, or the blocks of its repetitions (`bottleneck_down, bottleneck × 5`). */
function groupType(group: GroupNode): string {
  if (group.block !== undefined) return group.block;
  const parts: string[] = [];
  let previous: string | undefined;
  let count = 0;
  const flush = () => {
    if (previous !== undefined) parts.push(count > 1 ? `${previous} × ${count}` : previous);
  };
  for (const child of group.children) {
    const name = child.kind === "group" ? (child.block ?? "group") : "layer";
    if (name === previous) count++;
    else {
      flush();
      previous = name;
      count = 1;
    }
  }
  flush();
  return parts.join(", ");
}

/**
 * The depth a view shows when none is asked for: every layer when that fits a screen (so small
 * networks look as they always have), else the deepest level whose rows stay within SCREEN_ROWS,
 * and at least the top level.
 */
export function autoDepth(report: Report, structure: readonly StructureNode[], all: boolean): number {
  const full = fullDepth(structure);
  for (let depth = full; depth > 1; depth--) if (shownLines(depthRows(report, structure, depth, all)) <= SCREEN_ROWS) return depth;
  return 1;
}

/** The lines rows take in a table: a row, and one more for the figures of one of its equal groups. */
function shownLines(rows: readonly DepthRow[]): number {
  return rows.reduce((n, row) => n + (row.each === undefined ? 1 : 2), 0);
}
