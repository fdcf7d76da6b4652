// Learned tables and tensors of transformers: token embeddings, position embeddings, class
// tokens. Each is looked up or added, never multiplied: weights, and no connections (as
// FlopCounterMode and fvcore count an embedding).

import { type CostOf, LayerIssue, onlyInput } from "../cost-parts.js";
import { describeShape } from "../shape-text.js";
import type { Algebra } from "../exact.js";
import type { ClassTokenLayer, EmbeddingLayer, PositionEmbeddingLayer, SequenceShape, Shape } from "../network.js";

/** Token ids in, a sequence of `features` per position out: P = V·F (PyTorch nn.Embedding). */
export function embeddingCost<F, S>(layer: EmbeddingLayer, inputs: readonly Shape[], { zero, factor, product }: Algebra<F, S>): CostOf<S> {
  const [input] = inputs;
  if (input === undefined) throw new LayerIssue("has no input", "inputs");
  if (inputs.length > 1) throw new LayerIssue(`an embedding layer takes one input, got ${inputs.length}`, "inputs");
  if (input.kind !== "tokens") {
    throw new LayerIssue(`an embedding layer reads token ids (an input { tokens }), but its input is ${describeShape(input)}`, "inputs");
  }
  return {
    output: { kind: "sequence", length: input.length, features: layer.features },
    units: zero,
    weights: product([factor("V", layer.vocab), factor("F", layer.features)]),
    biases: zero,
    connections: zero,
    biasedUnits: zero,
  };
}

function sequenceInput(layer: PositionEmbeddingLayer | ClassTokenLayer, inputs: readonly Shape[]): SequenceShape {
  const input = onlyInput(layer, inputs);
  if (input.kind !== "sequence") throw new LayerIssue(`a ${layer.type} layer needs a sequence, but its input is ${describeShape(input)}`, "inputs");
  return input;
}

/** A learned vector per position, added: P = T·F (BERT, GPT-2 and ViT learn theirs). */
export function positionEmbeddingCost<F, S>(layer: PositionEmbeddingLayer, inputs: readonly Shape[], { zero, factor, product }: Algebra<F, S>): CostOf<S> {
  const input = sequenceInput(layer, inputs);
  return {
    output: input,
    units: zero,
    weights: product([factor("T", input.length), factor("F", input.features)]),
    biases: zero,
    connections: zero,
    biasedUnits: zero,
  };
}

/** n learned vectors prepended: P = n·F, output T + n positions (ViT's class token, n = 1). */
export function classTokenCost<F, S>(layer: ClassTokenLayer, inputs: readonly Shape[], { zero, factor, product }: Algebra<F, S>): CostOf<S> {
  const input = sequenceInput(layer, inputs);
  return {
    output: { kind: "sequence", length: input.length + layer.tokens, features: input.features },
    units: zero,
    weights: product([factor("n", layer.tokens), factor("F", input.features)]),
    biases: zero,
    connections: zero,
    biasedUnits: zero,
  };
}
