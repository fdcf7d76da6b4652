// Renderers: a report in, a string out. They never read the process; colour comes in as an option.
export { renderTable } from "./table.js";
export { renderJson, jsonReportChunks, toJsonReport, jsonLayer, type JsonReport, type JsonLayer, type JsonShape, type JsonCounts } from "./json.js";
export { renderMarkdown } from "./markdown.js";
export { renderCsv } from "./csv.js";
export { renderCheck, renderCheckJson, renderCheckMarkdown, toJsonCheck, checkVerdict, type JsonCheck } from "./check.js";
export {
  renderCompareTable,
  renderCompareJson,
  renderCompareMarkdown,
  renderCompareCsv,
  toJsonComparison,
  formatRatio,
  formatShare,
  type ComparedReport,
  type JsonComparison,
  type JsonComparedSpec,
  type JsonKindShares,
} from "./compare.js";
export { formatCount, formatScaled, formatShape } from "./format.js";
export { renderExplain, type ExplainOptions } from "./explain.js";
export { renderChart, chartData, type ChartOptions, type ChartData } from "./chart.js";
export { renderSvgChart } from "./svg.js";
export type { RenderOptions } from "./style.js";
