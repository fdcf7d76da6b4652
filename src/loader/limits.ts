// Limits that keep a hostile or broken file from exhausting memory or time (docs/errors.md,
// "Limits"). Real specs are a few KB and a few hundred layers; the generous layer limit is
// for generated networks, which npm run bench measures. What a file at the size limit costs is
// in docs/errors.md, "Limits".

export const LIMITS = {
  /** UTF-8 bytes of spec text: room for 100,000 layers of one line each (about 5.5 MB) */
  maxBytes: 8 * 1024 * 1024,
  /** YAML alias uses, each counted with the uses inside what it names (against "billion laughs") */
  maxAliasCount: 100,
  /** nesting of lists and maps */
  maxDepth: 64,
  /** layers in one spec, counted after blocks are expanded */
  maxLayers: 200_000,
  /** uses of blocks inside blocks: a use at the top level is depth 1 */
  maxBlockDepth: 16,
} as const;

export type Limits = { readonly [K in keyof typeof LIMITS]: number };
