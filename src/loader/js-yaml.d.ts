// A load option that js-yaml 4.3 documents (its README, "load") and @types/js-yaml, written for
// 4.0, does not declare yet.

import "js-yaml";

declare module "js-yaml" {
  interface LoadOptions {
    /** Nesting at which loading stops with an error (default 100); every node counts, scalars too. */
    maxDepth?: number;
  }
}
