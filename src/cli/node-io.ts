// The real I/O for the binary: files, standard streams, the environment.

import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, readdirSync, writeFileSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { LIMITS } from "../loader/limits.js";
import { colorFromEnv } from "./color.js";
import { decodeSpecBytes } from "./decode-text.js";
import { InputTooLargeError, InvalidTextError, IoFailure, type Io } from "./io.js";

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

/** The bytes as text (decode-text.ts), or InvalidTextError naming the first bad byte. */
function decoded(bytes: Uint8Array): string {
  const result = decodeSpecBytes(bytes);
  if (!result.ok) throw new InvalidTextError(result.message, result.position);
  return result.text;
}

/** The file opened for reading, or undefined when it does not exist; other failures are thrown. */
function openIfPresent(path: string | URL): number | undefined {
  try {
    return openSync(path, "r");
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/**
 * The buffer every file is read into, made once per process and not zeroed: only the bytes a
 * read filled are decoded, and `check` of many specs reads many files.
 */
let readBuffer: Buffer | undefined;

/**
 * The file as text, reading at most one byte past the size limit: a larger file is refused. A
 * read that fails once the file is open (EIO) is an IoFailure; failing to open it (EACCES,
 * EISDIR) is the argument's fault and is thrown as it is.
 * Synchronous: the run has nothing else to do meanwhile, and the promise API sends every call
 * (open, each read, close) through libuv's thread pool, started for it and waited for.
 */
function readText(path: string | URL): string | undefined {
  readBuffer ??= Buffer.allocUnsafe(LIMITS.maxBytes + 1);
  const fd = openIfPresent(path);
  if (fd === undefined) return undefined;
  try {
    const buffer = readBuffer;
    let length = 0;
    while (length < buffer.length) {
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, buffer, length, buffer.length - length, null);
      } catch (error) {
        // a directory opens, and refuses the read: that is the argument, not the device
        if ((error as NodeJS.ErrnoException).code === "EISDIR") throw error;
        throw new IoFailure(fileURLOrPath(path), "read", error);
      }
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > LIMITS.maxBytes) throw new InputTooLargeError(LIMITS.maxBytes);
    return decoded(buffer.subarray(0, length));
  } finally {
    closeSync(fd);
  }
}

/** Up to `length` bytes from `offset` and the file's size, reading nothing else of it. */
function readBytes(path: string, offset: number, length: number): { bytes: Uint8Array; size: number } | undefined {
  const fd = openIfPresent(path);
  if (fd === undefined) return undefined;
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

/** All of standard input, stopping once it passes the size limit (`yes | alexcount -` never ends). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of process.stdin) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length > LIMITS.maxBytes) {
        process.stdin.destroy();
        throw new InputTooLargeError(LIMITS.maxBytes);
      }
    }
  } catch (error) {
    if (error instanceof InputTooLargeError) throw error;
    throw new IoFailure("standard input", "read", error);
  }
  return decoded(Buffer.concat(chunks));
}

/** The exit status of an I/O error (sysexits.h's EX_IOERR), as in run.ts. */
const EX_IOERR = 74;

/** A reader that went away: EPIPE, or ECONNRESET when standard output is a socket. */
function isClosedPipe(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === "EPIPE" || code === "ECONNRESET";
}

/**
 * A reader that stops early (`alexcount big.json --json | head`) closes the pipe: stop quietly,
 * as other command-line tools do, rather than with Node's EPIPE stack trace. When standard output
 * is a socket (a parent's `spawn` pipe is a socket pair), the same goes as ECONNRESET. Any other
 * error of a stream that took over after EAGAIN comes after run() returned: say so, and exit 74.
 */
function streamError(target: string): (error: NodeJS.ErrnoException) => void {
  return (error) => {
    if (!isClosedPipe(error)) {
      try {
        writeSync(2, `alexcount: ${new IoFailure(target, "write", error).message}\n`);
      } catch {
        // standard error refuses too: the status says it
      }
      process.exit(EX_IOERR);
    }
    process.exit(process.exitCode ?? 0);
  };
}

/** How a message names a file: its path as given. */
function fileURLOrPath(path: string | URL): string {
  return typeof path === "string" ? path : fileURLToPath(path);
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
 * loads Node's stream modules (and net for a pipe, tty for a terminal), a cost at every run. A
 * pipe that another process made non-blocking may refuse a write when full (EAGAIN); from then
 * on everything goes to the stream, which waits for the reader, so the text keeps its order.
 */
export class FdWriter {
  private stream: Stream | undefined;

  constructor(
    private readonly writeBytes: WriteBytes,
    private readonly makeStream: () => Stream,
    /** How messages name it: `standard output` or `standard error`. */
    private readonly target = "standard output",
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
      const code = (error as NodeJS.ErrnoException).code;
      // a closed pipe: stop quietly (see streamError)
      if (isClosedPipe(error)) process.exit(process.exitCode ?? 0);
      if (code !== "EAGAIN") throw new IoFailure(this.target, "write", error);
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
    () => process.stdout.on("error", streamError("standard output")),
    "standard output",
  );
  const stderr = new FdWriter(
    (bytes, offset) => writeSync(2, bytes, offset),
    () => process.stderr.on("error", streamError("standard error")),
    "standard error",
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
    columns: () => (stdoutIsTerminal() ? process.stdout.columns : undefined),
    // read and parsed, not require()d: the module loader's resolution took a millisecond of every run
    version: (JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { version: string }).version,
  };
}
