// The command line: argv in, exit code out. The only module that touches files, streams and
// the environment, and it does so through `io`, so tests can run it in-process.

import { Command, CommanderError, Option } from "commander";
import { type Report } from "../core/analyze.js";
import { jsonReportChunks, toJsonReport } from "../render/json.js";
import { renderCsv } from "../render/csv.js";
import { renderMarkdown } from "../render/markdown.js";
import { renderTable } from "../render/table.js";
import { type ComparedReport, renderCompareCsv, renderCompareJson, renderCompareMarkdown, renderCompareTable } from "../render/compare.js";
import type { LoadedSpec } from "../loader/load.js";
import { type Problem, formatProblem } from "../loader/problems.js";
import { type Io, InputTooLargeError, InvalidTextError, IoFailure, type SpecInput, BundledSpecs, isImportedInput } from "./io.js";
import { useColor } from "./color.js";
import { bundledNameHint, excessArgumentsMessage, misspeltCommand } from "./suggest.js";
import { visibleLines } from "../core/visible-text.js";
import { isHfConfig } from "../import/hf/sniff-config.js";
import { loadInput } from "./load-input.js";
import { renderView, wantsView } from "./views.js";
import { CHECK_FORMATS, type CheckFormat, runCheck } from "./check-command.js";
import { COMPARE_FORMATS, type CompareFormat, FORMATS, type Format } from "./formats.js";
import { renderSvgChart } from "../render/svg.js";
import { formatShape } from "../core/shape-text.js";
import {
  type InputOverride,
  type WhatIfFlags,
  addWhatIfOptions,
  inputOverride,
  overriddenInput,
  positiveInteger,
  wantsWhatIf,
  whatIfConflict,
} from "./what-if-options.js";

/**
 * Exit statuses (contract §4), plus one for bugs and one for a system that refuses a read or a
 * write (sysexits.h's EX_SOFTWARE and EX_IOERR), so CI can tell a bad spec from a broken tool
 * from a full disk.
 */
const EXIT = { ok: 0, checkFailed: 1, invalidInput: 2, internalError: 70, ioError: 74 } as const;

/** The most problems printed for one file, so the message fits one screen. */
const MAX_PROBLEMS_SHOWN = 20;

// Loaded by the commands that use them, not at start-up (as the spec loader is, in loadInput):
// --help and --version do without, and JSON Schema generation serves `schema` alone.
const specAnalysis = () => import("../loader/analyze-spec.js");
const specStructures = () => import("../loader/spec-structure.js");

class UsageError extends Error {}

/** Problems as stderr shows them: one a line, at most MAX_PROBLEMS_SHOWN, with a count when several. */
function problemsText(problems: readonly Problem[]): string {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map(formatProblem);
  const more = problems.length - shown.length;
  const heading = problems.length > 1 ? `alexcount: ${problems.length} problems\n` : "";
  return `${heading}${shown.join("\n")}${more > 0 ? `\n… and ${more} more` : ""}\n`;
}

/** Bad input, already located: printed as is, exit 2. */
class InputError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join("\n"));
  }
}

interface ReportOptions extends WhatIfFlags {
  depth?: string;
  json?: boolean;
  format?: Format;
  all?: boolean;
  bias?: boolean;
  color?: boolean;
  explain?: string | boolean;
  chart?: boolean;
  allowEmpty?: boolean;
}

const EXAMPLES = `
Examples:
  $ alexcount alexnet                      the bundled AlexNet spec, as a table
  $ alexcount mynet.yaml --all             every layer, zero-cost ones included
  $ alexcount mynet.yaml --json | jq '.totals.weights'
  $ alexcount mynet.yaml --format markdown >> "$GITHUB_STEP_SUMMARY"
  $ cat mynet.json | alexcount - --no-bias
  $ alexcount alexnet --explain L2          the working: N₂ = 27² × 256 = 186,624, …
  $ alexcount alexnet --chart --format svg > alexnet.svg
  $ alexcount alexnet --dtype bf16 --batch 32   memory (weights, activations, training) and FLOPs
  $ alexcount alexnet --sweep batch=1,8,32 --format csv
  $ alexcount alexnet --sweep input=224,256,299 --chart --format svg > sweep.svg
  $ alexcount check mynet.yaml              exit 1 when a published figure disagrees
  $ alexcount check specs/*.yaml            every spec, and the worst exit status
  $ alexcount a.yaml b.yaml --json          a report per spec, as JSON Lines
  $ alexcount compare alexnet vgg16         side by side, with VGG-16's totals as multiples of AlexNet's
  $ alexcount import deploy.prototxt -o net.yaml   a spec for a Caffe net, to keep and edit
  $ alexcount llama/config.json             a Hugging Face config, counted (and checked against
                                            model.safetensors beside it: alexcount check llama/config.json)
  $ alexcount model.json                    a Keras model (model.to_json()) or TF.js model.json, counted
  $ alexcount import model.keras -o net.yaml   a spec for a Keras 3 .keras archive

In CI:
  - run: npx alexcount check specs/*.yaml --format github      GitHub Actions: annotations
  - npx alexcount check specs/*.yaml --format junit > check.xml  GitLab, Jenkins: JUnit XML
Piping --json into jq in a script: set -o pipefail, or a spec alexcount refuses leaves the
pipeline's status green.

Colour: --color and --no-color win; then FORCE_COLOR (unless 0 or false), then NO_COLOR,
then whether stdout is a terminal.

Exit status: 0 success, 1 check found a failing cell or had nothing to check, 2 invalid
input or usage, 70 internal error (a bug: please report it), 74 a read or write the system
refused (a full disk, an I/O error).`;

export async function run(argv: readonly string[], rawIo: Io): Promise<number> {
  // nothing reaches stderr raw: a file name or an argument holding ESC or a bidi override is shown escaped
  const io: Io = { ...rawIo, stderr: (text) => rawIo.stderr(visibleLines(text)) };
  const bundled = new BundledSpecs(io);
  let exitCode: number = EXIT.ok;
  const colorFor = (opts: ReportOptions) => useColor(opts.color, io.colorSupported);

  const readInput = async (arg: string): Promise<SpecInput> => {
    let input: SpecInput | undefined;
    try {
      input = await bundled.resolve(arg);
    } catch (error) {
      if (error instanceof IoFailure) throw error;
      const file = arg === "-" ? "<stdin>" : arg;
      if (error instanceof InputTooLargeError) throw new InputError([{ file, path: "", message: error.message }]);
      if (error instanceof InvalidTextError) throw new InputError([{ file, position: error.position, path: "", message: error.message }]);
      const reason = (error as { code?: string }).code === "EISDIR" ? "is a directory, not a spec file" : `cannot be read (${(error as Error).message})`;
      throw new InputError([{ file: arg, path: "", message: reason }]);
    }
    if (!input) {
      const names = bundled.names();
      throw new InputError([
        {
          file: arg,
          path: "",
          message: `no such file${names.length && !/[\\/.]/.test(arg) ? `, and no bundled spec has that name${bundledNameHint(arg, names)} (bundled: ${names.join(", ")}; see alexcount list)` : ""}`,
        },
      ]);
    }
    return input;
  };

  /** A safetensors file given where a spec or a net is expected: said so, before it is read as text. */
  const refuseTensorFile = (arg: string): void => {
    if (/\.safetensors$/i.test(arg))
      throw new InputError([{ file: arg, path: "", message: `a safetensors file holds tensors, not layers: alexcount safetensors ${arg} reports them` }]);
    if (/\.gguf$/i.test(arg))
      throw new InputError([{ file: arg, path: "", message: `a GGUF file holds tensors, not layers: alexcount gguf ${arg} reports them` }]);
  };

  /**
   * A Hugging Face config's checkpoint beside it (model.safetensors or its index), whose weights
   * the imported spec is checked against; one that cannot be read is said on stderr and left out.
   */
  const checkpointFor = async (input: SpecInput): Promise<{ checkpoint?: { source: string; weights: number } }> => {
    if (input.file === "<stdin>" || !isHfConfig(input.text)) return {};
    const { checkpointBeside } = await import("./safetensors-command.js");
    const found = await checkpointBeside(input.file, input.text, io);
    if (found.ok) return found.published ? { checkpoint: found.published } : {};
    for (const problem of found.problems) io.stderr(`alexcount: ${input.file}: the checkpoint beside it is not read: ${formatProblem(problem)}\n`);
    return {};
  };

  /** A .keras archive's config.json, as the input to import; a binary file is not read as text. */
  const readArchive = async (arg: string): Promise<SpecInput | undefined> => {
    const { isKerasArchive, readKerasConfig } = await import("./keras-archive-read.js");
    if (!isKerasArchive(arg)) return undefined;
    const read = await readKerasConfig(arg, io);
    if (read === undefined) return undefined;
    if (!read.ok) throw new InputError(read.problems);
    return { file: arg, text: read.text };
  };

  const readSpec = async (arg: string, opts: ReportOptions): Promise<LoadedSpec> => {
    refuseTensorFile(arg);
    const archive = /\.keras$/i.test(arg) ? await readArchive(arg) : undefined;
    const input = archive ?? (await readInput(arg));
    if (archive || isImportedInput(input)) {
      // a Caffe net, a Keras model or a Hugging Face config: counted through the spec that `alexcount import` would write
      const { importText, importWarnings } = await import("./import-command.js");
      const imported = importText(input, {
        ...(opts.bias === undefined ? {} : { bias: opts.bias }),
        archive: archive !== undefined,
        ...(await checkpointFor(input)),
      });
      if (!imported.ok) throw new InputError(imported.problems);
      io.stderr(importWarnings(imported.imported, input.file));
      return imported.spec;
    }
    const loaded = await loadInput(input, opts.bias === undefined ? {} : { bias: opts.bias });
    if (!loaded.ok) throw new InputError(loaded.problems);
    // not errors: the spec loads (a .json file that is YAML but not strict JSON)
    for (const warning of loaded.warnings) io.stderr(`${formatProblem({ ...warning, message: `warning: ${warning.message}` })}\n`);
    return loaded.spec;
  };

  const analyzed = async (arg: string, opts: ReportOptions, input?: InputOverride): Promise<{ spec: LoadedSpec; report: Report }> => {
    const read = await readSpec(arg, opts);
    // --input: the same spec fed another input for this run
    const given = input === undefined ? undefined : overriddenInput(read.network.input, input);
    if (typeof given === "string") throw new UsageError(given);
    const spec = given ? { ...read, network: { ...read.network, input: given } } : read;
    const { analyzeSpec } = await specAnalysis();
    const analysis = analyzeSpec(spec);
    if (!analysis.ok) {
      const from = input ? ` (with the input ${formatShape(spec.network.input)} that --input, --tokens or --sweep gave)` : "";
      throw new InputError(analysis.problems.map((p) => ({ ...p, message: p.message + from })));
    }
    return { spec, report: analysis.report };
  };

  const depthOption = (text: string): number => {
    if (!/^\d{1,3}$/.test(text)) throw new UsageError(`--depth ${text}: expected a whole number from 0 (totals only) up, such as --depth 1 or --depth 2`);
    return Number(text);
  };

  const formatOf = (opts: ReportOptions): Format => {
    if (opts.json && opts.format && opts.format !== "json") throw new UsageError(`--json and --format ${opts.format} disagree: give one of them`);
    return opts.json ? "json" : (opts.format ?? "table");
  };

  /**
   * `alexcount A B …`: a report per spec, in the order given; JSON as JSON Lines (a spec a
   * line, with its `spec` argument first). A spec that cannot be loaded is reported on stderr
   * and the others still are; exit 2 if any could not be.
   */
  const reportMany = async (args: readonly string[], format: Format, opts: ReportOptions): Promise<number> => {
    if (args.filter((a) => a === "-").length > 1) throw new UsageError("- (standard input) can be given only once");
    if (wantsWhatIf(opts) || opts.density !== undefined)
      throw new UsageError("the what-if options (--memory, --dtype, --batch, --optimizer, --input, --sweep, --density) take one spec");
    if (wantsView(opts) || (format !== "table" && format !== "json" && format !== "markdown"))
      throw new UsageError(`several specs give a report each as a table, JSON or Markdown; --explain, --chart, csv and svg take one spec`);
    const color = format === "table" && colorFor(opts);
    const depth = opts.depth === undefined ? {} : { depth: depthOption(opts.depth) };
    let status: number = EXIT.ok;
    let first = true;
    for (const arg of args) {
      let loaded: { spec: LoadedSpec; report: Report };
      try {
        loaded = await analyzed(arg, opts);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        io.stderr(problemsText(error.problems));
        status = EXIT.invalidInput;
        continue;
      }
      const { report } = loaded;
      const structure = (await specStructures()).specStructure(loaded.spec);
      const shown = { all: opts.all ?? false, structure, ...depth };
      if (format === "json") io.stdout(`${JSON.stringify({ spec: arg, ...toJsonReport(report, structure) })}\n`);
      else io.stdout(`${first ? "" : "\n"}${format === "markdown" ? renderMarkdown(report, shown) : renderTable(report, { color, ...shown })}`);
      first = false;
    }
    return status;
  };

  const program = addWhatIfOptions(
    new Command("alexcount")
      // without this the root's --json/--format/--no-color also claim `check SPEC --json`, and
      // check printed its table instead of the JSON that contract §3 promises
      .enablePositionalOptions()
      .description("Exact layer costs of a neural network — units, weights and connections per layer — from a YAML or JSON spec.")
      .version(io.version, "-V, --version", "print the version")
      .helpOption("-h, --help", "show this help")
      .argument(
        "[specs...]",
        "a .yaml/.yml/.json spec file, a Caffe .prototxt, a Keras or TF.js model .json or a .keras archive (imported), - for standard input, or a bundled spec name (see alexcount list); several: a report each",
      )
      .option("--json", "print the JSON report (same as --format json)")
      .addOption(new Option("--format <format>", "output format (svg: the --chart as an SVG image)").choices(FORMATS))
      .option("-a, --all", "show every layer, zero-cost ones (pooling, activations, concat…) included")
      .option("--bias", "give every conv and dense layer a bias, unless it sets its own")
      .option("--no-bias", "no biases, unless a layer sets its own")
      .option("--color", "colour, even when not on a terminal (also: FORCE_COLOR=1)")
      .option("--no-color", "no colour, even on a terminal (also: NO_COLOR=1)")
      .option(
        "--explain [layer]",
        "show the working: each layer's output size and formulas with the numbers filled in (one layer if named; --format markdown for Markdown)",
      )
      .option("--chart", "bar chart of each layer's share of units, weights and connections (--format svg for an SVG image)")
      .option(
        "--depth <n>",
        "show the network at a depth: 0 totals only, 1 a row per top-level layer or block use, more for the levels below (default: the deepest that fits a screen)",
      ),
  )
    .addHelpText("after", EXAMPLES)
    .action(async (args: string[], opts: ReportOptions) => {
      const [arg] = args;
      // `alexcount chek alexnet`: a bare word that is no file nor bundled spec, before a spec, is a misspelt command
      const commands = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
      if (args.length > 1 && misspeltCommand(args[0]!, commands, bundled.names())) {
        throw new UsageError(excessArgumentsMessage(args, commands));
      }
      // `alexcount --explain alexnet`: the optional layer name took the spec
      if (arg === undefined && typeof opts.explain === "string")
        throw new UsageError(`missing SPEC: --explain takes an optional layer name, so put the spec first: alexcount ${opts.explain} --explain`);
      if (arg === undefined) throw new UsageError("missing SPEC: give a spec file, - for standard input, or a bundled name such as alexnet");
      const format = formatOf(opts);
      if (args.length > 1) {
        exitCode = await reportMany(args, format, opts);
        return;
      }
      const conflict = whatIfConflict(opts);
      if (conflict) throw new UsageError(conflict);
      const whatIf = wantsWhatIf(opts) ? await import("./what-if.js") : undefined;
      if (whatIf && opts.sweep) {
        if (opts.explain !== undefined) throw new UsageError("--sweep and --explain are separate views: give one of them");
        const rows = await whatIf.sweepRows(opts.sweep, opts, async (input) => (await analyzed(arg, opts, input)).report);
        const text = whatIf.renderSweep(opts.sweep.axis, rows, format, opts.chart ?? false, format === "table" && colorFor(opts));
        if (typeof text !== "string") throw new UsageError(text.usage);
        io.stdout(text);
        return;
      }
      const { spec, report } = await analyzed(arg, opts, inputOverride(opts));
      // a sequence model's FLOPs per token: the network at one position
      const token = whatIf ? await whatIf.tokenReport(report, async (input) => (await analyzed(arg, opts, input)).report) : undefined;
      const costs = whatIf?.costsOf(report, opts, undefined, token);
      // pruning: the spec's densities or --density
      const pruned =
        opts.density || report.layers.some((row) => row.layer.density) ? (whatIf ?? (await import("./what-if.js"))).pruningOf(report, opts.density) : undefined;
      if (typeof pruned === "string") throw new UsageError(pruned);
      const extra = costs || pruned ? (whatIf ?? (await import("./what-if.js"))) : undefined;
      const color = format === "table" && colorFor(opts);
      const structure = (await specStructures()).specStructure(spec);
      const depth = opts.depth === undefined ? {} : { depth: depthOption(opts.depth) };
      if (wantsView(opts)) {
        const view = renderView(report, opts, format, color, { structure, origins: spec.origins, ...depth }, costs);
        if (!view.ok) throw view.kind === "usage" ? new UsageError(view.message) : new InputError([{ file: spec.file, path: "", message: view.message }]);
        io.stdout(view.text);
        return;
      }
      // the what-if options add each row's weight bytes and FLOPs
      const whatIfRows = costs === undefined ? {} : { whatIf: { precision: costs.memory.options.weights, batch: costs.memory.options.batch } };
      const shown = { all: opts.all ?? false, structure, ...depth, ...whatIfRows };
      // each renderer's text, in the pieces it is written in: the JSON report of a large network
      // is written a few hundred layers at a time, rather than built whole first
      const renderers: Record<Format, () => Iterable<string>> = {
        table: () => [renderTable(report, { color, ...shown })],
        json: () => jsonReportChunks(report, structure, extra ? extra.jsonAdditions(costs, pruned) : {}),
        markdown: () => [renderMarkdown(report, shown)],
        // a machine format: every layer, unless a depth is asked for
        csv: () => [renderCsv(report, opts.depth === undefined ? { all: opts.all ?? false, ...whatIfRows } : shown)],
        svg: () => [renderSvgChart(report, { structure, ...depth })], // the chart is the one view that SVG draws
      };
      for (const piece of renderers[format]()) io.stdout(piece);
      // memory and FLOPs under the table (JSON has them among its fields; CSV is the layers alone)
      if (extra && (format === "table" || format === "markdown")) io.stdout(extra.costsText(report, costs, pruned, format, color));
    });

  program
    .command("check")
    .description("compare each spec's computed figures with its published sources; exit 1 on a mismatch or a stale erratum")
    .argument("<specs...>", "spec files, bundled spec names, or - (once) for standard input")
    .option("--json", "print the check as JSON (several specs: JSON Lines, one spec a line)")
    .addOption(new Option("--format <format>", "output format (github: workflow-command annotations; junit: JUnit XML)").choices(CHECK_FORMATS))
    .option("-a, --all", "markdown: every cell, even in a table of more than 20")
    .option("--annotate-errata", "github: a notice annotation for each erratum too")
    .option("--allow-empty", "a spec with no published figures passes (without it, there is nothing to check: exit 1)")
    .option("--color", "colour, even when not on a terminal")
    .option("--no-color", "no colour, even on a terminal")
    .action(async (args: string[], opts: ReportOptions & { annotateErrata?: boolean; allowEmpty?: boolean }) => {
      if (args.filter((arg) => arg === "-").length > 1) throw new UsageError("- (standard input) can be given only once");
      if (opts.json && opts.format && opts.format !== "json") throw new UsageError(`--json and --format ${opts.format} disagree: give one of them`);
      const format: CheckFormat = opts.json ? "json" : ((opts.format as CheckFormat | undefined) ?? "table");
      const { locateIssues } = await specAnalysis();
      exitCode = await runCheck(
        args,
        {
          format,
          all: opts.all ?? false,
          annotateErrata: opts.annotateErrata ?? false,
          allowEmpty: opts.allowEmpty ?? false,
          color: format === "table" && colorFor(opts),
        },
        {
          io,
          load: async (arg) => {
            try {
              return { ok: true, ...(await analyzed(arg, {})) };
            } catch (error) {
              if (!(error instanceof InputError)) throw error;
              return { ok: false, problems: error.problems };
            }
          },
          locateIssues,
          reportProblems: (problems) => io.stderr(problemsText(problems)),
        },
      );
    });

  program
    .command("compare")
    .alias("diff")
    .description("two or more specs side by side: totals, each kind's share of weights and connections, and ratios against the first")
    .argument("<specs...>", "spec files, bundled spec names, or - (once) for standard input; the first is the one the others are measured against")
    .option("--json", "print the comparison as JSON (same as --format json)")
    .addOption(new Option("--format <format>", "output format").choices(COMPARE_FORMATS))
    .option("--bias", "give every conv and dense layer of every spec a bias, unless it sets its own")
    .option("--no-bias", "no biases in any spec, unless a layer sets its own")
    .option("--color", "colour, even when not on a terminal")
    .option("--no-color", "no colour, even on a terminal")
    .option("--depth <n>", "also compare the specs part by part at this depth (1: by top-level layer or block use, such as ResNet's stages)")
    .action(async (args: string[], opts: ReportOptions) => {
      if (args.length < 2) throw new UsageError("compare needs at least two specs: the first, and one or more to set against it");
      if (args.filter((arg) => arg === "-").length > 1) throw new UsageError("- (standard input) can be given only once");
      const format = formatOf(opts) as CompareFormat; // commander allowed only COMPARE_FORMATS
      const compared: ComparedReport[] = [];
      const problems: Problem[] = [];
      for (const arg of args) {
        try {
          const { spec, report } = await analyzed(arg, opts);
          compared.push({ spec: arg, report, structure: (await specStructures()).specStructure(spec) });
        } catch (error) {
          // report every spec's problems at once, not only the first spec's
          if (!(error instanceof InputError)) throw error;
          for (const problem of error.problems) problems.push(problem);
        }
      }
      if (problems.length > 0) throw new InputError(problems);
      const depth = opts.depth === undefined ? undefined : depthOption(opts.depth);
      const renderers: Record<CompareFormat, () => string> = {
        table: () => renderCompareTable(compared, { color: colorFor(opts), ...(depth === undefined ? {} : { depth }) }),
        json: () => renderCompareJson(compared, depth),
        markdown: () => renderCompareMarkdown(compared, depth),
        csv: () => renderCompareCsv(compared),
      };
      io.stdout(renderers[format]());
    });

  program
    .command("import")
    .description(
      "write a spec for a network defined in another format (a Caffe .prototxt, Keras or TF.js JSON, a .keras archive, a Hugging Face config.json), to edit and count like any spec",
    )
    .argument(
      "<file>",
      "the file to import (a Caffe .prototxt, a Keras model.to_json() or TF.js model.json, a .keras archive, a Hugging Face config.json), or - for standard input",
    )
    .option("-o, --output <spec>", "write the spec to this file instead of standard output (- for standard output)")
    .addOption(
      new Option("--tokens <n>", "a config.json's sequence length to count at (default: its max_position_embeddings or n_positions)").argParser((t) =>
        positiveInteger(t, "--tokens"),
      ),
    )
    .action(async (arg: string, opts: { output?: string; tokens?: number }) => {
      refuseTensorFile(arg);
      const archive = /\.keras$/i.test(arg) ? await readArchive(arg) : undefined;
      const input = archive ?? (await readInput(arg));
      const { importText, importWarnings, specYaml } = await import("./import-command.js");
      const imported = importText(input, {
        ...(opts.tokens === undefined ? {} : { tokens: opts.tokens }),
        archive: archive !== undefined,
        ...(await checkpointFor(input)),
      });
      if (!imported.ok) throw new InputError(imported.problems);
      io.stderr(importWarnings(imported.imported, input.file));
      if (opts.output === undefined || opts.output === "-") {
        io.stdout(specYaml(imported.imported));
        return;
      }
      if (!io.writeFile) throw new UsageError("this alexcount cannot write files: leave out -o to get the spec on standard output");
      try {
        await io.writeFile(opts.output, specYaml(imported.imported));
      } catch (error) {
        throw new InputError([{ file: opts.output, path: "", message: `cannot be written (${(error as Error).message})` }]);
      }
    });

  program
    .command("safetensors")
    .description("the parameters a .safetensors file holds (or a sharded model, by its model.safetensors.index.json), by dtype, read from the header alone")
    .argument("<file>", "a .safetensors file, or a model.safetensors.index.json")
    .option("--json", "print tensors, dtypes, totals.weights and memory.weights (bytes) as JSON")
    .option("-a, --all", "one row per tensor")
    .option("--no-color", "no colour, even on a terminal")
    .action(async (arg: string, opts: ReportOptions) => {
      const { safetensorsReport } = await import("./safetensors-command.js");
      let result;
      try {
        result = await safetensorsReport(arg, io, { json: opts.json === true, all: opts.all === true, color: opts.json !== true && colorFor(opts) });
      } catch (error) {
        const reason = (error as { code?: string }).code === "EISDIR" ? "is a directory, not a file" : `cannot be read (${(error as Error).message})`;
        throw new InputError([{ file: arg, path: "", message: reason }]);
      }
      if (!result.ok) throw result.usage ? new UsageError(result.problems[0]!.message) : new InputError(result.problems);
      io.stdout(result.text);
      // a config.json beside the file whose spec the header does not match: as a failed check
      exitCode = result.exitCode;
    });

  program
    .command("gguf")
    .description("the parameters a .gguf file (llama.cpp's format) holds, by ggml type, read from the header alone")
    .argument("<file>", "a .gguf file")
    .option("--json", "print tensors, dtypes, totals.weights and memory.weights (bytes) as JSON")
    .option("-a, --all", "one row per tensor")
    .option("--no-color", "no colour, even on a terminal")
    .action(async (arg: string, opts: ReportOptions) => {
      const { ggufReport } = await import("./gguf-command.js");
      let result;
      try {
        result = await ggufReport(arg, io, { json: opts.json === true, all: opts.all === true, color: opts.json !== true && colorFor(opts) });
      } catch (error) {
        const reason = (error as { code?: string }).code === "EISDIR" ? "is a directory, not a file" : `cannot be read (${(error as Error).message})`;
        throw new InputError([{ file: arg, path: "", message: reason }]);
      }
      if (!result.ok) throw result.usage ? new UsageError(result.problems[0]!.message) : new InputError(result.problems);
      io.stdout(result.text);
    });

  program
    .command("list")
    .description("list the bundled specs with their totals")
    .option("--json", "print the list as JSON: each spec's name, description, sources and totals")
    .option("--color", "colour, even when not on a terminal")
    .option("--no-color", "no colour, even on a terminal")
    .action(async (opts: ReportOptions) => {
      const { DEFAULT_WIDTH, renderList, renderListJson } = await import("./list.js");
      io.stdout(opts.json ? await renderListJson(bundled) : await renderList(bundled, { color: colorFor(opts), width: io.columns?.() ?? DEFAULT_WIDTH }));
    });

  program
    .command("schema")
    .description("print the spec format as JSON Schema, for editors (VS Code's YAML extension, JetBrains)")
    .action(async () => {
      const { specJsonSchema } = await import("../loader/json-schema.js");
      io.stdout(`${JSON.stringify(specJsonSchema(), null, 2)}\n`);
    });

  // `check --json`, `check --format markdown`: a subcommand's options share names with the
  // program's, and without this the program would take them (commander recognises program
  // options after a subcommand by default), so the subcommand would never see its own flags.
  program.enablePositionalOptions();
  program.exitOverride();
  program.configureOutput({
    writeOut: (s) => io.stdout(s),
    writeErr: (s) => io.stderr(s),
    outputError: (s, write) => write(s.startsWith("error:") ? `alexcount: ${s.slice("error: ".length)}` : s),
  });
  for (const sub of program.commands) {
    sub.exitOverride();
    sub.configureOutput(program.configureOutput());
  }

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    try {
      return reportError(error, io);
    } catch (failure) {
      // standard error refused the message: the status is all there is to say it with
      if (failure instanceof IoFailure) return EXIT.ioError;
      throw failure;
    }
  }
}

/** Says what went wrong on stderr, and returns the exit status for it. */
function reportError(error: unknown, io: Io): number {
  if (error instanceof IoFailure) {
    // one line naming the stream or file and the system's reason
    if (!(error.direction === "write" && error.target === "standard error")) io.stderr(`alexcount: ${error.message}\n`);
    return EXIT.ioError;
  }
  // a read that a command made outside readSpec (an import's or safetensors index's file) refused
  // for its bytes or its size: bad input, as from readSpec, though without the file's name here
  if (error instanceof InvalidTextError || error instanceof InputTooLargeError) {
    io.stderr(`alexcount: ${error.message}\n`);
    return EXIT.invalidInput;
  }
  if (error instanceof CommanderError) {
    // help and version exit 0; every parse error is a usage error
    return error.exitCode === 0 ? EXIT.ok : EXIT.invalidInput;
  }
  if (error instanceof UsageError) {
    io.stderr(`alexcount: ${error.message}\nRun alexcount --help for usage.\n`);
    return EXIT.invalidInput;
  }
  if (error instanceof InputError) {
    io.stderr(problemsText(error.problems));
    return EXIT.invalidInput;
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  io.stderr(`alexcount: internal error, please report it with the spec that caused it.\n${detail}\n`);
  return EXIT.internalError;
}
