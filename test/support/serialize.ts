// A spec object written out as YAML (block or flow style) or JSON (compact or indented).

import { stringify } from "yaml";

export const YAML_STYLES = ["block", "flow-layers", "flow"] as const;
export type YamlStyle = (typeof YAML_STYLES)[number];

export function toYaml(spec: unknown, style: YamlStyle = "block"): string {
  // flowLevel: collections at or below this depth are written in flow style ({ … }, [ … ])
  const flowLevel = style === "block" ? undefined : style === "flow" ? 0 : 2;
  return stringify(spec, { ...(flowLevel === undefined ? {} : { flowLevel }), lineWidth: 0 });
}

export function toJson(spec: unknown, indent: 0 | 2 = 2): string {
  return `${JSON.stringify(spec, null, indent || undefined)}\n`;
}
