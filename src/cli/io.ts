// What the CLI needs from the outside world, injected so tests can run it in-process.

import { groupDigits } from "../core/exact.js";
import { isHfConfig } from "../import/hf/sniff-config.js";
import { looksLikeKeras } from "../import/keras/keras-model-file.js";

export interface Io {
  /** Writes to standard output; throws OutputError when the system refuses (a full disk, EIO). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error; throws OutputError when the system refuses. */
  readonly stderr: (text: string) => void;
  /** The whole of standard input. */
  readonly readStdin: () => Promise<string>;
  /** The file's text, or undefined when there is no such file. Other read errors throw. */
  readonly readFile: (path: string) => Promise<string | undefined>;
  /**
   * Names of the bundled specs (file names without extension) and a reader for them; and for
   * the binary, a reader of the JSON the build made of each (src/loader/prebuilt.ts).
   */
  readonly bundled: {
    readonly names: () => readonly string[];
    readonly read: (name: string) => Promise<string | undefined>;
    readonly prebuilt?: (name: string) => Promise<string | undefined>;
  };
  /**
   * Up to `length` bytes of the file from `offset`, and the file's size; undefined when there is
   * no such file. For binary headers (`alexcount safetensors`), which are read without the rest.
   */
  readonly readBytes?: (path: string, offset: number, length: number) => Promise<{ readonly bytes: Uint8Array; readonly size: number } | undefined>;
  /** Writes a file whole (`alexcount import -o SPEC`). Absent where nothing may be written. */
  readonly writeFile?: (path: string, text: string) => Promise<void>;
  /** Whether colour should be used on stdout (a terminal, NO_COLOR unset; FORCE_COLOR forces it). */
  readonly colorSupported: () => boolean;
  /** An environment variable (GITHUB_WORKSPACE, for the paths annotations name), or undefined. */
  readonly env: (name: string) => string | undefined;
  /** The working directory, which relative spec paths are relative to. */
  readonly cwd: () => string;

  /** The terminal's width in columns when stdout is a terminal; undefined (or absent) otherwise. */
  readonly columns?: () => number | undefined;
  readonly version: string;
}

/**
 * Thrown by an Io read that stopped at the size limit rather than read on: a spec larger than
 * LIMITS.maxBytes is refused, and /dev/zero or an endless stdin must not fill memory first.
 */
export class InputTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than the limit of ${groupDigits(maxBytes)} bytes`);
    this.name = "InputTooLargeError";
  }
}

/**
 * Files that `alexcount FILE` counts by importing them (src/cli/import-command.ts): a Caffe net
 * by its name; a Keras or TF.js model by its first key, a Hugging Face config.json by its
 * model_type (keys no spec has). A .keras archive is binary and is told by its name before it
 * is read (keras-archive-read.ts).
 */
export function isImportedInput(input: SpecInput): boolean {
  if (/\.prototxt$/i.test(input.file)) return true;
  if (input.prebuilt !== undefined || /\.ya?ml$/i.test(input.file)) return false;
  return looksLikeKeras(input.text) || isHfConfig(input.text);
}

/** Thrown by an Io read whose bytes are not text alexcount can read (invalid UTF-8); located in the file. */
export class InvalidTextError extends Error {
  constructor(
    message: string,
    /** 1-based line and column of the first byte that is not valid, in the text before it. */
    readonly position: { readonly line: number; readonly column: number },
  ) {
    super(message);
    this.name = "InvalidTextError";
  }
}

/** The reason a system call gave, as people read it: `no space left on device (ENOSPC)`. */
export function systemReason(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === "string" ? message : String(error);
  if (typeof code !== "string") return text;
  // Node writes `ENOSPC: no space left on device, write` (code: description, system call [path])
  const described = text.startsWith(`${code}: `) ? text.slice(code.length + 2).replace(/, \w+( '.*')?$/, "") : text;
  return `${described} (${code})`;
}

/**
 * Thrown when the system refuses what the CLI reads or writes (EIO, ENOSPC…): not a bug and not
 * bad input, so the CLI names the stream or file and the reason, and exits 74 (EX_IOERR).
 */
export class IoFailure extends Error {
  constructor(
    /** `standard output`, `standard error`, `standard input`, or the file's path. */
    readonly target: string,
    readonly direction: "read" | "write",
    /** The error the system call threw. */
    readonly reason: unknown,
  ) {
    super(`cannot ${direction} ${direction === "write" ? "to " : ""}${target}: ${systemReason(reason)}`);
    this.name = "IoFailure";
  }
}

export interface SpecInput {
  /** How problems name it: the path, `<stdin>`, or `alexnet (bundled)`. */
  readonly file: string;
  readonly text: string;
  /** For a bundled spec, the JSON the build made of it, if there is one. */
  readonly prebuilt?: string;
}

/** Resolves a SPEC argument: `-`, an existing path (which wins), or a bundled name. */
export class BundledSpecs {
  constructor(private readonly io: Io) {}

  private listed: readonly string[] | undefined;

  /** Listed once per run: a check of many specs asks for each one. */
  names(): readonly string[] {
    this.listed ??= this.io.bundled.names();
    return this.listed;
  }

  async read(name: string): Promise<SpecInput | undefined> {
    const text = await this.io.bundled.read(name);
    if (text === undefined) return undefined;
    const prebuilt = await this.io.bundled.prebuilt?.(name);
    return { file: `specs/${name}.yaml`, text, ...(prebuilt === undefined ? {} : { prebuilt }) };
  }

  async resolve(arg: string): Promise<SpecInput | undefined> {
    if (arg === "-") return { file: "<stdin>", text: await this.io.readStdin() };
    const text = await this.io.readFile(arg);
    if (text !== undefined) return { file: arg, text };
    return this.names().includes(arg) ? this.read(arg) : undefined;
  }
}
