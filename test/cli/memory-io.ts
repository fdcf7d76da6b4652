// An in-memory Io for running the CLI in-process: files from a map (or the real bundled specs),
// captured stdout and stderr.
import { readFileSync, readdirSync } from "node:fs";
import type { Io } from "../../src/cli/io.js";
import { run } from "../../src/cli/run.js";

const specsDir = new URL("../../specs/", import.meta.url);

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export interface MemoryIoOptions {
  files?: Record<string, string>;
  stdin?: string;
  color?: boolean;
}

export function memoryIo(options: MemoryIoOptions = {}): { io: Io; out: { stdout: string; stderr: string } } {
  const out = { stdout: "", stderr: "" };
  const io: Io = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    readStdin: async () => options.stdin ?? "",
    readFile: async (path) => options.files?.[path],
    bundled: {
      names: () =>
        readdirSync(specsDir)
          .filter((f) => f.endsWith(".yaml"))
          .map((f) => f.slice(0, -5))
          .sort(),
      read: async (name) => {
        try {
          return readFileSync(new URL(`${name}.yaml`, specsDir), "utf8");
        } catch {
          return undefined;
        }
      },
    },
    colorSupported: () => options.color ?? false,
    version: "0.0.0-test",
  };
  return { io, out };
}

export async function runCli(argv: string[], options: MemoryIoOptions = {}): Promise<Captured> {
  const { io, out } = memoryIo(options);
  const code = await run(argv, io);
  return { code, ...out };
}
