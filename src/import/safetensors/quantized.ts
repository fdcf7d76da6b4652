// Quantized checkpoints store some weights packed and add tensors that are not parameters of
// the model. Read from the tensor names and dtypes alone, as the formats write them:
//
// - GPTQ and AWQ (AutoGPTQ, AutoAWQ, transformers' GPTQ/AWQ integrations): a linear layer's
//   `qweight` is int32 holding eight 4-bit weights per element (32 / bits; `bits` is in the
//   config's quantization_config, 4 unless it says otherwise); `qzeros`, `scales` and `g_idx`
//   are the quantization's zero points, scales and group indices.
// - bitsandbytes 4-bit (NF4/FP4): `weight` is uint8 holding two 4-bit weights per element,
//   beside `weight.absmax`, `weight.quant_map`, `weight.nested_absmax`,
//   `weight.nested_quant_map` and `weight.quant_state.bitsandbytes__nf4` (or `__fp4`).
// - bitsandbytes 8-bit (LLM.int8()): `weight` is int8, one weight an element, beside `SCB` and
//   `weight_format`.

import type { TensorEntry } from "./safetensors-header.js";

type TensorRole =
  /** a tensor of the model's parameters, one an element */
  | "parameters"
  /** packed: `packing` parameters an element */
  | "packed"
  /** the quantization's own data (scales, zero points, …): not parameters of the model */
  | "quantization";

export interface ReadTensor extends TensorEntry {
  readonly role: TensorRole;
  /** Parameters an element: 8 for GPTQ/AWQ int32 at 4 bits, 2 for bitsandbytes 4-bit, else 1. */
  readonly packing: number;
  /** The model parameters the tensor holds: elements × packing, 0 for quantization data. */
  readonly held: number;
}

const BNB_4BIT_PARTS = /\.weight\.(absmax|quant_map|nested_absmax|nested_quant_map|quant_state\.bitsandbytes__(nf4|fp4))$/;

/**
 * Each tensor's role and the parameters it holds. `bits`: GPTQ/AWQ's bits per weight (4 unless
 * the config's quantization_config says otherwise).
 */
export function readTensors(tensors: readonly TensorEntry[], bits = 4): ReadTensor[] {
  const names = new Set(tensors.map((t) => t.name));
  const bnb4 = (name: string) => names.has(`${name}.quant_state.bitsandbytes__nf4`) || names.has(`${name}.quant_state.bitsandbytes__fp4`);
  return tensors.map((t) => {
    const as = (role: TensorRole, packing: number): ReadTensor => ({ ...t, role, packing, held: role === "quantization" ? 0 : t.parameters * packing });
    if (t.name.endsWith(".qweight") && (t.dtype === "I32" || t.dtype === "U32") && 32 % bits === 0) return as("packed", 32 / bits);
    if (/\.(qzeros|scales|g_idx)$/.test(t.name) && names.has(t.name.replace(/\.(qzeros|scales|g_idx)$/, ".qweight"))) return as("quantization", 1);
    if (t.dtype === "U8" && t.name.endsWith(".weight") && bnb4(t.name)) return as("packed", 2);
    if (BNB_4BIT_PARTS.test(t.name)) return as("quantization", 1);
    if (/\.(SCB|weight_format)$/.test(t.name) && names.has(t.name.replace(/\.(SCB|weight_format)$/, ".weight"))) return as("quantization", 1);
    return as("parameters", 1);
  });
}
