// The one notation for shapes in text, used by the core's messages and by every renderer.

import type { Shape } from "./network.js";

/** 55×55×96 (height × width × channels), or "4096" for a vector: a table cell. */
export function formatShape(shape: Shape): string {
  return shape.kind === "image" ? `${shape.height}×${shape.width}×${shape.channels}` : `${shape.features}`;
}

/** 55×55×96, or "4096 features": a shape in prose, where a bare number would not say what it is. */
export function describeShape(shape: Shape): string {
  return shape.kind === "image" ? formatShape(shape) : `${formatShape(shape)} features`;
}
