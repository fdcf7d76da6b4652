#!/usr/bin/env node
// The alexcount binary as installed (dist/alexcount.cjs, written here by scripts/build-bin.mjs):
// it runs the one-file bundle, dist/alexcount.bundle.cjs, compiled with a V8 code cache.
// Compiling the bundle's 400 kB is a good part of a run's start-up, and Node 20 has no compile
// cache of its own (module.enableCompileCache() came in Node 22.1); vm.Script's `cachedData` is
// what it offers.
//
// V8 refuses a cache made by another V8 version or under other V8 flags, and then compiles the
// bundle as usual, which nearly doubles a run (NODE_OPTIONS=--max-old-space-size=4096, common
// in CI, is such a flag). So there are two caches:
// - dist's, made by the build's warm-up run under the Node that built it and no flags;
// - under any flag or another Node, one in the user's cache folder, keyed by the bundle, the
//   Node version and the flags, written at the end of the first run that had none (atomically:
//   a temporary file renamed), and ignored silently when it cannot be read or written.
// V8 checks a cache against the source's length only, hence the bundle's hash in the key; a
// cache older than the bundle in dist (the bundle rebuilt or edited without it) is not offered.
"use strict";
const { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { dirname, isAbsolute, join } = require("node:path");
const { Script } = require("node:vm");

/** Written by the build: alexcount's version, the bundle's hash, the Node that made dist's cache. */
const BUILD = { version: "", bundle: "", node: "" };

const bundle = join(__dirname, "alexcount.bundle.cjs");

/** The size of the file, when it is there and (given `notBefore`) not older than it; else undefined. */
function sizeOf(path, notBefore = 0) {
  try {
    const stat = statSync(path);
    return stat.mtimeMs < notBefore ? undefined : stat.size;
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

/** FNV-1a, 32 bits, as 8 hex digits: enough to tell flag sets apart in a file name (V8 checks the flags itself). */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** The user's cache folder for alexcount: $XDG_CACHE_HOME, else the platform's (~/.cache on Linux). */
function userCacheDir() {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, "alexcount");
  const home = process.env.HOME || require("node:os").homedir();
  if (process.platform === "darwin") return join(home, "Library", "Caches", "alexcount");
  if (process.platform === "win32") return join(process.env.LOCALAPPDATA || join(home, "AppData", "Local"), "alexcount", "Cache");
  return join(home, ".cache", "alexcount");
}

// Node's own options are in these too (--require…), which do not change V8's flags: the user
// cache is then looked for in vain and dist's is taken, which V8 accepts.
const flags = `${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`.trim();
const distCache = `${bundle}.cache`;
const userCache =
  flags === "" && process.version === BUILD.node
    ? undefined
    : join(userCacheDir(), `${BUILD.version}-${BUILD.bundle}-${process.version}-${fnv1a(flags)}.cache`);

// Both files are read into one buffer, the bundle's text and then, over it, the cache: memory
// touched for the first time costs a page fault per 4 kB (some 15-20 us each on the machine
// measured), and the cache then lands in pages the text already touched.
const bundleStat = statSync(bundle);
const userCacheBytes = userCache === undefined ? undefined : sizeOf(userCache);
const cacheFile = userCacheBytes === undefined ? distCache : userCache;
const cachedBytes = userCacheBytes ?? sizeOf(distCache, bundleStat.mtimeMs);
const buffer = Buffer.allocUnsafe(Math.max(bundleStat.size, cachedBytes ?? 0));
// The bundle is a CommonJS module already wrapped in its function by the build, compiled as
// read. Read as latin1, a plain copy, where UTF-8 must be decoded: the bundle is ASCII (esbuild
// escapes everything else, and the build checks).
const source = buffer.toString("latin1", 0, readInto(bundle, buffer.subarray(0, bundleStat.size)));
let cachedData;
try {
  cachedData = cachedBytes === undefined ? undefined : buffer.subarray(0, readInto(cacheFile, buffer.subarray(0, cachedBytes)));
} catch {
  cachedData = undefined; // unreadable: compile as usual
}
const script = new Script(source, { filename: bundle, cachedData });

/** The cache of every function this run compiled, written to `path` through a temporary file. */
function writeCache(path, quiet) {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    if (quiet) mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, path);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing more to tidy
    }
    if (!quiet) throw error;
  }
}

if (process.env.ALEXCOUNT_WRITE_CODE_CACHE === "1") {
  // the build's warm-up run: dist's cache then holds every function this run compiled
  process.on("exit", () => writeCache(distCache, false));
} else if (userCache !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
  // no cache fit these flags or this Node: this run makes the user's
  process.on("exit", () => writeCache(userCache, true));
}
const bundleModule = { exports: {} };
script.runInThisContext().call(bundleModule.exports, bundleModule.exports, createRequire(bundle), bundleModule, bundle, __dirname);
