// `alexcount safetensors FILE`: the parameters a safetensors file holds, by dtype (and with
// --all by tensor), from its header alone. A sharded model is read through its
// model.safetensors.index.json, each shard's header in turn. A safetensors file lists tensors,
// not layers, so this is a view of its own rather than a spec: what it reports is what the
// file stores (every tensor, trainable or not), which a spec's weights can be set against.
// Packed quantized tensors count the parameters they hold (src/import/safetensors/quantized.ts).
// With a Hugging Face config.json beside the file, the spec built from it is set against the
// header: the header is a published source for the spec's weights, read from the file.

import { dirname, join } from "node:path";
import { type TensorEntry, headerLength, readHeader, summarize } from "../import/safetensors/safetensors-header.js";
import { type ReadTensor, readTensors } from "../import/safetensors/quantized.js";
import { type SpecComparison, compareWithSpec } from "../import/safetensors/against-spec.js";
import type { ImportProblem } from "../import/import-problem.js";
import { groupDigits } from "../core/exact.js";
import { analyzeSpec } from "../loader/analyze-spec.js";
import { formatProblem } from "../loader/problems.js";
import { importText } from "./import-command.js";
import { formatCount } from "../render/format.js";
import { renderRowsTable } from "../render/table.js";
import type { Io } from "./io.js";

export type SafetensorsResult =
  | { readonly ok: true; readonly text: string; readonly exitCode: 0 | 1 }
  | { readonly ok: false; readonly problems: readonly ImportProblem[]; readonly usage?: boolean };

/** The most differing modules listed in the table (JSON lists them all). */
const MAX_DIFFERENCES_SHOWN = 12;

/** The tensors of one file, from its 8-byte length and its header. */
async function tensorsOf(path: string, io: Io): Promise<{ ok: true; tensors: readonly TensorEntry[] } | { ok: false; problems: readonly ImportProblem[] }> {
  const readBytes = io.readBytes!;
  const first = await readBytes(path, 0, 8);
  if (!first) return { ok: false, problems: [{ file: path, path: "", message: "no such file" }] };
  const length = headerLength(first.bytes, first.size, path);
  if (!length.ok) return length;
  const header = await readBytes(path, 8, length.length);
  if (!header || header.bytes.length < length.length)
    return { ok: false, problems: [{ file: path, path: "", message: "the file ended while its header was read" }] };
  return readHeader(header.bytes, first.size - 8 - length.length, path);
}

/** A sharded model's tensors: the index's weight_map names each tensor's shard. */
async function shardedTensors(
  path: string,
  io: Io,
): Promise<{ ok: true; tensors: readonly TensorEntry[] } | { ok: false; problems: readonly ImportProblem[] }> {
  const text = await io.readFile(path);
  if (text === undefined) return { ok: false, problems: [{ file: path, path: "", message: "no such file" }] };
  let index: unknown;
  try {
    index = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ file: path, path: "", message: `not valid JSON (${(error as Error).message})` }] };
  }
  const map = (index as { weight_map?: unknown } | null)?.weight_map;
  if (
    map === null ||
    typeof map !== "object" ||
    Array.isArray(map) ||
    !Object.values(map).every((v) => typeof v === "string" && v !== "" && !v.includes(".."))
  ) {
    return {
      ok: false,
      problems: [{ file: path, path: "weight_map", message: "expected a map from tensor names to shard file names (in the index's folder)" }],
    };
  }
  const weightMap = map as Record<string, string>;
  const tensors: TensorEntry[] = [];
  const problems: ImportProblem[] = [];
  for (const shard of new Set(Object.values(weightMap))) {
    const read = await tensorsOf(join(dirname(path), shard), io);
    if (!read.ok) problems.push(...read.problems);
    else tensors.push(...read.tensors);
  }
  if (problems.length > 0) return { ok: false, problems };
  const found = new Map(tensors.map((t) => [t.name, t]));
  for (const [name, shard] of Object.entries(weightMap)) {
    const tensor = found.get(name);
    if (!tensor || !tensor.file.endsWith(shard))
      problems.push({ file: path, path: `weight_map[${JSON.stringify(name)}]`, message: `the index puts ${name} in ${shard}, whose header does not have it` });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, tensors };
}

/** What a config.json beside the file says: the spec built from it, compared; or why it was not. */
type ConfigCheck =
  | { readonly file: string; readonly checked: true; readonly spec: string; readonly comparison: SpecComparison }
  | { readonly file: string; readonly checked: false; readonly reason: string };

/** GPTQ/AWQ bits per weight from the config's quantization_config (4 when it does not say). */
function quantizationBits(configText: string): number {
  try {
    const bits = (JSON.parse(configText) as { quantization_config?: { bits?: unknown } } | null)?.quantization_config?.bits;
    return typeof bits === "number" && [2, 3, 4, 8].includes(bits) ? bits : 4;
  } catch {
    return 4;
  }
}

function configCheck(file: string, text: string, tensors: readonly ReadTensor[]): ConfigCheck {
  const imported = importText({ file, text });
  if (!imported.ok) return { file, checked: false, reason: imported.problems.map((p) => formatProblem(p)).join("; ") };
  const analysis = analyzeSpec(imported.spec);
  if (!analysis.ok) return { file, checked: false, reason: analysis.problems.map((p) => formatProblem(p)).join("; ") };
  const layers = analysis.report.layers.map((row) => ({ name: row.name, weights: row.weights }));
  return { file, checked: true, spec: analysis.report.name, comparison: compareWithSpec(tensors, layers) };
}

/** The table of a tensor file's rows (by dtype, or with --all by tensor) and its total. */
export function tensorTable(
  rows: readonly string[][],
  totals: { tensors: number; parameters: number; bytes: number },
  options: { all: boolean; color: boolean },
): string {
  const body = [...rows, ["Total", "", `${formatCount(totals.tensors)} tensors`, formatCount(totals.parameters), formatCount(totals.bytes)]];
  return renderRowsTable(
    options.all ? ["Tensor", "Dtype", "Shape", "Parameters", "Bytes"] : ["Dtype", "Tensors", "", "Parameters", "Bytes"],
    body,
    new Set([rows.length]),
    (col) => col >= 3,
    { color: options.color },
    (_, text) => text,
  );
}

/** 0, 1, 2, 5 → "0–2, 5". */
function ranges(sorted: readonly number[]): string {
  const out: string[] = [];
  for (let k = 0; k < sorted.length;) {
    let end = k;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1) end++;
    out.push(end === k ? String(sorted[k]) : `${sorted[k]}–${sorted[end]}`);
    k = end + 1;
  }
  return out.join(", ");
}

/**
 * The weights the checkpoint beside a config.json holds (model.safetensors.index.json, else
 * model.safetensors), as a published source for the spec imported from the config; undefined
 * when there is none. A checkpoint that cannot be read is a problem, not silence.
 */
export async function checkpointBeside(
  configPath: string,
  configText: string,
  io: Io,
): Promise<{ ok: true; published?: { source: string; weights: number } } | { ok: false; problems: readonly ImportProblem[] }> {
  if (!io.readBytes) return { ok: true };
  for (const name of ["model.safetensors.index.json", "model.safetensors"]) {
    const path = join(dirname(configPath), name);
    const probe = name.endsWith(".json") ? await io.readFile(path).catch(() => undefined) : await io.readBytes(path, 0, 0).catch(() => undefined);
    if (probe === undefined) continue;
    const read = name.endsWith(".json") ? await shardedTensors(path, io) : await tensorsOf(path, io);
    if (!read.ok) return read;
    const tensors = readTensors(read.tensors, quantizationBits(configText));
    const weights = tensors.reduce((sum, t) => sum + t.held, 0);
    const packed = tensors.some((t) => t.role !== "parameters")
      ? "; packed 4-bit tensors counted as the weights they hold, the quantization's scales and zeros as none"
      : "";
    return { ok: true, published: { source: `${path}: the safetensors header, ${groupDigits(tensors.length)} tensors (read by alexcount${packed})`, weights } };
  }
  return { ok: true };
}

/** The comparison as lines under the table. */
function comparisonText(check: ConfigCheck): string {
  if (!check.checked) return `${check.file} beside it, not checked: ${check.reason}\n`;
  const { comparison: c } = check;
  const head = `${check.file} beside it: ${check.spec}, ${groupDigits(c.specWeights)} weights`;
  if (c.differences.length === 0)
    return `${head}; the header holds ${groupDigits(c.fileWeights)} parameters: equal, module by module${c.prefix ? ` (the file's names read after ${c.prefix})` : ""}\n`;
  const rows = c.differences.slice(0, MAX_DIFFERENCES_SHOWN).map((d) => {
    const what = d.tensors.length === 0 ? "no tensor in the file" : d.spec === 0n ? `no layer in the spec (${d.tensors.join(", ")})` : d.tensors.join(", ");
    return `  ${d.module}: spec ${groupDigits(d.spec)}, file ${groupDigits(d.file)} — ${what}`;
  });
  const more =
    c.differences.length > MAX_DIFFERENCES_SHOWN ? [`  … and ${c.differences.length - MAX_DIFFERENCES_SHOWN} more modules (--json lists them all)`] : [];
  // the repetitions of a block that differ (model.layers 0–31), so a long list still says where
  const repeated = new Map<string, Set<number>>();
  for (const d of c.differences) {
    const match = /^(.+)\.(\d+)\./.exec(d.module);
    if (match) repeated.set(match[1]!, (repeated.get(match[1]!) ?? new Set()).add(Number(match[2])));
  }
  if (c.differences.length > MAX_DIFFERENCES_SHOWN)
    for (const [block, indices] of repeated) more.push(`  in ${block}: ${ranges([...indices].sort((a, b) => a - b))}`);
  const delta = c.fileWeights - c.specWeights;
  return `${[`${head}; the header holds ${groupDigits(c.fileWeights)} parameters: they differ${delta === 0n ? " module by module, not in total" : ` by ${groupDigits(delta < 0n ? -delta : delta)}`}, in ${c.differences.length} module${c.differences.length === 1 ? "" : "s"}:`, ...rows, ...more].join("\n")}\n`;
}

export async function safetensorsReport(path: string, io: Io, options: { json: boolean; all: boolean; color: boolean }): Promise<SafetensorsResult> {
  if (!io.readBytes) return { ok: false, usage: true, problems: [{ file: path, path: "", message: "this alexcount cannot read binary files" }] };
  const read = path.endsWith(".json") ? await shardedTensors(path, io) : await tensorsOf(path, io);
  if (!read.ok) return read;
  let bits = 4;
  const configPath = join(dirname(path), "config.json");
  const configText = await io.readFile(configPath).catch(() => undefined);
  if (configText !== undefined) bits = quantizationBits(configText);
  const tensors = readTensors(read.tensors, bits);
  const check = configText === undefined ? undefined : configCheck(configPath, configText, tensors);
  const { byDtype, totals } = summarize(tensors.map((t) => ({ ...t, parameters: t.held })));
  if (!Number.isSafeInteger(totals.bytes)) return { ok: false, problems: [{ file: path, path: "", message: "the tensors' bytes add up beyond 2^53 − 1" }] };
  const exitCode = check?.checked && check.comparison.differences.length > 0 ? 1 : 0;
  const packed = tensors.some((t) => t.role !== "parameters");
  if (options.json) {
    const json = {
      file: path,
      tensors: tensors.map(({ name, dtype, shape, held, bytes, file, role, packing }) => ({
        name,
        dtype,
        shape,
        parameters: held,
        bytes,
        ...(role === "packed" ? { packed: packing } : role === "quantization" ? { quantization: true } : {}),
        ...(file === path ? {} : { file }),
      })),
      dtypes: Object.fromEntries(byDtype.map(({ dtype, ...rest }) => [dtype, rest])),
      totals: { tensors: totals.tensors, weights: totals.parameters },
      memory: { weights: totals.bytes },
      ...(check === undefined
        ? {}
        : {
            config: check.checked
              ? {
                  file: check.file,
                  spec: check.spec,
                  weights: Number(check.comparison.specWeights),
                  equal: check.comparison.differences.length === 0,
                  differences: check.comparison.differences.map((d) => ({ ...d, spec: Number(d.spec), file: Number(d.file) })),
                }
              : { file: check.file, checked: false, reason: check.reason },
          }),
    };
    return { ok: true, exitCode, text: `${JSON.stringify(json, null, 2)}\n` };
  }
  const rows = options.all
    ? tensors.map((t) => [
        t.role === "quantization" ? `${t.name} (quantization data)` : t.role === "packed" ? `${t.name} (${t.packing} an element)` : t.name,
        t.dtype,
        t.shape.join("×") || "scalar",
        formatCount(t.held),
        formatCount(t.bytes),
      ])
    : byDtype.map((g) => [g.dtype, `${formatCount(g.tensors)} tensors`, "", formatCount(g.parameters), formatCount(g.bytes)]);
  const table = tensorTable(rows, totals, options);
  return {
    ok: true,
    exitCode,
    text: `${path} · safetensors header\n${table}\nparameters: elements stored, every tensor${packed ? " (packed 4-bit tensors: the weights they hold; the quantization's scales and zeros: none)" : ""} · bytes: the tensor data, from the header's dtypes and shapes\n${check ? comparisonText(check) : ""}`,
  };
}
