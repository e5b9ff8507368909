/** `kumihan preview`: rebuild on every save of a manuscript or stylesheet, printing each rebuild's time. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { watch } from 'chokidar';
import { buildBook, type BuildOptions, type Format } from '../core/build.js';
import { findBrowser, requireFonts } from '../core/environment.js';
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
    .action(async (manuscripts: string[], flags: { epub?: boolean; out: string }) => {
      const files = await resolveManuscripts(manuscripts);
      const formats = new Set<Format>([flags.epub ? 'epub' : 'pdf']);
      const options: BuildOptions = { formats, outDir: flags.out, browser: flags.epub ? undefined : findBrowser() };
      if (!flags.epub) requireFonts();
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
      // The folders are watched, not the files: an editor or `git checkout` that deletes and
      // recreates a manuscript ended a watch on the file itself, and later saves rebuilt nothing.
      const watched = new Set(files.map((file) => path.resolve(file)));
      const styles = path.resolve('styles');
      const relevant = (changed: string) => watched.has(path.resolve(changed)) || path.dirname(path.resolve(changed)) === styles;
      // A folder that does not exist is left out: with one, chokidar said 'ready' before it watched the others.
      const watchStyles = existsSync(styles);
      const folders = [...new Set([...[...watched].map((file) => path.dirname(file)), ...(watchStyles ? [styles] : [])])];
      const watcher = watch(folders, { ignoreInitial: true, depth: 0, awaitWriteFinish: { stabilityThreshold: 150 } });
      watcher.on('all', (event, changed) => {
        if (!relevant(changed)) return;
        if (event === 'unlink') {
          process.stderr.write(`${path.relative(process.cwd(), changed) || changed} was removed: waiting for it to be written again\n`);
          return;
        }
        if (event === 'add' || event === 'change') queued = queued.then(() => rebuild(path.relative(process.cwd(), changed) || changed));
      });
      await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
      process.stderr.write(`watching ${files.join(', ')}${watchStyles ? ' and styles/' : ''} — Ctrl-C to stop\n`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => void watcher.close().then(resolve)));
    });
}
