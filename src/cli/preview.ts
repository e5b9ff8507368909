/**
 * `kumihan preview`: proofreading in the browser. Serves the Vivliostyle viewer over HTTP with each
 * book's print HTML, rewritten on every save of a manuscript or stylesheet (no PDF, no Chromium
 * here); open pages update themselves. `--pdf`/`--epub` also rebuild those files on save.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { watch } from 'chokidar';
import { buildBook, claimOutputs, loadBook, typesetBook, type BuildOptions, type Format } from '../core/build.js';
import { findBrowser } from '../core/browser.js';
import { requireFonts, stylesDir } from '../core/assets.js';
import { createReporter } from '../core/reporter.js';
import { KumihanError, formatLocated } from '../core/errors.js';
import { workDir } from '../core/paths.js';
import { resolveManuscripts } from './shared.js';

interface PreviewFlags {
  pdf?: boolean;
  epub?: boolean;
  out: string;
  force?: boolean;
  port: string;
  host: string;
}

/** Adds the `preview` subcommand. */
export function registerPreview(program: Command): void {
  program
    .command('preview')
    .description('proofread in the browser: serve the pages (Vivliostyle viewer), updated on every save, with click-to-source')
    .argument('[manuscripts...]', 'manuscript Markdown files (default: manuscript/*.md)')
    .option('--port <n>', 'HTTP port (0: any free port)', '3000')
    .option('--host <address>', 'address to listen on (0.0.0.0 lets a tablet on the network in)', '127.0.0.1')
    .option('--pdf', 'also rebuild the PDF on every save')
    .option('--epub', 'also rebuild the EPUB on every save')
    .option('--out <dir>', 'output directory', 'output')
    .option('-f, --force', 'write over output files kumihan did not write (and rebuild at once)')
    .action(async (manuscripts: string[], flags: PreviewFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new KumihanError(`--port must be a port number (0–65535), not ${JSON.stringify(flags.port)}`);
      const files = await resolveManuscripts(manuscripts);
      const formats = new Set<Format>([...(flags.pdf ? ['pdf' as const] : []), ...(flags.epub ? ['epub' as const] : [])]);
      const options: BuildOptions = { formats, outDir: flags.out, force: flags.force, browser: flags.pdf ? findBrowser() : undefined };
      if (flags.pdf) requireFonts();
      // Two books writing one file, or an output over a file kumihan did not write: refused before serving.
      if (formats.size) await claimOutputs(files, options);
      const books = files.map((manuscript) => ({ name: path.basename(manuscript, path.extname(manuscript)), manuscript, dir: path.resolve(workDir(manuscript, flags.out)) }));
      const { startPreviewServer } = await import('../preview/server.js');
      const { writePrintHtml } = await import('../writers/print/print-book.js');

      const server = await startPreviewServer(books, { host: flags.host, port }).catch((error: NodeJS.ErrnoException) => {
        throw new KumihanError(`cannot listen on ${flags.host}:${port}: ${error.code === 'EADDRINUSE' ? 'the port is in use; choose another with --port' : error.message}`);
      });
      // `full`: a stylesheet changed, and the open pages reload the viewer whole (fonts and styles too).
      const rebuild = async (why: string, full = false) => {
        const started = performance.now();
        for (const book of books) {
          try {
            // The print HTML is written only from a manuscript that reads: a broken save leaves the last good pages.
            const parsed = await loadBook(book.manuscript);
            const parts = await typesetBook(parsed);
            // Its pictures too, read and re-encoded as the build does (a missing one is the build's error).
            const pictures = parsed.pictures.length ? await (await import('../writers/pictures.js')).preparePictures(parsed) : [];
            await writePrintHtml(parsed, parts, options, { sourceLines: true, pictures });
            server.notify({ type: 'update', book: book.name, ...(full ? { full } : {}) });
            if (formats.size) await buildBook(book.manuscript, options, createReporter({ verbose: false }));
          } catch (error) {
            // A broken save must not end the preview: say what is wrong, here and in the page.
            const message = error instanceof KumihanError ? formatLocated(error.message, error.where) : String(error);
            server.notify({ type: 'error', book: book.name, message });
            process.stderr.write(`build failed: ${message}\n`);
          }
        }
        process.stderr.write(`updated (${why}) in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
      };
      await rebuild('start');
      let queued: Promise<void> = Promise.resolve();
      // The folders are watched, not the files: an editor or `git checkout` that deletes and
      // recreates a manuscript ended a watch on the file itself, and later saves rebuilt nothing.
      const watched = new Set(files.map((file) => path.resolve(file)));
      const relevant = (changed: string) => watched.has(path.resolve(changed)) || path.dirname(path.resolve(changed)) === stylesDir;
      // A folder that does not exist is left out: with one, chokidar said 'ready' before it watched the others.
      const watchStyles = existsSync(stylesDir);
      const folders = [...new Set([...[...watched].map((file) => path.dirname(file)), ...(watchStyles ? [stylesDir] : [])])];
      // A write is taken as finished when the file's size has stood still for 50 ms (editors write a
      // file whole; a half-written manuscript that slipped through fails to read and the next event
      // rebuilds): every millisecond here is one the editor waits for the page.
      const watcher = watch(folders, { ignoreInitial: true, depth: 0, awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 } });
      watcher.on('all', (event, changed) => {
        if (!relevant(changed)) return;
        const shown = path.relative(process.cwd(), changed) || changed;
        if (event === 'unlink') {
          process.stderr.write(`${shown} was removed: waiting for it to be written again\n`);
          return;
        }
        if (event === 'add' || event === 'change') queued = queued.then(() => rebuild(shown, !watched.has(path.resolve(changed))));
      });
      await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
      const watching = watchStyles ? `; watching ${path.relative(process.cwd(), stylesDir) || '.'}/` : '';
      process.stdout.write(`preview at ${server.url} (${files.join(', ')}${watching}) — Ctrl-C to stop\n`);
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
      });
      await Promise.all([watcher.close(), server.close()]);
    });
}
