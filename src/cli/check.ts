/** `kumihan check`: proofread manuscripts and validate built outputs. */
import type { Command } from 'commander';
import { KumihanError } from '../core/errors.js';

/** Adds the `check` subcommand. */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('proofread manuscripts (and check built EPUB/PDF when present)')
    .argument('[manuscripts...]', 'manuscript Markdown files (default: manuscript/*.md)')
    .action(async () => {
      throw new KumihanError('check is not implemented yet');
    });
}
