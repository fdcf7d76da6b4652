// Specs that are small as text and huge as work: blocks used many times, problems multiplied by
// every use, and names long enough that V8 hashes them all alike. Plain objects, serialized by
// the caller; shared by the hostile-input tests (test/cli/hostile.test.ts) and the fuzzer.

/** A block with an unknown field in its one layer, used `repeat` times: a problem per use. */
export function problemFlood(repeat: number): Record<string, unknown> {
  return {
    name: "flood",
    input: { features: 4 },
    blocks: { b: { layers: [{ type: "relu", oops: 1 }] } },
    layers: [{ use: "b", repeat }],
  };
}

/**
 * Blocks b0 … b<depth>, each using the one before it `fanout` times; b0 holds a layer with an
 * unknown field. The top-level use expands to fanout^depth layers, each with the problem.
 */
export function blockGraph(fanout: number, depth: number): Record<string, unknown> {
  const blocks: Record<string, unknown> = { b0: { layers: [{ type: "relu", oops: 1 }] } };
  for (let i = 1; i <= depth; i++) blocks[`b${i}`] = { layers: Array.from({ length: fanout }, () => ({ use: `b${i - 1}` })) };
  return { name: "graph", input: { features: 4 }, blocks, layers: [{ use: `b${depth}` }] };
}

/** A block whose conv holds a connection table of `entries` rows, used `repeat` times. */
export function amplification(entries: number, repeat: number): Record<string, unknown> {
  return {
    name: "amplify",
    input: { size: 8, channels: 1 },
    blocks: { b: { layers: [{ type: "conv", filters: entries, kernel: 1, table: Array.from({ length: entries }, () => [0]) }] } },
    layers: [{ use: "b", repeat }],
  };
}

/** A block named with `length` characters, used `repeat` times: every expanded name starts with it. */
export function longBlockName(length: number, repeat: number): Record<string, unknown> {
  const name = "b".repeat(length);
  return { name: "long", input: { features: 4 }, blocks: { [name]: { layers: [{ type: "relu" }] } }, layers: [{ use: name, repeat }] };
}

/** A layer named with `length` characters inside a block used `repeat` times. */
export function longLayerName(length: number, repeat: number): Record<string, unknown> {
  return { name: "long", input: { features: 4 }, blocks: { b: { layers: [{ type: "relu", name: "n".repeat(length) }] } }, layers: [{ use: "b", repeat }] };
}
