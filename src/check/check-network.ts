// Checks a network against all its published sources, each under the bias setting and the
// counting conventions it was printed under (analyzed at most once per combination).

import { type AnalyzeResult, type CoreIssue, type Report, analyze } from "../core/analyze.js";
import { type Network } from "../core/network.js";
import { type CheckResult, type CheckedSource, checkSource, summarizeCheck } from "./check-source.js";
import { diagnoseCell } from "./diagnose.js";
import type { PublishedSource } from "../core/published.js";
import { validateNetwork } from "../core/validate-network.js";
import { untrustedPart } from "../core/trusted-layers.js";
import { validatePublished } from "./validate-published.js";

export type CheckNetworkResult = { readonly ok: true; readonly result: CheckResult } | { readonly ok: false; readonly issues: readonly CoreIssue[] };

/**
 * Checks what it is given first: a network or sources the types do not allow are `ok: false`, an
 * issue per field. `report`, when given, is the network's report under its own bias and no
 * conventions, already computed by the caller: the sources printed under those settings reuse it.
 */
export function checkNetwork(network: Network, sources: readonly PublishedSource[], report?: Report): CheckNetworkResult {
  const invalid = [...validateNetwork(untrustedPart(network)), ...validatePublished(sources)];
  if (invalid.length > 0) return { ok: false, issues: invalid };
  const analyses = new Map<string, AnalyzeResult>();
  if (report) analyses.set(JSON.stringify([network.bias, []]), { ok: true, report });
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
    checked.push(withDiagnoses(checkSource(source, analysis.report), network, analysis.report, source));
  }
  return { ok: true, result: summarizeCheck(checked) };
}

/** Attaches to each mismatch the working and the simple explanations that reproduce it. */
function withDiagnoses(checked: CheckedSource, network: Network, report: Report, source: PublishedSource): CheckedSource {
  if (!checked.cells.some((c) => c.status === "mismatch")) return checked;
  return {
    ...checked,
    cells: checked.cells.map((cell) =>
      cell.status === "mismatch" ? { ...cell, diagnosis: diagnoseCell(cell, { network, report, source, cells: checked.cells }) } : cell,
    ),
  };
}
