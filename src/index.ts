// alexcount as a library: parse a spec, analyze it, check it against published figures, render
// the result. The CLI is a thin shell over exactly these functions.
export * from "./core/index.js";
export {
  loadSpec,
  analyzeSpec,
  locateIssues,
  formatProblem,
  specSchema,
  type LoadedSpec,
  type LoadResult,
  type LayerOrigin,
  type UseSite,
  type Problem,
  type Position,
} from "./spec/index.js";
export { specJsonSchema } from "./spec/json-schema.js";
export { checkNetwork, checkSource, matches, type CheckResult, type CheckedSource, type CheckedCell, type CellStatus, type PublishedSource, type PublishedCell, diagnoseCell, type Diagnosis } from "./check/index.js";
export * from "./render/index.js";
