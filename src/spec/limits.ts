// Limits that keep a hostile or broken file from exhausting memory or time.

export const LIMITS = {
  /** bytes of spec text */
  maxBytes: 64 * 1024 * 1024,
  /** YAML alias dereferences (the yaml package's guard against "billion laughs") */
  maxAliasCount: 100,
  /** nesting of lists and maps */
  maxDepth: 64,
  /** layers in one spec, counted after blocks are expanded */
  maxLayers: 1_000_000,
  /** uses of blocks inside blocks: a use at the top level is depth 1 */
  maxBlockDepth: 16,
} as const;
