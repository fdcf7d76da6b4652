// The real I/O for the binary: files, standard streams, the environment.

import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, readdirSync, writeFileSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { LIMITS } from "../loader/limits.js";
import { InputTooLargeError, type Io } from "./io.js";

/**
 * The package root, where specs/ and package.json live: the nearest folder above this module
 * that has a package.json. That is two levels up from tsc's dist/cli/node-io.js and one up
 * from the bundled binary, dist/alexcount.bundle.cjs.
 */
function packageRoot(): URL {
  let dir = new URL("./", import.meta.url);
  for (;;) {
    if (existsSync(new URL("package.json", dir))) return dir;
    const parent = new URL("../", dir);
    if (parent.href === dir.href) throw new Error(`no package.json above ${import.meta.url}`);
    dir = parent;
  }
}

const root = packageRoot();
const specsDir = new URL("specs/", root);
/** The bundled specs as the build loaded them (scripts/build-bin.mjs). */
const prebuiltDir = new URL("dist/specs/", root);

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/**
 * The buffer every file is read into, made once per process and not zeroed: only the bytes a
 * read filled are decoded. A zeroed 8 MiB buffer for each file cost `check` of every bundled
 * spec in one process some 18% of its time (a CPU profile: 620 of 3,430 ms, Buffer.alloc).
 */
let readBuffer: Buffer | undefined;

/**
 * The file as UTF-8, reading at most one byte past the size limit: a larger file is refused.
 * Synchronous: the run has nothing else to do meanwhile, and the promise API sends every call
 * (open, each read, close) through libuv's thread pool, started for it and waited for.
 */
function readText(path: string | URL): string | undefined {
  readBuffer ??= Buffer.allocUnsafe(LIMITS.maxBytes + 1);
  let fd;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  try {
    const buffer = readBuffer;
    let length = 0;
    while (length < buffer.length) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > LIMITS.maxBytes) throw new InputTooLargeError(LIMITS.maxBytes);
    return buffer.toString("utf8", 0, length);
  } finally {
    closeSync(fd);
  }
}

/** All of standard input, stopping once it passes the size limit (`yes | alexcount -` never ends). */
/** Up to `length` bytes from `offset` and the file's size, reading nothing else of it. */
function readBytes(path: string, offset: number, length: number): { bytes: Uint8Array; size: number } | undefined {
  let fd;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
    return { bytes: buffer.subarray(0, read), size };
  } finally {
    closeSync(fd);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length > LIMITS.maxBytes) {
      process.stdin.destroy();
      throw new InputTooLargeError(LIMITS.maxBytes);
    }
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * FORCE_COLOR forces colour (unless "0" or "false"), NO_COLOR (non-empty) turns it off, else a
 * terminal decides: `isTTY` is asked only then.
 */
function colorFromEnv(env: NodeJS.ProcessEnv, isTTY: () => boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "0" && force !== "false") return true;
  if (env.NO_COLOR) return false;
  if (force !== undefined) return false;
  return isTTY();
}

/**
 * A reader that stops early (`alexcount big.json --json | head`) closes the pipe: stop quietly,
 * as other command-line tools do, rather than with Node's EPIPE stack trace. When standard output
 * is a socket (a parent's `spawn` pipe is a socket pair), the same goes as ECONNRESET.
 */
function exitOnClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== "EPIPE" && error.code !== "ECONNRESET") throw error;
  process.exit(process.exitCode ?? 0);
}

/** Writes from `offset` of `bytes` and returns how many it wrote, or throws (EAGAIN, EPIPE…). */
export type WriteBytes = (bytes: Buffer, offset: number) => number;

/** What a writer hands its text to once a write is refused: process.stdout or process.stderr. */
export interface Stream {
  write(chunk: string | Uint8Array): unknown;
}

/**
 * Standard output or error, written with writeSync on its fd: process.stdout and process.stderr
 * write files, pipes and terminals synchronously on Linux too, but making one, on first use,
 * loads Node's stream modules (and net for a pipe, tty for a terminal), some 4 ms of a run. A
 * pipe that another process made non-blocking may refuse a write when full (EAGAIN); from then
 * on everything goes to the stream, which waits for the reader, so the text keeps its order.
 */
export class FdWriter {
  private stream: Stream | undefined;

  constructor(
    private readonly writeBytes: WriteBytes,
    private readonly makeStream: () => Stream,
  ) {}

  /** Whether some text went to the stream, where it may still wait (its writes are asynchronous on some systems). */
  get streamed(): boolean {
    return this.stream !== undefined;
  }

  readonly write = (text: string): void => {
    if (this.stream !== undefined) {
      this.stream.write(text);
      return;
    }
    const bytes = Buffer.from(text, "utf8");
    let written = 0;
    try {
      while (written < bytes.length) written += this.writeBytes(bytes, written);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") return exitOnClosedPipe(error as NodeJS.ErrnoException);
      this.stream = this.makeStream();
      this.stream.write(bytes.subarray(written));
    }
  };
}

/**
 * Whether standard output is a terminal. A file, a pipe or a socket is not: fstat tells them
 * apart at once. A character device may be (or be /dev/null): node:tty decides, which brings
 * net and the stream modules with it, so it is loaded only then.
 */
function stdoutIsTerminal(): boolean {
  try {
    if (!fstatSync(1).isCharacterDevice()) return false;
  } catch {
    return false; // no fd 1 at all
  }
  return (createRequire(import.meta.url)("node:tty") as typeof import("node:tty")).isatty(1);
}

/** The binary's Io, and whether every byte it wrote has left the process. */
export interface NodeIo extends Io {
  /** True unless some text went to process.stdout or process.stderr, which may still hold it. */
  readonly allWritten: () => boolean;
}

export function nodeIo(): NodeIo {
  const stdout = new FdWriter(
    (bytes, offset) => writeSync(1, bytes, offset),
    () => process.stdout.on("error", exitOnClosedPipe),
  );
  const stderr = new FdWriter(
    (bytes, offset) => writeSync(2, bytes, offset),
    () => process.stderr.on("error", exitOnClosedPipe),
  );
  return {
    stdout: stdout.write,
    stderr: stderr.write,
    allWritten: () => !stdout.streamed && !stderr.streamed,
    readStdin,
    readFile: async (path) => readText(path),
    writeFile: async (path, text) => writeFileSync(path, text),
    readBytes: async (path, offset, length) => readBytes(path, offset, length),
    bundled: {
      names: () => {
        try {
          return readdirSync(fileURLToPath(specsDir))
            .filter((f) => f.endsWith(".yaml"))
            .map((f) => f.slice(0, -".yaml".length))
            .sort();
        } catch {
          return [];
        }
      },
      read: async (name) => readText(new URL(`${name}.yaml`, specsDir)),
      prebuilt: async (name) => readText(new URL(`${name}.json`, prebuiltDir)),
    },
    colorSupported: () => colorFromEnv(process.env, stdoutIsTerminal),
    env: (name) => process.env[name],
    cwd: () => process.cwd(),
    // read and parsed, not require()d: the module loader's resolution took a millisecond of every run
    version: (JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { version: string }).version,
  };
}
