// The binary's code caches (scripts/launcher.cjs): dist's, made by the build for a bare Node, and
// under V8 flags (NODE_OPTIONS, as CI often sets) one in the user's cache folder, written once,
// and never a reason for a run to fail or to print anything.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { BINARY } from "../support/binary.js";

const PROBE = fileURLToPath(new URL("../support/code-cache-probe.cjs", import.meta.url));
const FLAG = "--max-old-space-size=4096";
const root = mkdtempSync(join(tmpdir(), "alexcount-code-cache-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The environment without the runner's NODE_OPTIONS and NODE_EXTRA_CA_CERTS. */
const BARE = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "NODE_OPTIONS" && name !== "NODE_EXTRA_CA_CERTS"));

let runs = 0;

/** Runs `alexcount alexnet` with these NODE_OPTIONS (and the probe) and XDG_CACHE_HOME. */
function alexnet(nodeOptions: string, cacheHome: string) {
  const probe = join(root, `probe-${runs++}.jsonl`);
  const result = spawnSync(process.execPath, [BINARY, "alexnet", "--json"], {
    encoding: "utf8",
    env: { ...BARE, NO_COLOR: "1", XDG_CACHE_HOME: cacheHome, ALEXCOUNT_CODE_CACHE_PROBE: probe, NODE_OPTIONS: `${nodeOptions} --require ${PROBE}`.trim() },
  });
  const cache = JSON.parse(readFileSync(probe, "utf8")) as { offered: boolean; rejected?: boolean };
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, cache };
}

const bare = spawnSync(process.execPath, [BINARY, "alexnet", "--json"], { encoding: "utf8", env: { ...BARE, NO_COLOR: "1" } });

/** The files of the user's alexcount cache folder, by name, with what tells a rewrite. */
function cacheFiles(cacheHome: string): Record<string, { ino: number; mtimeMs: number; size: number }> {
  const dir = join(cacheHome, "alexcount");
  return Object.fromEntries(
    readdirSync(dir).map((name) => {
      const { ino, mtimeMs, size } = statSync(join(dir, name));
      return [name, { ino, mtimeMs, size }];
    }),
  );
}

describe("the code cache under V8 flags", () => {
  it("is written once to the user's cache folder, and taken by V8 from then on", () => {
    expect(bare.status).toBe(0);
    const cacheHome = join(root, "home");
    const first = alexnet(FLAG, cacheHome);
    expect({ status: first.status, stderr: first.stderr, stdout: first.stdout }).toEqual({ status: 0, stderr: "", stdout: bare.stdout });
    // dist's cache was made without the flag: V8 refuses it
    expect(first.cache).toEqual({ offered: true, rejected: true });
    const written = cacheFiles(cacheHome);
    const names = Object.keys(written);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^\d+\.\d+\.\d+-[0-9a-f]{12}-v\d+\.\d+\.\d+-[0-9a-f]{8}\.cache$/);
    expect(written[names[0]!]!.size).toBeGreaterThan(10_000);

    const second = alexnet(FLAG, cacheHome);
    expect({ status: second.status, stderr: second.stderr, stdout: second.stdout }).toEqual({ status: 0, stderr: "", stdout: bare.stdout });
    expect(second.cache).toEqual({ offered: true, rejected: false });
    // not written again: the same file, untouched
    expect(cacheFiles(cacheHome)).toEqual(written);
  });

  it("keeps one cache per set of flags", () => {
    const cacheHome = join(root, "two-flags");
    alexnet(FLAG, cacheHome);
    alexnet("--max-old-space-size=2048", cacheHome);
    expect(Object.keys(cacheFiles(cacheHome))).toHaveLength(2);
    expect(alexnet("--max-old-space-size=2048", cacheHome).cache).toEqual({ offered: true, rejected: false });
  });

  it("is not written when dist's cache fits: Node options only, no V8 flag", () => {
    const cacheHome = join(root, "bare");
    const run = alexnet("", cacheHome); // only the probe's --require, a Node option: V8's flags are the build's
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(run.cache).toEqual({ offered: true, rejected: false });
    expect(() => readdirSync(join(cacheHome, "alexcount"))).toThrow(/ENOENT/);
  });

  it("never breaks a run or prints anything when the cache folder cannot be made", () => {
    const notAFolder = join(root, "a-file");
    writeFileSync(notAFolder, "");
    for (let i = 0; i < 2; i++) {
      const run = alexnet(FLAG, notAFolder); // XDG_CACHE_HOME/alexcount: ENOTDIR
      expect({ status: run.status, stderr: run.stderr, stdout: run.stdout }).toEqual({ status: 0, stderr: "", stdout: bare.stdout });
    }
  });

  it("never breaks a run or prints anything when the cache can be neither read nor replaced", () => {
    const cacheHome = join(root, "blocked");
    alexnet(FLAG, cacheHome);
    const [name] = Object.keys(cacheFiles(cacheHome));
    // the cache's path is a folder now: opened, it cannot be read; renamed onto, it stays
    const path = join(cacheHome, "alexcount", name!);
    rmSync(path);
    mkdirSync(path);
    const run = alexnet(FLAG, cacheHome);
    expect({ status: run.status, stderr: run.stderr, stdout: run.stdout }).toEqual({ status: 0, stderr: "", stdout: bare.stdout });
    expect(statSync(path).isDirectory()).toBe(true);
    // and no temporary file is left behind
    expect(readdirSync(join(cacheHome, "alexcount"))).toEqual([name]);
  });

  it("replaces a cache that V8 refuses", () => {
    const cacheHome = join(root, "corrupt");
    alexnet(FLAG, cacheHome);
    const [name] = Object.keys(cacheFiles(cacheHome));
    writeFileSync(join(cacheHome, "alexcount", name!), "not a code cache");
    const refused = alexnet(FLAG, cacheHome);
    expect({ status: refused.status, stdout: refused.stdout, stderr: refused.stderr }).toEqual({ status: 0, stdout: bare.stdout, stderr: "" });
    expect(refused.cache).toEqual({ offered: true, rejected: true });
    expect(alexnet(FLAG, cacheHome).cache).toEqual({ offered: true, rejected: false });
  });
});
