/** The `kumihan` command: parses the command line and hands each subcommand to its own module. */
import { Command, CommanderError } from 'commander';
import { KumihanError, asUserError, formatLocated } from '../core/errors.js';

/** Exit codes: 0 success, 1 failure, 2 bad usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

type Register = (program: Command) => void;

/**
 * The subcommands in help order: the line `kumihan --help` shows, and the module that defines the
 * command in full (its options, its action). Loading every module took about 0.5 s, mostly parsers
 * and BudouX that only some commands need, so only the one being run is loaded; the others are
 * listed by their description alone. test/unit/bench-startup.test.ts keeps the lines in step
 * with the modules.
 */
export const SUBCOMMANDS: Record<string, { description: string; load: () => Promise<Register> }> = {
  init: {
    description: 'create a new book project: manuscript/, .textlintrc.json, prh.yml, vivliostyle.config.js, README.md',
    load: async () => (await import('./init.js')).registerInit,
  },
  import: {
    description: 'turn a raw interview transcript into a structured Markdown manuscript',
    load: async () => (await import('./import.js')).registerImport,
  },
  build: {
    description: 'build the print PDF, the imposed booklet and the EPUB (all three when no format is named)',
    load: async () => (await import('./build.js')).registerBuild,
  },
  check: {
    description: 'proofread manuscripts (textlint: brackets, widths, name spellings) and check built EPUB/PDF files',
    load: async () => (await import('./check.js')).registerCheck,
  },
  errata: {
    description: 'list the corrections since an edition (正誤表): <out>/<name>-errata.md and <name>-errata.pdf',
    load: async () => (await import('./errata.js')).registerErrata,
  },
  diff: {
    description: 'show each changed page beside the old printing, differences in red: <out>/<name>-diff.pdf (and PNGs with --png)',
    load: async () => (await import('./diff.js')).registerDiff,
  },
  preview: {
    description: 'proofread in the browser: serve the pages (Vivliostyle viewer), updated on every save, with click-to-source',
    load: async () => (await import('./preview.js')).registerPreview,
  },
};

/** The subcommand `argv` runs or asks help for (`build …`, `help build`), if any. */
export function invokedSubcommand(argv: string[]): string | undefined {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return name !== undefined && Object.hasOwn(SUBCOMMANDS, name) ? name : undefined;
}

/**
 * Builds the command tree for `argv`: the invoked subcommand in full, the others as help entries.
 * Exported so tests can drive it without a child process; without `argv` every subcommand is loaded.
 */
export async function createProgram(argv?: string[]): Promise<Command> {
  const program = new Command('kumihan')
    .description('Japanese interview transcript → vertical print PDF, booklet and EPUB 3')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  const invoked = argv && invokedSubcommand(argv);
  for (const [name, subcommand] of Object.entries(SUBCOMMANDS)) {
    if (argv === undefined || name === invoked) (await subcommand.load())(program);
    else program.command(name).description(subcommand.description);
  }
  for (const command of program.commands) command.exitOverride().showHelpAfterError();
  return program;
}

/** Runs the CLI and returns the exit code instead of exiting, so callers decide. */
export async function main(argv: string[]): Promise<number> {
  try {
    // Subcommands report "finished with problems" through process.exitCode; read it and reset it
    // so that several runs in one process (tests) do not leak into each other.
    process.exitCode = undefined;
    await (await createProgram(argv)).parseAsync(argv, { from: 'user' });
    const code = process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
    process.exitCode = undefined;
    return code;
  } catch (caught) {
    const error = asUserError(caught);
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof KumihanError) {
      process.stderr.write(`kumihan: ${formatLocated(error.message, error.where)}\n`);
      return EXIT.failure;
    }
    process.stderr.write(`kumihan: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failure;
  }
}

