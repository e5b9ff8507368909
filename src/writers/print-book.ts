/**
 * Print edition of a typeset book: the print HTML and its stylesheets go to output/.work/<name>/
 * (where vivliostyle.config.js finds them too), then Vivliostyle makes the PDF.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { bookSections, type Book } from '../manuscript/parse.js';
import { questionNumber, type BookParts } from '../render/parts.js';
import type { BuildOptions } from '../core/build.js';
import { makeDirectory, writeFileAtomic } from '../core/fs.js';
import { workDir } from '../core/paths.js';
import { stageStyles } from '../core/assets.js';
import { printHtml } from './print-html.js';
import type { PreparedPicture } from './pictures.js';
import { PICTURE_DIR, pictureFileName } from '../render/parts.js';
import { describeBook } from '../config/describe.js';
import type { PDFDocument } from 'pdf-lib';
import { buildPdf } from './pdf.js';
import type { VivliostyleWorker } from './vivliostyle.js';
import { resolvePrintSettings, type PrintRequest } from '../config/press.js';
import { readPrintedPages } from '../errata/layout.js';
import { comparePagination, describePagination, requireSamePagination } from '../errata/pagination.js';

/** The stylesheets of the print edition, in cascade order, as they sit in styles/. */
export const PRINT_STYLESHEETS = ['typography.css', 'notes-figures.css', 'print.css'];

/** Vivliostyle time limit: a minute for a booklet, more for a long book (one second per 2,000 characters). */
export function scaledTimeout(characters: number): number {
  return 60_000 + Math.ceil(characters / 2_000) * 1_000;
}

/** Writes the print HTML beside copies of the stylesheets, the book fonts and the prepared pictures; returns the HTML's path. */
export async function writePrintHtml(
  book: Book,
  parts: BookParts,
  options: Pick<BuildOptions, 'outDir' | 'size' | 'columns'> & PrintRequest,
  extra: { sourceLines?: boolean; pictures?: PreparedPicture[] } = {},
): Promise<string> {
  const dir = workDir(book.file.path, options.outDir);
  await makeDirectory(dir);
  const pictures = extra.pictures ?? [];
  if (pictures.length) {
    await makeDirectory(path.join(dir, PICTURE_DIR));
    await Promise.all(pictures.map((prepared) => writeFileAtomic(path.join(dir, PICTURE_DIR, pictureFileName(prepared.picture)), prepared.print)));
  }
  await stageStyles(dir, PRINT_STYLESHEETS);
  const htmlPath = path.join(dir, 'print.html');
  const size = options.size ?? book.meta.size;
  const { selfCover } = resolvePrintSettings(options, size);
  const figures = new Map(pictures.filter((prepared) => prepared.picture.id !== 'cover').map((prepared) => [prepared.picture.id, { width: prepared.width, height: prepared.height }]));
  const html = printHtml(parts, book.meta, { stylesheets: PRINT_STYLESHEETS, size, columns: options.columns, selfCover, sourceLines: extra.sourceLines, figures });
  await writeFileAtomic(htmlPath, html);
  return htmlPath;
}

/**
 * Builds the print PDF at `target` from the print HTML ({@link writePrintHtml}) with a Vivliostyle
 * process started early (or a new one), and returns the finished book (the parsed document) for the booklet.
 */
export async function buildPrintPdf(
  book: Book,
  htmlPath: string,
  target: string,
  options: BuildOptions,
  worker?: VivliostyleWorker,
  onPagination?: (report: string) => void,
): Promise<PDFDocument> {
  if (!options.browser && !options.downloadBrowser) throw new Error('buildPrintPdf needs a browser (findBrowser) or downloadBrowser');
  const { meta } = book;
  const tiers = options.columns ?? meta.columns;
  // A PDF that replaces an earlier one is compared with it page by page before it does; with
  // --keep-pagination a reflow stops the build there and the earlier PDF stays.
  const beforeReplace = existsSync(target)
    ? async (temporary: string) => {
        let report;
        try {
          const [before, after] = await Promise.all([readPrintedPages(target, tiers), readPrintedPages(temporary, tiers)]);
          report = comparePagination(before, after);
        } catch (error) {
          if (options.keepPagination) throw error;
          onPagination?.(`pages not compared: ${(error as Error).message}`);
          return;
        }
        if (options.keepPagination) requireSamePagination(report, target);
        onPagination?.(describePagination(report));
      }
    : undefined;
  const newest = meta.editions[meta.editions.length - 1];
  return buildPdf(
    {
      htmlPath,
      outputPath: target,
      browser: options.browser,
      size: options.size ?? meta.size,
      profile: options.profile,
      cropMarks: options.cropMarks,
      bleed: options.bleed,
      pressReady: options.pressReady,
      pdfx: options.pdfx,
      color: options.color,
      binding: options.binding,
      timeoutMs: options.timeoutMs ?? scaledTimeout(String(book.file.value).length),
      metadata: { title: meta.title, author: meta.interviewee, subject: describeBook(meta), language: meta.lang, date: newest?.date },
      // Depth first, as the nested 目次 makes it: a part, then its questions.
      outline: bookSections(book).map((section) =>
        section.kind === 'part' ? section.part.title : `${questionNumber(section.question)}　${section.question.title}`,
      ),
      beforeReplace,
    },
    worker,
  );
}
