// Checks a network against all its published sources, each under the bias convention it was
// printed under (analyzed at most once per convention).

import { type AnalyzeResult, type CoreIssue, InexactCountError, type Network, analyze } from "../core/index.js";
import { type CheckResult, checkSource, summarizeCheck } from "./check.js";
import type { PublishedSource } from "./published.js";

export type CheckNetworkResult = { readonly ok: true; readonly result: CheckResult } | { readonly ok: false; readonly issues: readonly CoreIssue[] };

export function checkNetwork(network: Network, sources: readonly PublishedSource[]): CheckNetworkResult {
  const byBias = new Map<boolean, AnalyzeResult>();
  const checked = [];
  for (const [index, source] of sources.entries()) {
    const bias = source.bias ?? network.bias;
    let analysis = byBias.get(bias);
    if (!analysis) {
      analysis = analyze({ ...network, bias });
      byBias.set(bias, analysis);
    }
    if (!analysis.ok) return { ok: false, issues: analysis.issues };
    try {
      checked.push(checkSource(source, analysis.report));
    } catch (error) {
      // a flops cell (2 × connections) beyond 2^53 − 1: no exact figure to compare
      if (!(error instanceof InexactCountError)) throw error;
      return { ok: false, issues: [{ message: `published[${index}] ("${source.source}"): the figure for ${error.message}` }] };
    }
  }
  return { ok: true, result: summarizeCheck(checked) };
}
