// The built binary, as users and CI run it (npm test builds first).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BINARY } from "../support/binary.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pkg = JSON.parse(readFileSync(new URL("package.json", `file://${root}`), "utf8")) as { version: string };
const ESC = "\u001b[";

function alexcount(args: string[], options: { input?: string; env?: Record<string, string | undefined> } = {}) {
  const env = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  const r = spawnSync(process.execPath, [BINARY, ...args], { encoding: "utf8", input: options.input ?? "", env, cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the built binary", () => {
  it("prints the same AlexNet table as the golden file, with no escape codes when piped", () => {
    const r = alexcount(["alexnet"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(new URL("__golden__/alexnet.table.txt", import.meta.url), "utf8"));
    expect(r.stdout).not.toContain(ESC);
  });

  it("FORCE_COLOR forces colour; NO_COLOR wins over nothing", () => {
    expect(alexcount(["alexnet"], { env: { FORCE_COLOR: "1" } }).stdout).toContain(ESC);
    expect(alexcount(["alexnet"], { env: { NO_COLOR: "1" } }).stdout).not.toContain(ESC);
  });

  it("--json parses and matches the golden report", () => {
    const r = alexcount(["specs/alexnet.yaml", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(new URL("__golden__/alexnet.report.json", import.meta.url), "utf8")));
  });

  it("reads standard input", () => {
    const r = alexcount(["-", "--json"], { input: readFileSync(`${root}specs/alexnet.yaml`, "utf8") });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals.connections).toBe(724_406_816);
  });

  it("list, check pass and check fail", () => {
    expect(alexcount(["list"]).stdout).toMatch(/alexnet/);
    expect(alexcount(["check", "alexnet"]).code).toBe(0);
    const failing = alexcount(["check", "test/fixtures/check-fails.yaml"]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain("check FAILED");
  });

  it("check of several specs in GitHub's format: file= from GITHUB_WORKSPACE, the worst status", () => {
    // the binary runs in the repository's root; a workspace one level up makes the path start with the folder's name
    const r = alexcount(["check", "alexnet", "test/fixtures/check-fails.yaml", "--format", "github"], { env: { GITHUB_WORKSPACE: `${root}..` } });
    expect(r.code).toBe(1);
    const folder = root.split("/").filter(Boolean).at(-1);
    expect(r.stdout).toContain(`::error file=${folder}/test/fixtures/check-fails.yaml,line=12,col=23,title=Drifted%3A mismatch in layers.out.weights::`);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("2 specs checked: 1 passed, 1 FAILED (test/fixtures/check-fails.yaml)");
  });

  it("bad input: exit 2, nothing on stdout, no stack trace", () => {
    const r = alexcount(["-"], { input: "name: x\ninput: { size: 4, channels: 1 }\nlayers: [ { type: conv, filters: 1, kernel: 9 } ]\n" });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    // "layers: [ { type: conv, filters: 1, kernel: " is 44 characters; ⌊(4 − 8 − 1) / 1⌋ + 1 = −4
    expect(r.stderr).toBe("<stdin>:3:45: layers[0].kernel: (conv1) output height would be -4, below 1: the window does not fit the input height of 4\n");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("--version prints the package version", () => {
    expect(alexcount(["--version"]).stdout).toBe(`${pkg.version}\n`);
  });
});
