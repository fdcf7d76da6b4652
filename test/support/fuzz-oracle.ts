// What every run of the CLI must satisfy, whatever it was given (contract §4 and the brief for
// hostile input): exit 0, 1 or 2 and nothing else; no stack trace and no "internal error";
// within a time bound where one is given; on exit 2 nothing on stdout and, on stderr, messages that name the file
// and the place.

export interface Outcome {
  /** null when the process was killed (the binary runs only). */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** process warnings emitted during an in-process run (the binary prints them on stderr) */
  readonly warnings: readonly string[];
}

export interface OracleInput {
  readonly argv: readonly string[];
  /** How the CLI names the spec in messages: the path, or <stdin>. */
  readonly file: string;
}

/** Messages about the file as a whole, which have no line and column to give. */
const WHOLE_FILE = [
  /^the file is empty\b/,
  /^the file is larger than the limit\b/,
  // an imported net (docs/import.md) that has no layers or no input at all
  /^no layers: a Caffe net\b/,
  /^the net has no input\b/,
  /^no layer that alexcount counts\b/,
  // `alexcount import` of a file that is no format it reads (a config.json that lost its model_type, a Keras JSON whose first key was broken)
  /^cannot tell which format this is\b/,
];

const STACK_TRACE = /\n\s+at .+(:\d+:\d+|\(native\)|<anonymous>)/;

/** `timeLimitMs`: a bound on the run's wall time, for `npm run fuzz`; the test suite gives none. */
export function violations(input: OracleInput, outcome: Outcome, timeLimitMs?: number): string[] {
  const out: string[] = [];
  const { exitCode, stdout, stderr } = outcome;
  const isCheck = input.argv[0] === "check";
  const json = input.argv.includes("--json");

  if (exitCode === null) out.push("killed (timed out or crashed)");
  else if (![0, 1, 2].includes(exitCode)) out.push(`exit ${exitCode}`);
  if (exitCode === 1 && !isCheck) out.push("exit 1 outside check");
  if (timeLimitMs !== undefined && outcome.ms > timeLimitMs) out.push(`took ${Math.round(outcome.ms)} ms, over the ${timeLimitMs} ms bound`);
  if (STACK_TRACE.test(`\n${stderr}`) || /\n {4}at /.test(stderr)) out.push("stack trace on stderr");
  if (/internal error/i.test(stderr)) out.push("internal error");
  if (outcome.warnings.length > 0) out.push(`process warning: ${outcome.warnings[0]}`);

  // warnings (a .json file that is not strict JSON, say) are located too, and may come with any exit
  const warning = new RegExp(`^${escapeRegExp(input.file)}:\\d+:\\d+: warning: \\S.*\\n`, "gm");
  const problems = stderr.replace(warning, "");
  if (exitCode === 2) {
    if (stdout !== "") out.push("exit 2 but stdout is not empty");
    out.push(...locatedProblems(input.file, problems));
  } else if (exitCode === 0 || exitCode === 1) {
    // an imported file may name, on stderr, what its spec could not count (docs/import.md)
    const notCounted = `alexcount: ${input.file}: not counted: `;
    const unexpected = problems
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith(notCounted))
      .join("\n");
    if (unexpected !== "") out.push(`exit ${exitCode} with stderr: ${firstLine(unexpected)}`);
    if (stdout === "") out.push(`exit ${exitCode} with nothing on stdout`);
    if (json) {
      try {
        const parsed = JSON.parse(stdout) as { ok?: unknown; totals?: unknown };
        if (isCheck && parsed.ok !== (exitCode === 0)) out.push(`check --json says ok: ${String(parsed.ok)} but exit is ${exitCode}`);
        if (!isCheck && typeof parsed.totals !== "object") out.push("JSON report without totals");
      } catch {
        out.push("--json output is not JSON");
      }
    }
  }
  return out;
}

/** Every line is a heading, a "… and N more", or `FILE:LINE:COL: …` (or a whole-file message). */
function locatedProblems(file: string, stderr: string): string[] {
  if (stderr.trim() === "") return ["exit 2 with nothing on stderr"];
  if (!stderr.endsWith("\n")) return ["stderr does not end with a newline"];
  const out: string[] = [];
  const lines = stderr.slice(0, -1).split("\n");
  for (const [i, line] of lines.entries()) {
    if (i === 0 && /^alexcount: \d+ problems$/.test(line)) continue;
    if (i === lines.length - 1 && /^… and \d+ more$/.test(line)) continue;
    if (!line.startsWith(`${file}:`)) {
      out.push(`stderr line ${i + 1} does not start with the file name: ${JSON.stringify(line.slice(0, 120))}`);
      continue;
    }
    const rest = line.slice(file.length + 1);
    if (/^\d+:\d+: \S/.test(rest)) continue;
    if (rest.startsWith(" ") && WHOLE_FILE.some((re) => re.test(rest.slice(1)))) continue;
    out.push(`stderr line ${i + 1} has no line:column: ${JSON.stringify(line.slice(0, 120))}`);
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function firstLine(text: string): string {
  return JSON.stringify(text.split("\n")[0]?.slice(0, 120) ?? "");
}
