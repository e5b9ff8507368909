/** The `kumihan` command: parses the command line and hands each subcommand to its own module. */
import { Command, CommanderError } from 'commander';
import { KumihanError, asUserError, formatLocated } from '../core/errors.js';
import { registerImport } from './import.js';
import { registerBuild } from './build.js';
import { registerCheck } from './check.js';
import { registerErrata } from './errata.js';
import { registerPreview } from './preview.js';

/** Exit codes: 0 success, 1 failure, 2 bad usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Builds the command tree; exported so tests can drive it without a child process. */
export function createProgram(): Command {
  const program = new Command('kumihan')
    .description('Japanese interview transcript → vertical print PDF, booklet and EPUB 3')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerImport(program);
  registerBuild(program);
  registerCheck(program);
  registerErrata(program);
  registerPreview(program);
  for (const command of program.commands) command.exitOverride().showHelpAfterError();
  return program;
}

/** Runs the CLI and returns the exit code instead of exiting, so callers decide. */
export async function main(argv: string[]): Promise<number> {
  try {
    // Subcommands report "finished with problems" through process.exitCode; read it and reset it
    // so that several runs in one process (tests) do not leak into each other.
    process.exitCode = undefined;
    await createProgram().parseAsync(argv, { from: 'user' });
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

