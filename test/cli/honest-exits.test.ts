// An I/O error is not a bug (issue 12): a write that the system refuses (a full disk, EIO) or a
// read that fails once the file is open gives one line naming the stream or file and the
// system's reason, and exit 74 (EX_IOERR, sysexits.h); a closed pipe stays quiet. Text that is
// not valid UTF-8 is refused at its first bad byte; UTF-16 with a byte order mark is read.
// Colour: --color and --no-color win, then FORCE_COLOR, then NO_COLOR, then the terminal.

import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { colorFromEnv, useColor } from "../../src/cli/color.js";
import { decodeSpecBytes, firstInvalidUtf8 } from "../../src/cli/decode-text.js";
import { IoFailure, systemReason } from "../../src/cli/io.js";
import { FdWriter } from "../../src/cli/node-io.js";
import { run } from "../../src/cli/run.js";
import { BINARY } from "../support/binary.js";
import { memoryIo } from "../support/memory-io.js";

const ALEXNET = readFileSync(new URL("../../specs/alexnet.yaml", import.meta.url), "utf8");
/** 4 × 3 = 12 weights and connections, 3 units. */
const SMALL = "name: small\ninput: { features: 4 }\nbias: false\nlayers:\n  - { type: dense, units: 3 }\n";

const errno = (code: string, description: string, syscall: string) => Object.assign(new Error(`${code}: ${description}, ${syscall}`), { code, syscall });

describe("a refused write or read", () => {
  it("systemReason: the description and the code, as people read them", () => {
    expect(systemReason(errno("ENOSPC", "no space left on device", "write"))).toBe("no space left on device (ENOSPC)");
    expect(systemReason(Object.assign(new Error("EACCES: permission denied, open '/x'"), { code: "EACCES" }))).toBe("permission denied (EACCES)");
  });

  it("FdWriter turns an EIO from its fd into an IoFailure naming the stream", () => {
    const writer = new FdWriter(
      () => {
        throw errno("EIO", "i/o error", "write");
      },
      () => ({ write: () => true }),
      "standard output",
    );
    expect(() => writer.write("x")).toThrow(IoFailure);
    expect(() => writer.write("x")).toThrow("cannot write to standard output: i/o error (EIO)");
  });

  it("in-process: stdout refuses with ENOSPC, one line on stderr, exit 74, nothing half-printed", async () => {
    const { io, stderr } = memoryIo({ bundled: { alexnet: ALEXNET } });
    const failing = {
      ...io,
      stdout: () => {
        throw new IoFailure("standard output", "write", errno("ENOSPC", "no space left on device", "write"));
      },
    };
    expect(await run(["alexnet"], failing)).toBe(74);
    expect(stderr()).toBe("alexcount: cannot write to standard output: no space left on device (ENOSPC)\n");
  });

  it("in-process: stdout and stderr both refuse, exit 74 and no exception", async () => {
    const { io } = memoryIo({ bundled: { alexnet: ALEXNET } });
    const refuse = (target: string) => () => {
      throw new IoFailure(target, "write", errno("EIO", "i/o error", "write"));
    };
    expect(await run(["alexnet"], { ...io, stdout: refuse("standard output"), stderr: refuse("standard error") })).toBe(74);
    // a usage error whose message cannot be written
    expect(await run(["--bogus"], { ...io, stderr: refuse("standard error") })).toBe(74);
  });

  it("in-process: a read that fails once open, exit 74 naming the file", async () => {
    const { io, stderr, stdout } = memoryIo();
    const failing = {
      ...io,
      readFile: async (path: string) => {
        throw new IoFailure(path, "read", errno("EIO", "i/o error", "read"));
      },
    };
    expect(await run(["net.yaml"], failing)).toBe(74);
    expect(stderr()).toBe("alexcount: cannot read net.yaml: i/o error (EIO)\n");
    expect(stdout()).toBe("");
  });

  it("the binary, > /dev/full: one line, exit 74", () => {
    const full = openSync("/dev/full", "w");
    try {
      const r = spawnSync(process.execPath, [BINARY, "alexnet"], { stdio: ["ignore", full, "pipe"], encoding: "utf8" });
      expect(r.stderr).toBe("alexcount: cannot write to standard output: no space left on device (ENOSPC)\n");
      expect(r.status).toBe(74);
    } finally {
      closeSync(full);
    }
  });

  it("the binary, /proc/self/mem (opens, then refuses the read with EIO): exit 74", () => {
    const r = spawnSync(process.execPath, [BINARY, "/proc/self/mem"], { encoding: "utf8" });
    expect(r.stderr).toBe("alexcount: cannot read /proc/self/mem: i/o error (EIO)\n");
    expect(r.status).toBe(74);
  });

  it("the binary, a reader that closes the pipe early: quiet, exit 0", () => {
    const r = spawnSync(
      "bash",
      ["-c", `set -o pipefail; "${process.execPath}" "${BINARY}" alexnet --json | head -c 1 > /dev/null; echo "status \${PIPESTATUS[0]}" >&2`],
      {
        encoding: "utf8",
      },
    );
    expect(r.stderr).toBe("status 0\n");
  });
});

describe("the bytes of a spec", () => {
  const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

  it.each([
    ["a lone continuation byte", [0x80], 0],
    ["0xFF, never in UTF-8", [0xff], 0],
    ["an overlong NUL (C0 80)", [0xc0, 0x80], 0],
    ["an overlong slash (E0 80 AF)", [0xe0, 0x80, 0xaf], 1],
    ["a surrogate (ED A0 80)", [0xed, 0xa0, 0x80], 1],
    ["past U+10FFFF (F4 90 80 80)", [0xf4, 0x90, 0x80, 0x80], 1],
    ["a sequence cut short (E2 82 then a)", [0xe2, 0x82, 0x61], 2],
  ])("%s: refused at the byte that breaks it", (_label, bad, at) => {
    const prefix = "name: n\nab"; // 10 bytes
    expect(firstInvalidUtf8(bytes(prefix, bad))).toBe(10 + at);
    const decoded = decodeSpecBytes(bytes(prefix, bad));
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.message).toContain(`at offset ${10 + at}`);
      // line 2; "ab" before it, so column 3 (the bad byte within a sequence: still column 3)
      expect(decoded.position).toEqual({ line: 2, column: 3 });
    }
  });

  it("valid UTF-8 of every length decodes: é (2 bytes), € (3), 😀 (4)", () => {
    expect(decodeSpecBytes(bytes("é€😀"))).toEqual({ ok: true, text: "é€😀" });
    expect(firstInvalidUtf8(bytes("é€😀"))).toBe(-1);
  });

  it("a UTF-8 byte order mark is dropped; UTF-16 LE and BE with their marks are read", () => {
    expect(decodeSpecBytes(bytes([0xef, 0xbb, 0xbf], "name: n"))).toEqual({ ok: true, text: "name: n" });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("name: n", "utf16le")]);
    expect(decodeSpecBytes(le)).toEqual({ ok: true, text: "name: n" });
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(decodeSpecBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({ ok: true, text: "name: n" });
  });

  it("UTF-16 that is not whole (an odd byte): refused, saying UTF-16", () => {
    const decoded = decodeSpecBytes(Buffer.from([0xff, 0xfe, 0x61]));
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.message).toContain("UTF-16");
  });

  const dir = mkdtempSync(join(tmpdir(), "alexcount-bytes-"));
  const binary = (file: string, content: Uint8Array) => {
    writeFileSync(join(dir, file), content);
    return spawnSync(process.execPath, [BINARY, file, "--json"], { encoding: "utf8", cwd: dir });
  };

  it("the binary: invalid UTF-8 is exit 2 with the file, line:column and byte offset", () => {
    const r = binary("bad.yaml", bytes('name: n\ninput: { features: 4 }\nlayers: [{ type: dense, units: 3, name: "', [0xff], '" }]\n'));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    // line 3 starts after "name: n\n" (8 bytes) and "input: { features: 4 }\n" (23); `layers: [{ type:
    // dense, units: 3, name: "` is 41 characters, so the byte is column 42, offset 8 + 23 + 41 = 72
    expect(r.stderr).toBe("bad.yaml:3:42: not valid UTF-8: byte 0xff at offset 72 cannot be read as text; save the file as UTF-8\n");
  });

  it("the binary: the same spec as UTF-8, UTF-8 with a BOM, UTF-16 LE and BE gives the same report (12 weights)", () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SMALL, "utf16le")]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(Buffer.from(SMALL, "utf16le")).swap16()]);
    for (const [file, content] of [
      ["utf8.yaml", Buffer.from(SMALL)],
      ["bom.yaml", bytes([0xef, 0xbb, 0xbf], SMALL)],
      ["le.yaml", le],
      ["be.yaml", be],
    ] as const) {
      const r = binary(file, content);
      expect(r.stderr, file).toBe("");
      expect((JSON.parse(r.stdout) as { totals: { weights: number } }).totals.weights).toBe(12);
    }
  });
});

describe("colour: flags, then FORCE_COLOR, then NO_COLOR, then the terminal", () => {
  const tty = () => true;
  const pipe = () => false;
  it.each([
    [{}, tty, true],
    [{}, pipe, false],
    [{ NO_COLOR: "1" }, tty, false],
    [{ NO_COLOR: "" }, tty, true], // empty: not set (no-color.org)
    [{ FORCE_COLOR: "1" }, pipe, true],
    [{ FORCE_COLOR: "" }, pipe, true], // as Node and supports-color read it
    [{ FORCE_COLOR: "0" }, tty, false],
    [{ FORCE_COLOR: "false" }, tty, false],
    [{ FORCE_COLOR: "1", NO_COLOR: "1" }, pipe, true], // FORCE_COLOR wins, as in Node
    [{ FORCE_COLOR: "0", NO_COLOR: "1" }, tty, false],
  ])("env %j on a %s: %s", (env, isTTY, expected) => {
    expect(colorFromEnv(env, isTTY)).toBe(expected);
  });

  it.each([
    [true, false, true],
    [false, true, false],
    [undefined, true, true],
    [undefined, false, false],
  ])("flag %s, environment %s: %s", (flag, fromEnv, expected) => {
    expect(useColor(flag, () => fromEnv)).toBe(expected);
  });

  it.each([
    [["--color"], false, true],
    [["--no-color"], true, false],
    [[], true, true],
    [[], false, false],
  ])("alexcount alexnet %j where the environment says %s: colour %s", async (flags, envSays, coloured) => {
    const { io, stdout } = memoryIo({ bundled: { alexnet: ALEXNET }, color: envSays });
    expect(await run(["alexnet", ...flags], io)).toBe(0);
    expect(stdout().includes("\u001b[")).toBe(coloured);
  });

  it("the binary: --no-color beats FORCE_COLOR, --color beats NO_COLOR", () => {
    const env = { ...process.env };
    delete env.FORCE_COLOR;
    delete env.NO_COLOR;
    const r1 = spawnSync(process.execPath, [BINARY, "alexnet", "--no-color"], { encoding: "utf8", env: { ...env, FORCE_COLOR: "1" } });
    expect(r1.stdout).not.toContain("\u001b[");
    const r2 = spawnSync(process.execPath, [BINARY, "alexnet", "--color"], { encoding: "utf8", env: { ...env, NO_COLOR: "1" } });
    expect(r2.stdout).toContain("\u001b[");
  });
});
