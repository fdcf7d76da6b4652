// The binary's real reads stop at the size limit: a huge file, /dev/zero or an endless stdin is
// refused after LIMITS.maxBytes + 1 bytes instead of being read into memory first.

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputTooLargeError } from "../../src/cli/io.js";
import { nodeIo } from "../../src/cli/node-io.js";
import { LIMITS } from "../../src/loader/load.js";
import { BINARY } from "../support/binary.js";

const dir = mkdtempSync(join(tmpdir(), "alexcount-io-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("nodeIo().readFile", () => {
  it("reads a file of exactly LIMITS.maxBytes bytes", async () => {
    const path = join(dir, "exact.yaml");
    writeFileSync(path, "#".repeat(LIMITS.maxBytes));
    expect((await nodeIo().readFile(path))?.length).toBe(LIMITS.maxBytes);
  });

  it("refuses one byte more", async () => {
    const path = join(dir, "over.yaml");
    writeFileSync(path, "#".repeat(LIMITS.maxBytes + 1));
    await expect(nodeIo().readFile(path)).rejects.toBeInstanceOf(InputTooLargeError);
  });

  it.runIf(existsSync("/dev/zero"))("refuses /dev/zero, which never ends", async () => {
    await expect(nodeIo().readFile("/dev/zero")).rejects.toThrow("the file is larger than the limit of 8,388,608 bytes");
  });

  it("still says a missing file is missing", async () => {
    expect(await nodeIo().readFile(join(dir, "nope.yaml"))).toBeUndefined();
  });
});

describe("the binary on an endless standard input", () => {
  it("exits 2 with the size limit once it has read past it (it read until memory ran out)", async () => {
    const child = spawn(process.execPath, [BINARY, "-"], { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.stdin.on("error", () => {}); // EPIPE once the CLI stops reading
    const chunk = Buffer.alloc(64 * 1024, "y\n");
    let open = true;
    const closed = new Promise<number | null>((resolve) => child.on("close", (code) => ((open = false), resolve(code))));
    const feed = async () => {
      // like `yes | alexcount -`: write until the process is gone
      while (open && child.stdin.writable) {
        child.stdin.write(chunk);
        await new Promise((resolve) => setTimeout(resolve, 1)); // let the close event through
      }
    };
    void feed();
    expect(await closed).toBe(2);
    expect(Buffer.concat(out).toString()).toBe("");
    expect(Buffer.concat(err).toString()).toBe("<stdin>: the file is larger than the limit of 8,388,608 bytes\n");
  });
});
