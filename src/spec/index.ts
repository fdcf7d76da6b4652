// The spec loader: YAML/JSON text in, a validated network out, or located problems.
export { loadSpec, canonicalType, LIMITS, type LoadedSpec, type LoadResult, type LoadOptions } from "./load.js";
export { analyzeSpec, locateIssues, type SpecAnalysis } from "./analyze.js";
export { type Problem, type Position, formatProblem, formatPath, sortProblems } from "./problems.js";
export type { LayerOrigin, UseSite } from "./place.js";
export { specSchema, TYPE_NAMES } from "./schema.js";
