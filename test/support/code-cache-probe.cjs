// Preloaded (node --require) by test/cli/code-cache.test.ts: tells, in the file that
// ALEXCOUNT_CODE_CACHE_PROBE names, whether the launcher offered V8 a code cache and whether V8
// took it. The launcher takes vm.Script after this has replaced it.
"use strict";
const { appendFileSync } = require("node:fs");
const vm = require("node:vm");

const Script = vm.Script;
vm.Script = class ProbedScript extends Script {
  constructor(source, options) {
    super(source, options);
    const offered = options?.cachedData !== undefined;
    const report = { offered, rejected: offered ? this.cachedDataRejected : undefined };
    appendFileSync(process.env.ALEXCOUNT_CODE_CACHE_PROBE, `${JSON.stringify(report)}\n`);
  }
};
