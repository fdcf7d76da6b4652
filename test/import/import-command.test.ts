// `alexcount import FILE [-o SPEC]` and `alexcount FILE.prototxt`: in-process, and once through
// the built binary (npm test builds first), as users run it.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadSpec } from "../../src/loader/load.js";
import { BINARY } from "../support/binary.js";
import { runCli, runCliOnRepository } from "../support/memory-io.js";

const ALEXNET = "test/import/caffe/fixtures/bvlc_alexnet/deploy.prototxt";
const root = fileURLToPath(new URL("../../", import.meta.url));

const json = (stdout: string) => JSON.parse(stdout) as { totals: Record<string, number>; layers: { name: string; weights: number; connections: number }[] };

describe("alexcount import", () => {
  it("writes a spec on standard output that loads like a hand-written one, its header naming the source", async () => {
    const { exitCode, stdout, stderr } = await runCliOnRepository(["import", ALEXNET]);
    expect(stderr).toBe("");
    expect(exitCode).toBe(0);
    // the header comment, wrapped to fit a terminal
    const header = stdout
      .split("\n")
      .filter((line) => line.startsWith("#"))
      .map((line) => line.slice(1).trim())
      .join(" ");
    expect(header).toMatch(new RegExp(`^Imported by \`alexcount import\` from ${ALEXNET} \\(Caffe prototxt, net "AlexNet"\\); edit freely\\. `));
    const loaded = loadSpec(stdout, "alexnet.yaml");
    expect(loaded.ok && loaded.spec.network.layers.map((l) => l.name).slice(0, 4)).toEqual(["conv1", "relu1", "norm1", "pool1"]);
  });

  it("says so when it cannot write a file, rather than writing nowhere", async () => {
    const { exitCode, stdout, stderr } = await runCliOnRepository(["import", ALEXNET, "-o", "out.yaml"]);
    expect({ exitCode, stdout }).toEqual({ exitCode: 2, stdout: "" });
    expect(stderr).toContain("cannot write files");
  });

  it("reads standard input, telling a Caffe net by its first field", async () => {
    const text = readFileSync(`${root}${ALEXNET}`, "utf8");
    const { exitCode, stdout } = await runCli(["import", "-"], { stdin: text });
    expect(exitCode).toBe(0);
    expect(stdout).toContain("  - {name: conv2, type: conv, filters: 256, kernel: 5, padding: 2, groups: 2}");
  });

  it("refuses a file it cannot tell the format of", async () => {
    const { exitCode, stdout, stderr } = await runCli(["import", "notes.txt"], { files: { "notes.txt": "hello\n" } });
    expect({ exitCode, stdout, stderr }).toEqual({
      exitCode: 2,
      stdout: "",
      stderr:
        "notes.txt: cannot tell which format this is: alexcount imports Caffe nets (.prototxt), Keras and TF.js model JSON (model.to_json(), model.json), .keras archives and Hugging Face config.json files (with a model_type)\n",
    });
  });
});

describe("a safetensors file where a spec is expected", () => {
  it.each([[["model.safetensors"]], [["import", "model.safetensors"]], [["check", "model.safetensors"]]])(
    "alexcount %j points to alexcount safetensors, reading nothing",
    async (argv) => {
      // no such file exists: the name alone decides, before anything is read
      const { exitCode, stdout, stderr } = await runCli(argv);
      expect({ exitCode, stdout, stderr }).toEqual({
        exitCode: 2,
        stdout: "",
        stderr: "model.safetensors: a safetensors file holds tensors, not layers: alexcount safetensors model.safetensors reports them\n",
      });
    },
  );
});

describe("alexcount FILE.prototxt", () => {
  it("counts the BVLC AlexNet exactly as the bundled alexnet with --bias, layer by layer", async () => {
    const fromCaffe = json((await runCliOnRepository([ALEXNET, "--json"])).stdout);
    const bundled = json((await runCliOnRepository(["alexnet", "--bias", "--json"])).stdout);
    const counted = (r: ReturnType<typeof json>) => r.layers.filter((l) => l.weights > 0).map(({ weights, connections }) => ({ weights, connections }));
    expect(counted(fromCaffe)).toEqual(counted(bundled));
    expect(fromCaffe.totals).toEqual(bundled.totals);
    expect(fromCaffe.totals).toMatchObject({ weights: 60_965_224, connections: 724_406_816 });
  });

  it("works with check, compare, --explain and --no-bias", async () => {
    // an imported net has no published figures: check fails (exit 1) unless an empty check is allowed
    expect((await runCliOnRepository(["check", ALEXNET])).exitCode).toBe(1);
    const check = await runCliOnRepository(["check", ALEXNET, "--allow-empty"]);
    expect(check.exitCode).toBe(0);
    expect(check.stdout).toContain("nothing to check");
    const compare = await runCliOnRepository(["compare", "caffenet", ALEXNET, "--format", "csv"]);
    expect(compare.exitCode).toBe(0);
    expect(compare.stdout).toContain("60965224");
    const explain = await runCliOnRepository([ALEXNET, "--explain", "conv2"]);
    expect(explain.exitCode).toBe(0);
    // 27² × 5² × 48 × 256, the working of conv2's connections with groups 2
    expect(explain.stdout).toContain("223,948,800");
    // 60,965,224 − 10,568 biases (96 + 256 + 384 + 384 + 256 + 4,096 + 4,096 + 1,000)
    expect(json((await runCliOnRepository([ALEXNET, "--no-bias", "--json"])).stdout).totals.weights).toBe(60_954_656);
  });

  it("names what it could not count on standard error, and still counts the rest", async () => {
    const net = `layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 3 dim: 8 dim: 8 } } }
layer { name: "c" type: "Convolution" bottom: "data" top: "c" convolution_param { num_output: 4 kernel_size: 3 } }
layer { name: "pr" type: "PReLU" bottom: "c" top: "c" }\n`;
    const { exitCode, stdout, stderr } = await runCli(["net.prototxt", "--json"], { files: { "net.prototxt": net } });
    expect(exitCode).toBe(0);
    // 3²·3·4 + 4 = 112
    expect(json(stdout).totals.weights).toBe(112);
    expect(stderr).toBe(
      "alexcount: net.prototxt: not counted: pr (PReLU) is a relu here: its learned slopes (one per channel) are weights the spec format has no layer for.\n",
    );
  });

  it("places a shape problem the core finds at the prototxt's layer", async () => {
    const net = `layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 3 dim: 8 dim: 8 } } }
layer {
  name: "c"
  type: "Convolution" bottom: "data" top: "c" convolution_param { num_output: 4 kernel_size: 3 group: 2 }
}\n`;
    const { exitCode, stdout, stderr } = await runCli(["net.prototxt"], { files: { "net.prototxt": net } });
    expect({ exitCode, stdout }).toEqual({ exitCode: 2, stdout: "" });
    expect(stderr).toMatch(/^net\.prototxt:2:7: layer\[1\]: \(c\) .*groups \(2\) must divide the input channels \(3\)/);
  });

  it("exits 2 with the place of an unknown layer type, printing nothing on standard output", async () => {
    const net = `input: "data" input_dim: 1 input_dim: 3 input_dim: 8 input_dim: 8\nlayer { name: "x" type: "Frobnicate" bottom: "data" top: "x" }\n`;
    const { exitCode, stdout, stderr } = await runCli(["net.prototxt"], { files: { "net.prototxt": net } });
    expect({ exitCode, stdout }).toEqual({ exitCode: 2, stdout: "" });
    expect(stderr).toMatch(/^net\.prototxt:2:25: layer\[0\]\.type: \(x\) unknown layer type "Frobnicate"; alexcount reads Convolution, /);
  });
});

describe("through the built binary", () => {
  const dir = mkdtempSync(join(tmpdir(), "alexcount-import-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const alexcount = (args: string[]) => spawnSync(process.execPath, [BINARY, ...args], { encoding: "utf8", cwd: root, env: { ...process.env, NO_COLOR: "1" } });

  it("import -o writes a spec whose report is the bundled caffenet's; the prototxt counted directly gives the same", () => {
    const out = join(dir, "caffenet.yaml");
    const imported = alexcount(["import", "test/import/caffe/fixtures/bvlc_reference_caffenet/train_val.prototxt", "-o", out]);
    expect({ status: imported.status, stdout: imported.stdout, stderr: imported.stderr }).toEqual({ status: 0, stdout: "", stderr: "" });
    const fromSpec = json(alexcount([out, "--json"]).stdout);
    const direct = json(alexcount(["test/import/caffe/fixtures/bvlc_reference_caffenet/deploy.prototxt", "--json"]).stdout);
    const bundled = json(alexcount(["caffenet", "--json"]).stdout);
    expect(fromSpec.totals).toEqual(bundled.totals);
    expect(direct.totals).toEqual(bundled.totals);
    expect(bundled.totals).toMatchObject({ weights: 60_965_224, connections: 724_406_816, units: 659_272 });
  });
});
