// A bundled spec loaded and validated at build time (scripts/build-bin.mjs), kept as JSON that
// the binary reads without YAML or the schema. The YAML file stays the truth: the JSON holds
// the text it was loaded from, and serves only while that is still the file's text. Positions
// are found in the text, with the yaml package, only when a problem is placed.

import type { PathSegment } from "./problems.js";
import type { LoadOptions, LoadedSpec } from "./load.js";
import { LIMITS } from "./limits.js";
import type { Locator } from "./locate.js";
import { parseSpecText } from "./parse.js";
import { trustLayers } from "../core/trusted-layers.js";

/** How a Map is written in the JSON (the errata of a published source): its entries under this key. */
const MAP = "$map";
/** How a BigInt is written (the exact fractions of a layer's density): its decimal digits under this key. */
const BIGINT = "$bigint";

interface PrebuiltFile {
  /** The spec text it was loaded from. */
  readonly text: string;
  /** The loaded spec, without its locator. */
  readonly spec: Omit<LoadedSpec, "locate">;
}

/** The JSON for a spec loaded (with no options) from `text`. */
export function toPrebuiltJson(spec: LoadedSpec, text: string): string {
  const { locate: _locate, ...rest } = spec;
  const file: PrebuiltFile = { text, spec: rest };
  return JSON.stringify(file, (_key, value: unknown) =>
    value instanceof Map ? { [MAP]: [...(value as Map<unknown, unknown>)] } : typeof value === "bigint" ? { [BIGINT]: value.toString() } : value,
  );
}

/**
 * The spec that loadSpec(text, file, options) gives, from the JSON made for `text`; undefined
 * when the JSON was made for another text (the spec was edited since the build) or is not such
 * JSON, and the text must be loaded.
 */
export function fromPrebuiltJson(json: string, text: string, file: string, options: Pick<LoadOptions, "bias"> = {}): LoadedSpec | undefined {
  let prebuilt: PrebuiltFile;
  try {
    // parsed, then revived by one walk: a reviver would be a call for every value
    prebuilt = revived(JSON.parse(json)) as PrebuiltFile;
  } catch {
    return undefined;
  }
  if (prebuilt?.text !== text || typeof prebuilt.spec !== "object" || prebuilt.spec === null) return undefined;
  // the layers the build loaded, from this very text, through the loader's validation
  const network = { ...prebuilt.spec.network, layers: trustLayers(prebuilt.spec.network.layers) };
  return {
    ...prebuilt.spec,
    file,
    network: options.bias === undefined ? network : { ...network, bias: options.bias },
    locate: lazyLocator(text, file),
  };
}

/** The value with each `{ $map: entries }` made a Map and each `{ $bigint: digits }` a BigInt, as toPrebuiltJson wrote them. */
function revived(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revived(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  if (Object.hasOwn(record, MAP)) return new Map(revived(record[MAP]) as [unknown, unknown][]);
  if (Object.hasOwn(record, BIGINT)) return BigInt(record[BIGINT] as string);
  for (const key of Object.keys(record)) record[key] = revived(record[key]);
  return record;
}

/** Positions in the text, parsed on first use: a spec that loads and checks without a problem needs none. */
function lazyLocator(text: string, file: string): Locator {
  let located: Locator | null | undefined;
  const parsed = (): Locator | null => {
    if (located === undefined) {
      const result = parseSpecText(text, file, LIMITS);
      located = result.ok ? result.locate : null;
    }
    return located;
  };
  const locate = (path: readonly PathSegment[], options?: { key?: boolean }) => parsed()?.(path, options);
  return Object.assign(locate, { source: (path: readonly PathSegment[]) => parsed()?.source(path) });
}
