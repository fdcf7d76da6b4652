// checkNetwork's guard on the published sources it is given: what the type PublishedSource
// promises, checked, for programs that build sources with the library API rather than load
// them from a spec. Each problem is an issue naming the field (`published[0].cells[2].metric`).

import type { CoreIssue } from "../core/analyze.js";
import { CONVENTIONS, KINDS } from "../core/network.js";
import { CELL_METRICS } from "../core/published.js";
import { everyEntry } from "../core/layer-fields.js";

type Fields = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const oneOf = (list: readonly unknown[], value: unknown) => list.includes(value);

function cellIssue(cell: unknown): string | undefined {
  if (!isObject(cell)) return "must be an object with at, scope, metric and value";
  if (typeof cell.at !== "string") return "at must be a string";
  if (!oneOf(CELL_METRICS, cell.metric)) return `metric must be one of ${CELL_METRICS.join(", ")}`;
  const value = cell.value;
  if (!(typeof value === "string" || (typeof value === "number" && Number.isFinite(value)))) return "value must be a finite number or a string";
  const scope = cell.scope;
  if (!isObject(scope)) return "scope must be an object";
  if (scope.kind === "layer") return typeof scope.name === "string" ? undefined : "scope.name must be a string";
  if (scope.kind === "block") {
    if (typeof scope.name !== "string") return "scope.name must be a string";
    const index = (n: unknown) => typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
    return index(scope.first) && index(scope.last) && (scope.first as number) <= (scope.last as number)
      ? undefined
      : "scope.first and scope.last must be layer indices, first ≤ last";
  }
  if (scope.kind === "subtotal") return oneOf(KINDS, scope.group) ? undefined : `scope.group must be one of ${KINDS.join(", ")}`;
  return scope.kind === "total" ? undefined : `scope.kind must be "layer", "block", "subtotal" or "total"`;
}

function sourceIssues(source: unknown, at: string): CoreIssue[] {
  if (!isObject(source)) return [{ field: at, message: "must be an object with source, conventions, tolerance, cells and errata" }];
  const found: CoreIssue[] = [];
  const add = (field: string, message: string) => found.push({ field: `${at}.${field}`, message });
  if (typeof source.source !== "string") add("source", "must be a string");
  if (source.bias !== undefined && typeof source.bias !== "boolean") add("bias", "must be true, false or absent");
  if (!Array.isArray(source.conventions) || !everyEntry(source.conventions, (c) => oneOf(CONVENTIONS, c)))
    add("conventions", `must be a list of ${CONVENTIONS.join(", ")}`);
  if (typeof source.tolerance !== "number" || !Number.isFinite(source.tolerance) || source.tolerance < 0) add("tolerance", "must be a number of 0 or more");
  if (!(source.errata instanceof Map) || ![...(source.errata as Map<unknown, unknown>)].every(([k, v]) => typeof k === "string" && typeof v === "string")) {
    add("errata", "must be a Map from cell address to note");
  }
  if (!Array.isArray(source.cells)) add("cells", "must be a list of cells");
  else
    for (let i = 0; i < source.cells.length; i++) {
      const issue = cellIssue(source.cells[i]);
      if (issue) add(`cells[${i}]`, issue);
    }
  return found;
}

/** Every issue with the form of `sources`; fields are `published[i]…`. */
export function validatePublished(sources: unknown): CoreIssue[] {
  try {
    if (!Array.isArray(sources)) return [{ field: "published", message: "the published sources must be a list" }];
    const found: CoreIssue[] = [];
    // indexed, not flatMap: a hole in a sparse list is a missing source, not one to skip
    for (let i = 0; i < sources.length; i++) found.push(...sourceIssues(sources[i], `published[${i}]`));
    return found;
  } catch (error) {
    return [{ field: "published", message: `the sources could not be read as plain data: ${error instanceof Error ? error.message : String(error)}` }];
  }
}
