// `alexcount gguf FILE`: the parameters and bytes a GGUF file (llama.cpp's format) holds, by ggml
// type (and with --all by tensor), from its header alone, in the same report as
// `alexcount safetensors`. The header's length is not stated up front, so it is read in growing
// chunks, up to the limit, never the tensor data.

import { formatCount } from "../render/format.js";
import { summarize } from "../import/safetensors/safetensors-header.js";
import { readGguf } from "../import/gguf/gguf-header.js";
import type { ImportProblem } from "../import/import-problem.js";
import type { Io } from "./io.js";
import { tensorTable } from "./safetensors-command.js";

/** The first read: most headers without a tokenizer fit; one with a vocabulary takes a few more. */
const FIRST_READ = 1 << 20;

export type GgufResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problems: readonly ImportProblem[]; readonly usage?: boolean };

export async function ggufReport(path: string, io: Io, options: { json: boolean; all: boolean; color: boolean }): Promise<GgufResult> {
  if (!io.readBytes) return { ok: false, usage: true, problems: [{ file: path, path: "", message: "this alexcount cannot read binary files" }] };
  let length = FIRST_READ;
  for (;;) {
    const chunk = await io.readBytes(path, 0, length);
    if (!chunk) return { ok: false, problems: [{ file: path, path: "", message: "no such file" }] };
    const read = readGguf(chunk.bytes, chunk.size, path);
    if (read.ok === "more") {
      length = read.need;
      continue;
    }
    if (!read.ok) return read;
    const { byDtype, totals } = summarize(read.tensors);
    if (!Number.isSafeInteger(totals.bytes)) return { ok: false, problems: [{ file: path, path: "", message: "the tensors' bytes add up beyond 2^53 − 1" }] };
    const architecture = read.metadata.get("general.architecture");
    if (options.json) {
      const json = {
        file: path,
        version: read.version,
        ...(typeof architecture === "string" ? { architecture } : {}),
        tensors: read.tensors.map(({ name, dtype, shape, parameters, bytes }) => ({ name, dtype, shape, parameters, bytes })),
        dtypes: Object.fromEntries(byDtype.map(({ dtype, ...rest }) => [dtype, rest])),
        totals: { tensors: totals.tensors, weights: totals.parameters },
        memory: { weights: totals.bytes },
      };
      return { ok: true, text: `${JSON.stringify(json, null, 2)}\n` };
    }
    const rows = options.all
      ? read.tensors.map((t) => [t.name, t.dtype, t.shape.join("×") || "scalar", formatCount(t.parameters), formatCount(t.bytes)])
      : byDtype.map((g) => [g.dtype, `${formatCount(g.tensors)} tensors`, "", formatCount(g.parameters), formatCount(g.bytes)]);
    const table = tensorTable(rows, totals, options);
    const what = typeof architecture === "string" ? `, ${JSON.stringify(architecture.slice(0, 60))}` : "";
    return {
      ok: true,
      text: `${path} · GGUF v${read.version} header${what}\n${table}\nparameters: elements, the weights each tensor holds however it is quantized · bytes: the tensor data, from the ggml types' block sizes\n`,
    };
  }
}
