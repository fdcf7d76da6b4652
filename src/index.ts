// alexcount as a library: load a spec, analyze it, check it against published figures, render
// the result. The CLI is a thin shell over exactly these functions. This list is the public
// API: anything not named here is internal and may change.

// the core: a typed network in, shapes and exact counts out
export { analyze, formulasOf, METRICS } from "./core/analyze.js";
export type { AnalyzeOptions, AnalyzeResult, CoreIssue, Counts, LayerReport, Report } from "./core/analyze.js";
export { layerCost, layerCounts } from "./core/checked-costs.js";
// the two error classes layerCost and layerCounts throw (analyze returns them as issues)
export { LayerIssue } from "./core/costs.js";
export { structureFromNames } from "./core/structure.js";
export type { GroupNode, LayerNode, StructureNode } from "./core/structure.js";
export type { LayerCost, LayerCounts } from "./core/costs.js";
export { InexactCountError } from "./core/exact.js";
export type { Count, Factor, Formula, Term } from "./core/exact.js";
export { CONVENTIONS, ELEMENTWISE_TYPES, KINDS, LAYER_TYPE_FACTS, LAYER_TYPES } from "./core/network.js";
export type {
  AddLayer,
  AttentionLayer,
  BatchNormLayer,
  ClassTokenLayer,
  ConcatLayer,
  Convention,
  ConvLayer,
  DenseLayer,
  ElementwiseLayer,
  ElementwiseType,
  EmbeddingLayer,
  FlattenLayer,
  ImageShape,
  Kind,
  Layer,
  LayerType,
  MeanLayer,
  MultiplyLayer,
  Network,
  Pair,
  PickLayer,
  PoolLayer,
  PoolWindow,
  PositionEmbeddingLayer,
  RecurrentLayer,
  Projection,
  RmsNormLayer,
  SequenceShape,
  Shape,
  TokensShape,
  ToSequenceLayer,
  VectorShape,
} from "./core/network.js";

// what it costs to run: bytes by dtype, activations, training memory, FLOPs, pruning
export { DTYPES, parsePrecision, tensorBytes } from "./core/dtypes.js";
export type { Dtype, Precision } from "./core/dtypes.js";
export { activationMemory, memoryReport, OPTIMIZERS, trainingMemory, weightBytes } from "./core/memory.js";
export type { ActivationMemory, MemoryOptions, MemoryReport, Optimizer, TrainingMemory } from "./core/memory.js";
export { flopsReport } from "./core/flops.js";
export type { FlopsReport } from "./core/flops.js";
export { pruningReport } from "./core/pruning.js";
export type { PrunedLayer, PruningReport } from "./core/pruning.js";
export type { Density, Fraction } from "./core/network.js";

// the loader: spec text in, a validated network or located problems out
export { analyzeSpec, locateIssues } from "./loader/analyze-spec.js";
export type { SpecAnalysis } from "./loader/analyze-spec.js";
export { loadSpec } from "./loader/load.js";
export type { LoadedSpec, LoadOptions, LoadResult } from "./loader/load.js";
export type { LayerOrigin, UseSite } from "./loader/place.js";
export { formatProblem } from "./loader/problems.js";
export type { Position, Problem } from "./loader/problems.js";
export { specSchema } from "./loader/schema.js";
export { specStructure } from "./loader/spec-structure.js";
export { specJsonSchema } from "./loader/json-schema.js";

// check: published figures against computed ones
export { checkNetwork } from "./check/check-network.js";
export type { CheckNetworkResult } from "./check/check-network.js";
export { checkSource, matches } from "./check/check-source.js";
export type { CellStatus, CheckedCell, CheckedSource, CheckResult } from "./check/check-source.js";
export { diagnoseCell } from "./check/diagnose.js";
export type { Diagnosis } from "./check/check-source.js";
export type { PublishedCell, PublishedSource } from "./core/published.js";

// renderers: a report in, a string out. They take a Report that analyze() returned (or that
// checkNetwork's result holds) and do not check it again: handed anything else, they may throw
// a TypeError. analyze() is where a network is checked.
export { chartData, renderChart } from "./render/chart.js";
export type { ChartData, ChartOptions } from "./render/chart.js";
export { checkVerdict, renderCheck, renderCheckJson, renderCheckMarkdown, toJsonCheck } from "./render/check-report.js";
export type { CheckMarkdownOptions, JsonCheck } from "./render/check-report.js";
export { renderCheckGithub } from "./render/github.js";
export type { GithubOptions } from "./render/github.js";
export { renderCheckJunit } from "./render/junit.js";
export type { CheckedSpec, Place, SpecCheck, SpecProblem, UnloadableSpec } from "./render/spec-check.js";
export { renderCompareCsv, renderCompareJson, renderCompareMarkdown, renderCompareTable, toJsonComparison } from "./render/compare.js";
export type { ComparedReport, JsonComparedPart, JsonComparedSpec, JsonComparison, JsonKindShares } from "./render/compare.js";
export { renderCsv } from "./render/csv.js";
export { renderExplain } from "./render/explain.js";
export type { ExplainOptions } from "./render/explain.js";
export { formatCount, formatScaled } from "./render/format.js";
export { describeShape, formatShape } from "./core/shape-text.js";
export { renderJson, toJsonReport } from "./render/json.js";
export type { JsonCounts, JsonGroup, JsonLayer, JsonReport, JsonShape } from "./render/json.js";
export { renderMarkdown } from "./render/markdown.js";
export type { RenderOptions } from "./render/style.js";
export { renderSvgChart } from "./render/svg.js";
export { renderTable } from "./render/table.js";
