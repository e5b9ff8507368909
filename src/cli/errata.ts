/** `kumihan errata`: the corrections since an edition or revision, as Markdown and a one-page vertical PDF. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadBook } from '../core/build.js';
import { parseManuscript } from '../manuscript/parse.js';
import { throwOnErrors } from '../core/errors.js';
import { writeFileAtomic } from '../core/fs.js';
import { outputPaths } from '../core/paths.js';
import { compareBooks } from '../errata/compare.js';
import { manuscriptAt } from '../errata/history.js';
import { findPage, pdfPageTexts } from '../errata/pages.js';
import { errataMarkdown } from '../errata/sheet.js';
import { printable } from '../core/text.js';
import { resolveManuscripts } from './shared.js';

interface ErrataFlags {
  since: string;
  out: string;
  oldPdf?: string;
  pdf: boolean;
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
    .action(async (manuscripts: string[], flags: ErrataFlags) => {
      for (const file of await resolveManuscripts(manuscripts)) {
        const current = await loadBook(file);
        const old = await manuscriptAt(file, flags.since);
        const previous = parseManuscript(old.text, `${file}@${flags.since}`);
        throwOnErrors(previous.file);
        const corrections = compareBooks(previous, current);

        const oldPdf = flags.oldPdf ?? outputPaths(file, flags.out).pdf;
        const pages = existsSync(oldPdf) ? await pdfPageTexts(oldPdf) : undefined;
        if (pages) for (const correction of corrections) correction.page = correction.before ? findPage(pages, correction.before) : undefined;

        const name = path.basename(file, path.extname(file));
        const heading = { meta: current.meta, since: old.label };
        const markdownPath = path.join(flags.out, `${name}-errata.md`);
        await writeFileAtomic(markdownPath, errataMarkdown(corrections, heading));
        const written = [markdownPath];
        if (flags.pdf) {
          const { buildErrataPdf } = await import('../writers/errata-pdf.js');
          const pdfPath = path.join(flags.out, `${name}-errata.pdf`);
          await buildErrataPdf(corrections, heading, { manuscript: file, outDir: flags.out, target: pdfPath });
          written.push(pdfPath);
        }
        process.stdout.write(`${corrections.length} correction${corrections.length === 1 ? '' : 's'} since ${old.label} → ${written.join(', ')}\n`);
        for (const c of corrections) {
          const where = c.question ? `Q${c.question.index}` : 'lead';
          process.stdout.write(`  ${where}${c.page ? ` p.${c.page}` : ''}${c.line ? ` (line ${c.line})` : ''}: ${printable(c.before, Infinity) || '∅'} → ${printable(c.after, Infinity) || '∅'}\n`);
        }
      }
    });
}
