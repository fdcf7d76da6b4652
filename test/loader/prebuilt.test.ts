// The bundled specs as the build ships them (dist/specs/NAME.json, src/loader/prebuilt.ts) must
// be what loading their YAML gives, with every option the command line passes, and must place
// problems where the YAML has them.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BundledSpecs } from "../../src/cli/io.js";
import { loadInput } from "../../src/cli/load-input.js";
import { nodeIo } from "../../src/cli/node-io.js";
import { locateIssues } from "../../src/loader/analyze-spec.js";
import { type LoadedSpec, loadSpec } from "../../src/loader/load.js";
import { fromPrebuiltJson, toPrebuiltJson } from "../../src/loader/prebuilt.js";
import { SPECS_DIR, bundledSpecNames } from "../helpers.js";

const DIST_SPECS = new URL("../../dist/specs/", import.meta.url);

function loaded(text: string, file: string, bias?: boolean): LoadedSpec {
  const result = loadSpec(text, file, bias === undefined ? {} : { bias });
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.spec;
}

/** Everything but the locator, which is a function: compared by what it answers. */
function data(spec: LoadedSpec): Omit<LoadedSpec, "locate"> {
  const { locate: _locate, ...rest } = spec;
  return rest;
}

/** A problem at every layer, placed: exercises the origins and the locator together. */
function placedEverywhere(spec: LoadedSpec) {
  return locateIssues(
    spec,
    spec.network.layers.map((_, layer) => ({ layer, message: "here" })),
  );
}

describe.each(bundledSpecNames())("bundled spec %s", (name) => {
  const file = `specs/${name}.yaml`;
  const text = readFileSync(`${SPECS_DIR}${name}.yaml`, "utf8");
  const shippedPath = new URL(`${name}.json`, DIST_SPECS);

  it("is shipped by the build, as JSON made from its current text", () => {
    expect(existsSync(shippedPath)).toBe(true);
    expect(readFileSync(shippedPath, "utf8")).toBe(toPrebuiltJson(loaded(text, file), text));
  });

  it.each([undefined, true, false])("gives what loading its YAML gives, with bias %s", (bias) => {
    const shipped = fromPrebuiltJson(readFileSync(shippedPath, "utf8"), text, file, bias === undefined ? {} : { bias });
    const expected = loaded(text, file, bias);
    expect(shipped).toBeDefined();
    expect(data(shipped!)).toStrictEqual(data(expected));
  });

  it("places problems where its YAML has them", () => {
    const shipped = fromPrebuiltJson(readFileSync(shippedPath, "utf8"), text, file)!;
    const expected = loaded(text, file);
    const places = placedEverywhere(shipped);
    expect(places).toStrictEqual(placedEverywhere(expected));
    expect(places.every((problem) => problem.position !== undefined)).toBe(true);
    for (const path of [["published", 0, "totals"], ["input"], ["name"]]) expect(shipped.locate(path)).toStrictEqual(expected.locate(path));
  });
});

describe("the shipped form", () => {
  const text = readFileSync(`${SPECS_DIR}alexnet.yaml`, "utf8");
  const file = "specs/alexnet.yaml";
  const json = toPrebuiltJson(loaded(text, file), text);

  it("keeps a published source's errata, a Map", () => {
    const spec = fromPrebuiltJson(json, text, file)!;
    const errata = spec.published.find((source) => source.errata.size > 0)?.errata;
    expect(errata).toBeInstanceOf(Map);
    expect(errata).toStrictEqual(loaded(text, file).published.find((source) => source.errata.size > 0)?.errata);
  });

  it("is refused for any other text: the spec edited since the build", () => {
    expect(fromPrebuiltJson(json, text.replace("filters: 96", "filters: 95"), file)).toBeUndefined();
    expect(fromPrebuiltJson(json, `${text}\n`, file)).toBeUndefined();
  });

  it("is refused when it is not such JSON", () => {
    expect(fromPrebuiltJson("{", text, file)).toBeUndefined();
    expect(fromPrebuiltJson("null", text, file)).toBeUndefined();
    expect(fromPrebuiltJson(JSON.stringify({ text }), text, file)).toBeUndefined();
  });
});

describe("the binary's bundled specs", () => {
  it("come with their shipped form", async () => {
    const input = await new BundledSpecs(nodeIo()).resolve("alexnet");
    expect(input?.text).toBe(readFileSync(`${SPECS_DIR}alexnet.yaml`, "utf8"));
    expect(input?.prebuilt).toBe(readFileSync(new URL("alexnet.json", DIST_SPECS), "utf8"));
  });
});

describe("loadInput", () => {
  const text = readFileSync(`${SPECS_DIR}alexnet.yaml`, "utf8");
  const file = "specs/alexnet.yaml";
  const spec = loaded(text, file);

  it("takes the shipped form when it fits the text", async () => {
    // a shipped form told apart from the YAML's by its network's name
    const marked = toPrebuiltJson({ ...spec, network: { ...spec.network, name: "from the JSON" } }, text);
    const result = await loadInput({ file, text, prebuilt: marked }, { bias: true });
    expect(result.ok && result.spec.network.name).toBe("from the JSON");
    expect(result.ok && result.spec.network.bias).toBe(true);
  });

  it("loads the YAML when the shipped form was made from another text", async () => {
    const edited = text.replace("name: AlexNet", "name: AlexNet, edited");
    const result = await loadInput({ file, text: edited, prebuilt: toPrebuiltJson(spec, text) });
    expect(result.ok && result.spec.network.name).toBe("AlexNet, edited");
  });
});
