#!/usr/bin/env node
// The alexcount binary: real I/O around `run`.
import { nodeIo } from "./node-io.js";
import { run } from "./run.js";

// no top-level await: the binary is bundled as CommonJS (scripts/build-bin.mjs)
// a reader that stops early (`alexcount big.json --json | head`) closes the pipe: stop quietly, as
// other command-line tools do, rather than print Node's EPIPE stack trace
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

void run(process.argv.slice(2), nodeIo()).then((code) => {
  process.exitCode = code;
});
