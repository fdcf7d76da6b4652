// The parts every cost function shares: what a layer costs (CostOf), the problem a shape
// reveals (LayerIssue), and the helpers that read a layer's inputs. Apart from costs.ts, so
// that the cost files of each family (costs/) and costs.ts import them without a cycle.

import type { ImageShape, Layer, Shape, TokensShape } from "./network.js";
import type { AxisDerivation } from "./size.js";
import { describeShape } from "./shape-text.js";

/**
 * What a layer costs and produces: each figure as an S of the algebra the cost function ran
 * with, a Formula (LayerCost, for --explain) or an exact number (LayerCounts, for the walk).
 */
export interface CostOf<S> {
  readonly output: Shape;
  readonly units: S;
  readonly weights: S;
  readonly biases: S;
  readonly connections: S;
  /**
   * The output units that receive a bias: under the bias-connections convention each adds one
   * connection (LeCun et al. 1998 counts C1's 28·28·6·(25 + 1) = 122,304 connections).
   */
  readonly biasedUnits: S;
  /** A layer with several outputs (split): their shapes, which later layers read as NAME:i. */
  readonly parts?: readonly Shape[];
  /** For layers that change height and width: how each was derived. */
  readonly size?: { readonly height: AxisDerivation; readonly width: AxisDerivation };
}

/** A problem with one layer that only shapes reveal; `field` is relative to the layer. */
export class LayerIssue extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "LayerIssue";
  }
}

export function free<S>(output: Shape, zero: S): CostOf<S> {
  return { output, units: zero, weights: zero, biases: zero, connections: zero, biasedUnits: zero };
}

/** A shape of values (not token ids): what every layer but an embedding reads. */
export type ValueShape = Exclude<Shape, TokensShape>;

export function onlyInput(layer: Layer, inputs: readonly Shape[]): ValueShape {
  // indexed, not `[first, ...rest] = inputs`: destructuring runs the iterator protocol and builds `rest`
  const first = inputs[0];
  if (first === undefined) throw new LayerIssue("has no input", "inputs");
  if (inputs.length > 1) throw new LayerIssue(`a ${layer.type} layer takes one input, got ${inputs.length}; merge them first with concat or add`, "inputs");
  if (first.kind === "tokens") throw tokensIssue(layer, first);
  return first;
}

/** Token ids are indices, not values: only an embedding turns them into features. */
export function tokensIssue(layer: Layer, shape: Shape): LayerIssue {
  return new LayerIssue(`a ${layer.type} layer cannot read token ids (${describeShape(shape)}): put an embedding layer first`, "inputs");
}

/** The features at one position: of a vector, of each position of a sequence; an image's channels. */
export function featuresOf(input: ValueShape): number {
  return input.kind === "image" ? input.channels : input.features;
}

/** The one input, an image; `orSequence`: the layer reads a sequence too (in 1-D), and the message says so. */
export function imageInput(layer: Layer, inputs: readonly Shape[], orSequence = false): ImageShape {
  const shape = onlyInput(layer, inputs);
  if (shape.kind === "vector") {
    throw new LayerIssue(
      `a ${layer.type} layer needs an image (height × width × channels)${orSequence ? " or a sequence (positions × channels)" : ""}, but its input is a vector of ${shape.features} features; remove the flatten or dense layer before it`,
      "inputs",
    );
  }
  if (shape.kind !== "image") {
    throw new LayerIssue(`a ${layer.type} layer needs an image (height × width × channels), but its input is a sequence of ${describeShape(shape)}`, "inputs");
  }
  return shape;
}
