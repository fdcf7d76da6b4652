// The spec format as JSON Schema, generated from the zod schema: one source of truth for the
// loader and for editors.

import * as z from "zod/mini";
import { specSchema } from "./schema.js";

export function specJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(specSchema, { target: "draft-7", io: "input" }),
    title: "alexcount spec",
    description: "A neural network for alexcount: its input, its layers, and figures published for it.",
  };
}
