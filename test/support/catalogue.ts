// The examples of docs/errors.md: read from the Markdown and run through the CLI in-process.
//
// An example is a ```text block whose first line is the command (`$ alexcount ARGS`, or
// `$ yes | alexcount -`) and whose other lines are exactly what it prints on stderr. The
// ```yaml, ```json or ```prototxt block just before it, if any, is the spec: the file the command names,
// or standard input for `-`. In a spec, a line ending in `# × N` stands for N copies of itself.
// A command may end in `# exit status N` (the status when it is not 2); it may start with
// `printf 'BYTES' | ` (standard input holds those bytes, `\xHH` escapes read as printf reads
// them) and end in `> /dev/full` (standard output refuses every write, as a full device does).

import { readFileSync } from "node:fs";
import { run } from "../../src/cli/run.js";
import { nodeIo } from "../../src/cli/node-io.js";
import { LIMITS } from "../../src/loader/load.js";
import { memoryIo } from "./memory-io.js";
import { decodeSpecBytes } from "../../src/cli/decode-text.js";
import { InvalidTextError, IoFailure } from "../../src/cli/io.js";

export interface Example {
  /** The heading the example sits under. */
  readonly title: string;
  /** 1-based line of the command in the Markdown. */
  readonly line: number;
  readonly spec?: string;
  readonly command: string;
  readonly stderr: string;
  /** The exit status, when it is not 2. */
  readonly exit?: number;
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
      const [command = "", exit] = body[0].slice(2).split(/\s+# exit status /);
      out.push({
        title,
        line: start + 1,
        ...(spec === undefined ? {} : { spec }),
        command,
        stderr: `${body.slice(1).join("\n")}\n`,
        ...(exit === undefined ? {} : { exit: Number(exit) }),
      });
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

/** printf's `\xHH` escapes, as bytes. */
function printfBytes(format: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < format.length; i++) {
    const hex = /^\\x([0-9a-fA-F]{2})/.exec(format.slice(i));
    if (hex) {
      bytes.push(Number.parseInt(hex[1]!, 16));
      i += 3;
    } else if (format.startsWith("\\n", i)) {
      bytes.push(0x0a);
      i += 1;
    } else bytes.push(...Buffer.from(format[i]!, "utf8"));
  }
  return Uint8Array.from(bytes);
}

export async function runExample(example: Example): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const endless = example.command.startsWith("yes | ");
  const printf = /^printf '([^']*)' \| /.exec(example.command);
  const full = example.command.endsWith(" > /dev/full");
  const argv = example.command
    .replace(/^yes \| /, "")
    .replace(/^printf '[^']*' \| /, "")
    .replace(/ > \/dev\/full$/, "")
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
  const readStdin = async () => {
    if (!printf) return io.readStdin();
    // the bytes decoded as the binary's Io decodes them (src/cli/node-io.ts)
    const decoded = decodeSpecBytes(printfBytes(printf[1]!));
    if (!decoded.ok) throw new InvalidTextError(decoded.message, decoded.position);
    return decoded.text;
  };
  const refuse = () => {
    throw new IoFailure("standard output", "write", Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }));
  };
  const exitCode = await run(argv, {
    ...io,
    readStdin,
    ...(full ? { stdout: refuse } : {}),
    // absolute paths (`/`, `/proc/self/mem`) are read from the real file system
    readFile: (path) => (path.startsWith("/") ? real.readFile(path) : io.readFile(path)),
  });
  return { exitCode, stdout: stdout(), stderr: stderr() };
}
