// The text of config.json inside a Keras 3 `.keras` archive (a zip), read through a few byte
// ranges (src/import/keras/keras-archive.ts says which) and inflated with node:zlib, which Node
// has: no zip package is needed for one entry. The weights are never read.

import { inflateRawSync } from "node:zlib";
import { ZIP_TAIL, zipDataOffset, zipDirectory, zipEntry } from "../import/keras/keras-archive.js";
import type { ImportProblem } from "../import/import-problem.js";
import { LIMITS } from "../loader/limits.js";
import type { Io } from "./io.js";

export type ArchiveText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problems: readonly ImportProblem[] };

/** A .keras file is a zip archive, told by its name. */
export function isKerasArchive(file: string): boolean {
  return /\.keras$/i.test(file);
}

export async function readKerasConfig(path: string, io: Io): Promise<ArchiveText | undefined> {
  const fail = (message: string): ArchiveText => ({ ok: false, problems: [{ file: path, path: "", message }] });
  const readBytes = io.readBytes;
  if (!readBytes) return fail("this alexcount cannot read binary files");
  const probe = await readBytes(path, 0, 0);
  if (!probe) return undefined;
  const size = probe.size;
  const tailStart = Math.max(0, size - ZIP_TAIL);
  const tail = await readBytes(path, tailStart, size - tailStart);
  if (!tail) return undefined;
  const directory = zipDirectory(tail.bytes, size);
  if (typeof directory === "string") return fail(directory);
  const listing = await readBytes(path, directory.offset, directory.size);
  if (!listing || listing.bytes.length < directory.size) return fail("the file ended inside the archive's central directory");
  const entry = zipEntry(listing.bytes, "config.json");
  if (typeof entry === "string") return fail(entry);
  if (entry.size > LIMITS.maxBytes) return fail(`config.json is ${entry.size} bytes, over the limit of ${LIMITS.maxBytes}`);
  const header = await readBytes(path, entry.localHeader, 30 + 0xffff * 2);
  const start = header ? zipDataOffset(header.bytes, entry) : "the file ended before config.json";
  if (typeof start === "string") return fail(start);
  const data = await readBytes(path, start, entry.compressedSize);
  if (!data || data.bytes.length < entry.compressedSize) return fail("the file ended inside config.json (a truncated archive?)");
  let bytes: Uint8Array;
  try {
    bytes = entry.method === 0 ? data.bytes : inflateRawSync(data.bytes, { maxOutputLength: LIMITS.maxBytes });
  } catch (error) {
    return fail(`config.json cannot be inflated: ${(error as Error).message}`);
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return fail("config.json is not UTF-8 text");
  }
}
