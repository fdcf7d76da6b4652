#!/usr/bin/env node
// `npm run bench`: start-up and scaling of the built binary (package.json `bin`), measured in
// one run, written as Markdown to bench/results.md and printed.
//
//   start-up  `node -e 0` (the floor: Node's own start-up), `alexcount --version`, three
//             alexcount commands on the bundled AlexNet spec, the same spec as a user's YAML
//             file and as JSON, and the floor and `alexcount alexnet` under NODE_OPTIONS (a V8
//             flag, as CI often sets). All of them run in turn, round after round, so that a
//             change in the machine's load touches every command alike; the figure that matters
//             is each median over the floor's median from the same run. Every command runs
//             without NODE_EXTRA_CA_CERTS and, save the two that set it, NODE_OPTIONS (see ENV).
//   scaling   generated specs of 1,000, 10,000 and 100,000 layers (bench/generate.mjs) in a
//             temporary folder, run with --json: wall time, and peak memory as the child itself
//             reports it (bench/rusage.cjs), also round-robin.
//
//   instructions  with --instructions, each start-up command once more under valgrind's
//             callgrind: instructions executed, all threads, which other jobs on the machine
//             do not sway as they sway wall time.
//
// Options: --rounds N (start-up rounds, default 30), --scale-rounds N (default 5),
//          --formats json,yaml (default both), --out FILE (default bench/results.md),
//          --instructions (needs valgrind).

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { SHAPES, specText } from "./generate.mjs";

const { values: options } = parseArgs({
  options: {
    rounds: { type: "string", default: "30" },
    "scale-rounds": { type: "string", default: "5" },
    formats: { type: "string", default: "json,yaml" },
    out: { type: "string", default: "bench/results.md" },
    instructions: { type: "boolean", default: false },
  },
});
const ROUNDS = Number(options.rounds);
const SCALE_ROUNDS = Number(options["scale-rounds"]);
const FORMATS = options.formats.split(",");
const SIZES = [1_000, 10_000, 100_000];
/** Discarded rounds first, so that the file cache and the CPU's clock settle. */
const WARMUP = { startup: 2, scaling: 1 };

const TARGETS = {
  startupRatio: 1.8,
  startupStretch: 1.5,
  startupOptionsRatio: 2,
  seconds100k: 2,
  megabytes100k: 512,
  growth10kTo100k: 12,
  importRatio: 2,
  checkAllRatio: 4,
};
/** Importing is start-up bound (issue 17): BVLC GoogLeNet's deploy.prototxt, counted and imported, against `alexcount alexnet`. */
const GOOGLENET_PROTOTXT = "test/import/caffe/fixtures/bvlc_googlenet/deploy.prototxt";
/** …and a Hugging Face config.json (Llama 3 8B: a 32-layer decoder block, 8,192 tokens). */
const LLAMA_CONFIG = "test/import/hf/fixtures/meta-llama/Meta-Llama-3-8B/config.json";
/** And a Keras model: nsfwjs's TF.js InceptionV3 (318 layers, 197 KB of JSON). */
const INCEPTION_TFJS = "test/import/keras/fixtures/nsfwjs-4.4.0/inception_v3.json";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const BIN = resolve(typeof pkg.bin === "string" ? pkg.bin : Object.values(pkg.bin)[0]);
/** Every bundled spec's name, for `alexcount check` of all of them in one process (issue 15). */
const BUNDLED = readdirSync("specs")
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.slice(0, -".yaml".length))
  .sort();
/**
 * Every command runs without NODE_EXTRA_CA_CERTS and NODE_OPTIONS. The first makes every Node
 * process read and parse a bundle of certificates before it runs anything (some 40 ms on a
 * machine that sets it): a floor inflated by a cost that alexcount pays alike, which would make
 * its own overhead look smaller than it is. The second could change V8's flags, under which V8
 * refuses the binary's code cache. The floor is then Node's own start-up, bare.
 */
const START_UP_VARIABLES = ["NODE_EXTRA_CA_CERTS", "NODE_OPTIONS"];
const ENV = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !START_UP_VARIABLES.includes(name))), NO_COLOR: "1" };
const MACHINE_CA_CERTS = process.env.NODE_EXTRA_CA_CERTS;
const CA_ENV = { ...ENV, NODE_EXTRA_CA_CERTS: MACHINE_CA_CERTS };
/**
 * A V8 flag that CI often sets, for the floor and alexcount alike. Under it V8 refuses the code
 * cache that the build made, and the binary keeps one of its own in the user's cache folder:
 * here a temporary one, made by the discarded first rounds.
 */
const NODE_OPTIONS = "--max-old-space-size=4096";
const dir = mkdtempSync(join(os.tmpdir(), "alexcount-bench-"));
const OPTIONS_ENV = { ...ENV, NODE_OPTIONS, XDG_CACHE_HOME: join(dir, "cache") };

/** Runs `node …args` once; its wall time in milliseconds and, with `rusage`, what the child reported. */
function runOnce(args, { rusage = false, env = ENV } = {}) {
  const nodeArgs = rusage ? ["--require", resolve("bench/rusage.cjs"), ...args] : args;
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, nodeArgs, { env, stdio: ["ignore", "ignore", "pipe", rusage ? "pipe" : "ignore"] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status}: ${String(result.stderr).trim().split("\n")[0]}`);
  return { ms, usage: rusage ? JSON.parse(String(result.output[3])) : undefined };
}

/** Each job once per round, in a rotating order, after `warmup` discarded rounds. */
function roundRobin(jobs, warmup, rounds, measure) {
  const samples = jobs.map(() => []);
  for (let round = 0; round < warmup + rounds; round++) {
    for (let k = 0; k < jobs.length; k++) {
      const j = (round + k) % jobs.length;
      const sample = measure(jobs[j]);
      if (round >= warmup) samples[j].push(sample);
    }
    process.stderr.write(`\r  round ${round + 1}/${warmup + rounds}`);
  }
  process.stderr.write("\n");
  return samples;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ms = (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`);
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
const verdict = (ok) => (ok ? "met" : "**NOT met**");

function machine() {
  const cpus = os.cpus();
  return [
    `- CPU: ${cpus[0]?.model.trim() ?? "unknown"}, ${cpus.length} cores`,
    `- memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node ${process.version}, ${os.type()} ${os.release()} ${os.arch()}`,
    `- date: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
  ];
}

// ---- start-up
// the bundled AlexNet spec as a user's file: its YAML, and the same spec as JSON
const userYaml = join(dir, "alexnet.yaml");
const userJson = join(dir, "alexnet.json");
writeFileSync(userYaml, readFileSync("specs/alexnet.yaml"));
writeFileSync(userJson, JSON.stringify(parseYaml(readFileSync("specs/alexnet.yaml", "utf8")), null, 2));
const loadBefore = os.loadavg()[0];
const STARTUP = [
  { label: "`node -e 0` (the floor)", args: ["-e", "0"] },
  // the binary's start alone (launcher, bundle, code cache, module set-up), with no spec read
  { label: "`alexcount --version`", args: [BIN, "--version"] },
  { label: "`alexcount alexnet`", args: [BIN, "alexnet"] },
  { label: "`alexcount alexnet --json`", args: [BIN, "alexnet", "--json"] },
  { label: "`alexcount check alexnet`", args: [BIN, "check", "alexnet"] },
  { label: "`alexcount bvlc_googlenet/deploy.prototxt`", args: [BIN, GOOGLENET_PROTOTXT], importer: true },
  { label: "`alexcount import bvlc_googlenet/deploy.prototxt`", args: [BIN, "import", GOOGLENET_PROTOTXT], importer: true },
  { label: "`alexcount Meta-Llama-3-8B/config.json`", args: [BIN, LLAMA_CONFIG], importer: true },
  { label: "`alexcount import Meta-Llama-3-8B/config.json`", args: [BIN, "import", LLAMA_CONFIG], importer: true },
  { label: "`alexcount nsfwjs-4.4.0/inception_v3.json` (TF.js)", args: [BIN, INCEPTION_TFJS], importer: true },
  { label: "`alexcount import nsfwjs-4.4.0/inception_v3.json`", args: [BIN, "import", INCEPTION_TFJS], importer: true },
  { label: `\`alexcount check\` of every bundled spec (${BUNDLED.length}) in one process`, args: [BIN, "check", ...BUNDLED], checkAll: true },
  { label: "`alexcount alexnet.yaml` (a user's YAML file)", args: [BIN, userYaml] },
  { label: "`alexcount alexnet.json` (the same as JSON)", args: [BIN, userJson] },
  { label: `\`node -e 0\` with NODE_OPTIONS=${NODE_OPTIONS} (its floor)`, args: ["-e", "0"], env: OPTIONS_ENV, floor: "options" },
  { label: "`alexcount alexnet` with it", args: [BIN, "alexnet"], env: OPTIONS_ENV, floor: "options" },
  // for comparison only: the floor and alexcount as this machine's environment has them, each
  // ratio over that floor
  ...(MACHINE_CA_CERTS
    ? [
        { label: "`node -e 0` with this machine's NODE_EXTRA_CA_CERTS (its floor)", args: ["-e", "0"], env: CA_ENV, floor: "machine" },
        { label: "`alexcount alexnet` with this machine's NODE_EXTRA_CA_CERTS", args: [BIN, "alexnet"], env: CA_ENV, floor: "machine" },
      ]
    : []),
];
process.stderr.write(`start-up: ${STARTUP.length} commands × ${ROUNDS} rounds\n`);
const startupSamples = roundRobin(STARTUP, WARMUP.startup, ROUNDS, (job) => runOnce(job.args, { env: job.env }).ms);
const floors = {
  bare: median(startupSamples[0]),
  options: median(startupSamples[STARTUP.findIndex((job) => job.floor === "options")]),
  machine: MACHINE_CA_CERTS ? median(startupSamples[STARTUP.findIndex((job) => job.floor === "machine")]) : undefined,
};
const startupRows = STARTUP.map((job, i) => {
  const s = startupSamples[i];
  return { label: job.label, median: median(s), min: Math.min(...s), max: Math.max(...s), ratio: median(s) / floors[job.floor ?? "bare"] };
});
const alexnetRatio = startupRows.find((row) => row.label === "`alexcount alexnet`").ratio;
const alexnetMedian = startupRows.find((row) => row.label === "`alexcount alexnet`").median;
const importRows = startupRows.filter((row, i) => STARTUP[i].importer).map((row) => ({ ...row, overAlexnet: row.median / alexnetMedian }));
const checkAllRatio = startupRows[STARTUP.findIndex((job) => job.checkAll)].ratio;
const optionsRatio = startupRows.find((row) => row.label === "`alexcount alexnet` with it").ratio;
const machineRatio = startupRows.find((row) => row.label === "`alexcount alexnet` with this machine's NODE_EXTRA_CA_CERTS")?.ratio;

// ---- instructions
/** Instructions that `node …args` executes, all its threads, from callgrind's totals. */
function instructions(args, env) {
  const out = join(dir, "callgrind");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out);
  const result = spawnSync("valgrind", ["--tool=callgrind", `--callgrind-out-file=${join(out, "%p")}`, process.execPath, ...args], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  if (result.status !== 0) throw new Error(`valgrind node ${args.join(" ")} exited ${result.status}: ${String(result.stderr).trim().split("\n").at(-1)}`);
  let total = 0;
  for (const file of readdirSync(out)) total += Number(/^(?:summary|totals): (\d+)/m.exec(readFileSync(join(out, file), "utf8"))?.[1] ?? 0);
  return total;
}
if (options.instructions) {
  process.stderr.write(`instructions: ${STARTUP.length} commands under callgrind\n`);
  STARTUP.forEach((job, i) => (startupRows[i].instructions = instructions(job.args, job.env ?? ENV)));
  // each group's floor comes first in STARTUP
  const floorOf = (job) => startupRows[STARTUP.findIndex((other) => (other.floor ?? "bare") === (job.floor ?? "bare"))];
  STARTUP.forEach((job, i) => (startupRows[i].instructionRatio = startupRows[i].instructions / floorOf(job).instructions));
}

// ---- scaling
const SCALE = [];
for (const shape of Object.keys(SHAPES)) {
  for (const format of FORMATS) {
    for (const layers of SIZES) {
      const file = join(dir, `${shape}-${layers}.${format}`);
      writeFileSync(file, specText(shape, layers, format));
      SCALE.push({ shape, format, layers, file });
    }
  }
}
// one checked run of each first: the report must have every layer
for (const job of SCALE) {
  const result = spawnSync(process.execPath, [BIN, job.file, "--json"], { env: ENV, maxBuffer: 2 ** 30, encoding: "utf8" });
  const count = result.status === 0 ? JSON.parse(result.stdout).layers.length : -1;
  if (count !== job.layers) throw new Error(`${job.file}: exit ${result.status}, ${count} layers in the report: ${result.stderr.trim().split("\n")[0]}`);
}
process.stderr.write(`scaling: ${SCALE.length} specs × ${SCALE_ROUNDS} rounds\n`);
const scaleSamples = roundRobin(SCALE, WARMUP.scaling, SCALE_ROUNDS, (job) => runOnce([BIN, job.file, "--json"], { rusage: true }));
rmSync(dir, { recursive: true, force: true });
const loadAfter = os.loadavg()[0];

const scaleRows = SCALE.map((job, i) => {
  const times = scaleSamples[i].map((s) => s.ms);
  const rss = scaleSamples[i].map((s) => s.usage.maxRSS);
  // user + system CPU time (µs → ms): less swayed than wall time by other jobs on the machine
  const cpu = scaleSamples[i].map((s) => (s.usage.userCPUTime + s.usage.systemCPUTime) / 1000);
  return { ...job, median: median(times), min: Math.min(...times), max: Math.max(...times), cpu: median(cpu), rss: median(rss) };
});
const previous = (row) => scaleRows.find((r) => r.shape === row.shape && r.format === row.format && r.layers * 10 === row.layers);

// ---- report
const lines = [
  "# alexcount benchmark",
  "",
  "Written by `npm run bench` (bench/run.mjs); the binary measured is package.json's `bin`.",
  "",
  ...machine(),
  `- load average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
  "",
  "## Start-up",
  "",
  `${ROUNDS} rounds, the ${STARTUP.length} commands in turn in each (after ${WARMUP.startup} discarded rounds); wall time of the whole process, as a shell would see it. Every command runs without ${START_UP_VARIABLES.join(" and ")}: the floor is Node's own start-up, bare. The two rows with NODE_OPTIONS=${NODE_OPTIONS} set it for both, and the second's ratio is over the first: under a V8 flag the binary runs with the code cache it keeps in the user's cache folder, which the discarded rounds made.`,
  ...(MACHINE_CA_CERTS
    ? [
        "",
        "This machine sets NODE_EXTRA_CA_CERTS, which makes every Node process parse a bundle of certificates before it runs anything. The last two rows, for comparison only, run with it, and their ratio is over the floor with it: a cost that both pay alike makes alexcount's own overhead look smaller than it is.",
      ]
    : []),
  "",
  ...(options.instructions
    ? [
        "| command | median | min – max | median ÷ floor | instructions (callgrind) | ÷ floor's |",
        "|---|---:|---:|---:|---:|---:|",
        ...startupRows.map(
          (r) =>
            `| ${r.label} | ${ms(r.median)} | ${ms(r.min)} – ${ms(r.max)} | ${r.ratio.toFixed(2)}× | ${(r.instructions / 1e6).toFixed(0)} M | ${r.instructionRatio.toFixed(2)}× |`,
        ),
      ]
    : [
        "| command | median | min – max | median ÷ floor |",
        "|---|---:|---:|---:|",
        ...startupRows.map((r) => `| ${r.label} | ${ms(r.median)} | ${ms(r.min)} – ${ms(r.max)} | ${r.ratio.toFixed(2)}× |`),
      ]),
  "",
  `Target \`alexcount alexnet\` within ${TARGETS.startupRatio}× of the floor: ${verdict(alexnetRatio <= TARGETS.startupRatio)} (${alexnetRatio.toFixed(2)}×); stretch ${TARGETS.startupStretch}×: ${verdict(alexnetRatio <= TARGETS.startupStretch)}.`,
  "",
  `Target \`alexcount alexnet\` within ${TARGETS.startupOptionsRatio}× of the floor, NODE_OPTIONS=${NODE_OPTIONS} on both: ${verdict(optionsRatio <= TARGETS.startupOptionsRatio)} (${optionsRatio.toFixed(2)}×).`,
  "",
  `Target for importing (the BVLC GoogLeNet prototxt, 155 layers; Llama 3 8B's config.json; nsfwjs's TF.js InceptionV3, 318 layers) within ${TARGETS.importRatio}× of \`alexcount alexnet\`: ${verdict(importRows.every((r) => r.overAlexnet <= TARGETS.importRatio))} (${importRows.map((r) => `${r.label} ${r.overAlexnet.toFixed(2)}×`).join(", ")}).`,
  ...(machineRatio === undefined
    ? []
    : [
        "",
        `Over this machine's own floor, NODE_EXTRA_CA_CERTS set for both, \`alexcount alexnet\` is ${machineRatio.toFixed(2)}×; the bare floor is the one this benchmark judges by.`,
      ]),
  "",
  `Target \`alexcount check\` of every bundled spec in one process within ${TARGETS.checkAllRatio}× of the floor: ${verdict(checkAllRatio <= TARGETS.checkAllRatio)} (${checkAllRatio.toFixed(2)}×).`,
  "",
  "## Scaling",
  "",
  `Generated specs (bench/generate.mjs), \`alexcount SPEC --json\`, ${SCALE_ROUNDS} rounds round-robin (after ${WARMUP.scaling} discarded). CPU is user + system time, which counts the garbage collector's helper threads too; peak memory is the child's own maxRSS. Growth is of the median time and memory over the spec ten times smaller.`,
  "",
  ...Object.entries(SHAPES).map(([shape, { describe }]) => `- **${shape}**: ${describe}`),
  "",
  "| spec | format | layers | median | min – max | CPU (median) | peak memory | time growth | memory growth |",
  "|---|---|---:|---:|---:|---:|---:|---:|---:|",
  ...scaleRows.map((r) => {
    const p = previous(r);
    const growth = p ? [`${(r.median / p.median).toFixed(1)}×`, `${(r.rss / p.rss).toFixed(1)}×`] : ["", ""];
    return `| ${r.shape} | ${r.format} | ${r.layers.toLocaleString("en-US")} | ${ms(r.median)} | ${ms(r.min)} – ${ms(r.max)} | ${ms(r.cpu)} | ${mb(r.rss)} | ${growth.join(" | ")} |`;
  }),
  "",
  ...FORMATS.flatMap((format) => {
    const big = scaleRows.filter((r) => r.format === format && r.layers === 100_000);
    const ok = big.every(
      (r) => r.median < TARGETS.seconds100k * 1000 && r.rss < TARGETS.megabytes100k * 1024 && r.median / previous(r).median <= TARGETS.growth10kTo100k,
    );
    return [
      `Target for ${format}, 100,000 layers under ${TARGETS.seconds100k} s and ${TARGETS.megabytes100k} MB, 10k → 100k within ${TARGETS.growth10kTo100k}×: ${verdict(ok)}.`,
      "",
    ];
  }),
];
const report = lines.join("\n");
writeFileSync(options.out, report);
process.stdout.write(`${report}\n(written to ${options.out})\n`);
