// Hostile Caffe nets for the fuzzer: one of the BVLC reference prototxts (or a small net) with
// its text mutated — truncated, lines deleted, duplicated or swapped, numbers and layer types
// replaced, braces and quotes removed, bottoms renamed, random bytes inserted — and run as
// `alexcount FILE.prototxt` (with --json, or through check or import). Every case is a pure
// function of (seed, index), as the spec cases are: `npm run fuzz -- --kind prototxt --seed S --case I`.

import { readFileSync } from "node:fs";
import fc from "fast-check";
import type { FuzzCase } from "./fuzz-case.js";
import { type Draw, drawFrom } from "./spec-arbitrary.js";

const fixture = (path: string) => readFileSync(new URL(`../import/caffe/fixtures/${path}`, import.meta.url), "utf8");

const SMALL = `name: "small"
input: "data"
input_shape { dim: 1 dim: 3 dim: 16 dim: 16 }
layer { name: "c1" type: "Convolution" bottom: "data" top: "c1" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
layer { name: "bn" type: "BatchNorm" bottom: "c1" top: "c1" }
layer { name: "sc" type: "Scale" bottom: "c1" top: "c1" scale_param { bias_term: true } }
layer { name: "r1" type: "ReLU" bottom: "c1" top: "c1" }
layer { name: "p1" type: "Pooling" bottom: "c1" top: "p1" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "c2" type: "Convolution" bottom: "p1" top: "c2" convolution_param { num_output: 8 kernel_size: 1 group: 2 } }
layer { name: "sum" type: "Eltwise" bottom: "p1" bottom: "c2" top: "sum" }
layer { name: "cat" type: "Concat" bottom: "sum" bottom: "c2" top: "cat" }
layer { name: "fc" type: "InnerProduct" bottom: "cat" top: "fc" inner_product_param { num_output: 10 } }
layer { name: "prob" type: "Softmax" bottom: "fc" top: "prob" }
`;

const NETS: readonly (readonly [string, () => string])[] = [
  ["small", () => SMALL],
  ["bvlc_alexnet/deploy", () => fixture("bvlc_alexnet/deploy.prototxt")],
  ["bvlc_reference_caffenet/train_val", () => fixture("bvlc_reference_caffenet/train_val.prototxt")],
  ["bvlc_googlenet/deploy", () => fixture("bvlc_googlenet/deploy.prototxt")],
];

const TYPES = [
  "Convolution",
  "Deconvolution",
  "Pooling",
  "InnerProduct",
  "ReLU",
  "PReLU",
  "Scale",
  "BatchNorm",
  "Concat",
  "Eltwise",
  "Split",
  "Slice",
  "Input",
  "Data",
  "Accuracy",
  "Nonsense",
  "relu",
  "",
];
const NUMBERS = ["0", "-1", "1e300", "99999999999999999999", "4294967296", "0.5", "nan", "-inf", "0x7fffffff", "abc", '"3"', "1000000"];
const JUNK = ["{", "}", "<", ">", "[", "]", ":", '"', "'", "#", "\\", "\u0000", "\uFEFF", "\t", "\r\n", "layer {", "dim: 0", "[ext.x]: 1", "é", "😀"];

function mutate(d: Draw, text: string, steps: string[]): string {
  const lines = text.split("\n");
  switch (d.int(0, 8)) {
    case 0: {
      const at = d.int(0, text.length);
      steps.push(`truncated at ${at}`);
      return text.slice(0, at);
    }
    case 1: {
      const at = d.int(0, lines.length - 1);
      steps.push(`deleted line ${at + 1}`);
      lines.splice(at, 1);
      return lines.join("\n");
    }
    case 2: {
      const at = d.int(0, lines.length - 1);
      steps.push(`duplicated line ${at + 1}`);
      lines.splice(at, 0, lines[at]!);
      return lines.join("\n");
    }
    case 3: {
      const a = d.int(0, lines.length - 1);
      const b = d.int(0, lines.length - 1);
      steps.push(`swapped lines ${a + 1} and ${b + 1}`);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join("\n");
    }
    case 4: {
      const numbers = [...text.matchAll(/(?<=: )-?\d+(\.\d+)?/g)];
      const match = numbers.length > 0 ? d.pick(numbers) : undefined;
      if (!match) return text;
      const value = d.pick(NUMBERS);
      steps.push(`number at ${match.index} set to ${value}`);
      return text.slice(0, match.index) + value + text.slice(match.index + match[0].length);
    }
    case 5: {
      const types = [...text.matchAll(/type: "(\w+)"/g)];
      const match = types.length > 0 ? d.pick(types) : undefined;
      if (!match) return text;
      const type = d.pick(TYPES);
      steps.push(`type ${match[1]} at ${match.index} set to ${JSON.stringify(type)}`);
      return `${text.slice(0, match.index)}type: "${type}"${text.slice(match.index + match[0].length)}`;
    }
    case 6: {
      const bottoms = [...text.matchAll(/bottom: "([^"]+)"/g)];
      const match = bottoms.length > 0 ? d.pick(bottoms) : undefined;
      if (!match) return text;
      const name = d.pick(["label", "nothing", "prob", "data", "fc8", "inception_5b/output", "loss"]);
      steps.push(`bottom ${match[1]} set to ${name}`);
      return `${text.slice(0, match.index)}bottom: "${name}"${text.slice(match.index + match[0].length)}`;
    }
    case 7: {
      const at = d.int(0, text.length);
      const junk = d.pick(JUNK);
      steps.push(`inserted ${JSON.stringify(junk)} at ${at}`);
      return text.slice(0, at) + junk + text.slice(at);
    }
    default: {
      const at = d.int(0, text.length);
      const length = d.int(1, 200);
      steps.push(`deleted ${length} characters at ${at}`);
      return text.slice(0, at) + text.slice(at + length);
    }
  }
}

const INVOCATIONS: readonly (readonly string[])[] = [[], ["--json"], ["--all"], ["--no-bias"], ["--explain"], ["check"], ["import"]];

function makeCase(d: Draw, seed: number, index: number): FuzzCase {
  const [name, read] = d.pick(NETS);
  const steps = [`net ${name}`];
  let text = read();
  for (let k = d.int(1, 3); k > 0; k--) text = mutate(d, text, steps);
  const invocation = d.pick(INVOCATIONS);
  const file = "net.prototxt";
  const argv = invocation[0] === "check" || invocation[0] === "import" ? [invocation[0], file] : [file, ...invocation];
  return { seed, index, steps, argv, file, files: { [file]: text } };
}

/** Case `index` of the prototxt run seeded `seed`. */
export function prototxtFuzzCase(seed: number, index: number): FuzzCase {
  const [made] = fc.sample(
    fc.gen().map((g) => makeCase(drawFrom(g), seed, index)),
    { seed: (seed * 7919 + index * 104729) | 0, numRuns: 1 },
  );
  return made!;
}
