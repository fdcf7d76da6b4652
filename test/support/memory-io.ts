// An in-memory Io for running the CLI in-process: files and standard input are strings, and
// what the CLI writes is collected, so a test can look at stdout, stderr and the exit status.

import { run } from "../../src/cli/run.js";
import type { Io } from "../../src/cli/io.js";

export interface MemoryFiles {
  readonly [path: string]: string;
}

export interface RunResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock milliseconds the run took. */
  readonly ms: number;
}

export interface MemoryIoOptions {
  readonly files?: MemoryFiles;
  readonly stdin?: string;
  /** Bundled specs by name (default: none, so a stray argument never resolves to one). */
  readonly bundled?: MemoryFiles;
}

export function memoryIo(options: MemoryIoOptions = {}): { io: Io; stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  const files = options.files ?? {};
  const bundled = options.bundled ?? {};
  const io: Io = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    readStdin: async () => options.stdin ?? "",
    readFile: async (path) => (Object.hasOwn(files, path) ? files[path] : undefined),
    bundled: {
      names: () => Object.keys(bundled).sort(),
      read: async (name) => (Object.hasOwn(bundled, name) ? bundled[name] : undefined),
    },
    colorSupported: () => false,
    version: "0.0.0-test",
  };
  return { io, stdout: () => out.join(""), stderr: () => err.join("") };
}

/** Runs `alexcount ARGV` in-process on in-memory files and standard input. */
export async function runCli(argv: readonly string[], options: MemoryIoOptions = {}): Promise<RunResult> {
  const { io, stdout, stderr } = memoryIo(options);
  const start = performance.now();
  const exitCode = await run(argv, io);
  return { exitCode, stdout: stdout(), stderr: stderr(), ms: performance.now() - start };
}
