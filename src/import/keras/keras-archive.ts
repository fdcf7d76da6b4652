// Where `config.json` is inside a Keras 3 `.keras` archive, a zip file (PKWARE's APPNOTE.TXT,
// §4.3): the end-of-central-directory record at the end of the file gives the central
// directory, whose entry for config.json gives its local header, after which its bytes are
// stored or deflated. Only these few records are read, never the weights (model.weights.h5),
// so a model of any size is imported from a few kilobytes. The CLI reads the byte ranges and
// inflates (node:zlib); this file only reads records, so it needs no I/O.

/** The most the end-of-central-directory record can be from the end: 22 bytes and a comment of up to 65,535. */
export const ZIP_TAIL = 22 + 0xffff;

export interface ZipDirectory {
  readonly offset: number;
  readonly size: number;
}

export interface ZipEntry {
  /** 0 stored, 8 deflated */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeader: number;
}

const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;

/** The central directory's place, from the last bytes of the file (`tail`, which ends at `fileSize`); a reason string when it is not a zip. */
export function zipDirectory(tail: Uint8Array, fileSize: number): ZipDirectory | string {
  for (let at = tail.length - 22; at >= 0; at--) {
    if (u32(tail, at) !== 0x06054b50) continue;
    const size = u32(tail, at + 12);
    const offset = u32(tail, at + 16);
    if (size === 0xffffffff || offset === 0xffffffff) return "a ZIP64 archive, which alexcount does not read";
    if (offset + size > fileSize) return "the archive's central directory lies past its end (a truncated file?)";
    return { offset, size };
  }
  return "not a zip archive (no end-of-central-directory record): a .keras file is one";
}

/** The central directory's entry for `name`; a reason string when there is none or it is broken. */
export function zipEntry(directory: Uint8Array, name: string): ZipEntry | string {
  const wanted = new TextEncoder().encode(name);
  let at = 0;
  while (at + 46 <= directory.length) {
    if (u32(directory, at) !== 0x02014b50) return "the archive's central directory is damaged";
    const nameLength = u16(directory, at + 28);
    const next = at + 46 + nameLength + u16(directory, at + 30) + u16(directory, at + 32);
    if (next > directory.length) return "the archive's central directory is damaged";
    const entryName = directory.subarray(at + 46, at + 46 + nameLength);
    if (entryName.length === wanted.length && entryName.every((byte, k) => byte === wanted[k])) {
      const entry = {
        method: u16(directory, at + 10),
        compressedSize: u32(directory, at + 20),
        size: u32(directory, at + 24),
        localHeader: u32(directory, at + 42),
      };
      if (entry.method !== 0 && entry.method !== 8)
        return `${name} is compressed by method ${entry.method}; alexcount reads stored (0) and deflated (8) entries`;
      if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) return "a ZIP64 archive, which alexcount does not read";
      return entry;
    }
    at = next;
  }
  return `the archive has no ${name}: a Keras 3 .keras file keeps the model's configuration there`;
}

/** Where an entry's bytes start, from its local header (30 bytes, then its name and extra field); a reason when the header is not one. */
export function zipDataOffset(header: Uint8Array, entry: ZipEntry): number | string {
  if (header.length < 30 || u32(header, 0) !== 0x04034b50) return "the archive's entry for config.json points at no local header (a damaged file?)";
  return entry.localHeader + 30 + u16(header, 26) + u16(header, 28);
}
