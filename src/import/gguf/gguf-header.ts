// A GGUF file's header (llama.cpp's format, ggml's docs/gguf.md): parameters and bytes by tensor
// and by ggml type, read from the header alone, never from the tensor data.
//
// Layout, little-endian: the magic "GGUF"; a uint32 version (2 or 3: counts are uint64); uint64
// tensor count; uint64 metadata count; each metadata entry (a string key, a uint32 value type, the
// value; strings are a uint64 length and UTF-8 bytes; arrays a uint32 element type, a uint64
// count and the elements); each tensor's info (a string name, a uint32 number of dimensions, that
// many uint64 dimensions, innermost first, a uint32 ggml type, a uint64 offset into the data);
// then padding to `general.alignment` (32 by default) and the data.

import { groupDigits } from "../../core/exact.js";
import type { ImportProblem } from "../import-problem.js";

/** The longest header read, as for safetensors: a bigger one is refused before it is read. */
const MAX_GGUF_HEADER_BYTES = 100_000_000;
/** At most this many tensors and metadata entries: far past any model, and bounded before a loop. */
const MAX_ENTRIES = 10_000_000;
const MAX_DIMS = 8;

/** ggml types: elements a block and bytes a block (ggml's type_traits: blck_size, type_size). */
const GGML_TYPES: Readonly<Record<number, readonly [name: string, block: number, bytes: number]>> = {
  0: ["F32", 1, 4],
  1: ["F16", 1, 2],
  2: ["Q4_0", 32, 18],
  3: ["Q4_1", 32, 20],
  6: ["Q5_0", 32, 22],
  7: ["Q5_1", 32, 24],
  8: ["Q8_0", 32, 34],
  9: ["Q8_1", 32, 36],
  10: ["Q2_K", 256, 84],
  11: ["Q3_K", 256, 110],
  12: ["Q4_K", 256, 144],
  13: ["Q5_K", 256, 176],
  14: ["Q6_K", 256, 210],
  15: ["Q8_K", 256, 292],
  16: ["IQ2_XXS", 256, 66],
  17: ["IQ2_XS", 256, 74],
  18: ["IQ3_XXS", 256, 98],
  19: ["IQ1_S", 256, 50],
  20: ["IQ4_NL", 32, 18],
  21: ["IQ3_S", 256, 110],
  22: ["IQ2_S", 256, 82],
  23: ["IQ4_XS", 256, 136],
  24: ["I8", 1, 1],
  25: ["I16", 1, 2],
  26: ["I32", 1, 4],
  27: ["I64", 1, 8],
  28: ["F64", 1, 8],
  29: ["IQ1_M", 256, 56],
  30: ["BF16", 1, 2],
  34: ["TQ1_0", 256, 54],
  35: ["TQ2_0", 256, 66],
};

interface GgufTensor {
  readonly name: string;
  /** The ggml type's name (Q4_K, F16, …). */
  readonly dtype: string;
  /** Outermost first, as safetensors and PyTorch write shapes (GGUF stores them innermost first). */
  readonly shape: readonly number[];
  /** Elements: the weights the tensor holds, however they are quantized. */
  readonly parameters: number;
  readonly bytes: number;
  readonly file: string;
}

export type GgufRead =
  | { readonly ok: true; readonly tensors: readonly GgufTensor[]; readonly metadata: ReadonlyMap<string, unknown>; readonly version: number }
  /** The header goes on past the bytes given: read this many from the start and try again. */
  | { readonly ok: "more"; readonly need: number }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

class NeedMore extends Error {
  constructor(readonly need: number) {
    super("more bytes");
  }
}
class Bad extends Error {}

/** Reads the header from the file's first bytes; `fileSize` checks the tensors fit in the file. */
export function readGguf(bytes: Uint8Array, fileSize: number, file: string): GgufRead {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number) => {
    if (at + n > bytes.length) {
      if (at + n > MAX_GGUF_HEADER_BYTES)
        throw new Bad(`the header goes past ${groupDigits(MAX_GGUF_HEADER_BYTES)} bytes, the limit: not a GGUF file, or a hostile one`);
      if (at + n > fileSize) throw new Bad(`the file ends at byte ${groupDigits(fileSize)}, inside its header: truncated, or not a GGUF file`);
      throw new NeedMore(Math.min(fileSize, MAX_GGUF_HEADER_BYTES, Math.max(2 * bytes.length, at + n)));
    }
  };
  const u32 = () => {
    need(4);
    const v = view.getUint32(at, true);
    at += 4;
    return v;
  };
  const u64 = (what: string, max = Number.MAX_SAFE_INTEGER) => {
    need(8);
    const v = view.getBigUint64(at, true);
    at += 8;
    if (v > BigInt(max)) throw new Bad(`${what} is ${groupDigits(v)}, over ${groupDigits(max)}: not a GGUF file, or a hostile one`);
    return Number(v);
  };
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const string = (what: string) => {
    const length = u64(`the length of ${what}`, MAX_GGUF_HEADER_BYTES);
    need(length);
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(at, at + length));
    } catch {
      throw new Bad(`${what} at byte ${at} is not UTF-8`);
    }
    at += length;
    return text;
  };
  const SCALARS: Record<number, [number, (offset: number) => unknown]> = {
    0: [1, (o) => view.getUint8(o)],
    1: [1, (o) => view.getInt8(o)],
    2: [2, (o) => view.getUint16(o, true)],
    3: [2, (o) => view.getInt16(o, true)],
    4: [4, (o) => view.getUint32(o, true)],
    5: [4, (o) => view.getInt32(o, true)],
    6: [4, (o) => view.getFloat32(o, true)],
    7: [1, (o) => view.getUint8(o) !== 0],
    10: [8, (o) => view.getBigUint64(o, true)],
    11: [8, (o) => view.getBigInt64(o, true)],
    12: [8, (o) => view.getFloat64(o, true)],
  };
  const value = (type: number, key: string, depth: number): unknown => {
    const scalar = SCALARS[type];
    if (scalar) {
      need(scalar[0]);
      const v = scalar[1](at);
      at += scalar[0];
      return v;
    }
    if (type === 8) return string(`the value of ${key}`);
    if (type === 9) {
      if (depth > 4) throw new Bad(`${key}: arrays nested more than 4 deep`);
      const element = u32();
      const count = u64(`the length of ${key}`, MAX_GGUF_HEADER_BYTES);
      const width = SCALARS[element]?.[0];
      // a long array of numbers (a tokenizer's scores) is skipped, not read into memory
      if (width !== undefined) {
        need(count * width);
        at += count * width;
        return `[${groupDigits(count)} values]`;
      }
      const items: unknown[] = [];
      for (let k = 0; k < count; k++) {
        const item = value(element, key, depth + 1);
        if (k < 16) items.push(item);
      }
      return items;
    }
    throw new Bad(`${key}: unknown metadata value type ${type}`);
  };

  try {
    need(4);
    if (String.fromCharCode(...bytes.subarray(0, 4)) !== "GGUF") return fail(file, "no GGUF magic at the start: not a GGUF file");
    at = 4;
    const version = u32();
    if (version !== 2 && version !== 3) return fail(file, `GGUF version ${version}: alexcount reads versions 2 and 3`);
    const tensorCount = u64("the tensor count", MAX_ENTRIES);
    const kvCount = u64("the metadata count", MAX_ENTRIES);
    const metadata = new Map<string, unknown>();
    for (let k = 0; k < kvCount; k++) {
      const key = string(`metadata key ${k}`);
      metadata.set(key, value(u32(), key, 0));
    }
    const infos: { name: string; dims: number[]; type: number; offset: number }[] = [];
    for (let k = 0; k < tensorCount; k++) {
      const name = string(`tensor ${k}'s name`);
      const nDims = u32();
      if (nDims > MAX_DIMS) throw new Bad(`tensor ${JSON.stringify(name)} has ${nDims} dimensions; ggml has at most 4`);
      const dims: number[] = [];
      for (let d = 0; d < nDims; d++) dims.push(u64(`a dimension of ${name}`));
      infos.push({ name, dims, type: u32(), offset: u64(`the offset of ${name}`) });
    }
    const alignment = metadata.get("general.alignment");
    const align = typeof alignment === "number" && alignment > 0 ? alignment : 32;
    const dataStart = Math.ceil(at / align) * align;
    const problems: ImportProblem[] = [];
    const tensors: GgufTensor[] = [];
    for (const { name, dims, type, offset } of infos) {
      const path = `tensor ${JSON.stringify(name)}`;
      const ggml = GGML_TYPES[type];
      if (!ggml) {
        problems.push({ file, path, message: `unknown ggml type ${type}` });
        continue;
      }
      const [dtype, block, blockBytes] = ggml;
      const parameters = dims.reduce((a, b) => a * b, 1);
      if (!Number.isSafeInteger(parameters) || (dims[0] ?? 1) % block !== 0) {
        problems.push({ file, path, message: `${dims.join(" × ")} elements do not make whole ${dtype} blocks of ${block}` });
        continue;
      }
      const bytesOf = (parameters / block) * blockBytes;
      if (dataStart + offset + bytesOf > fileSize) {
        problems.push({
          file,
          path,
          message: `the tensor ends at byte ${groupDigits(dataStart + offset + bytesOf)}, beyond the file's ${groupDigits(fileSize)}: the file is truncated`,
        });
        continue;
      }
      tensors.push({ name, dtype, shape: [...dims].reverse(), parameters, bytes: bytesOf, file });
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, tensors, metadata, version };
  } catch (error) {
    if (error instanceof NeedMore) return { ok: "more", need: error.need };
    if (error instanceof Bad) return fail(file, error.message);
    throw error;
  }
}

function fail(file: string, message: string): { ok: false; problems: ImportProblem[] } {
  return { ok: false, problems: [{ file, path: "", message }] };
}
