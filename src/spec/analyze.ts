// Runs the core on a loaded spec and locates whatever the core finds (shapes that do not fit,
// counts beyond exact range) back in the file.

import { type AnalyzeResult, type CoreIssue, type Report, analyze } from "../core/index.js";
import type { LoadedSpec } from "./load.js";
import { type PathSegment, type Problem, formatPath } from "./problems.js";

export type SpecAnalysis = { readonly ok: true; readonly report: Report } | { readonly ok: false; readonly problems: readonly Problem[] };

/** Analyzes the spec's network, optionally under another bias convention (a published source's). */
export function analyzeSpec(spec: LoadedSpec, bias: boolean = spec.network.bias): SpecAnalysis {
  const result: AnalyzeResult = analyze(bias === spec.network.bias ? spec.network : { ...spec.network, bias });
  return result.ok ? result : { ok: false, problems: locateIssues(spec, result.issues) };
}

/** Places the core's issues (layer index, field) in the spec's text. */
export function locateIssues(spec: LoadedSpec, issues: readonly CoreIssue[]): Problem[] {
  return issues.map((issue) => {
      const path: PathSegment[] = issue.layer === undefined ? ["layers"] : ["layers", issue.layer, ...(issue.field ? [issue.field] : [])];
      const name = issue.layer === undefined ? undefined : spec.network.layers[issue.layer]?.name;
      return {
        file: spec.file,
        position: spec.locate(path),
        path: formatPath(path),
        message: name === undefined ? issue.message : `(${name}) ${issue.message}`,
      };
  });
}
