// `alexcount safetensors FILE`: the parameters a safetensors file holds, by dtype (and with
// --all by tensor), from its header alone. A sharded model is read through its
// model.safetensors.index.json, each shard's header in turn. A safetensors file lists tensors,
// not layers, so this is a view of its own rather than a spec: what it reports is what the
// file stores (every tensor, trainable or not), which a spec's weights can be set against.

import { dirname, join } from "node:path";
import { type TensorEntry, headerLength, readHeader, summarize } from "../import/safetensors/safetensors-header.js";
import type { ImportProblem } from "../import/import-problem.js";
import { formatCount } from "../render/format.js";
import { renderRowsTable } from "../render/table.js";
import type { Io } from "./io.js";

export type SafetensorsResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problems: readonly ImportProblem[]; readonly usage?: boolean };

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

export async function safetensorsReport(path: string, io: Io, options: { json: boolean; all: boolean; color: boolean }): Promise<SafetensorsResult> {
  if (!io.readBytes) return { ok: false, usage: true, problems: [{ file: path, path: "", message: "this alexcount cannot read binary files" }] };
  const read = path.endsWith(".json") ? await shardedTensors(path, io) : await tensorsOf(path, io);
  if (!read.ok) return read;
  const { byDtype, totals } = summarize(read.tensors);
  if (!Number.isSafeInteger(totals.bytes)) return { ok: false, problems: [{ file: path, path: "", message: "the tensors' bytes add up beyond 2^53 − 1" }] };
  if (options.json) {
    const json = {
      file: path,
      tensors: read.tensors.map(({ name, dtype, shape, parameters, bytes, file }) => ({
        name,
        dtype,
        shape,
        parameters,
        bytes,
        ...(file === path ? {} : { file }),
      })),
      dtypes: Object.fromEntries(byDtype.map(({ dtype, ...rest }) => [dtype, rest])),
      totals: { tensors: totals.tensors, weights: totals.parameters },
      memory: { weights: totals.bytes },
    };
    return { ok: true, text: `${JSON.stringify(json, null, 2)}\n` };
  }
  const rows = options.all
    ? read.tensors.map((t) => [t.name, t.dtype, t.shape.join("×") || "scalar", formatCount(t.parameters), formatCount(t.bytes)])
    : byDtype.map((g) => [g.dtype, `${formatCount(g.tensors)} tensors`, "", formatCount(g.parameters), formatCount(g.bytes)]);
  const body = [...rows, ["Total", "", `${formatCount(totals.tensors)} tensors`, formatCount(totals.parameters), formatCount(totals.bytes)]];
  const table = renderRowsTable(
    options.all ? ["Tensor", "Dtype", "Shape", "Parameters", "Bytes"] : ["Dtype", "Tensors", "", "Parameters", "Bytes"],
    body,
    new Set([rows.length]),
    (col) => col >= 3,
    { color: options.color },
    (_, text) => text,
  );
  return {
    ok: true,
    text: `${path} · safetensors header\n${table}\nparameters: elements stored, every tensor · bytes: the tensor data, from the header's dtypes and shapes\n`,
  };
}
