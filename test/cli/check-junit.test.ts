// `alexcount check --format junit`: parsed by libxml2 (xmllint-wasm) and validated against the
// JUnit schema Jenkins uses (test/fixtures/junit-10.xsd, where it comes from is noted in it).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { runCliOnRepository as runCli } from "../support/memory-io.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
const files = { "specs/drift.yaml": fixture("check-fails.yaml"), "specs/hostile.yaml": fixture("check-hostile.yaml") };
const SCHEMA = { fileName: "junit-10.xsd", contents: fixture("junit-10.xsd") };

/** libxml2's verdict on the document against the schema: the errors, none when valid. */
async function schemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: { fileName: "report.xml", contents: xml }, schema: SCHEMA });
  return result.errors.map((e) => e.rawMessage);
}

/** The attributes of the first element named `tag` (values as written, still escaped). */
function attributesOf(xml: string, tag: string, nth = 0): Record<string, string> {
  const element = [...xml.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, "g"))][nth]?.[1] ?? "";
  return Object.fromEntries([...element.matchAll(/(\w[\w-]*)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

describe("check --format junit", () => {
  it("a suite per source and a case per published cell; failures carry the figures and the diagnosis", async () => {
    const r = await runCli(["check", "specs/drift.yaml", "--format", "junit"], { files });
    expect(r.exitCode).toBe(1);
    expect(await schemaErrors(r.stdout)).toEqual([]);
    // check-fails.yaml publishes 3 cells: hidden's weights (match), out's (mismatch), the total (stale erratum)
    expect(attributesOf(r.stdout, "testsuites")).toEqual({ name: "alexcount check", tests: "3", failures: "2", errors: "0" });
    expect(attributesOf(r.stdout, "testsuite")).toMatchObject({
      name: "Drifted: An imaginary paper, Table 1",
      tests: "3",
      failures: "2",
      file: "specs/drift.yaml",
    });
    expect(r.stdout).toContain('<testcase name="layers.hidden.weights" classname="Drifted: An imaginary paper, Table 1"/>');
    expect(r.stdout).toContain(
      '<failure type="mismatch" message="published 22, computed 20, and no erratum explains it">specs/drift.yaml:12:23: layers.out.weights: published 22, computed 20, and no erratum explains it\ncomputed: F·M = 10 × 2 = 20\nlikely: biases counted: 2 more, the figure with biases on</failure>',
    );
    expect(r.stdout).toContain('<failure type="stale-erratum" message="published 1,020, computed 1,020: listed as an erratum');
  });

  it("errata pass, with their note in system-out; AlexNet's 63 cells in 5 suites, no failure", async () => {
    const r = await runCli(["check", "alexnet", "--format", "junit"]);
    expect(r.exitCode).toBe(0);
    expect(await schemaErrors(r.stdout)).toEqual([]);
    expect(attributesOf(r.stdout, "testsuites")).toEqual({ name: "alexcount check", tests: "63", failures: "0", errors: "0" });
    expect(r.stdout.match(/<testsuite /g)).toHaveLength(5);
    expect(r.stdout.match(/<testcase /g)).toHaveLength(63);
    expect(r.stdout.match(/<system-out>/g)).toHaveLength(7);
    expect(r.stdout).toContain(
      "<system-out>specs/alexnet.yaml:59:20: layers.L4.units: published 64,869, computed 64,896: a known erratum\nerratum: printed 64,869: two digits transposed.",
    );
  });

  it("hostile names: well-formed, valid, and read back as written (golden)", async () => {
    const r = await runCli(["check", "specs/hostile.yaml", "--format", "junit"], { files });
    expect(r.exitCode).toBe(1);
    await expect(r.stdout).toMatchFileSnapshot("__golden__/check-hostile.junit.xml");
    expect(await schemaErrors(r.stdout)).toEqual([]);
    // markup in names is escaped, newlines in attributes are references, U+0001 (not allowed in XML 1.0) is U+FFFD
    expect(r.stdout).toContain(
      'name="Evil %0A::error::net, &lt;&amp;&gt; &quot;x&quot;&#10;second line: Paper, Table 1 %0A ::warning::injected&#10;&lt;script&gt;&amp;amp;"',
    );
    expect(r.stdout).toContain('<testcase name="layers.&lt;o&gt;&amp;&#13;\uFFFD.weights"');
    expect(r.stdout).not.toContain("<script>");
    expect(attributesOf(r.stdout, "testsuites")).toEqual({ name: "alexcount check", tests: "5", failures: "2", errors: "0" });
  });

  it("several specs in one document; a spec that cannot be loaded is a suite with an error, exit 2", async () => {
    const r = await runCli(["check", "lenet5", "specs/drift.yaml", "nope.yaml", "--format", "junit"], { files });
    expect(r.exitCode).toBe(2);
    expect(await schemaErrors(r.stdout)).toEqual([]);
    // lenet5: LeCun et al.'s 14 cells (specs/lenet5.yaml), all matching; drift: 3 cells, 2 failing; nope: 1 error
    expect(attributesOf(r.stdout, "testsuites")).toEqual({ name: "alexcount check", tests: "18", failures: "2", errors: "1" });
    expect(attributesOf(r.stdout, "testsuite", 2)).toMatchObject({ name: "nope.yaml", tests: "1", failures: "0", errors: "1" });
    expect(r.stdout).toContain('<error type="invalid-spec" message="could not be loaded: 1 problem">nope.yaml: no such file</error>');
    expect(r.stderr).toBe("nope.yaml: no such file\n");
  });

  it("the schema check can fail: a document without the required counts is refused", async () => {
    expect(await schemaErrors('<?xml version="1.0"?>\n<testsuites><testsuite name="x"/></testsuites>\n')).not.toEqual([]);
  });
});
