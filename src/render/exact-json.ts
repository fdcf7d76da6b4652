// JSON text in which a bigint count is written as its digits: a JSON number, exact, however
// large (JSON sets no limit on a number's digits; RFC 8259 §6 only warns that readers using
// doubles lose precision past 2^53). JSON.stringify refuses bigints, so a value that holds one
// is written here; any other goes to JSON.stringify, with the same text.

/** Whether `value` holds a bigint anywhere. */
function holdsBigint(value: unknown): boolean {
  if (typeof value === "bigint") return true;
  if (value === null || typeof value !== "object") return false;
  return (Array.isArray(value) ? value : Object.values(value)).some(holdsBigint);
}

/** JSON.stringify(value, null, indent), but a bigint is written as its digits. */
export function exactJson(value: unknown, indent = 0): string {
  return holdsBigint(value) ? write(value, indent, "") : JSON.stringify(value, null, indent);
}

function write(value: unknown, indent: number, outer: string): string {
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  const inner = indent > 0 ? outer + " ".repeat(indent) : "";
  const open = indent > 0 ? `\n${inner}` : "";
  const close = indent > 0 ? `\n${outer}` : "";
  const separator = indent > 0 ? `,\n${inner}` : ",";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[${open}${value.map((item) => (item === undefined ? "null" : write(item, indent, inner))).join(separator)}${close}]`;
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined && typeof item !== "function");
  if (entries.length === 0) return "{}";
  const colon = indent > 0 ? ": " : ":";
  return `{${open}${entries.map(([key, item]) => `${JSON.stringify(key)}${colon}${write(item, indent, inner)}`).join(separator)}${close}}`;
}
