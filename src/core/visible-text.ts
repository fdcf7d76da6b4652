// Text from a spec (names, descriptions, sources, notes) made safe to show: the characters that
// act rather than print — C0 controls and DEL, C1 controls (U+0080–U+009F, some terminals read
// U+009B as CSI), the bidirectional marks, embeddings, overrides and isolates (Unicode UAX #9:
// U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and the line and paragraph separators —
// are written as escapes (`\n`, `\u001b`), so a name can neither drive a terminal nor reorder
// or split the line it is shown on. One definition, for stderr and every output format.

/** The unsafe characters past C0: DEL, C1, the bidirectional controls, the line and paragraph separators. */
const BEYOND_C0 = "\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069";

/** Every character `visibleText` escapes. */
export const UNSAFE_TEXT = new RegExp(`[\\u0000-\\u001f${BEYOND_C0}]`, "g");

/** The unsafe characters JSON.stringify leaves raw: all but C0, which it escapes itself. */
export const UNSAFE_IN_JSON = new RegExp(`[${BEYOND_C0}]`, "g");

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `\u` and four hex digits, the form JSON and JavaScript read back as the same character. */
export function unicodeEscape(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** The text with each unsafe character shown as an escape; always one line. */
export function visibleText(text: string): string {
  return text.replace(UNSAFE_TEXT, (ch) => NAMED[ch] ?? unicodeEscape(ch));
}

/** As `visibleText`, but keeping the newlines of a text written as several lines (stderr). */
export function visibleLines(text: string): string {
  return text.replace(UNSAFE_TEXT, (ch) => (ch === "\n" ? ch : (NAMED[ch] ?? unicodeEscape(ch))));
}
