// Builds the binary, package.json's `bin`, after tsc has built the library (`npm run build`
// does both). The library (dist/index.js and its .d.ts) stays unbundled; only the binary is:
//
//   dist/alexcount.bundle.cjs        src/cli/main.ts and every dependency in one minified
//                                    file: one read and one compile instead of resolving and
//                                    compiling some two hundred modules; written as the
//                                    function Node's loader would wrap a CommonJS module in
//   dist/alexcount.bundle.cjs.cache  V8's code cache for it, from a warm-up run
//   dist/specs/*.json                the bundled specs, loaded at build time (src/loader/prebuilt.ts)
//   dist/alexcount.cjs               the binary: runs the bundle with that cache, or under V8
//                                    flags with one of the user's (scripts/launcher.cjs)
//
// CommonJS, not an ES module: Node 20 starts a CommonJS file measurably sooner, and only a
// script (vm.Script) can be given a code cache. README, "Performance", has the measurements.

import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { chmod, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const BIN = "dist/alexcount.cjs";
const BUNDLE = "dist/alexcount.bundle.cjs";

/**
 * commander loads node:child_process at start-up, for subcommands that are separate
 * executables (its one use of it is `spawn`), which alexcount has none of. Loading it pulls
 * in net, dgram and more on every run; this stub defers that to the first call, which never
 * comes.
 */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes("node_modules/commander/") ? { path: "child_process", namespace: "lazy-child-process" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-child-process" }, () => ({
      contents: 'module.exports = { spawn: (...args) => require("node:child_process").spawn(...args) };',
      loader: "js",
    }));
  },
};

/**
 * chalk detects the terminal's colour support when it is imported (its vendored supports-color
 * loads node:tty and node:os and reads the environment), for its default instance, which
 * alexcount never uses: src/cli/node-io.ts decides colour and every renderer passes `level` to
 * its own Chalk. The bundle gets chalk's browser build of that module instead, which detects
 * nothing and loads nothing.
 */
const noColorDetection = {
  name: "no-color-detection",
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, (args) =>
      args.importer.includes("node_modules/chalk/")
        ? { path: fileURLToPath(new URL("../node_modules/chalk/source/vendor/supports-color/browser.js", import.meta.url)) }
        : undefined,
    );
  },
};

/**
 * The YAML libraries, set up on first use: the bundle gets, for each, a module whose exports
 * load the real one when first read. A JSON spec, a bundled spec (dist/specs), --version and
 * --help then never run their modules' set-up (src/loader/parse.ts makes its js-yaml schema on
 * first use too). The loading goes through a method named "alexcount: load PACKAGE", a name
 * that minifying keeps, by which test/cli/lazy-yaml.test.ts sees in V8's coverage whether a
 * run loaded one.
 */
const LAZY_PACKAGES = ["yaml", "js-yaml"];
const lazyYaml = {
  name: "lazy-yaml",
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${LAZY_PACKAGES.join("|")})$`) }, (args) =>
      // the stub's own require is the real package
      args.namespace === "lazy-package" ? undefined : { path: args.path, namespace: "lazy-package" },
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-package" }, (args) => {
      const loader = JSON.stringify(`alexcount: load ${args.path}`);
      const names = Object.keys(createRequire(import.meta.url)(args.path));
      const getters = names.map((name) => `${JSON.stringify(name)}: { enumerable: true, get: () => load()[${JSON.stringify(name)}] }`);
      return {
        contents: [
          "let real;",
          `const load = { ${loader}() { return (real ??= require(${JSON.stringify(args.path)})); } }[${loader}];`,
          `module.exports = Object.defineProperties({}, { ${getters.join(", ")} });`,
        ].join("\n"),
        loader: "js",
        resolveDir: fileURLToPath(new URL("..", import.meta.url)),
      };
    });
  },
};

await rm(`${BUNDLE}.cache`, { force: true });

// The bundled specs, loaded and checked now, written as the JSON that the binary reads instead
// of their YAML (src/loader/prebuilt.ts): neither YAML nor the schema is set up for them at run
// time. A bundled spec that does not load, or whose network does not add up, fails the build.
const PREBUILT = "dist/specs";
const { loadSpec } = await import("../dist/loader/load.js");
const { analyzeSpec } = await import("../dist/loader/analyze-spec.js");
const { toPrebuiltJson } = await import("../dist/loader/prebuilt.js");
await rm(PREBUILT, { recursive: true, force: true });
await mkdir(PREBUILT);
for (const name of (await readdir("specs")).filter((f) => f.endsWith(".yaml"))) {
  const text = await readFile(`specs/${name}`, "utf8");
  // named as the binary names a bundled spec (src/cli/io.ts)
  const loaded = loadSpec(text, `specs/${name}`);
  const problems = loaded.ok ? (analyzeSpec(loaded.spec).problems ?? []) : loaded.problems;
  if (problems.length > 0) throw new Error(`specs/${name} does not load:\n${problems.map((p) => `${p.path}: ${p.message}`).join("\n")}`);
  await writeFile(`${PREBUILT}/${name.replace(/\.yaml$/, ".json")}`, toPrebuiltJson(loaded.spec, text));
}
const { outputFiles } = await build({
  entryPoints: ["src/cli/main.ts"],
  outfile: BUNDLE,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minify: true,
  // src/cli/node-io.ts finds the package root from its own URL
  define: { "import.meta.url": "__alexcountBundleUrl" },
  // (the directive first: esbuild's own "use strict" comes after the banner)
  banner: { js: '"use strict";var __alexcountBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [lazyChildProcess, noColorDetection, lazyYaml],
  logLevel: "warning",
  write: false,
});
// main.ts's #! line is for running it directly; the launcher runs the bundle, which keeps none
const bundleText = outputFiles[0].text.replace(/^#!.*\n/, "");
// the launcher reads it as latin1, which is right for ASCII only (esbuild's default charset)
if (/[^\x00-\x7f]/.test(bundleText)) throw new Error(`${BUNDLE} is not ASCII: the launcher reads it as latin1`);
// Wrapped here rather than by the launcher: the launcher compiles the text as read, where its
// own wrapping made a second copy of it in memory (the concatenation, flattened for the
// compiler), a hundred pages touched afresh at every run. On the first line, so that line
// numbers stay true.
await writeFile(BUNDLE, `(function (exports, require, module, __filename, __dirname) {${bundleText}\n})`);
// The launcher, told what it runs: the version and the bundle's hash key the user's code cache,
// and the Node that made dist's cache says when dist's fits (scripts/launcher.cjs)
const { version } = JSON.parse(await readFile("package.json", "utf8"));
const built = { version, bundle: createHash("sha256").update(bundleText).digest("hex").slice(0, 12), node: process.version };
const launcher = await readFile("scripts/launcher.cjs", "utf8");
const BUILD_LINE = 'const BUILD = { version: "", bundle: "", node: "" };';
if (!launcher.includes(BUILD_LINE)) throw new Error(`scripts/launcher.cjs has no line ${BUILD_LINE}`);
await writeFile(BIN, launcher.replace(BUILD_LINE, `const BUILD = ${JSON.stringify(built)};`));
await chmod(BIN, 0o755);

// The warm-up run that writes the code cache: the bundled AlexNet spec as a table, the
// commonest use, which runs the loader, the core and the table renderer.
const warmUp = spawnSync(process.execPath, [BIN, "specs/alexnet.yaml"], {
  // without NODE_OPTIONS: V8 flags there would make a cache that runs without them refuse
  env: { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "NODE_OPTIONS")), ALEXCOUNT_WRITE_CODE_CACHE: "1", NO_COLOR: "1" },
  stdio: ["ignore", "ignore", "inherit"],
});
if (warmUp.status !== 0) throw new Error(`the warm-up run of ${BIN} failed with exit status ${warmUp.status}`);
