// Where a problem is written. After blocks are expanded, layer k of the network may come from
// a block definition used somewhere else; its problems belong at the definition, with the use
// (and the expansion, `layer3.1`) named, so the reader can find both.

import type { CoreIssue } from "../core/analyze.js";
import type { Locator } from "./locate.js";
import { type PathSegment, type Position, type Problem, dedupeProblems, formatPath } from "./problems.js";

/** One use of a block on the way to a layer: where the use is written, and the expansion it made. */
export interface UseSite {
  /** The use entry: `["layers", 7]`, or `["blocks", "stage", "layers", 1]` for a nested use. */
  readonly path: readonly PathSegment[];
  /** The expansion's name prefix: `layer3.1` (use name, repetition index). */
  readonly instance: string;
  /** The use's own name, `layer3`: the instance's name unless the use repeats its block. */
  readonly use?: string;
  /** The block this expansion is of, and its parameters as bound for it. */
  readonly block?: string;
  readonly params?: ReadonlyMap<string, unknown>;
  /**
   * The parameters of the block that this use gives as a parameter of the block it is written
   * in (`with: { out: $ch1x1 }`: out → ch1x1), for the working of a block in its parameters.
   */
  readonly refs?: Readonly<Record<string, string>>;
}

/** Where an expanded layer is written: its entry, and the chain of uses that expanded it. */
export interface LayerOrigin {
  /** `["layers", 5]` for a top-level layer, `["blocks", "bottleneck", "layers", 2]` inside a block. */
  readonly path: readonly PathSegment[];
  /** Innermost use first; empty for a top-level layer. */
  readonly uses: readonly UseSite[];
  /** The fields of a block's layer written as a parameter (`filters: $width`: filters → width). */
  readonly refs?: Readonly<Record<string, string>>;
}

export interface Placer {
  /** A problem at `rest` inside the entry that `origin` names. */
  at(origin: LayerOrigin, rest: readonly PathSegment[], message: string, options?: { key?: boolean }): Problem;
  /** A problem at a path of the expanded spec: `layers[k]…` is moved to where layer k is written. */
  expanded(path: readonly PathSegment[], message: string, options?: { key?: boolean }): Problem;
  /** The text of the scalar at a path of the expanded spec, where layer k is written (Locator.source). */
  source(path: readonly PathSegment[]): string | undefined;
}

function lineColumn(position: Position | undefined): string {
  return position ? `, line ${position.line}:${position.column}` : "";
}

export function makePlacer(file: string, locate: Locator, origins: readonly LayerOrigin[] = []): Placer {
  const site = (use: UseSite) => `in ${use.instance}, used at ${formatPath(use.path)}${lineColumn(locate(use.path))}`;
  // the innermost use and the top-level one; the uses between them only counted, so that a
  // deep chain of blocks still gives a problem that fits a line or two
  const context = (uses: readonly UseSite[]): string | undefined => {
    if (uses.length === 0) return undefined;
    if (uses.length <= 2) return uses.map(site).join("; ");
    const between = uses.length - 2;
    return `${site(uses[0]!)}; through ${between} more use${between === 1 ? "" : "s"} of blocks; ${site(uses[uses.length - 1]!)}`;
  };

  const at: Placer["at"] = (origin, rest, message, options = {}) => {
    const path = [...origin.path, ...rest];
    const where = context(origin.uses);
    return { file, position: locate(path, options), path: formatPath(path), message, ...(where === undefined ? {} : { context: where }) };
  };

  return {
    at,
    expanded(path, message, options = {}) {
      const [head, index, ...rest] = path;
      const origin = head === "layers" && typeof index === "number" ? origins[index] : undefined;
      if (origin) return at(origin, rest, message, options);
      return { file, position: locate(path, options), path: formatPath(path), message };
    },
    source(path) {
      const [head, index, ...rest] = path;
      const origin = head === "layers" && typeof index === "number" ? origins[index] : undefined;
      return locate.source(origin ? [...origin.path, ...rest] : path);
    },
  };
}

/**
 * Places the core's issues, whose layer indices are the expanded list's: at the layer's entry,
 * with its name, or for a layer that a block expanded, at the definition (the problem's context
 * then names the layer: `in layer3.1, used at …`).
 */
export function placeIssues(
  issues: readonly CoreIssue[],
  place: Placer,
  origins: readonly LayerOrigin[],
  nameOf: (layer: number) => string | undefined,
): Problem[] {
  return dedupeProblems(
    issues.map((issue) => {
      const path: PathSegment[] = issue.layer === undefined ? ["layers"] : ["layers", issue.layer, ...(issue.field ? [issue.field] : [])];
      const expandedFromBlock = issue.layer !== undefined && (origins[issue.layer]?.uses.length ?? 0) > 0;
      const name = issue.layer === undefined || expandedFromBlock ? undefined : nameOf(issue.layer);
      return place.expanded(path, name === undefined ? issue.message : `(${name}) ${issue.message}`);
    }),
  );
}
