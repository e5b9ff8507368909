/** `kumihan errata`: the corrections since an edition or revision, as Markdown and a vertical PDF (page and line in the old printing). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadBook } from '../core/build.js';
import { parseManuscript } from '../manuscript/parse.js';
import { throwOnErrors } from '../core/errors.js';
import { claimOutput, writeFileAtomic } from '../core/fs.js';
import { BuildCache } from '../core/cache.js';
import { outputPaths, refuseClashes } from '../core/paths.js';
import { compareBooks } from '../errata/compare.js';
import { manuscriptAt } from '../errata/history.js';
import { findPage, pdfPageTexts, requirePdf } from '../errata/pages.js';
import { lineLabel, PrintedText, readPrintedPages } from '../errata/layout.js';
import { errataMarkdown } from '../errata/sheet.js';
import { printable } from '../core/text.js';
import { resolveManuscripts } from './shared.js';

interface ErrataFlags {
  since: string;
  out: string;
  oldPdf?: string;
  pdf: boolean;
  force?: boolean;
}

/** The errata sheets of a manuscript: <out>/<name>-errata.md, and .pdf unless --no-pdf. */
function sheetPaths(manuscript: string, out: string, pdf: boolean): { markdown: string; pdf?: string } {
  const name = path.basename(manuscript, path.extname(manuscript));
  return { markdown: path.join(out, `${name}-errata.md`), pdf: pdf ? path.join(out, `${name}-errata.pdf`) : undefined };
}

/** Adds the `errata` subcommand. */
export function registerErrata(program: Command): void {
  program
    .command('errata')
    .description('list the corrections since an edition (正誤表): <out>/<name>-errata.md and <name>-errata.pdf')
    .argument('[manuscripts...]', 'manuscript Markdown files (default: manuscript/*.md)')
    .requiredOption('--since <edition|revision|file>', 'an edition of the history (初版第1刷), a git revision, or an older manuscript file')
    .option('--out <dir>', 'output directory', 'output')
    .option('--old-pdf <file>', "the old edition's PDF, to give page numbers (default: <out>/<name>.pdf when present)")
    .option('--no-pdf', 'write only the Markdown sheet')
    .option('-f, --force', 'write over errata sheets kumihan did not write')
    .action(async (manuscripts: string[], flags: ErrataFlags) => {
      const files = await resolveManuscripts(manuscripts);
      // Before any work: the old PDF is a PDF, no two manuscripts write one sheet, and no sheet
      // replaces an input or a file kumihan did not write (without --force).
      if (flags.oldPdf !== undefined) await requirePdf(flags.oldPdf, '--old-pdf');
      const sheets = files.map((source) => ({ source, targets: Object.values(sheetPaths(source, flags.out, flags.pdf)).filter((target) => target !== undefined) }));
      refuseClashes(sheets);
      const cache = await BuildCache.open(flags.out);
      const protect = [
        ...files.map((file) => ({ file, role: 'the manuscript' })),
        ...(existsSync(flags.since) ? [{ file: flags.since, role: 'the older manuscript' }] : []),
        ...(flags.oldPdf !== undefined ? [{ file: flags.oldPdf, role: 'the old PDF' }] : []),
      ];
      for (const target of sheets.flatMap((sheet) => sheet.targets)) {
        await claimOutput(target, { option: '--out', force: flags.force, protect, ours: (file) => cache.wrote(file) });
      }

      for (const file of files) {
        const current = await loadBook(file);
        const old = await manuscriptAt(file, flags.since);
        const previous = parseManuscript(old.text, `${file}@${flags.since}`);
        throwOnErrors(previous.file);
        const corrections = compareBooks(previous, current);

        // The default, the last build's PDF, may be absent (no page numbers then); a named one must be there.
        const oldPdf = flags.oldPdf ?? outputPaths(file, flags.out).pdf;
        if (flags.oldPdf === undefined && existsSync(oldPdf)) await requirePdf(oldPdf, "the old edition's PDF (the default of --old-pdf)");
        if (flags.oldPdf !== undefined || existsSync(oldPdf)) {
          // Page and line from the glyph positions; the page alone from the plain text when the
          // line cannot be told (a sentence the layout reading does not find).
          const printed = new PrintedText(await readPrintedPages(oldPdf, previous.meta.columns));
          const pages = await pdfPageTexts(oldPdf);
          for (const correction of corrections) {
            const sought = correction.before || correction.following;
            if (!sought) continue;
            correction.printed = printed.find(sought);
            correction.page = correction.printed?.page ?? findPage(pages, sought);
          }
        }

        const heading = { meta: current.meta, since: old.label };
        const paths = sheetPaths(file, flags.out, flags.pdf);
        const markdown = errataMarkdown(corrections, heading);
        await writeFileAtomic(paths.markdown, markdown);
        await cache.record(paths.markdown, file, '', markdown);
        const written = [paths.markdown];
        if (paths.pdf) {
          const { buildErrataPdf } = await import('../writers/print/errata-pdf.js');
          await buildErrataPdf(corrections, heading, { manuscript: file, outDir: flags.out, target: paths.pdf });
          await cache.record(paths.pdf, file, '');
          written.push(paths.pdf);
        }
        process.stdout.write(`${corrections.length} correction${corrections.length === 1 ? '' : 's'} since ${old.label} → ${written.join(', ')}\n`);
        for (const c of corrections) {
          const where = c.question ? `Q${c.question.index}` : 'lead';
          process.stdout.write(`  ${where}${c.page ? ` p.${c.page}` : ''}${c.printed ? ` ${lineLabel(c.printed)}` : ''}${c.line ? ` (line ${c.line})` : ''}: ${printable(c.before, Infinity) || '∅'} → ${printable(c.after, Infinity) || '∅'}\n`);
        }
      }
    });
}
