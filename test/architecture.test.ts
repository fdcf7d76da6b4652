// Dependencies point inward: the core imports nothing of the shells, nothing with side effects;
// renderers never read the process. Checked on the source text, so nobody has to remember.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../src/", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function imports(path: string): string[] {
  const text = readFileSync(path, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1] ?? "");
}

const ALLOWED: Record<string, (specifier: string, from: string) => boolean> = {
  // the core: only itself (its subfolders, costs/, may import the files beside them)
  core: (s, from) => s.startsWith(".") && resolve(dirname(from), s).startsWith(join(src, "core")),
  // check: itself and the core; pure
  check: (s) => s.startsWith("./") || s.startsWith("../core/"),
  // render: itself, the core and check's types; chalk and cli-table3 for output
  render: (s) => s.startsWith("./") || s.startsWith("../core/") || s.startsWith("../check/") || ["chalk", "cli-table3"].includes(s),
  // loader: itself, the core, check's published types; zod (its mini API and English messages),
  // yaml and leven (for "did you mean");
  // js-yaml, the fast road for YAML text that the yaml package would read the same (parse.ts)
  loader: (s) =>
    s.startsWith("./") || s.startsWith("../core/") || s.startsWith("../check/") || ["zod/mini", "zod/v4/locales/en.js", "yaml", "js-yaml", "leven"].includes(s),
  // importers, a folder per format (src/import/caffe/…): themselves and the core, resolved from
  // the importing file, never the loader, check or the CLI; js-yaml writes the spec, leven
  // suggests a misspelt field
  import: (s, from) => {
    if (!s.startsWith(".")) return ["js-yaml", "leven"].includes(s);
    const target = relative(src, resolve(dirname(from), s));
    return target.startsWith("import/") || target.startsWith("core/");
  },
};

describe.each(Object.keys(ALLOWED))("src/%s", (folder) => {
  const paths = files(join(src, folder));

  it("imports only what it may", () => {
    const allowed = ALLOWED[folder]!;
    const offending = paths.flatMap((p) =>
      imports(p)
        .filter((s) => !allowed(s, p))
        .map((s) => `${relative(src, p)} → ${s}`),
    );
    expect(offending).toEqual([]);
  });

  it("never touches the process", () => {
    const offending = paths.filter((p) => /\bprocess\.|\bconsole\./.test(readFileSync(p, "utf8"))).map((p) => relative(src, p));
    expect(offending).toEqual([]);
  });
});

it("the core's layer switch is exhaustive (ends in assertNever)", () => {
  const costs = readFileSync(join(src, "core/costs.ts"), "utf8");
  expect(costs).toMatch(/switch \(layer\.type\) \{[\s\S]*default:\s*return assertNever\(layer\);/);
});
