/**
 * Print edition of a typeset book: the print HTML and its stylesheets go to output/.work/<name>/
 * (where vivliostyle.config.js finds them too), then Vivliostyle makes the PDF.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Book } from '../manuscript/parse.js';
import { questionNumber, type BookParts } from '../render/parts.js';
import type { BuildOptions } from '../core/build.js';
import { copyOutput, makeDirectory, writeFileAtomic } from '../core/fs.js';
import { workDir } from '../core/paths.js';
import { printHtml } from './print-html.js';
import type { PreparedPicture } from './pictures.js';
import { PICTURE_DIR, pictureFileName } from '../render/parts.js';
import { describeBook } from '../config/describe.js';
import type { PDFDocument } from 'pdf-lib';
import { buildPdf } from './pdf.js';
import type { VivliostyleWorker } from './vivliostyle.js';

/** The stylesheets of the print edition, in cascade order, as they sit in styles/. */
export const PRINT_STYLESHEETS = ['typography.css', 'notes-figures.css', 'print.css'];
const stylesDir = new URL('../../styles/', import.meta.url);

/** Vivliostyle time limit: a minute for a booklet, more for a long book (one second per 2,000 characters). */
export function scaledTimeout(characters: number): number {
  return 60_000 + Math.ceil(characters / 2_000) * 1_000;
}

/** Writes the print HTML beside copies of the stylesheets; returns the HTML's path. */
export async function writePrintHtml(book: Book, parts: BookParts, options: Pick<BuildOptions, 'outDir' | 'size' | 'columns'>, pictures: PreparedPicture[] = []): Promise<string> {
  const dir = workDir(book.file.path, options.outDir);
  await makeDirectory(dir);
  if (pictures.length) {
    await makeDirectory(path.join(dir, PICTURE_DIR));
    await Promise.all(pictures.map((prepared) => writeFileAtomic(path.join(dir, PICTURE_DIR, pictureFileName(prepared.picture)), prepared.print)));
  }
  await Promise.all(PRINT_STYLESHEETS.map((name) => copyOutput(new URL(name, stylesDir), path.join(dir, name))));
  const htmlPath = path.join(dir, 'print.html');
  const html = printHtml(parts, book.meta, { stylesheets: PRINT_STYLESHEETS, size: options.size, columns: options.columns });
  await writeFileAtomic(htmlPath, html);
  return htmlPath;
}

/**
 * Builds the print PDF at `target` from the print HTML ({@link writePrintHtml}) with a Vivliostyle
 * process started early (or a new one), and returns the finished book for the booklet: the parsed
 * document, or the file's bytes when pdf-lib did not make it (press-ready).
 */
export async function buildPrintPdf(book: Book, htmlPath: string, target: string, options: BuildOptions, worker?: VivliostyleWorker): Promise<PDFDocument | Uint8Array> {
  if (!options.browser && !options.downloadBrowser) throw new Error('buildPrintPdf needs a browser (findBrowser) or downloadBrowser');
  const { meta } = book;
  const newest = meta.editions[meta.editions.length - 1];
  const finished = await buildPdf(
    {
      htmlPath,
      outputPath: target,
      browser: options.browser,
      size: options.size ?? meta.size,
      cropMarks: options.cropMarks,
      bleed: options.bleed,
      pressReady: options.pressReady,
      timeoutMs: options.timeoutMs ?? scaledTimeout(String(book.file.value).length),
      metadata: { title: meta.title, author: meta.interviewee, subject: describeBook(meta), language: meta.lang, date: newest?.date },
      outline: book.questions.map((question) => `${questionNumber(question)}　${question.title}`),
    },
    worker,
  );
  return finished ?? new Uint8Array(await readFile(target));
}
