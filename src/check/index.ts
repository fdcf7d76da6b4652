// Published figures against computed ones (contract §3). Pure.
export * from "./published.js";
export * from "./check.js";
export * from "./run.js";
export * from "./diagnose.js";
