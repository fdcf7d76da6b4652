// An imported spec as YAML text: the header comment (where it came from, the conventions the
// importer followed, what it skipped or could not count), then the spec, one layer a line as the
// bundled specs are written, so that the file reads and edits like a hand-written one.

import { dump } from "js-yaml";
import { visibleText } from "../core/visible-text.js";
import type { ImportedSpec } from "./import-problem.js";

/** Wraps a header line at about 96 columns, so the comment reads in a terminal. */
function wrap(line: string, width = 96): string[] {
  const out: string[] = [];
  let current = "";
  for (const word of line.split(" ")) {
    if (current && current.length + 1 + word.length > width) {
      out.push(current);
      current = `  ${word}`;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) out.push(current);
  return out;
}

export function specYaml(imported: ImportedSpec): string {
  // names from the file are data: escaped in the comment, or a newline in one would end the comment and write YAML
  const header = imported.header.flatMap((line) => wrap(visibleText(line))).map((line) => `# ${line}`.trimEnd());
  // each top-level key on a line of its own, its value in flow style (`input: {size: 227, channels: 3}`),
  // and the layers one a line, as the bundled specs are written
  const flow = (value: unknown): string => dump(value, { flowLevel: 0, lineWidth: -1, noRefs: true, quotingType: '"' }).trimEnd();
  const list = (layers: unknown[], indent: string) => layers.map((layer) => `${indent}- ${flow(layer)}`).join("\n");
  // blocks (an importer's repeated layer): each block's layers one a line too
  const blocks = (value: Record<string, { layers: unknown[] }>) =>
    Object.entries(value)
      .map(([name, block]) => `  ${flow(name)}:\n    layers:\n${list(block.layers, "      ")}`)
      .join("\n");
  const body = Object.entries(imported.spec).map(([key, value]) =>
    key === "layers" && Array.isArray(value)
      ? `layers:\n${list(value, "  ")}`
      : key === "blocks"
        ? `blocks:\n${blocks(value as Record<string, { layers: unknown[] }>)}`
        : `${key}: ${flow(value)}`,
  );
  return `${header.join("\n")}\n${body.join("\n")}\n`;
}
