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
const { closeSync, openSync, readSync, statSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { join } = require("node:path");
const { Script } = require("node:vm");

const bundle = join(__dirname, "alexcount.bundle.cjs");
const cacheFile = `${bundle}.cache`;

/** The size of the cache, when there is one at least as new as the bundle (else undefined). */
function cacheSize(bundleModified) {
  try {
    const cache = statSync(cacheFile);
    return cache.mtimeMs < bundleModified ? undefined : cache.size;
  } catch {
    return undefined; // no cache: compile as usual
  }
}

/** Reads `path` into the start of `buffer`, up to its length; the number of bytes read. */
function readInto(path, buffer) {
  const fd = openSync(path, "r");
  try {
    let length = 0;
    while (length < buffer.length) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return length;
  } finally {
    closeSync(fd);
  }
}

// Both files are read into one buffer, the bundle's text and then, over it, the cache: memory
// touched for the first time costs a page fault per 4 kB (some 15-20 us each on the machine
// measured), and the cache then lands in pages the text already touched.
const bundleStat = statSync(bundle);
const cachedBytes = cacheSize(bundleStat.mtimeMs);
const buffer = Buffer.allocUnsafe(Math.max(bundleStat.size, cachedBytes ?? 0));
// The bundle is a CommonJS module already wrapped in its function by the build, compiled as
// read. Read as latin1, a plain copy, where UTF-8 must be decoded: the bundle is ASCII (esbuild
// escapes everything else, and the build checks).
const source = buffer.toString("latin1", 0, readInto(bundle, buffer.subarray(0, bundleStat.size)));
const cachedData = cachedBytes === undefined ? undefined : buffer.subarray(0, readInto(cacheFile, buffer.subarray(0, cachedBytes)));
const script = new Script(source, { filename: bundle, cachedData });
if (process.env.ALEXCOUNT_WRITE_CODE_CACHE === "1") {
  // the build's warm-up run: the cache then holds every function this run compiled
  process.on("exit", () => writeFileSync(cacheFile, script.createCachedData()));
}
const bundleModule = { exports: {} };
script.runInThisContext().call(bundleModule.exports, bundleModule.exports, createRequire(bundle), bundleModule, bundle, __dirname);
