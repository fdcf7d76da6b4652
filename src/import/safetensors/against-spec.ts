// A checkpoint's tensors set against a spec's layers: the file is a published source for the
// spec's weights, read from the file. Each tensor goes to the spec layer its name falls under
// (`model.layers.0.self_attn.q_proj.weight` → the layer `model.layers.0.self_attn`), or to the
// group of layers a fused tensor stands for (`mlp.gate_up_proj.weight` → `mlp.gate_up_proj.gate`
// and `.up`); each module's weights are compared, so a difference is named where it is.

import { type Count, countAdd } from "../../core/exact.js";
import type { ReadTensor } from "./quantized.js";

export interface SpecLayerWeights {
  readonly name: string;
  readonly weights: Count;
}

interface ModuleDifference {
  /** The spec layer (or group of layers) the tensors fall under, or a tensor the spec has no layer for. */
  readonly module: string;
  readonly spec: bigint;
  readonly file: bigint;
  /** The file's tensors under it (their names as in the file). */
  readonly tensors: readonly string[];
}

export interface SpecComparison {
  readonly specWeights: bigint;
  /** The parameters the file holds: packed tensors unpacked, the quantization's own data left out. */
  readonly fileWeights: bigint;
  /** What was put before the file's names to meet the spec's (`transformer.` for GPT-2's checkpoint). */
  readonly prefix: string;
  /** Modules whose weights differ, in the spec's order, then the tensors the spec has no layer for. */
  readonly differences: readonly ModuleDifference[];
}

export function compareWithSpec(tensors: readonly ReadTensor[], layers: readonly SpecLayerWeights[]): SpecComparison {
  const names = new Set(layers.map((l) => l.name));
  const ancestors = new Set<string>();
  for (const { name } of layers) for (let k = name.indexOf("."); k > 0; k = name.indexOf(".", k + 1)) ancestors.add(name.slice(0, k));
  const counted = tensors.filter((t) => t.role !== "quantization");
  /** The spec layer a tensor's name falls under, or the group of layers its module stands for; undefined: none. */
  const keyOf = (name: string): string | undefined => {
    const parts = name.split(".");
    for (let k = parts.length - 1; k >= 1; k--) if (names.has(parts.slice(0, k).join("."))) return parts.slice(0, k).join(".");
    // a fused tensor: the module that owns it (its name less `.weight`) is a group of spec layers
    const owner = parts.slice(0, -1).join(".");
    return ancestors.has(owner) ? owner : undefined;
  };
  // a checkpoint may leave out the base model's prefix (GPT-2's `h.0.attn…` for `transformer.h.0.attn…`)
  const prefixes = ["", ...new Set(layers.filter((l) => l.name.includes(".")).map((l) => `${l.name.split(".")[0]!}.`))];
  let prefix = "";
  let best = -1;
  for (const candidate of prefixes) {
    const matched = counted.filter((t) => keyOf(candidate + t.name) !== undefined).length;
    if (matched > best) [prefix, best] = [candidate, matched];
  }
  const groups = new Map<string, { spec: bigint; file: bigint; tensors: string[]; order: number }>();
  const group = (key: string, order: number) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { spec: 0n, file: 0n, tensors: [], order }));
    return g;
  };
  const fused = new Set<string>();
  let fileWeights = 0n;
  for (const t of counted) {
    const key = keyOf(prefix + t.name);
    fileWeights += BigInt(t.held);
    if (key !== undefined && !names.has(key)) fused.add(key);
    const g = group(key ?? t.name, key === undefined ? Number.MAX_SAFE_INTEGER : -1);
    g.file += BigInt(t.held);
    g.tensors.push(t.name);
  }
  let specWeights: Count = 0;
  layers.forEach((layer, index) => {
    specWeights = countAdd(specWeights, layer.weights);
    const parts = layer.name.split(".");
    let key = layer.name;
    for (let k = 1; k < parts.length; k++)
      if (fused.has(parts.slice(0, k).join("."))) {
        key = parts.slice(0, k).join(".");
        break;
      }
    if (BigInt(layer.weights) === 0n && !groups.has(key)) return;
    const g = group(key, index);
    g.spec += BigInt(layer.weights);
    if (g.order < 0 || g.order > index) g.order = index;
  });
  const differences = [...groups.entries()]
    .filter(([, g]) => g.spec !== g.file)
    .sort((a, b) => a[1].order - b[1].order)
    .map(([module, g]) => ({ module, spec: g.spec, file: g.file, tensors: g.tensors }));
  return { specWeights: BigInt(specWeights), fileWeights, prefix, differences };
}
