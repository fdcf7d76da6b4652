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
  /**
   * A sequence model's one position on its own (the network at T = 1): 2 × its connections, each
   * weight's multiply–accumulate once, a mixture's top_k experts only (Kaplan et al.'s 2N per
   * token); the attention over a context is in the sequence's figure. Absent for other networks.
   */
  readonly perToken?: bigint;
}

/** `tokenConnections`: a sequence model's connections at one position (T = 1), for `perToken`. */
export function flopsReport(connections: Count, batch: number, tokenConnections?: Count): FlopsReport {
  const perExample = FLOPS_PER_MAC * BigInt(connections);
  const forward = perExample * BigInt(batch);
  const report = { perExample, batch, forward, trainingStep: TRAINING_FACTOR * forward };
  return tokenConnections === undefined ? report : { ...report, perToken: FLOPS_PER_MAC * BigInt(tokenConnections) };
}
