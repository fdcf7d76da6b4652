// A spec's bytes as text. UTF-8 (a byte order mark is dropped), or UTF-16 when the file starts
// with a UTF-16 byte order mark — what Windows PowerShell 5's `>` writes. Anything else that is
// not valid UTF-8 is refused at its first bad byte, rather than read with U+FFFD in its place:
// a name would otherwise change without a word.

export type Decoded =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly message: string; readonly position: { readonly line: number; readonly column: number } };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/**
 * The offset of the first byte that does not belong to a well-formed UTF-8 sequence (Unicode
 * §3.9, Table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF), or -1.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  return invalidSequence(bytes)?.bad ?? -1;
}

/** Where the first ill-formed sequence starts, and its first byte that is wrong. */
function invalidSequence(bytes: Uint8Array): { start: number; bad: number } | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // the allowed range of the second byte, and how many bytes follow the first
    let low = 0x80;
    let high = 0xbf;
    let more: number;
    if (b >= 0xc2 && b <= 0xdf) more = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      more = 2;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      more = 3;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return { start: i, bad: i };
    for (let k = 1; k <= more; k++) {
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return { start: i, bad: i + k };
    }
    i += more + 1;
  }
  return undefined;
}

/** 1-based line and column (in characters) of the byte at `offset`, from the valid text before it. */
function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const before = new TextDecoder("utf-8").decode(bytes.subarray(0, offset));
  const lines = before.split("\n");
  return { line: lines.length, column: [...(lines.at(-1) ?? "")].length + 1 };
}

export function decodeSpecBytes(bytes: Uint8Array): Decoded {
  const utf16 = startsWith(bytes, [0xff, 0xfe]) ? "utf-16le" : startsWith(bytes, [0xfe, 0xff]) ? "utf-16be" : undefined;
  if (utf16 !== undefined) {
    try {
      return { ok: true, text: new TextDecoder(utf16, { fatal: true }).decode(bytes) }; // the decoder drops the BOM
    } catch {
      return {
        ok: false,
        message: `starts with a UTF-16 byte order mark but is not valid UTF-16 (${utf16 === "utf-16le" ? "LE" : "BE"}): save it as UTF-8`,
        position: { line: 1, column: 1 },
      };
    }
  }
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(UTF8_BOM.length) : bytes;
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body) };
  } catch {
    // the decoder and the scan agree on whether the text is valid; the scan says where
    const { start, bad } = invalidSequence(body) ?? { start: 0, bad: 0 };
    const byte = (body[bad] ?? 0).toString(16).padStart(2, "0");
    const fileOffset = bad + (body === bytes ? 0 : UTF8_BOM.length);
    return {
      ok: false,
      message: `not valid UTF-8: byte 0x${byte} at offset ${fileOffset} cannot be read as text; save the file as UTF-8`,
      // the column of the character the bad byte breaks
      position: positionOf(body, start),
    };
  }
}
