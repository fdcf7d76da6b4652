// Runs the core on a loaded spec and locates whatever the core finds (shapes that do not fit,
// counts beyond exact range) back in the file: at the layer's entry, or for a layer that a
// block expanded, at the block's definition, with the use named.

import { type AnalyzeResult, type CoreIssue, type Report, analyze } from "../core/analyze.js";
import type { LoadedSpec } from "./load.js";
import { makePlacer, placeIssues } from "./place.js";
import type { Problem } from "./problems.js";

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
