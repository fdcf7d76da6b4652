#!/usr/bin/env node
// The alexcount binary: real I/O around `run`.
import { nodeIo } from "./node-io.js";
import { run } from "./run.js";

// no top-level await: the binary is bundled as CommonJS (scripts/build-bin.mjs)
void run(process.argv.slice(2), nodeIo()).then((code) => {
  process.exitCode = code;
});
