// Checks a network against all its published sources, each under the bias setting and the
// counting conventions it was printed under (analyzed at most once per combination).

import { type AnalyzeResult, type CoreIssue, type Network, analyze } from "../core/index.js";
import { type CheckResult, checkSource, summarizeCheck } from "./check.js";
import type { PublishedSource } from "./published.js";

export type CheckNetworkResult = { readonly ok: true; readonly result: CheckResult } | { readonly ok: false; readonly issues: readonly CoreIssue[] };

export function checkNetwork(network: Network, sources: readonly PublishedSource[]): CheckNetworkResult {
  const analyses = new Map<string, AnalyzeResult>();
  const checked = [];
  for (const source of sources) {
    const bias = source.bias ?? network.bias;
    const conventions = [...new Set(source.conventions)].sort();
    const key = JSON.stringify([bias, conventions]);
    let analysis = analyses.get(key);
    if (!analysis) {
      analysis = analyze({ ...network, bias }, { conventions });
      analyses.set(key, analysis);
    }
    if (!analysis.ok) return { ok: false, issues: analysis.issues };
    checked.push(checkSource(source, analysis.report));
  }
  return { ok: true, result: summarizeCheck(checked) };
}
