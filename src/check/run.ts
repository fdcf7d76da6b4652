// Checks a network against all its published sources, each under the bias convention it was
// printed under (analyzed at most once per convention).

import { type AnalyzeResult, type CoreIssue, type Network, type Report, analyze } from "../core/index.js";
import { type CheckResult, type CheckedSource, checkSource, summarizeCheck } from "./check.js";
import { diagnoseCell } from "./diagnose.js";
import type { PublishedSource } from "./published.js";

export type CheckNetworkResult = { readonly ok: true; readonly result: CheckResult } | { readonly ok: false; readonly issues: readonly CoreIssue[] };

export function checkNetwork(network: Network, sources: readonly PublishedSource[]): CheckNetworkResult {
  const byBias = new Map<boolean, AnalyzeResult>();
  const checked = [];
  for (const source of sources) {
    const bias = source.bias ?? network.bias;
    let analysis = byBias.get(bias);
    if (!analysis) {
      analysis = analyze({ ...network, bias });
      byBias.set(bias, analysis);
    }
    if (!analysis.ok) return { ok: false, issues: analysis.issues };
    checked.push(withDiagnoses(checkSource(source, analysis.report), network, analysis.report, source));
  }
  return { ok: true, result: summarizeCheck(checked) };
}

/** Attaches to each mismatch the working and the simple explanations that reproduce it. */
function withDiagnoses(checked: CheckedSource, network: Network, report: Report, source: PublishedSource): CheckedSource {
  if (!checked.cells.some((c) => c.status === "mismatch")) return checked;
  return {
    ...checked,
    cells: checked.cells.map((cell) => (cell.status === "mismatch" ? { ...cell, diagnosis: diagnoseCell(cell, { network, report, source, cells: checked.cells }) } : cell)),
  };
}
