#!/usr/bin/env node
// The alexcount binary as installed (dist/alexcount.cjs, copied here by scripts/build-bin.mjs):
// it runs the one-file bundle, dist/alexcount.bundle.cjs, compiled with the V8 code cache that
// the build made for it. Compiling the bundle's 330 kB is a good part of a run's start-up, and
// Node 20 has no compile cache of its own (module.enableCompileCache() came in Node 22.1);
// vm.Script's `cachedData` is what it offers.
//
// V8 refuses a cache made by another V8 version or under other flags, and the bundle is then
// compiled as usual. It checks the source's length only, so a cache older than the bundle
// (the bundle rebuilt or edited without it) is not offered at all.
"use strict";
const { readFileSync, statSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { join } = require("node:path");
const { Script } = require("node:vm");

const bundle = join(__dirname, "alexcount.bundle.cjs");
const cacheFile = `${bundle}.cache`;

function readCache() {
  try {
    if (statSync(cacheFile).mtimeMs < statSync(bundle).mtimeMs) return undefined;
    return readFileSync(cacheFile);
  } catch {
    return undefined; // no cache: compile as usual
  }
}

// The bundle is a CommonJS module already wrapped in its function by the build, compiled as
// read. Read as latin1, a plain copy, where UTF-8 must be decoded: the bundle is ASCII (esbuild
// escapes everything else, and the build checks).
const source = readFileSync(bundle, "latin1");
const script = new Script(source, { filename: bundle, cachedData: readCache() });
if (process.env.ALEXCOUNT_WRITE_CODE_CACHE === "1") {
  // the build's warm-up run: the cache then holds every function this run compiled
  process.on("exit", () => writeFileSync(cacheFile, script.createCachedData()));
}
const bundleModule = { exports: {} };
script.runInThisContext().call(bundleModule.exports, bundleModule.exports, createRequire(bundle), bundleModule, bundle, __dirname);
