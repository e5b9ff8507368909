/**
 * Print edition of a typeset book: the print HTML and its stylesheets go to output/.work/<name>/
 * (where vivliostyle.config.js finds them too), then Vivliostyle makes the PDF.
 */
import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Book } from '../manuscript/parse.js';
import { questionNumber, type BookParts } from '../render/parts.js';
import type { BuildOptions } from '../core/build.js';
import { writeFileAtomic } from '../core/fs.js';
import { workDir } from '../core/paths.js';
import { pageGeometry, PRINT_HTML, printDocuments, publicationManifest, tocPitch } from './print-html.js';
import { checkParagraphLengths, estimatePrintPages, partBreaks, pdfTimeLimit } from './print-extent.js';
import { describeBook } from '../config/describe.js';
import type { PDFDocument } from 'pdf-lib';
import { buildPdf } from './pdf.js';
import type { VivliostyleWorker } from './vivliostyle.js';

/** The stylesheets of the print edition, in cascade order, as they sit in styles/. */
export const PRINT_STYLESHEETS = ['typography.css', 'print.css'];
const stylesDir = new URL('../../styles/', import.meta.url);

/** The pages the print edition of `book` will take, estimated from its text (print-extent.ts). */
export function printPages(book: Book, options: Pick<BuildOptions, 'size' | 'columns'>): number {
  const geometry = pageGeometry(options.size ?? book.meta.size, options.columns ?? book.meta.columns);
  return estimatePrintPages(book, geometry, tocPitch(geometry.grid, book.questions.length));
}

/** Where Vivliostyle reads a print edition in several documents from, beside them. */
export const PUBLICATION_MANIFEST = 'publication.json';

/**
 * Writes the print HTML beside copies of the stylesheets: one document for a book of up to about
 * 80 pages, else one per part and a publication manifest listing them (print-html.ts,
 * printDocuments). Returns what Vivliostyle is to typeset: print.html, or the manifest.
 */
export async function writePrintHtml(book: Book, parts: BookParts, options: Pick<BuildOptions, 'outDir' | 'size' | 'columns'>): Promise<string> {
  // Before anything is written: a paragraph Vivliostyle would grind on for minutes fails now, at its line.
  checkParagraphLengths(book);
  const dir = workDir(book.file.path, options.outDir);
  await mkdir(dir, { recursive: true });
  await Promise.all(PRINT_STYLESHEETS.map((name) => copyFile(new URL(name, stylesDir), path.join(dir, name))));
  const geometry = pageGeometry(options.size ?? book.meta.size, options.columns ?? book.meta.columns);
  // An upper bound for the 目次's numbers: the estimate does not see headings pushed to the next page.
  const pages = Math.ceil(printPages(book, options) * 1.25) + 8;
  const documents = printDocuments(parts, book.meta, {
    stylesheets: PRINT_STYLESHEETS,
    size: options.size,
    columns: options.columns,
    pages,
    breaks: partBreaks(book, geometry),
  });
  // The parts of an earlier, longer build would mislead anyone typesetting this directory by hand.
  const current = new Set([...documents.map(({ file }) => file), PUBLICATION_MANIFEST]);
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
 * process started early (or a new one), and returns the finished book for the booklet: the parsed
 * document, or the file's bytes when pdf-lib did not make it (press-ready).
 */
export async function buildPrintPdf(book: Book, htmlPath: string, target: string, options: BuildOptions, worker?: VivliostyleWorker): Promise<PDFDocument | Uint8Array> {
  if (!options.browser) throw new Error('buildPrintPdf needs a browser (findBrowser)');
  const { meta } = book;
  const newest = meta.editions[meta.editions.length - 1];
  const pages = printPages(book, options);
  const finished = await buildPdf(
    {
      htmlPath,
      outputPath: target,
      browser: options.browser,
      size: options.size ?? meta.size,
      cropMarks: options.cropMarks,
      bleed: options.bleed,
      pressReady: options.pressReady,
      ...(options.timeoutMs === undefined ? { timeoutMs: pdfTimeLimit(pages), timeoutPages: pages } : { timeoutMs: options.timeoutMs }),
      metadata: { title: meta.title, author: meta.interviewee, subject: describeBook(meta), language: meta.lang, date: newest?.date },
      outline: book.questions.map((question) => `${questionNumber(question)}　${question.title}`),
    },
    worker,
  );
  return finished ?? new Uint8Array(await readFile(target));
}
