// Generated specs for the scaling benchmark: the same few layers repeated, so that every
// figure stays exact at any size and only the number of layers grows.
//
//   deep  a chain: conv 3×3 with padding 1 (which keeps the 16×16 size), then relu, over and
//         over. No layer has a name or `inputs`, so the loader resolves every default name
//         (conv1, relu1, conv2…) and every default input (the previous layer).
//   wide  residual inception-like modules of 8 layers: four branches (1×1, 3×3 and 5×5 convs
//         and a 3×3 max pool) all read the module's input by name, a concat joins them, a
//         1×1 conv brings the channels back to 8, an add closes the residual connection and
//         a relu ends the module. Every layer names its inputs.

const INPUT = { size: 16, channels: 8 };

/** The layers of a chain of exactly `count` layers. */
function deepLayers(count) {
  const layers = [];
  for (let i = 0; i < count; i++) layers.push(i % 2 === 0 ? { type: "conv", filters: 8, kernel: 3, padding: 1 } : { type: "relu" });
  return layers;
}

/** The layers of `count` / 8 modules (the last one cut short when 8 does not divide `count`). */
function wideLayers(count) {
  const layers = [];
  let from = "input";
  for (let m = 0; layers.length < count; m++) {
    const p = `m${m}`;
    const module = [
      { name: `${p}a`, type: "conv", inputs: [from], filters: 2, kernel: 1 },
      { name: `${p}b`, type: "conv", inputs: [from], filters: 2, kernel: 3, padding: 1 },
      { name: `${p}c`, type: "conv", inputs: [from], filters: 2, kernel: 5, padding: 2 },
      { name: `${p}d`, type: "maxpool", inputs: [from], kernel: 3, stride: 1, padding: 1 },
      { name: `${p}cat`, type: "concat", inputs: [`${p}a`, `${p}b`, `${p}c`, `${p}d`] },
      { name: `${p}proj`, type: "conv", inputs: [`${p}cat`], filters: 8, kernel: 1 },
      { name: `${p}sum`, type: "add", inputs: [`${p}proj`, from] },
      { name: `${p}out`, type: "relu", inputs: [`${p}sum`] },
    ];
    layers.push(...module.slice(0, count - layers.length));
    from = `${p}out`;
  }
  return layers;
}

export const SHAPES = {
  deep: { describe: "a chain of conv 3×3 + relu, default names and inputs", layers: deepLayers },
  wide: { describe: "residual modules of 4 branches + concat + 1×1 conv + add + relu, named inputs", layers: wideLayers },
};

/** A flow-style YAML value; the generated values are plain names and numbers, so no quoting is needed. */
function flow(value) {
  if (Array.isArray(value)) return `[${value.map(flow).join(", ")}]`;
  if (typeof value === "object")
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${flow(v)}`)
      .join(", ")} }`;
  return String(value);
}

/** The spec text, one layer per line, in `format` "yaml" or "json". */
export function specText(shape, count, format) {
  const layers = SHAPES[shape].layers(count);
  const name = `${shape} ${count}`;
  if (format === "json") {
    return `{"name": ${JSON.stringify(name)}, "input": ${JSON.stringify(INPUT)}, "layers": [\n${layers.map((l) => JSON.stringify(l)).join(",\n")}\n]}\n`;
  }
  return `name: ${name}\ninput: ${flow(INPUT)}\nlayers:\n${layers.map((l) => `  - ${flow(l)}\n`).join("")}`;
}
