// "Did you mean": the messages for an argument that names nothing — a misspelt command
// (`alexcount chek alexnet`) or a misspelt bundled spec (`alexcount alexnt`).

import { closeNames } from "../loader/problems.js";

/** Whether an argument looks like a path or standard input rather than a bare word. */
function looksLikePath(arg: string): boolean {
  return arg === "-" || /[\\/.]/.test(arg);
}

/** The message for `alexcount WORD SPEC…` where WORD is a misspelt command (see misspeltCommand). */
export function excessArgumentsMessage(args: readonly string[], commands: readonly string[]): string {
  const [first = ""] = args;
  const close = closeNames(first, commands, 1);
  const hint = close.length > 0 ? `; did you mean ${close.join("")}?` : "";
  return `${first} is not a command${hint} (commands: ${commands.join(", ")})`;
}

/**
 * Whether the first of several arguments is a misspelt command (`alexcount chek alexnet`): a bare
 * word that no bundled spec has and that is close to a command's name. Otherwise the arguments
 * are specs, which the root command takes several of.
 */
export function misspeltCommand(word: string, commands: readonly string[], bundled: readonly string[]): boolean {
  return !looksLikePath(word) && !bundled.includes(word) && closeNames(word, commands, 1).length > 0;
}

/** `; did you mean alexnet?` when a bundled name is close to a bare word that names no file, else "". */
export function bundledNameHint(arg: string, bundled: readonly string[]): string {
  if (looksLikePath(arg)) return "";
  const close = closeNames(arg, bundled, 3);
  return close.length > 0 ? `; did you mean ${close.join(" or ")}?` : "";
}
