// The pure core: a typed network in, per-layer shapes and exact counts out. No I/O, no
// dependencies outside this folder.
export * from "./network.js";
export * from "./exact.js";
export * from "./size.js";
export * from "./costs.js";
export * from "./analyze.js";
