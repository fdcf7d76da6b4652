// An in-memory Io for running the CLI in-process: captured stdout and stderr, a given standard
// input, and the repository's real bundled specs (specs/), so tests see what users get.

import { readFileSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Io } from "../../src/cli/io.js";
import { run } from "../../src/cli/run.js";

const specsDir = new URL("../../specs/", import.meta.url);

/** The bundled spec names, as the binary lists them: specs/*.yaml without the extension. */
export function bundledNames(): string[] {
  return readdirSync(specsDir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

export interface MemoryIoOptions {
  /** What standard input holds (default: nothing). */
  readonly stdin?: string;
  /** Files by path; other paths are read from the real file system. */
  readonly files?: Readonly<Record<string, string>>;
  /** What the terminal would allow (default: no colour). */
  readonly color?: boolean;
}

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function memoryIo(options: MemoryIoOptions = {}): { io: Io; stdout: () => string; stderr: () => string } {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => options.stdin ?? "",
    readFile: async (path) => {
      const given = options.files?.[path];
      if (given !== undefined) return given;
      try {
        return await readFile(path, "utf8");
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") return undefined;
        throw error;
      }
    },
    bundled: {
      names: bundledNames,
      read: async (name) => (bundledNames().includes(name) ? readFileSync(new URL(`${name}.yaml`, specsDir), "utf8") : undefined),
    },
    colorSupported: () => options.color ?? false,
    version: "0.0.0-test",
  };
  return { io, stdout: () => stdout, stderr: () => stderr };
}

/** Runs `alexcount argv…` in-process and returns its exit code and output. */
export async function runCli(argv: readonly string[], options: MemoryIoOptions = {}): Promise<Captured> {
  const { io, stdout, stderr } = memoryIo(options);
  const code = await run(argv, io);
  return { code, stdout: stdout(), stderr: stderr() };
}
