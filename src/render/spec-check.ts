// One spec's outcome in `alexcount check SPEC…`, as the renderers of a run over several specs
// take it (github, junit, the closing summary): checked, with the place in the file of every
// published cell, or refused by the loader with its located problems.

import type { CheckResult } from "../check/check-source.js";

/** A 1-based line and column in the spec file. */
export interface Place {
  readonly line: number;
  readonly column: number;
}

interface SpecCheckBase {
  /** The argument as given: a path, a bundled name or `-`. */
  readonly spec: string;
  /** How messages name the file: the path, `specs/alexnet.yaml`, `<stdin>`. */
  readonly file: string;
  /** The file's path from the repository root, for annotations and reports; absent for standard input. */
  readonly repositoryPath?: string;
}

export interface CheckedSpec extends SpecCheckBase {
  readonly kind: "checked";
  /** The network's name. */
  readonly name: string;
  readonly result: CheckResult;
  /**
   * Where the figure of `result.sources[s].cells[c]` is written. Asked only for the cells a
   * format reports: finding places may parse the spec's text again.
   */
  readonly placeOf: (source: number, cell: number) => Place | undefined;
}

export interface SpecProblem {
  readonly place?: Place;
  /** Field path such as `layers[3].groups`; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
  /** The problem as alexcount prints it on stderr, one line. */
  readonly line: string;
}

export interface UnloadableSpec extends SpecCheckBase {
  readonly kind: "unloadable";
  readonly problems: readonly SpecProblem[];
}

export type SpecCheck = CheckedSpec | UnloadableSpec;

export type SpecOutcome = "passed" | "failed" | "unloadable";

export function specOutcome(spec: SpecCheck): SpecOutcome {
  return spec.kind === "unloadable" ? "unloadable" : spec.result.ok ? "passed" : "failed";
}

/** "3 specs checked: 1 passed, 1 FAILED (b.yaml), 1 could not be loaded (c.yaml)" */
export function checksSummary(specs: readonly SpecCheck[]): string {
  const by = (outcome: SpecOutcome) => specs.filter((s) => specOutcome(s) === outcome);
  const passed = by("passed");
  const failed = by("failed");
  const unloadable = by("unloadable");
  const named = (list: readonly SpecCheck[]) => list.map((s) => s.file).join(", ");
  const parts = [
    `${passed.length} passed`,
    ...(failed.length > 0 ? [`${failed.length} FAILED (${named(failed)})`] : []),
    ...(unloadable.length > 0 ? [`${unloadable.length} could not be loaded (${named(unloadable)})`] : []),
  ];
  return `${specs.length} spec${specs.length === 1 ? "" : "s"} checked: ${parts.join(", ")}`;
}
