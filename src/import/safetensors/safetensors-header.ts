// A safetensors file's header: parameters by tensor and by dtype, read from the header alone,
// never from the tensor data, so a file of any size is counted from its first bytes.
//
// The format (huggingface/safetensors, README "Format"): 8 bytes, an unsigned little-endian
// 64-bit integer N; N bytes of UTF-8 JSON, an object mapping each tensor's name to
// { dtype, shape, data_offsets: [begin, end] } (offsets into the data after the header), and
// optionally "__metadata__", a map of strings; then the data.

import { groupDigits } from "../../core/exact.js";
import { load } from "js-yaml";
import type { ImportProblem, TextPosition } from "../import-problem.js";

/**
 * The largest header read: the reference implementation refuses headers over 100,000,000 bytes
 * (safetensors' MAX_HEADER_SIZE), and so does alexcount, before reading them.
 */
const MAX_HEADER_BYTES = 100_000_000;

/** Bytes per element of each dtype the format defines (safetensors' Dtype, `size()`). */
const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

export interface TensorEntry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Elements: the product of the shape (1 for a scalar). */
  readonly parameters: number;
  readonly bytes: number;
  /** The file the tensor is in (a shard, for a sharded model). */
  readonly file: string;
}

export type HeaderResult =
  { readonly ok: true; readonly tensors: readonly TensorEntry[] } | { readonly ok: false; readonly problems: readonly ImportProblem[] };

/** The header's length from the first 8 bytes; a problem when the file cannot hold it. */
export function headerLength(first: Uint8Array, fileSize: number, file: string): { ok: true; length: number } | { ok: false; problems: ImportProblem[] } {
  const fail = (message: string) => ({ ok: false as const, problems: [{ file, path: "", message }] });
  if (fileSize < 8 || first.length < 8)
    return fail(`the file has ${fileSize} bytes, fewer than the 8 of a safetensors header's length: truncated, or not a safetensors file`);
  let length = 0n;
  for (let i = 7; i >= 0; i--) length = (length << 8n) | BigInt(first[i]!);
  if (length > BigInt(MAX_HEADER_BYTES))
    return fail(
      `the header's length, ${groupDigits(length)} bytes, is over the limit of ${groupDigits(MAX_HEADER_BYTES)} bytes: not a safetensors file, or a hostile one`,
    );
  if (length > BigInt(fileSize - 8))
    return fail(
      `the header's length, ${groupDigits(length)} bytes, goes beyond the end of the file (${groupDigits(fileSize)} bytes): truncated, or not a safetensors file`,
    );
  if (length < 2n) return fail(`the header's length is ${length}: too short for a JSON object`);
  return { ok: true, length: Number(length) };
}

/** Parses and checks the header's JSON: each tensor's dtype, shape and offsets, against the data's size. */
export function readHeader(headerBytes: Uint8Array, dataBytes: number, file: string): HeaderResult {
  const problems: ImportProblem[] = [];
  const problem = (path: string, message: string, position?: TextPosition) => problems.push({ file, path, message, ...(position ? { position } : {}) });
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(headerBytes);
  } catch {
    return { ok: false, problems: [{ file, path: "", message: "the header is not UTF-8 text: not a safetensors file" }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const position = syntaxPosition(text);
    const reason = (error as Error).message.replace(/, ".*" is not valid JSON$/s, "").replace(/ in JSON at position \d+.*$/s, "");
    return { ok: false, problems: [{ file, path: "", message: `the header is not valid JSON (${reason})`, ...(position ? { position } : {}) }] };
  }
  if (json === null || typeof json !== "object" || Array.isArray(json))
    return { ok: false, problems: [{ file, path: "", message: "the header is not a JSON object" }] };
  const tensors: TensorEntry[] = [];
  const spans: [number, number, string][] = [];
  for (const [name, raw] of Object.entries(json)) {
    if (name === "__metadata__") continue;
    const path = `[${JSON.stringify(name)}]`;
    const entry = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (entry === null || typeof entry !== "object") {
      problem(path, "expected { dtype, shape, data_offsets }");
      continue;
    }
    const dtype = typeof entry.dtype === "string" ? entry.dtype : undefined;
    const size = dtype === undefined ? undefined : DTYPE_BYTES[dtype];
    if (dtype === undefined || size === undefined) {
      problem(`${path}.dtype`, `unknown dtype ${JSON.stringify(entry.dtype)}; safetensors has ${Object.keys(DTYPE_BYTES).join(", ")}`);
      continue;
    }
    const shape = entry.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
      problem(`${path}.shape`, "expected a list of whole numbers of at least 0");
      continue;
    }
    let parameters = 1;
    for (const d of shape as number[]) parameters *= d;
    const bytes = parameters * size;
    if (!Number.isSafeInteger(bytes)) {
      problem(`${path}.shape`, `${(shape as number[]).join(" × ")} elements of ${size} bytes is beyond 2^53 − 1 bytes`);
      continue;
    }
    const offsets = entry.data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0) ||
      (offsets[1] as number) < (offsets[0] as number)
    ) {
      problem(`${path}.data_offsets`, "expected [begin, end], whole numbers with begin ≤ end");
      continue;
    }
    const [begin, end] = offsets as [number, number];
    if (end - begin !== bytes) {
      problem(
        `${path}.data_offsets`,
        `the tensor spans ${end - begin} bytes, but ${shape.length === 0 ? "a scalar" : (shape as number[]).join(" × ")} of ${dtype} is ${bytes} bytes`,
      );
      continue;
    }
    if (end > dataBytes) {
      problem(`${path}.data_offsets`, `the tensor ends at byte ${end} of the data, beyond its ${dataBytes} bytes: the file is truncated`);
      continue;
    }
    spans.push([begin, end, name]);
    tensors.push({ name, dtype, shape: shape as number[], parameters, bytes, file });
  }
  // tensors may not overlap (the reference implementation also requires them to cover the data)
  spans.sort((a, b) => a[0] - b[0]);
  for (let k = 1; k < spans.length; k++) {
    const [begin, , name] = spans[k]!;
    const [, end, previous] = spans[k - 1]!;
    if (begin < end) problem(`[${JSON.stringify(name)}].data_offsets`, `the tensor overlaps ${JSON.stringify(previous)}`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, tensors };
}

/**
 * Where JSON that JSON.parse refused goes wrong, in the header text (1-based): JSON.parse does
 * not always say, and js-yaml, which reads JSON as YAML, does, for the errors YAML shares.
 */
function syntaxPosition(text: string): TextPosition | undefined {
  try {
    load(text, { json: true });
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    if (mark) return { line: mark.line + 1, column: mark.column + 1 };
  }
  return undefined;
}

/** Tensors grouped by dtype, in the order first met, and the totals. */
export function summarize(tensors: readonly TensorEntry[]): {
  byDtype: { dtype: string; tensors: number; parameters: number; bytes: number }[];
  totals: { tensors: number; parameters: number; bytes: number };
} {
  const groups = new Map<string, { dtype: string; tensors: number; parameters: number; bytes: number }>();
  let parameters = 0;
  let bytes = 0;
  for (const t of tensors) {
    const group = groups.get(t.dtype) ?? { dtype: t.dtype, tensors: 0, parameters: 0, bytes: 0 };
    group.tensors++;
    group.parameters += t.parameters;
    group.bytes += t.bytes;
    groups.set(t.dtype, group);
    parameters += t.parameters;
    bytes += t.bytes;
  }
  return { byDtype: [...groups.values()], totals: { tensors: tensors.length, parameters, bytes } };
}
