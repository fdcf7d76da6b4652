// The one notation for shapes in text, used by the core's messages and by every renderer.

import type { Shape } from "./network.js";

/** 55×55×96 (height × width × channels), "4096" for a vector, 197×768 (positions × features) for a sequence, "128 ids" for token ids: a table cell. */
export function formatShape(shape: Shape): string {
  switch (shape.kind) {
    case "image":
      return `${shape.height}×${shape.width}×${shape.channels}`;
    case "vector":
      return `${shape.features}`;
    case "sequence":
      return `${shape.length}×${shape.features}`;
    case "tokens":
      return `${shape.length} ids`;
  }
}

/** 55×55×96, "4096 features", "197 positions × 768 features", "128 token ids": a shape in prose, where a bare number would not say what it is. */
export function describeShape(shape: Shape): string {
  switch (shape.kind) {
    case "image":
      return formatShape(shape);
    case "vector":
      return `${shape.features} features`;
    case "sequence":
      return `${shape.length} positions × ${shape.features} features`;
    case "tokens":
      return `${shape.length} token ids`;
  }
}
