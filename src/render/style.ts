// Colour is an option passed in, never read from the process: renderers stay pure functions of
// their input, and the CLI alone decides (terminal, NO_COLOR, FORCE_COLOR, --no-color).

import { Chalk, type ChalkInstance } from "chalk";

export interface RenderOptions {
  /** Use ANSI colour. */
  readonly color?: boolean;
  /** Show zero-cost layers too (pooling, activations, concat…). */
  readonly all?: boolean;
}

export function palette(options: RenderOptions): ChalkInstance {
  return new Chalk({ level: options.color ? 1 : 0 });
}
