/** `kumihan import <transcript>`: raw transcript → structured Markdown manuscript. */
import type { Command } from 'commander';
import { KumihanError } from '../core/errors.js';

/** Adds the `import` subcommand. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('turn a raw interview transcript into a structured Markdown manuscript')
    .argument('<transcript>', 'the transcript text file (UTF-8 with or without BOM, or Shift_JIS)')
    .option('-o, --output <file>', 'where to write the manuscript (default: manuscript/<name>.md)')
    .option('-f, --force', 'overwrite an existing manuscript')
    .action(async () => {
      throw new KumihanError('import is not implemented yet');
    });
}
