/** `kumihan diff`: each changed page of an earlier printing beside the current one, differences in red (校正紙). */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { buildBook, claimOutputs, type BuildOptions } from '../core/build.js';
import { findBrowser } from '../core/browser.js';
import { requireFonts } from '../core/assets.js';
import { createReporter } from '../core/reporter.js';
import { BuildCache } from '../core/cache.js';
import { claimOutput, makeScratchDirectory, removeScratchDirectory, requireWritableDirectory, writeFileAtomic } from '../core/fs.js';
import { outputPaths } from '../core/paths.js';
import { manuscriptAt } from '../errata/history.js';
import { requirePdf } from '../errata/pages.js';
import { readPrintings } from '../errata/layout.js';
import { foldForSearch } from '../errata/fold.js';
import { resolveManuscripts } from './shared.js';

interface DiffFlags {
  since: string;
  out: string;
  png?: boolean;
  force?: boolean;
}

/** True when `file` is a PDF (by its first bytes), so --since names an old printing rather than a manuscript. */
async function isPdf(file: string): Promise<boolean> {
  try {
    await requirePdf(file, '--since');
    return true;
  } catch {
    return false;
  }
}

/** Adds the `diff` subcommand. */
export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('show each changed page beside the old printing, differences in red: <out>/<name>-diff.pdf (and PNGs with --png)')
    .argument('[manuscripts...]', 'manuscript Markdown files (default: manuscript/*.md)')
    .requiredOption('--since <edition|revision|file>', 'an edition of the history (初版第1刷), a git revision, an older manuscript file, or an old PDF')
    .option('--out <dir>', 'output directory', 'output')
    .option('--png', 'also write each page pair as <out>/<name>-diff-p<N>.png')
    .option('-f, --force', 'write over files kumihan did not write')
    .action(async (manuscripts: string[], flags: DiffFlags) => {
      const files = await resolveManuscripts(manuscripts);
      const oldIsPdf = existsSync(flags.since) && (await isPdf(flags.since));
      const options: BuildOptions = { formats: new Set(['pdf']), outDir: flags.out, force: flags.force, browser: findBrowser() };
      requireFonts();
      // The current PDF is built (or found up to date) first; every file this writes is claimed before any work.
      await claimOutputs(files, options);
      const cache = await BuildCache.open(flags.out);
      const protect = [
        ...files.map((file) => ({ file, role: 'the manuscript' })),
        ...(existsSync(flags.since) ? [{ file: flags.since, role: oldIsPdf ? 'the old PDF' : 'the older manuscript' }] : []),
        ...files.map((file) => ({ file: outputPaths(file, flags.out).pdf, role: 'the PDF' })),
      ];
      const claim = { option: '--out', force: flags.force, protect, ours: (file: string) => cache.wrote(file) };
      for (const file of files) await claimOutput(diffPath(file, flags.out), claim);
      await requireWritableDirectory(flags.out);

      for (const file of files) {
        await buildBook(file, options, createReporter({ verbose: false }));
        const current = outputPaths(file, flags.out).pdf;
        const scratch = makeScratchDirectory();
        try {
          let old = flags.since;
          let label = flags.since;
          if (!oldIsPdf) {
            // The manuscript as it was, built on its own in the scratch directory like any book.
            const earlier = await manuscriptAt(file, flags.since);
            label = earlier.label;
            const oldManuscript = path.join(scratch, path.basename(file));
            await writeFile(oldManuscript, earlier.text);
            const oldOut = path.join(scratch, 'out');
            await buildBook(oldManuscript, { ...options, outDir: oldOut, force: true }, createReporter({ verbose: false }));
            old = outputPaths(oldManuscript, oldOut).pdf;
          }
          const [before, after] = await readPrintings(old, current);
          const text = (pages: typeof before, index: number) => foldForSearch((pages[index]?.lines ?? []).map((line) => line.text).join(''));
          const changed: number[] = [];
          for (let index = 0; index < Math.max(before.length, after.length); index++) if (text(before, index) !== text(after, index)) changed.push(index + 1);
          const target = diffPath(file, flags.out);
          if (!changed.length) {
            process.stdout.write(`no page changed since ${label}; ${target} not written\n`);
            continue;
          }
          const pngs = flags.png ? changed.map((page) => pngPath(file, flags.out, page)) : [];
          for (const png of pngs) await claimOutput(png, claim);
          const { comparePage, diffPdf } = await import('../writers/print/diff-pdf.js');
          const pairs = [];
          for (const page of changed) pairs.push(await comparePage(old, current, page, scratch));
          const bytes = await diffPdf(pairs, { old: label, new: 'current' });
          await writeFileAtomic(target, bytes);
          await cache.record(target, file, '', bytes);
          for (const [index, png] of pngs.entries()) {
            await writeFileAtomic(png, pairs[index]!.png);
            await cache.record(png, file, '', pairs[index]!.png);
          }
          const pages = changed.map((page) => `p.${page}`).join(', ');
          process.stdout.write(`${changed.length} page${changed.length === 1 ? '' : 's'} changed since ${label} (${pages}) → ${[target, ...pngs].join(', ')}\n`);
        } finally {
          await removeScratchDirectory(scratch);
        }
      }
    });
}

function diffPath(manuscript: string, out: string): string {
  return path.join(out, `${path.basename(manuscript, path.extname(manuscript))}-diff.pdf`);
}

function pngPath(manuscript: string, out: string, page: number): string {
  return path.join(out, `${path.basename(manuscript, path.extname(manuscript))}-diff-p${page}.png`);
}
