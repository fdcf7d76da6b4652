// The examples of docs/errors.md: read from the Markdown and run through the CLI in-process.
//
// An example is a ```text block whose first line is the command (`$ alexcount ARGS`, or
// `$ yes | alexcount -`) and whose other lines are exactly what it prints on stderr. The
// ```yaml, ```json or ```prototxt block just before it, if any, is the spec: the file the command names,
// or standard input for `-`. In a spec, a line ending in `# × N` stands for N copies of itself.

import { readFileSync } from "node:fs";
import { run } from "../../src/cli/run.js";
import { nodeIo } from "../../src/cli/node-io.js";
import { LIMITS } from "../../src/loader/load.js";
import { memoryIo } from "./memory-io.js";

export interface Example {
  /** The heading the example sits under. */
  readonly title: string;
  /** 1-based line of the command in the Markdown. */
  readonly line: number;
  readonly spec?: string;
  readonly command: string;
  readonly stderr: string;
}

export function examples(markdown: string): Example[] {
  const out: Example[] = [];
  const lines = markdown.split("\n");
  let title = "";
  let spec: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("#")) {
      title = line.replace(/^#+\s*/, "");
      spec = undefined;
      continue;
    }
    const fence = /^```(\w+)\s*$/.exec(line);
    if (!fence) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== "```") end++;
    const body = lines.slice(start, end);
    i = end;
    if (fence[1] === "yaml" || fence[1] === "json" || fence[1] === "prototxt") spec = `${body.join("\n")}\n`;
    else if (fence[1] === "text" && body[0]?.startsWith("$ ")) {
      out.push({ title, line: start + 1, ...(spec === undefined ? {} : { spec }), command: body[0].slice(2), stderr: `${body.slice(1).join("\n")}\n` });
      spec = undefined;
    }
  }
  return out;
}

/** `# × N` at the end of a line: N copies of the line, without the marker. */
export function expand(spec: string): string {
  return spec.replace(/^(.*?)\s*# × (\d+)$/gm, (_, text: string, count: string) => Array(Number(count)).fill(text).join("\n"));
}

const ALEXNET = readFileSync(new URL("../../specs/alexnet.yaml", import.meta.url), "utf8");

export async function runExample(example: Example): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const endless = example.command.startsWith("yes | ");
  const argv = example.command
    .replace(/^yes \| /, "")
    .split(" ")
    .slice(1); // drop "alexcount"
  const spec = example.spec === undefined ? undefined : expand(example.spec);
  const specFile = argv.find((arg) => /\.(ya?ml|json|prototxt)$/.test(arg));
  const { io, stdout, stderr } = memoryIo({
    files: spec !== undefined && specFile ? { [specFile]: spec } : {},
    // `yes` writes "y\n" forever; past the limit is as far as anyone reads
    stdin: endless ? "y\n".repeat(LIMITS.maxBytes / 2 + 1) : (spec ?? ""),
    bundled: { alexnet: ALEXNET },
  });
  const real = nodeIo();
  // absolute paths (`/`, `/proc/self/mem`) are read from the real file system
  const exitCode = await run(argv, { ...io, readFile: (path) => (path.startsWith("/") ? real.readFile(path) : io.readFile(path)) });
  return { exitCode, stdout: stdout(), stderr: stderr() };
}
