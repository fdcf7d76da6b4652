// Runs the core on a loaded spec and locates whatever the core finds (shapes that do not fit,
// counts beyond exact range) back in the file: at the layer's entry, or for a layer that a
// block expanded, at the block's definition, with the use named.

import { type AnalyzeResult, type CoreIssue, type Report, analyze } from "../core/analyze.js";
import type { LoadedSpec } from "./load.js";
import { type LayerOrigin, type Placer, makePlacer } from "./place.js";
import { type PathSegment, type Problem, dedupeProblems } from "./problems.js";

export type SpecAnalysis = { readonly ok: true; readonly report: Report } | { readonly ok: false; readonly problems: readonly Problem[] };

/** Analyzes the spec's network, optionally under another bias convention (a published source's). */
export function analyzeSpec(spec: LoadedSpec, bias: boolean = spec.network.bias): SpecAnalysis {
  const result: AnalyzeResult = analyze(bias === spec.network.bias ? spec.network : { ...spec.network, bias });
  return result.ok ? result : { ok: false, problems: locateIssues(spec, result.issues) };
}

/** Places the core's issues (expanded layer index, field) in the spec's text. */
export function locateIssues(spec: LoadedSpec, issues: readonly CoreIssue[]): Problem[] {
  return placeIssues(issues, makePlacer(spec.file, spec.locate, spec.origins), spec.origins, (layer) => spec.network.layers[layer]?.name);
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
