// A faster yes-or-no for "is this a valid layer entry", for specs of many layers: the schema of
// the entry's type (its option of layerSchema) compiled by zod itself (z.compile) into
// straight-line code, where zod/mini's parser walks the schema objects field by field. It only
// accepts: an entry it refuses goes to layerSchema's own parse, which decides and words every
// message. Compiled with `strict: true`, so a schema zod cannot compile is an error at the first
// large spec (and in the tests), never a quiet return to the slow road. Compiling a type costs
// more than validating a few hundred layers of it, hence the threshold, and only the types a
// spec uses are compiled.

import * as z from "zod/mini";
import { type SpecLayer, TYPE_NAMES, layerSchema } from "./schema.js";

/** From this many expanded layers on, the loader checks each entry with the compiled schema first. */
export const COMPILED_FROM_LAYERS = 2_000;

const TYPES: ReadonlySet<string> = new Set(TYPE_NAMES);

/** Each type's compiled schema, by its spelling of `type`, compiled when first needed. */
const compiled = new Map<string, z.ZodMiniType>();

/**
 * Whether `raw` is a valid layer entry as layerSchema reads it. The schema has no transforms or
 * defaults, so an accepted entry is already the value its parse would return.
 */
export function isValidLayer(raw: unknown): raw is SpecLayer {
  const type = typeof raw === "object" && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (typeof type !== "string") return false;
  let schema = compiled.get(type);
  if (schema === undefined) {
    if (!TYPES.has(type)) return false;
    schema = z.compile(z.getDiscriminatedOption(layerSchema, type as SpecLayer["type"]), { strict: true });
    compiled.set(type, schema);
  }
  return z.validate(schema, raw);
}
