// An in-memory Io for running the CLI in-process: standard input and files are strings, what
// the CLI writes is collected, so a test can look at stdout, stderr and the exit status. By
// default it is sealed (only the files given exist, and no bundled spec, so a stray argument
// never resolves to one); runCliOnRepository opens it onto the repository's real specs/ and
// file system, so tests see what users get.

import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import type { Io } from "../../src/cli/io.js";
import { run } from "../../src/cli/run.js";
import { SPECS_DIR, bundledSpecNames } from "../helpers.js";

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
  /** Files by path. */
  readonly files?: MemoryFiles;
  /** Whether a path not in `files` is read from the real file system (default: no, it does not exist). */
  readonly disk?: boolean;
  /** What standard input holds (default: nothing). */
  readonly stdin?: string;
  /** Bundled specs by name, or "repository" for specs/ (default: none). */
  readonly bundled?: MemoryFiles | "repository";
  /** What the terminal would allow (default: no colour). */
  readonly color?: boolean;
  /** Environment variables (default: none). */
  readonly env?: Readonly<Record<string, string>>;
  /** The working directory (default: /work/repo). */
  readonly cwd?: string;
}

function readDisk(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    throw error;
  }
}

/** A range of a file on disk, read alone (a sparse 16 GB file is never read whole). */
function readDiskBytes(path: string, offset: number, length: number): { bytes: Uint8Array; size: number } | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
    const read = buffer.length > 0 ? readSync(fd, buffer, 0, buffer.length, offset) : 0;
    return { bytes: buffer.subarray(0, read), size };
  } finally {
    closeSync(fd);
  }
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
    readFile: async (path) => (Object.hasOwn(files, path) ? files[path] : options.disk ? readDisk(path) : undefined),
    ...(options.disk ? { readBytes: async (path: string, offset: number, length: number) => readDiskBytes(path, offset, length) } : {}),
    bundled:
      bundled === "repository"
        ? { names: bundledSpecNames, read: async (name) => (bundledSpecNames().includes(name) ? readDisk(`${SPECS_DIR}${name}.yaml`) : undefined) }
        : { names: () => Object.keys(bundled).sort(), read: async (name) => (Object.hasOwn(bundled, name) ? bundled[name] : undefined) },
    colorSupported: () => options.color ?? false,
    env: (name) => (options.env && Object.hasOwn(options.env, name) ? options.env[name] : undefined),
    cwd: () => options.cwd ?? "/work/repo",
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

/** The options that open the Io onto the repository: specs/ bundled, other paths from disk. */
export const REPOSITORY: MemoryIoOptions = { bundled: "repository", disk: true };

/** runCli with the repository's specs/ bundled and the real file system under `files`. */
export function runCliOnRepository(argv: readonly string[], options: MemoryIoOptions = {}): Promise<RunResult> {
  return runCli(argv, { ...REPOSITORY, ...options });
}
