// Colour is an option passed in, never read from the process: renderers stay pure functions of
// their input, and the CLI alone decides (terminal, NO_COLOR, FORCE_COLOR, --no-color).

import { Chalk, type ChalkInstance } from "chalk";
import type { Precision } from "../core/dtypes.js";
import type { StructureNode } from "../core/structure.js";

export interface RenderOptions {
  /** Use ANSI colour. */
  readonly color?: boolean;
  /** Show zero-cost layers too (pooling, activations, concat…), and every level. */
  readonly all?: boolean;
  /** The groups above the layers (block uses, name prefixes), for views at a depth. */
  readonly structure?: readonly StructureNode[];
  /** 0: totals only; 1: one row per top-level layer or group; absent: the deepest that fits a screen. */
  readonly depth?: number;
  /** The what-if options' precision and batch: each row then carries its weights' bytes and its FLOPs. */
  readonly whatIf?: RowWhatIf;
}

/** What the what-if options add to each row (`--dtype`, `--batch`, …). */
export interface RowWhatIf {
  /** The weights' precision, for layers without one of their own. */
  readonly precision: Precision;
  readonly batch: number;
}

export function palette(options: RenderOptions): ChalkInstance {
  return new Chalk({ level: options.color ? 1 : 0 });
}
