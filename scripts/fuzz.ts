// `npm run fuzz`: the long fuzz run. Mutated specs through the CLI in-process (and every Nth
// through the built binary), each checked against test/support/fuzz-oracle.ts. Prints the
// count run, every failure with the command that reproduces it, and the slowest case.
//
//   npm run fuzz                               100,000 cases, seed 1
//   npm run fuzz -- --count 5000 --seed 7
//   npm run fuzz -- --seed 7 --case 1234       rerun one case, printing what it was and did
//   npm run fuzz -- --binary-every 0           in-process only
//   npm run fuzz -- --kind prototxt            mutated Caffe nets (the importer) instead of specs
//   npm run fuzz -- --kind hf                  mutated Hugging Face config.json files (the importer)
//   npm run fuzz -- --kind keras               mutated Keras and TF.js model JSON (the importer)

import { parseArgs } from "node:util";
import { fuzzCase } from "../test/support/fuzz-case.js";
import { kerasFuzzCase } from "../test/support/fuzz-keras.js";
import { prototxtFuzzCase } from "../test/support/fuzz-prototxt.js";
import { hfConfigFuzzCase } from "../test/support/fuzz-hf-config.js";
import { TIME_LIMIT_MS, fuzz, reproduce, runInProcess } from "../test/support/fuzz-run.js";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "100000" },
    seed: { type: "string", default: "1" },
    case: { type: "string" },
    "binary-every": { type: "string", default: "500" },
    kind: { type: "string", default: "spec" },
  },
});

const integer = (name: string, text: string | undefined): number => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    console.error(`fuzz: --${name} must be an integer, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return value;
};

const KINDS = { spec: fuzzCase, prototxt: prototxtFuzzCase, hf: hfConfigFuzzCase, keras: kerasFuzzCase } as const;
if (!Object.hasOwn(KINDS, values.kind)) {
  console.error(`fuzz: --kind is ${Object.keys(KINDS).join(", ")}, got ${JSON.stringify(values.kind)}`);
  process.exit(2);
}
const cases = KINDS[values.kind as keyof typeof KINDS];
const seed = integer("seed", values.seed);
const one = values.case === undefined ? undefined : integer("case", values.case);
const count = one === undefined ? integer("count", values.count) : 1;
const binaryEvery = one === undefined ? integer("binary-every", values["binary-every"]) : 1;

if (one !== undefined) {
  const c = cases(seed, one);
  const outcome = await runInProcess(c);
  console.log(`case ${one} of seed ${seed}: ${c.steps.join("; ")}`);
  console.log(`argv: ${JSON.stringify(c.argv)}`);
  console.log(
    `input (${(c.stdin ?? Object.values(c.files)[0] ?? "").length} chars): ${JSON.stringify((c.stdin ?? Object.values(c.files)[0] ?? "").slice(0, 2000))}`,
  );
  console.log(`exit ${outcome.exitCode} in ${outcome.ms.toFixed(1)} ms`);
  console.log(`stdout: ${JSON.stringify(outcome.stdout.slice(0, 500))}`);
  console.log(`stderr: ${JSON.stringify(outcome.stderr.slice(0, 2000))}`);
}

const progressEvery = Math.max(1000, Math.floor(count / 20));
const summary = await fuzz({
  seed,
  count,
  first: one ?? 0,
  binaryEvery,
  cases,
  timeLimits: TIME_LIMIT_MS,
  onFailure: (f) => {
    console.log(`FAIL case ${f.index} (${f.via}): ${f.problems.join("; ")}`);
    console.log(`  steps: ${f.steps.join("; ")}`);
    console.log(`  argv: ${JSON.stringify(f.argv)}`);
    console.log(`  stderr: ${JSON.stringify(f.stderr.slice(0, 300))}`);
    console.log(`  reproduce: ${reproduce(f)}`);
  },
  onProgress: (done) => {
    if (count > 1 && done % progressEvery === 0) console.error(`… ${done.toLocaleString("en-US")} cases`);
  },
});

const exits = Object.entries(summary.exits)
  .map(([code, n]) => `exit ${code}: ${n.toLocaleString("en-US")}`)
  .join(", ");
console.log(
  `\nfuzz: seed ${seed}, ${summary.count.toLocaleString("en-US")} cases run (${summary.binaryRuns.toLocaleString("en-US")} also through the binary) in ${(summary.ms / 1000).toFixed(1)} s`,
);
console.log(`exit statuses: ${exits}`);
if (summary.slowest) {
  console.log(
    `slowest: case ${summary.slowest.index}, ${summary.slowest.ms.toFixed(1)} ms (${summary.slowest.steps.join("; ")}; argv ${JSON.stringify(summary.slowest.argv)})`,
  );
}
console.log(`${summary.count - new Set(summary.failures.map((f) => f.index)).size} passed, ${new Set(summary.failures.map((f) => f.index)).size} failed`);
process.exit(summary.failures.length > 0 ? 1 : 0);
