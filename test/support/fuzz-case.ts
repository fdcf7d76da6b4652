// Hostile input for the fuzzer: a valid random spec (or the bundled AlexNet), mutated in its
// structure (fields deleted, retyped, swapped for negatives, zeros, fractions, NaN, ∞, 1e300,
// 2^53, deep nesting, bad names and references) and then in its text (truncated, random bytes,
// BOM, tabs, CRLF, duplicate keys, YAML aliases and anchors up to billion laughs, tags,
// directives), or replaced by blocks that amplify (test/support/hostile-specs.ts: problem floods,
// block graphs, large tables used many times, long names), run with one of the CLI's invocations.
//
// Every case is a pure function of (seed, index), so a failure reproduces from those two
// numbers alone: `npm run fuzz -- --seed S --case I`.

import { readFileSync } from "node:fs";
import fc from "fast-check";
import { parse } from "yaml";
import { TYPE_NAMES } from "../../src/loader/schema.js";
import { amplification, blockGraph, longBlockName, longLayerName, problemFlood } from "./hostile-specs.js";
import { type MemoryFiles } from "./memory-io.js";
import { YAML_STYLES, toJson, toYaml } from "./serialize.js";
import { type Draw, buildSpec, drawFrom } from "./spec-arbitrary.js";

export interface FuzzCase {
  readonly seed: number;
  readonly index: number;
  /** What was done to the spec, for the failure report. */
  readonly steps: readonly string[];
  readonly argv: readonly string[];
  /** The spec's name as the CLI reports it: the path, or <stdin>. */
  readonly file: string;
  readonly files: MemoryFiles;
  readonly stdin?: string;
}

const ALEXNET = parse(readFileSync(new URL("../../specs/alexnet.yaml", import.meta.url), "utf8")) as Record<string, unknown>;

/** Values that do not belong where they land. */
function hostileValue(d: Draw): unknown {
  switch (d.int(0, 6)) {
    case 0:
      return d.pick([-1, 0, -0, 0.5, 1.5, -7, 2.0000001, 1e-300, Number.MIN_VALUE]);
    case 1:
      return d.pick([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e300, -1e300, 2 ** 53, 2 ** 53 + 2, 2 ** 53 - 1, 2 ** 64, -(2 ** 53)]);
    case 2:
      return d.pick(["", "3", "1e3", "abc", "same", "valid", "0x10", "input", "conv", "NaN", "∞", "x".repeat(d.int(41, 300)), "a\nb", "\u0000", "\t"]);
    case 3:
      return d.pick([true, false, null]);
    case 4:
      return d.pick([[], [1], [1, 2, 3], [[1, 2]], ["a", "b"], [null], [0, 0], [-1, 2], [1.5, 2]]);
    case 5:
      return d.pick([{}, { a: 1 }, { type: "relu" }, { width: 1 }, { size: 0, channels: 0 }]);
    default:
      return nested(d, d.int(1, 300));
  }
}

/** [[[…]]] or {a: {a: …}} `depth` levels deep. */
function nested(d: Draw, depth: number): unknown {
  const asList = d.bool();
  let value: unknown = d.pick([1, "x", null]);
  for (let i = 0; i < depth; i++) value = asList ? [value] : { a: value };
  return value;
}

/** Huge but safe sizes: counts built from them pass 2^53 − 1, which the core must refuse, never round. */
const HUGE_SIZES = [2 ** 20, 2 ** 26, 2 ** 31 - 1, 2 ** 32, 2 ** 40, 2 ** 52 + 1, 2 ** 53 - 1];

type Container = Record<string, unknown> | unknown[];
interface Slot {
  readonly parent: Container;
  readonly key: string | number;
  readonly path: string;
}

/** Every place a value sits in the spec object, for a mutation to pick from. */
function slots(root: unknown): Slot[] {
  const out: Slot[] = [];
  const stack: [unknown, string][] = [[root, ""]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
    for (const [key, value] of entries) {
      const childPath = typeof key === "number" ? `${path}[${key}]` : `${path}.${key}`;
      out.push({ parent: node as Container, key, path: childPath });
      stack.push([value, childPath]);
    }
  }
  return out;
}

/** Sets an own property, even one named `__proto__` (plain assignment would set the prototype). */
function setOwn(target: Container, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function setSlot(slot: Slot, value: unknown): void {
  setOwn(slot.parent, slot.key, value);
}

function deleteSlot(slot: Slot): void {
  if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
  else delete slot.parent[slot.key as string];
}

function layersOf(spec: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(spec.layers) ? (spec.layers.filter((l) => l !== null && typeof l === "object" && !Array.isArray(l)) as Record<string, unknown>[]) : [];
}

const BAD_NAMES = ["input", "", "a\nb", "tab\there", "\u0000", "\u202e", "x".repeat(200), "conv1", "__proto__", "constructor", "toString", "🙂", " "];
const TYPOS: Record<string, string> = {
  kernel: "kernal",
  filters: "filter",
  stride: "strides",
  padding: "pad",
  units: "unit",
  inputs: "input",
  layers: "layer",
  channels: "channel",
};

/** Mutations of the spec's structure; each returns a description of what it did. */
const STRUCTURE: readonly ((d: Draw, spec: Record<string, unknown>) => string)[] = [
  function deleteField(d, spec) {
    const all = slots(spec);
    if (all.length === 0) return "delete: nothing";
    const slot = d.pick(all);
    deleteSlot(slot);
    return `delete ${slot.path}`;
  },
  function retypeField(d, spec) {
    const all = slots(spec);
    if (all.length === 0) return "retype: nothing";
    const slot = d.pick(all);
    const value = hostileValue(d);
    setSlot(slot, value);
    return `set ${slot.path} = ${describe(value)}`;
  },
  function numberToString(d, spec) {
    const numeric = slots(spec).filter((s) => typeof (s.parent as Record<string | number, unknown>)[s.key] === "number");
    if (numeric.length === 0) return "stringify: nothing";
    const slot = d.pick(numeric);
    setSlot(slot, String((slot.parent as Record<string | number, unknown>)[slot.key]));
    return `stringify ${slot.path}`;
  },
  function hugeSize(d, spec) {
    const targets = slots(spec).filter((s) =>
      ["filters", "units", "size", "width", "height", "channels", "features", "output", "groups", "kernel", "stride", "dilation", "padding"].includes(
        String(s.key),
      ),
    );
    if (targets.length === 0) return "huge: nothing";
    const slot = d.pick(targets);
    const value = d.pick(HUGE_SIZES);
    setSlot(slot, d.bool(0.2) ? [value, d.pick(HUGE_SIZES)] : value);
    return `set ${slot.path} = huge ${value}`;
  },
  function unknownField(d, spec) {
    const objects = [
      spec,
      ...slots(spec)
        .map((s) => (s.parent as Record<string | number, unknown>)[s.key])
        .filter((v): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v)),
    ];
    const target = d.pick(objects);
    const existing = Object.keys(target).find((k) => TYPOS[k]);
    const key =
      existing && d.bool() ? TYPOS[existing]! : d.pick(["kernal", "x", "Type", "__proto__", "constructor", "", "a\nb", "k".repeat(100), "$schema", "blocks"]);
    setOwn(target, key, d.bool() ? 1 : hostileValue(d));
    return `add field ${JSON.stringify(key)}`;
  },
  function swapType(d, spec) {
    const layers = layersOf(spec);
    if (layers.length === 0) return "type: no layers";
    const layer = d.pick(layers);
    const type = d.pick([...TYPE_NAMES, "Conv", "pool", "convolution", "", "fc ", "lstm", "__proto__", "constructor"]);
    layer.type = type;
    return `type := ${JSON.stringify(type)}`;
  },
  function tamperInputs(d, spec) {
    const layers = layersOf(spec);
    if (layers.length === 0) return "inputs: no layers";
    const i = d.int(0, layers.length - 1);
    const layer = layers[i]!;
    const laterName = layers[d.int(i, layers.length - 1)]?.name;
    const choice = d.pick(["unknown", "self", "later", "empty", "many", "input", "nonString"] as const);
    const ref = {
      unknown: ["nowhere"],
      self: [String(layer.name ?? "self")],
      later: [String(laterName ?? "later")],
      empty: [],
      many: ["input", "input", "input"],
      input: ["input"],
      nonString: [1, null],
    }[choice];
    layer.inputs = ref;
    return `inputs := ${choice}`;
  },
  function tamperName(d, spec) {
    const layers = layersOf(spec);
    if (layers.length === 0) return "name: no layers";
    const layer = d.pick(layers);
    const other = d.pick(layers);
    const name = d.bool(0.3) && typeof other.name === "string" ? other.name : d.pick(BAD_NAMES);
    layer.name = name;
    return `name := ${JSON.stringify(name).slice(0, 30)}`;
  },
  function reshapeLayers(d, spec) {
    if (!Array.isArray(spec.layers)) return "layers: not a list";
    const layers = spec.layers as unknown[];
    switch (d.int(0, 4)) {
      case 0:
        spec.layers = [];
        return "layers := []";
      case 1:
        layers.reverse(); // inputs now name later layers
        return "reverse layers";
      case 2:
        layers.splice(d.int(0, layers.length), 0, d.pick([5, "relu", null, [], { type: "relu" }, {}]));
        return "insert a non-layer";
      case 3: {
        const copy = layers[d.int(0, Math.max(0, layers.length - 1))];
        layers.push(structuredClone(copy));
        return "duplicate a layer";
      }
      default:
        layers.splice(d.int(0, Math.max(0, layers.length - 1)), 1);
        return "remove a layer";
    }
  },
  function tamperPublished(d, spec) {
    const source: Record<string, unknown> = {
      source: d.pick(["s", "", 5]),
      ...(d.bool()
        ? {
            totals: {
              [d.pick(["flops", "weights", "units", "bogus"])]: d.pick([1, -1, "1.5X", "61M", "1.5B", 2 ** 53 - 1, "99999999999999999999T", 0.5, "", null]),
            },
          }
        : {}),
      ...(d.bool() ? { tolerance: d.pick([-1, Number.NaN, Number.POSITIVE_INFINITY, 0.05, "5%"]) } : {}),
      ...(d.bool()
        ? { errata: [{ at: d.pick(["totals.flops", "layers.nowhere.units", "layers.", "subtotals.conv.weights", ""]), note: d.pick(["n", ""]) }] }
        : {}),
      ...(d.bool() ? { layers: { [d.pick(["nowhere", "conv1", "L1", "__proto__"])]: { units: 1 } } } : {}),
    };
    spec.published = d.bool(0.8) ? [source] : source;
    return "published := hostile source";
  },
  function hostileBlocks(d, spec) {
    // small text, much work: mostly sizes that run quickly, now and then ones past the limits
    const big = d.bool(0.01);
    const [made, step] = d.pick([
      () => {
        const repeat = big ? 200_000 : d.int(2, 2_000);
        return [problemFlood(repeat), `problem flood ×${repeat}`] as const;
      },
      () => {
        const [fanout, depth] = big ? [3, 11] : [d.int(2, 3), d.int(1, 6)];
        return [blockGraph(fanout, depth), `block graph ${fanout}^${depth}`] as const;
      },
      () => {
        const [entries, repeat] = big ? [20_000, 200_000] : [d.int(1, 200), d.int(1, 200)];
        return [amplification(entries, repeat), `amplification ${entries} × ${repeat}`] as const;
      },
      () => {
        const [length, repeat] = [d.pick([255, 256, 257, 16_384, 16_400]), big ? 100_000 : d.int(1, 100)];
        return d.bool()
          ? ([longBlockName(length, repeat), `block name of ${length} × ${repeat}`] as const)
          : ([longLayerName(length, repeat), `layer name of ${length} × ${repeat}`] as const);
      },
    ])();
    for (const key of Object.keys(spec)) delete spec[key];
    Object.assign(spec, made);
    return step;
  },
  function replaceDocument(d, spec) {
    for (const key of Object.keys(spec)) delete spec[key];
    spec.__replace = d.pick([null, 5, "just a string", [], [1, 2], true]);
    return `document := ${describe(spec.__replace)}`;
  },
];

/** Mutations of the text, after serialization. */
const TEXT: readonly ((d: Draw, text: string, yaml: boolean) => [string, string])[] = [
  function truncate(d, text) {
    const at = d.int(0, text.length);
    return [text.slice(0, at), `truncate at ${at}`];
  },
  function randomBytes(d, text) {
    const bytes = Buffer.from(Array.from({ length: d.int(1, 16) }, () => d.int(0, 255)));
    const at = d.int(0, text.length);
    // as the CLI reads files: bytes decoded as UTF-8, invalid sequences becoming U+FFFD
    return [text.slice(0, at) + bytes.toString("utf8") + text.slice(at), `insert bytes ${bytes.toString("hex")} at ${at}`];
  },
  function deleteRange(d, text) {
    const at = d.int(0, text.length);
    const length = d.int(1, 40);
    return [text.slice(0, at) + text.slice(at + length), `delete ${length} chars at ${at}`];
  },
  function duplicateLine(d, text) {
    const lines = text.split("\n");
    const i = d.int(0, lines.length - 1);
    lines.splice(i, 0, lines[i]!);
    return [lines.join("\n"), `duplicate line ${i + 1}`];
  },
  function bom(_d, text) {
    return [`\uFEFF${text}`, "BOM"];
  },
  function tabs(d, text) {
    const lines = text.split("\n");
    const i = d.int(0, lines.length - 1);
    lines[i] = d.bool() ? lines[i]!.replace(/^ +/, "\t") : `${lines[i]}\t`;
    return [lines.join("\n"), `tab on line ${i + 1}`];
  },
  function crlf(_d, text) {
    return [text.replace(/\n/g, "\r\n"), "CRLF"];
  },
  function yamlScalar(d, text) {
    const numbers = [...text.matchAll(/(?<=[\s:[,])\d+(?=[\s,\]}])/g)];
    if (numbers.length === 0) return [text, "scalar: no number"];
    const match = d.pick(numbers);
    const token = d.pick([
      ".nan",
      ".NaN",
      ".inf",
      "-.inf",
      "~",
      "null",
      "0x1F",
      "0o17",
      "1_000",
      "1e300",
      "9007199254740993",
      "-0",
      "+5",
      "0.",
      "!!binary aGVsbG8=",
      "!!str 3",
      '!!int "3"',
      "!!float 3",
      "!!js/function f",
      "&a 3",
      "*a",
      "*nowhere",
      "'3'",
      '"\\u0000"',
      "!!timestamp 2001-12-14",
      "? x",
    ]);
    const at = match.index!;
    return [text.slice(0, at) + token + text.slice(at + match[0].length), `number at ${at} := ${token}`];
  },
  function billionLaughs(d, text, yaml) {
    const levels = d.int(2, 9);
    const lines = ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i <= levels; i++)
      lines.push(
        `lol${i}: &l${i} [${Array(9)
          .fill(`*l${i - 1}`)
          .join(", ")}]`,
      );
    const block = `${lines.join("\n")}\n`;
    return [yaml ? block + text : text, `billion laughs, ${levels} levels`];
  },
  function aliasReuse(d, text, yaml) {
    if (!yaml) return [text, "alias: not yaml"];
    // anchor the layer list and reuse it, or point at an anchor that does not exist
    const choice = d.int(0, 2);
    if (choice === 0) return [`${text.replace(/^layers:/m, "layers: &L")}extra: *L\n`, "alias the layer list"];
    if (choice === 1) return [text.replace(/^name: .*$/m, "name: *nowhere"), "unresolved alias"];
    return [text.replace(/^input:/m, "input: &in").replace(/^layers:/m, "copy: *in\nlayers:"), "alias the input"];
  },
  function directives(d, text) {
    const choice = d.pick(["%YAML 1.1\n---\n", "%YAML 1.2\n---\n", "%TAG ! tag:example.com,2000:\n---\n", "---\n", "%FOO bar\n---\n", "%YAML 9.9\n---\n"]);
    const suffix = d.pick(["", "---\nfoo: 1\n", "...\n", "--- |\n  text\n"]);
    return [choice + text + suffix, `directive ${JSON.stringify(choice.split("\n")[0])} + ${JSON.stringify(suffix.split("\n")[0])}`];
  },
  function deepText(d, text) {
    // 100,000 levels takes yaml a second to tokenize: rarely here (a few in 100,000 cases),
    // always in test/spec/limits.test.ts
    const depth = d.bool(0.003) ? 100_000 : d.pick([50, 64, 65, 100, 500, 1000, 5000]);
    const balanced = d.bool(0.7);
    const deep = "[".repeat(depth) + (balanced ? "]".repeat(depth) : "");
    const at = text.search(/: \d/);
    return [at >= 0 ? `${text.slice(0, at + 2)}${deep}${text.slice(at + 3)}` : `${deep}\n${text}`, `nesting ${depth}${balanced ? "" : " (unbalanced)"}`];
  },
  function longLine(d, text) {
    const at = d.int(0, text.length);
    return [text.slice(0, at) + d.pick(["x", "[", "{", "9", "'", '"', "&a", "*a", "#"]).repeat(d.int(1000, 5000)) + text.slice(at), `long run at ${at}`];
  },
  function controlChars(d, text) {
    const at = d.int(0, text.length);
    const ch = String.fromCharCode(d.pick([0, 1, 7, 8, 11, 12, 27, 127, 0x85, 0x2028, 0x2029, 0xfffe, 0xd800]));
    return [text.slice(0, at) + ch + text.slice(at), `control U+${ch.charCodeAt(0).toString(16)} at ${at}`];
  },
];

const INVOCATIONS: readonly (readonly string[])[] = [
  [],
  ["--json"],
  ["--all"],
  ["--bias"],
  ["--no-bias", "--json"],
  ["--format", "csv"],
  ["--format", "markdown", "--all"],
  ["check"],
  ["check", "--json"],
];
const FILE_NAMES = ["spec.yaml", "net.json", "my spec.yml", "ß/deep/path.yaml"];

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function makeCase(d: Draw, seed: number, index: number): FuzzCase {
  const steps: string[] = [];
  let spec: Record<string, unknown>;
  if (d.bool(0.1)) {
    spec = structuredClone(ALEXNET);
    steps.push("base: specs/alexnet.yaml");
  } else {
    spec = buildSpec(d, { maxLayers: 8 }).spec as Record<string, unknown>;
    steps.push("base: generated");
  }
  const structural = d.int(0, 3);
  for (let i = 0; i < structural; i++) steps.push(d.pick(STRUCTURE)(d, spec));
  const document = "__replace" in spec ? spec.__replace : spec;

  const asJson = d.bool(0.3);
  let text = asJson ? toJson(document, d.pick([0, 2] as const)) : toYaml(document, d.pick(YAML_STYLES));
  steps.push(asJson ? "as JSON" : "as YAML");
  const textual = d.int(0, 2);
  for (let i = 0; i < textual; i++) {
    const [mutated, step] = d.pick(TEXT)(d, text, !asJson);
    text = mutated;
    steps.push(step);
  }
  if (d.bool(0.02)) {
    // nothing of a spec at all
    text = Buffer.from(Array.from({ length: d.int(0, 200) }, () => d.int(0, 255))).toString("utf8");
    steps.push("random bytes only");
  }

  // as the CLI reads a file or stdin: UTF-8 bytes decoded, so a lone surrogate becomes U+FFFD
  text = Buffer.from(text, "utf8").toString("utf8");

  const flags = d.pick(INVOCATIONS);
  const viaStdin = d.bool(0.15);
  const path = d.pick(FILE_NAMES);
  const [command, rest] = flags[0] === "check" ? [["check"], flags.slice(1)] : [[], flags];
  const spec_arg = viaStdin ? "-" : path;
  return {
    seed,
    index,
    steps,
    argv: [...command, spec_arg, ...rest],
    file: viaStdin ? "<stdin>" : path,
    files: viaStdin ? {} : { [path]: text },
    ...(viaStdin ? { stdin: text } : {}),
  };
}

/** The seed of case `index` in a run seeded `seed`: a mix, so neighbouring cases share nothing. */
function caseSeed(seed: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) | 0;
}

/** Case `index` of the run seeded `seed`. */
export function fuzzCase(seed: number, index: number): FuzzCase {
  const [made] = fc.sample(
    fc.gen().map((g) => makeCase(drawFrom(g), seed, index)),
    { seed: caseSeed(seed, index), numRuns: 1 },
  );
  return made!;
}
