// Floating-point operations from multiply–accumulates: one MAC is a multiply and an add, two
// FLOPs; a training step is a forward pass and a backward pass that costs about twice the
// forward (gradients with respect to both the inputs and the weights), three forwards in all:
// Kaplan et al. 2020, §2.1, C ≈ 6N per token, against 2N for the forward pass alone.
import type { Count } from "./exact.js";

/** FLOPs per multiply–accumulate. */
export const FLOPS_PER_MAC = 2n;
/** A training step in forward passes: the forward, and a backward of about twice its cost. */
export const TRAINING_FACTOR = 3n;

export interface FlopsReport {
  /** 2 × connections: the forward pass of one example. */
  readonly perExample: bigint;
  readonly batch: number;
  /** perExample × batch. */
  readonly forward: bigint;
  /** 3 × forward. */
  readonly trainingStep: bigint;
}

export function flopsReport(connections: Count, batch: number): FlopsReport {
  const perExample = FLOPS_PER_MAC * BigInt(connections);
  const forward = perExample * BigInt(batch);
  return { perExample, batch, forward, trainingStep: TRAINING_FACTOR * forward };
}
