#!/usr/bin/env node
// The alexcount binary: real I/O around `run`.
import { nodeIo } from "./node-io.js";
import { run } from "./run.js";

// no top-level await: the binary is bundled as CommonJS (scripts/build-bin.mjs)
const io = nodeIo();
void run(process.argv.slice(2), io).then((code) => {
  // Every byte went out through writeSync: exit at once, and spare Node the tear-down of the
  // heap (README, "Performance"). Text that went to a stream after a refused
  // write may still be queued there, and Node's own exit flushes it.
  if (io.allWritten()) process.exit(code);
  process.exitCode = code;
});
