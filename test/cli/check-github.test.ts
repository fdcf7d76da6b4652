// `alexcount check --format github`: workflow commands that GitHub Actions turns into annotations.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
const files = { "specs/drift.yaml": fixture("check-fails.yaml"), "specs/hostile.yaml": fixture("check-hostile.yaml") };

interface Command {
  readonly name: string;
  readonly properties: Record<string, string>;
  readonly message: string;
}

// The runner's reading of a line, written from GitHub's description of workflow commands
// (`::name key=value,key=value::message`) and the escapes of actions/toolkit's command.ts.
const unescapeData = (s: string) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
const unescapeProperty = (s: string) => unescapeData(s.replace(/%3A/g, ":").replace(/%2C/g, ","));

function parseCommand(line: string): Command | undefined {
  const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return undefined;
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? "").split(",").filter(Boolean)) {
    const eq = pair.indexOf("=");
    properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
  }
  return { name: m[1] ?? "", properties, message: unescapeData(m[3] ?? "") };
}

const commandsIn = (stdout: string) => stdout.split("\n").flatMap((line) => parseCommand(line) ?? []);

describe("check --format github", () => {
  it("an error annotation on the line and column of each failing cell's published figure", async () => {
    const r = await runCli(["check", "specs/drift.yaml", "--format", "github"], { files });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    // check-fails.yaml: `      out: { weights: 22 }` is line 12, the 22 at column 23;
    // `    totals: { weights: 1020 }` is line 13, the 1020 at column 24
    expect(lines).toEqual([
      "::error file=specs/drift.yaml,line=12,col=23,title=Drifted%3A mismatch in layers.out.weights::published 22, computed 20, and no erratum explains it%0Acomputed: F·M = 10 × 2 = 20%0Alikely: biases counted: 2 more, the figure with biases on%0Asource: An imaginary paper, Table 1 (biases off)",
      "::error file=specs/drift.yaml,line=13,col=24,title=Drifted%3A stale erratum in totals.weights::published 1,020, computed 1,020: listed as an erratum, but the figure now matches: remove the erratum%0Aerratum: was printed wrong in the first draft%0Asource: An imaginary paper, Table 1 (biases off)",
      "specs/drift.yaml: check FAILED: 3 cells from 1 source — 1 match, 1 mismatch, 1 stale erratum",
    ]);
  });

  it("errata are annotated only with --annotate-errata, as notices; a passing check has no annotation", async () => {
    const quiet = await runCli(["check", "alexnet", "--format", "github"]);
    expect(quiet.exitCode).toBe(0);
    expect(commandsIn(quiet.stdout)).toEqual([]);
    expect(quiet.stdout).toBe("specs/alexnet.yaml: check passed: 63 cells from 5 sources — 56 match, 7 errata\n");

    const loud = await runCli(["check", "alexnet", "--format", "github", "--annotate-errata"]);
    expect(loud.exitCode).toBe(0);
    const notices = commandsIn(loud.stdout);
    expect(notices.map((c) => c.name)).toEqual(Array(7).fill("notice"));
    // specs/alexnet.yaml line 59: `      L4: { units: 64869, …`, the figure at column 20
    expect(notices.find((c) => c.properties.title === "AlexNet: erratum in layers.L4.units")?.properties).toEqual({
      file: "specs/alexnet.yaml",
      line: "59",
      col: "20",
      title: "AlexNet: erratum in layers.L4.units",
    });
  });

  it("hostile names stay inside their command: every line is ours, and unescapes to the text as written (golden)", async () => {
    const r = await runCli(["check", "specs/hostile.yaml", "--format", "github", "--annotate-errata"], { files });
    expect(r.exitCode).toBe(1);
    await expect(r.stdout).toMatchFileSnapshot("__golden__/check-hostile.github.txt");
    const lines = r.stdout.trimEnd().split("\n");
    // three commands (a mismatch, a stale erratum, the erratum's notice) and the verdict: the
    // names' `::error` and newlines made no line of their own
    expect(lines).toHaveLength(4);
    const commands = commandsIn(r.stdout);
    expect(commands.map((c) => [c.name, c.properties.title])).toEqual([
      ["notice", 'Evil %0A::error::net, <&> "x"\nsecond line: erratum in layers.h%25:1,2\n::error file=x::pwned.units'],
      ["error", 'Evil %0A::error::net, <&> "x"\nsecond line: mismatch in layers.<o>&\r\u0001.weights'],
      ["error", 'Evil %0A::error::net, <&> "x"\nsecond line: stale erratum in totals.weights'],
    ]);
    for (const c of commands) expect(Object.keys(c.properties)).toEqual(["file", "line", "col", "title"]);
    expect(commands[2]?.message).toContain("erratum: a note with\nnewline ::error::x and <tags> & 100%");
    expect(commands[0]?.message).toContain("source: Paper, Table 1 %0A ::warning::injected\n<script>&amp;");
    expect(lines[3]).toBe("specs/hostile.yaml: check FAILED: 5 cells from 1 source — 2 match, 1 erratum, 1 mismatch, 1 stale erratum");
  });

  it("a file name with a newline and `::` cannot start a command: escaped in file=, shown as \\n in the verdict", async () => {
    const name = "specs/a,b:c\n::error::owned.yaml";
    const r = await runCli(["check", name, "--format", "github"], { files: { [name]: fixture("check-fails.yaml") } });
    expect(r.exitCode).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^::error file=specs\/a%2Cb%3Ac%0A%3A%3Aerror%3A%3Aowned\.yaml,line=12,col=23,title=/);
    expect(commandsIn(r.stdout)[0]?.properties.file).toBe(name);
    expect(lines[2]).toBe("specs/a,b:c\\n::error::owned.yaml: check FAILED: 3 cells from 1 source — 1 match, 1 mismatch, 1 stale erratum");
  });

  it("file= is the path from GITHUB_WORKSPACE; standard input has no file, line or column", async () => {
    const inWorkspace = await runCli(["check", "drift.yaml", "--format", "github"], {
      files: { "drift.yaml": fixture("check-fails.yaml") },
      env: { GITHUB_WORKSPACE: "/home/runner/work/net/net" },
      cwd: "/home/runner/work/net/net/models",
    });
    expect(commandsIn(inWorkspace.stdout)[0]?.properties.file).toBe("models/drift.yaml");

    const stdin = await runCli(["check", "-", "--format", "github"], { stdin: fixture("check-fails.yaml") });
    expect(stdin.exitCode).toBe(1);
    expect(commandsIn(stdin.stdout).map((c) => c.properties)).toEqual([
      { title: "Drifted: mismatch in layers.out.weights" },
      { title: "Drifted: stale erratum in totals.weights" },
    ]);
  });

  it("a spec that cannot be loaded: an error annotation at each problem, exit 2", async () => {
    const bad = "name: Bad\ninput: { features: 4 }\nlayers:\n  - { name: d, type: dense, units: -1 }\n";
    const r = await runCli(["check", "bad.yaml", "--format", "github"], { files: { "bad.yaml": bad } });
    expect(r.exitCode).toBe(2);
    const [command] = commandsIn(r.stdout);
    expect(command?.name).toBe("error");
    expect(command?.properties).toMatchObject({ file: "bad.yaml", line: "4", title: "alexcount: bad.yaml could not be loaded" });
    expect(command?.message).toMatch(/^layers\[0\]\.units: /);
    expect(r.stderr).toMatch(/^bad\.yaml:4:\d+: layers\[0\]\.units: /);
  });

  it("more error annotations than GitHub shows in a step: a warning says so", async () => {
    // 12 dense layers of 1 → 1 unit, each 1 × 1 = 1 weight, each published as 2
    const layers = Array.from({ length: 12 }, (_, i) => `  - { name: d${i}, type: dense, units: 1 }`).join("\n");
    const cells = Array.from({ length: 12 }, (_, i) => `      d${i}: { weights: 2 }`).join("\n");
    const text = `name: Many\ninput: { features: 1 }\nbias: false\nlayers:\n${layers}\npublished:\n  - source: S\n    layers:\n${cells}\n`;
    const r = await runCli(["check", "many.yaml", "--format", "github"], { files: { "many.yaml": text } });
    expect(r.exitCode).toBe(1);
    const commands = commandsIn(r.stdout);
    expect(commands.filter((c) => c.name === "error")).toHaveLength(12);
    expect(commands.at(-1)).toEqual({
      name: "warning",
      properties: {},
      message: "12 error annotations: GitHub shows 10 per step; the others are in this step's log",
    });
  });
});
