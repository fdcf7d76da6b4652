// Dependencies point inward: the core imports nothing of the shells, nothing with side effects;
// renderers never read the process; no two modules import each other, however indirectly.
// Checked on the source text, so nobody has to remember.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../src/", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Every module a file imports or re-exports, type-only imports included: they are seams too. */
function imports(path: string): string[] {
  const text = readFileSync(path, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1] ?? "");
}

const FOLDERS = ["core", "loader", "check", "render", "import", "cli"] as const;
type Folder = (typeof FOLDERS)[number];

/** The folders each folder may import from (besides itself), innermost first. */
const INWARD: Record<Folder, readonly Folder[]> = {
  core: [],
  loader: ["core"],
  check: ["core"],
  render: ["core", "check"],
  // importers, a folder per format (src/import/caffe/…): a file in, a spec out
  import: ["core"],
  cli: ["core", "loader", "check", "render", "import"],
};

/** The packages each folder may import. */
const PACKAGES: Record<Folder, readonly string[]> = {
  core: [],
  check: [],
  render: ["chalk", "cli-table3"],
  // zod (its mini API and English messages); yaml and js-yaml (parse.ts, locate.ts); leven ("did you mean")
  loader: ["zod/mini", "zod/v4/locales/en.js", "yaml", "js-yaml", "leven"],
  // js-yaml writes the spec; leven suggests a misspelt field
  import: ["js-yaml", "leven"],
  cli: ["commander", "chalk", "leven", "node:fs", "node:path", "node:url", "node:os", "node:module", "node:process", "node:tty", "node:zlib"],
};

function folderOf(path: string): string {
  return relative(src, path).split("/")[0] ?? "";
}

const all = files(src);

it("every source file is in one of the folders, or is src/index.ts (the public API)", () => {
  const outside = all.filter((p) => !(FOLDERS as readonly string[]).includes(folderOf(p)) && relative(src, p) !== "index.ts").map((p) => relative(src, p));
  expect(outside).toEqual([]);
});

describe.each(FOLDERS)("src/%s", (folder) => {
  const paths = all.filter((p) => folderOf(p) === folder);

  it(`imports only itself, ${INWARD[folder].join(", ") || "nothing else"} and its packages`, () => {
    const offending = paths.flatMap((p) =>
      imports(p)
        .filter((s) => {
          if (!s.startsWith(".")) return !PACKAGES[folder].includes(s);
          const target = folderOf(resolve(dirname(p), s));
          return target !== folder && !INWARD[folder].includes(target as Folder);
        })
        .map((s) => `${relative(src, p)} → ${s}`),
    );
    expect(offending).toEqual([]);
  });

  if (folder !== "cli") {
    it("never touches the process", () => {
      const offending = paths.filter((p) => /\bprocess\.|\bconsole\./.test(readFileSync(p, "utf8"))).map((p) => relative(src, p));
      expect(offending).toEqual([]);
    });
  }
});

it("has no import cycles: no module reaches itself through what it imports", () => {
  const graph = new Map(
    all.map((p) => [
      p,
      imports(p)
        .filter((s) => s.startsWith("."))
        .map((s) => resolve(dirname(p), s.replace(/\.js$/, ".ts"))),
    ]),
  );
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next].map((p) => relative(src, p)).join(" → "));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  expect(cycles).toEqual([]);
});

it("no two source files share a name, and no folder has an index.ts barrel", () => {
  const names = all.filter((p) => relative(src, p) !== "index.ts").map((p) => basename(p));
  expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  expect(names).not.toContain("index.ts");
});

it("the core's layer switch is exhaustive (ends in assertNever)", () => {
  const costs = readFileSync(join(src, "core/costs.ts"), "utf8");
  expect(costs).toMatch(/switch \(layer\.type\) \{[\s\S]*default:\s*return assertNever\(layer\);/);
});
