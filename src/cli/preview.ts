/** `kumihan preview`: rebuild on every save of a manuscript or stylesheet, printing each rebuild's time. */
import type { Command } from 'commander';
import { watch } from 'chokidar';
import { buildBook, claimOutputs, type BuildOptions, type Format } from '../core/build.js';
import { findBrowser } from '../core/browser.js';
import { requireFonts, stylesDir } from '../core/assets.js';
import path from 'node:path';
import { createReporter } from '../core/reporter.js';
import { KumihanError, formatLocated } from '../core/errors.js';
import { resolveManuscripts } from './shared.js';

/** Adds the `preview` subcommand. */
export function registerPreview(program: Command): void {
  program
    .command('preview')
    .description('watch manuscripts and styles/ and rebuild on save (PDF by default), printing each rebuild time')
    .argument('[manuscripts...]', 'manuscript Markdown files (default: manuscript/*.md)')
    .option('--epub', 'rebuild the EPUB instead of the PDF')
    .option('--out <dir>', 'output directory', 'output')
    .option('-f, --force', 'write over output files kumihan did not write (and rebuild at once)')
    .action(async (manuscripts: string[], flags: { epub?: boolean; out: string; force?: boolean }) => {
      const files = await resolveManuscripts(manuscripts);
      const formats = new Set<Format>([flags.epub ? 'epub' : 'pdf']);
      const options: BuildOptions = { formats, outDir: flags.out, force: flags.force, browser: flags.epub ? undefined : findBrowser() };
      if (!flags.epub) requireFonts();
      // Two books writing one file, or an output over a file kumihan did not write: refused before watching.
      await claimOutputs(files, options);
      const rebuild = async (why: string) => {
        const started = performance.now();
        try {
          for (const file of files) await buildBook(file, options, createReporter({ verbose: false }));
          process.stderr.write(`rebuilt (${why}) in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
        } catch (error) {
          // A broken save must not end the preview: say what is wrong and wait for the next save.
          const message = error instanceof KumihanError ? formatLocated(error.message, error.where) : String(error);
          process.stderr.write(`build failed: ${message}\n`);
        }
      };
      await rebuild('start');
      let queued: Promise<void> = Promise.resolve();
      const watcher = watch([...files, stylesDir], { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 150 } });
      watcher.on('all', (_event, changed) => {
        queued = queued.then(() => rebuild(changed));
      });
      process.stderr.write(`watching ${files.join(', ')} and ${path.relative(process.cwd(), stylesDir) || '.'}/ — Ctrl-C to stop\n`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => void watcher.close().then(resolve)));
    });
}
