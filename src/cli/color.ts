// Whether stdout gets colour. The order, most specific first:
//   1. --color / --no-color, given for this run;
//   2. FORCE_COLOR: any value but "0" or "false" forces colour, "0" or "false" turns it off;
//   3. NO_COLOR, when set and not empty, turns it off (https://no-color.org);
//   4. otherwise, colour when stdout is a terminal.
// FORCE_COLOR before NO_COLOR as Node itself orders them ("When FORCE_COLOR is used and set to a
// supported value, both the NO_COLOR, and NODE_DISABLE_COLORS environment variables are
// ignored", Node's CLI docs) and chalk's supports-color reads FORCE_COLOR alone: NO_COLOR is
// usually a standing preference in a shell profile, FORCE_COLOR a setting for one job (a CI log
// that renders colour). no-color.org asks that command-line arguments override NO_COLOR, and
// force-color.org the same of FORCE_COLOR: the flags come first.

/** What the environment says: FORCE_COLOR, then NO_COLOR, then whether stdout is a terminal (asked only then). */
export function colorFromEnv(env: Readonly<Record<string, string | undefined>>, isTTY: () => boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (env.NO_COLOR) return false;
  return isTTY();
}

/** The flag when one was given (`--color` true, `--no-color` false), else what the environment says. */
export function useColor(flag: boolean | undefined, fromEnv: () => boolean): boolean {
  return flag ?? fromEnv();
}
