// A spec argument's text, loaded: a bundled spec from the JSON the build made of it, while that
// still fits the spec's text (src/loader/prebuilt.ts), anything else by the loader. Each part
// is imported on first use, so a bundled spec's run sets up neither YAML nor the schema.

import type { LoadOptions, LoadResult } from "../loader/load.js";
import type { SpecInput } from "./io.js";

export async function loadInput(input: SpecInput, options: Pick<LoadOptions, "bias"> = {}): Promise<LoadResult> {
  if (input.prebuilt !== undefined) {
    const { fromPrebuiltJson } = await import("../loader/prebuilt.js");
    const spec = fromPrebuiltJson(input.prebuilt, input.text, input.file, options);
    if (spec) return { ok: true, spec, warnings: [] };
  }
  const { loadSpec } = await import("../loader/load.js");
  return loadSpec(input.text, input.file, options);
}
