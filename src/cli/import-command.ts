// Files alexcount imports rather than reads as specs: `alexcount import FILE [-o SPEC]` writes
// the spec, and `alexcount FILE` (check, compare, --explain) counts an importable file directly,
// through the same spec text that `import` writes, so the two cannot disagree. A problem the
// loader or the core finds in that text is placed back at the source file's layer.

import { importCaffe } from "../import/caffe/caffe-to-spec.js";
import { importHfConfig } from "../import/hf/hf-to-spec.js";
import { isHfConfig } from "../import/hf/sniff-config.js";
import { importKeras } from "../import/keras/keras-to-spec.js";
import { looksLikeKeras } from "../import/keras/keras-model-file.js";
import type { ImportProblem, ImportResult, ImportedSpec } from "../import/import-problem.js";
export { specYaml } from "../import/write-spec.js";
import { analyzeSpec } from "../loader/analyze-spec.js";
import { type LoadedSpec, loadSpec } from "../loader/load.js";
import type { Problem } from "../loader/problems.js";
import type { SpecInput } from "./io.js";

/**
 * The importer for a file: by extension, else a JSON object with a model_type (a Hugging Face
 * config.json), else by its first field (`name:`, `input:`, `layer {` or `layers {`, as a Caffe
 * net starts), else none.
 */
function importerFor(input: SpecInput, options: ImportOptions): ((text: string, file: string) => ImportResult) | undefined {
  if (options.archive === true) return (text, file) => importKeras(text, file, true);
  if (/\.prototxt$/i.test(input.file)) return importCaffe;
  if (looksLikeKeras(input.text)) return importKeras;
  if (isHfConfig(input.text))
    return (text, file) =>
      importHfConfig(text, file, {
        ...(options.tokens === undefined ? {} : { tokens: options.tokens }),
        ...(options.checkpoint === undefined ? {} : { checkpoint: options.checkpoint }),
      });
  const first = input.text.replace(/^(\s*#.*\n|\s*\n)*/, "");
  return /^\s*(name\s*:\s*["']|input\s*:|input_shape\s*\{|layers?\s*\{)/.test(first) ? importCaffe : undefined;
}

export type ImportedText =
  { readonly ok: true; readonly spec: LoadedSpec; readonly imported: ImportedSpec } | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * Imports the file and loads the spec text it makes, as a spec file would be loaded (with
 * --bias / --no-bias), and analyzes it once, so that a shape that does not fit is reported at
 * the source file's layer rather than in a text the user has not seen.
 */
export interface ImportOptions {
  readonly bias?: boolean;
  /** The text is a .keras archive's config.json. */
  readonly archive?: boolean;
  /** A Hugging Face config's sequence length (default: its maximum positions). */
  readonly tokens?: number;
  /** The weights of a Hugging Face checkpoint beside the config (checkpointBeside). */
  readonly checkpoint?: { readonly source: string; readonly weights: number };
}

export function importText(input: SpecInput, options: ImportOptions = {}): ImportedText {
  const importer = importerFor(input, options);
  if (!importer)
    return {
      ok: false,
      problems: [
        {
          file: input.file,
          path: "",
          message:
            "cannot tell which format this is: alexcount imports Caffe nets (.prototxt), Keras and TF.js model JSON (model.to_json(), model.json), .keras archives and Hugging Face config.json files (with a model_type)",
        },
      ],
    };
  const result = importer(input.text, input.file);
  if (!result.ok) return { ok: false, problems: result.problems };
  // loaded from its value as JSON, which the loader reads without the YAML parser; the YAML that
  // `alexcount import` writes (specYaml) holds the same values, and a test holds the two equal
  const loaded = loadSpec(JSON.stringify(result.imported.spec), input.file, options.bias === undefined ? {} : { bias: options.bias });
  if (!loaded.ok) return { ok: false, problems: relocate(loaded.problems, result.imported, input.file) };
  const analysis = analyzeSpec(loaded.spec);
  if (!analysis.ok) return { ok: false, problems: relocate(analysis.problems, result.imported, input.file) };
  return { ok: true, spec: loaded.spec, imported: result.imported };
}

/** `layers[7].groups` in the imported spec → the source file's layer 7 stands for, at its place. */
function relocate(problems: readonly Problem[], imported: ImportedSpec, file: string): ImportProblem[] {
  return problems.map((problem) => {
    const index = /^layers\[(\d+)\]/.exec(problem.path)?.[1];
    const source = index === undefined ? undefined : imported.sources[Number(index)];
    const unplaced = `the imported spec does not load: ${problem.path ? `${problem.path}: ` : ""}${problem.message}`;
    if (!source)
      return imported.fallback
        ? { file, position: imported.fallback.position, path: imported.fallback.path, message: unplaced }
        : { file, path: "", message: unplaced };
    const message = problem.message.startsWith("(") ? problem.message : `(${source.name}) ${problem.message}`;
    return { file, ...(source.position ? { position: source.position } : {}), path: source.path, message };
  });
}

/** The warnings of an import, one line each, for standard error. */
export function importWarnings(imported: ImportedSpec, file: string): string {
  return imported.warnings.map((warning) => `alexcount: ${file}: not counted: ${warning}\n`).join("");
}
