// "Did you mean": the messages for an argument that names nothing — a misspelt command
// (`alexcount chek alexnet`) or a misspelt bundled spec (`alexcount alexnt`).

import { closeNames } from "../loader/problems.js";

/** Whether an argument looks like a path or standard input rather than a bare word. */
function looksLikePath(arg: string): boolean {
  return arg === "-" || /[\\/.]/.test(arg);
}

/**
 * The message for `alexcount WORD SPEC…`, more than the one SPEC the root command takes: WORD
 * is a misspelt command when it is a bare word that no bundled spec has; else it is two specs
 * given where one is read, and compare is what sets them side by side.
 */
export function excessArgumentsMessage(args: readonly string[], commands: readonly string[], bundled: readonly string[]): string {
  const [first = ""] = args;
  if (!looksLikePath(first) && !bundled.includes(first)) {
    const close = closeNames(first, commands, 1);
    const hint = close.length > 0 ? `; did you mean ${close.join("")}?` : "";
    return `${first} is not a command${hint} (commands: ${commands.join(", ")})`;
  }
  return `one spec at a time: got ${args.length} (${args.join(", ")}); to set specs side by side: alexcount compare ${args.join(" ")}`;
}

/** `; did you mean alexnet?` when a bundled name is close to a bare word that names no file, else "". */
export function bundledNameHint(arg: string, bundled: readonly string[]): string {
  if (looksLikePath(arg)) return "";
  const close = closeNames(arg, bundled, 3);
  return close.length > 0 ? `; did you mean ${close.join(" or ")}?` : "";
}
