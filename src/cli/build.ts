/** `kumihan build`: manuscripts → PDF, booklet and EPUB. */
import type { Command } from 'commander';
import { KumihanError } from '../core/errors.js';

/** Adds the `build` subcommand. */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('build the print PDF, the imposed booklet and the EPUB')
    .argument('[manuscripts...]', 'manuscript Markdown files (default: manuscript/*.md)')
    .option('--pdf', 'build the print PDF')
    .option('--epub', 'build the EPUB')
    .option('--booklet', 'build the imposed booklet (implies the PDF)')
    .option('--out <dir>', 'output directory', 'output')
    .action(async () => {
      throw new KumihanError('build is not implemented yet');
    });
}
