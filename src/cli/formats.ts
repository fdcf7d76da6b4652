// The output formats the CLI offers (--format), for run.ts and the views it forwards to.

export const FORMATS = ["table", "json", "markdown", "csv", "svg"] as const;
export type Format = (typeof FORMATS)[number];

/** compare has no picture: its formats are the tabular ones. */
export const COMPARE_FORMATS = ["table", "json", "markdown", "csv"] as const satisfies readonly Format[];
export type CompareFormat = (typeof COMPARE_FORMATS)[number];
