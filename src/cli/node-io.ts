// The real I/O for the binary: files, standard streams, the environment.

import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LIMITS } from "../spec/limits.js";
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

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/**
 * The file as UTF-8, reading at most one byte past the size limit: a larger file is refused.
 * Synchronous: the run has nothing else to do meanwhile, and the promise API sends every call
 * (open, each read, close) through libuv's thread pool, started for it and waited for.
 */
function readText(path: string | URL): string | undefined {
  let fd;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(LIMITS.maxBytes + 1);
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

/** FORCE_COLOR forces colour (unless "0" or "false"), NO_COLOR (non-empty) turns it off, else a terminal decides. */
export function colorFromEnv(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "0" && force !== "false") return true;
  if (env.NO_COLOR) return false;
  if (force !== undefined) return false;
  return isTTY;
}

export function nodeIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin,
    readFile: async (path) => readText(path),
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
    },
    colorSupported: () => colorFromEnv(process.env, process.stdout.isTTY === true),
    // read and parsed, not require()d: the module loader's resolution took a millisecond of every run
    version: (JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { version: string }).version,
  };
}
