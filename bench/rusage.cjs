// Preloaded into a measured run (`node --require bench/rusage.cjs …`): on exit, writes the
// process's own resource usage as JSON to file descriptor 3, which bench/run.mjs opens as a
// pipe. Peak memory is `maxRSS` (kilobytes), as the kernel counts it for this process.
"use strict";
const { writeSync } = require("node:fs");

process.on("exit", () => {
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  writeSync(3, JSON.stringify({ maxRSS, userCPUTime, systemCPUTime }));
});
