// Text made safe for XML 1.0 (SVG, JUnit): markup characters escaped, and the characters XML 1.0
// forbids (most C0 controls, lone surrogates, U+FFFE and U+FFFF) replaced, since no escape can
// carry them: an XML parser must refuse a document holding one, even as `&#1;`.

const MARKUP: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]  (XML 1.0 §2.2) */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The replacement for a character XML 1.0 cannot hold: U+FFFD, as a decoder marks bad input. */
const REPLACEMENT = "\uFFFD";

/** Escapes text for XML character data and attribute values; forbidden characters become U+FFFD. */
export function xmlEscape(text: string): string {
  return text.replace(NOT_XML_CHAR, REPLACEMENT).replace(/[&<>"']/g, (ch) => MARKUP[ch] ?? ch);
}
