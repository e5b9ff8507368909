/**
 * Print edition of a typeset book: the print HTML and its stylesheets go to output/.work/<name>/
 * (where vivliostyle.config.js finds them too), then Vivliostyle makes the PDF.
 */
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { bookSections, type Book } from '../../manuscript/book.js';
import { questionNumber, type BookParts } from '../../render/parts.js';
import { makeDirectory, writeFileAtomic } from '../../core/fs.js';
import { workDir } from '../../core/paths.js';
import { stageStyles } from '../../core/assets.js';
import { pageGeometry, PRINT_HTML, printDocuments, publicationManifest, tocPitch } from './print-html.js';
import { checkParagraphLengths, estimatePrintPages, partBreaks, pdfTimeLimit } from './print-extent.js';
import type { PreparedPicture } from '../pictures.js';
import { PICTURE_DIR, pictureFileName } from '../../render/parts.js';
import { describeBook } from '../../config/describe.js';
import type { PDFDocument } from 'pdf-lib';
import type { PageSize } from '../../config/schema.js';
import { buildPdf } from './pdf.js';
import type { VivliostyleWorker } from './vivliostyle.js';
import { resolvePrintSettings, type PrintRequest } from '../../config/press.js';
import { readPrintings } from '../../errata/layout.js';
import { comparePagination, describePagination, requireSamePagination } from '../../errata/pagination.js';

/** What the print writer is asked for: the page layout, the press settings and how the PDF is made. */
export interface PrintBookOptions extends PrintRequest {
  /** Where the outputs go; the print HTML goes to its .work/ folder. */
  outDir: string;
  /** Overrides the manuscript's `size`. */
  size?: PageSize;
  columns?: 1 | 2;
  /** Chromium executable; without it, `downloadBrowser` must be set. */
  browser?: string;
  /** No browser of the machine's: Vivliostyle downloads its own (needs the network). */
  downloadBrowser?: boolean;
  /** Vivliostyle timeout; scaled with the text when absent. */
  timeoutMs?: number;
  /** A reprint: a PDF whose pages after a correction would move is an error, and the previous one stays. */
  keepPagination?: boolean;
}

/** The stylesheets of the print edition, in cascade order, as they sit in styles/. */
export const PRINT_STYLESHEETS = ['typography.css', 'notes-figures.css', 'print.css'];

/** The pages the print edition of `book` will take, estimated from its text (print-extent.ts). */
export function printPages(book: Book, options: Pick<PrintBookOptions, 'size' | 'columns'>): number {
  const geometry = pageGeometry(options.size ?? book.meta.size, options.columns ?? book.meta.columns);
  return estimatePrintPages(book, geometry, tocPitch(geometry.grid, book.questions.length + book.parts.length));
}

/** Where Vivliostyle reads a print edition in several documents from, beside them. */
export const PUBLICATION_MANIFEST = 'publication.json';

/**
 * Writes the print HTML beside copies of the stylesheets, the book fonts and the prepared pictures:
 * one document for a book of up to about 80 pages (and always for the preview, whose viewer shows
 * one document), else one per stretch of the main matter and a publication manifest listing them
 * (print-html.ts, printDocuments). Returns what Vivliostyle is to typeset: print.html, or the manifest.
 */
export async function writePrintHtml(
  book: Book,
  parts: BookParts,
  options: Pick<PrintBookOptions, 'outDir' | 'size' | 'columns'> & PrintRequest,
  extra: { sourceLines?: boolean; pictures?: PreparedPicture[]; breaks?: readonly number[] } = {},
): Promise<string> {
  // Before anything is written: a paragraph Vivliostyle would grind on for minutes fails now, at its line.
  checkParagraphLengths(book);
  const dir = workDir(book.file.path, options.outDir);
  await makeDirectory(dir);
  const pictures = extra.pictures ?? [];
  if (pictures.length) {
    await makeDirectory(path.join(dir, PICTURE_DIR));
    await Promise.all(pictures.map((prepared) => writeFileAtomic(path.join(dir, PICTURE_DIR, pictureFileName(prepared.picture)), prepared.print)));
  }
  await stageStyles(dir, PRINT_STYLESHEETS);
  const size = options.size ?? book.meta.size;
  const { selfCover } = resolvePrintSettings(options, size);
  const geometry = pageGeometry(size, options.columns ?? book.meta.columns);
  // An upper bound for the 目次's numbers: the estimate does not see headings pushed to the next page.
  const pages = Math.ceil(printPages(book, options) * 1.25) + 8;
  const figures = new Map(pictures.filter((prepared) => prepared.picture.id !== 'cover').map((prepared) => [prepared.picture.id, { width: prepared.width, height: prepared.height }]));
  const documents = printDocuments(parts, book.meta, {
    stylesheets: PRINT_STYLESHEETS,
    size,
    columns: options.columns,
    selfCover,
    sourceLines: extra.sourceLines,
    figures,
    pages,
    // `extra.breaks`: cuts chosen by the caller (a test of a short book in several documents).
    breaks: extra.breaks ?? (extra.sourceLines ? [] : partBreaks(book, geometry)),
  });
  // The documents of an earlier, longer build would mislead anyone typesetting this directory by hand.
  const current = new Set(documents.map(({ file }) => file));
  const stale = (await readdir(dir)).filter((name) => !current.has(name) && /^print-\d+\.html$/u.test(name));
  await Promise.all(stale.map((name) => rm(path.join(dir, name), { force: true })));
  await Promise.all(documents.map(({ file, html }) => writeFileAtomic(path.join(dir, file), html)));
  if (documents.length === 1) {
    await rm(path.join(dir, PUBLICATION_MANIFEST), { force: true });
    return path.join(dir, PRINT_HTML);
  }
  const manifest = path.join(dir, PUBLICATION_MANIFEST);
  await writeFileAtomic(manifest, publicationManifest(documents, book.meta));
  return manifest;
}

/**
 * Builds the print PDF at `target` from the print HTML ({@link writePrintHtml}) with a Vivliostyle
 * process started early (or a new one), and returns the finished book (the parsed document) for the booklet.
 */
export async function buildPrintPdf(
  book: Book,
  htmlPath: string,
  target: string,
  options: Omit<PrintBookOptions, 'outDir'>,
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
          const [before, after] = await readPrintings(target, temporary, tiers);
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
  const pages = printPages(book, options);
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
      // kumihan's default limit follows the estimated extent (print-extent.ts); --timeout replaces it.
      ...(options.timeoutMs === undefined ? { timeoutMs: pdfTimeLimit(pages), timeoutPages: pages } : { timeoutMs: options.timeoutMs }),
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
