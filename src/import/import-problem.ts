// What an importer returns: the spec it made, as the object its YAML will hold, with what the
// header comment says about it; or the problems it found, each located in the source file.
// Problems have the loader's shape (file, line:column, field path, message), so the CLI
// prints both alike; the importers do not depend on the loader for it.

export interface TextPosition {
  /** 1-based */
  readonly line: number;
  /** 1-based */
  readonly column: number;
}

export interface ImportProblem {
  readonly file: string;
  readonly position?: TextPosition;
  /** The field in the source file's own terms (`layer[3].convolution_param.group`); empty for the file. */
  readonly path: string;
  readonly message: string;
}

/** Where a spec layer comes from: its place in the source file, for problems found after import. */
export interface LayerSource {
  readonly path: string;
  /** Absent for a JSON file, whose layers are named by their path alone. */
  readonly position?: TextPosition;
  /** The layer's name in the source file. */
  readonly name: string;
}

export interface ImportedSpec {
  /** The spec: name, description, source, input, bias, layers, in the spec format's words. */
  readonly spec: Record<string, unknown>;
  /** Lines of the header comment: the source, the conventions followed, what was skipped. */
  readonly header: readonly string[];
  /**
   * What the spec leaves out that the source has (a PReLU's slopes, say): also in the header,
   * and said on standard error when the file is counted directly.
   */
  readonly warnings: readonly string[];
  /** `sources[k]` is where `spec.layers[k]` comes from. */
  readonly sources: readonly LayerSource[];
  /** Where a problem found in the spec but in none of its layers (a block's, say) is placed. */
  readonly fallback?: LayerSource;
}

export type ImportResult = { readonly ok: true; readonly imported: ImportedSpec } | { readonly ok: false; readonly problems: readonly ImportProblem[] };
