// Runs the core on a loaded spec and locates whatever the core finds (shapes that do not fit,
// counts beyond exact range) back in the file: at the layer's entry, or for a layer that a
// block expanded, at the block's definition, with the use named.

import { type AnalyzeResult, type CoreIssue, type Report, analyze } from "../core/index.js";
import type { LoadedSpec } from "./load.js";
import { makePlacer } from "./place.js";
import { type PathSegment, type Problem, dedupeProblems } from "./problems.js";

export type SpecAnalysis = { readonly ok: true; readonly report: Report } | { readonly ok: false; readonly problems: readonly Problem[] };

/** Analyzes the spec's network, optionally under another bias convention (a published source's). */
export function analyzeSpec(spec: LoadedSpec, bias: boolean = spec.network.bias): SpecAnalysis {
  const result: AnalyzeResult = analyze(bias === spec.network.bias ? spec.network : { ...spec.network, bias });
  return result.ok ? result : { ok: false, problems: locateIssues(spec, result.issues) };
}

/** Places the core's issues (expanded layer index, field) in the spec's text. */
export function locateIssues(spec: LoadedSpec, issues: readonly CoreIssue[]): Problem[] {
  const place = makePlacer(spec.file, spec.locate, spec.origins);
  return dedupeProblems(
    issues.map((issue) => {
      const path: PathSegment[] = issue.layer === undefined ? ["layers"] : ["layers", issue.layer, ...(issue.field ? [issue.field] : [])];
      // a layer from a block is named by the problem's context (`in layer3.1, used at …`)
      const expandedFromBlock = issue.layer !== undefined && (spec.origins[issue.layer]?.uses.length ?? 0) > 0;
      const name = issue.layer === undefined || expandedFromBlock ? undefined : spec.network.layers[issue.layer]?.name;
      return place.expanded(path, name === undefined ? issue.message : `(${name}) ${issue.message}`);
    }),
  );
}
