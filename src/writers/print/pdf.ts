/**
 * Writer: print HTML → PDF through Vivliostyle (JS API) and Chromium, then for press output
 * Ghostscript (colours to K only or CMYK, PDF/X limits; press.ts), then pdf-lib for the metadata
 * Vivliostyle cannot be asked for (fixed dates, Subject, Language, R2L direction) and the PDF/X parts.
 *
 * The PDF is written to a temporary sibling and renamed into place only when everything
 * succeeded, so a failed build never destroys the previous PDF.
 */
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, ReadingDirection, type PDFObject } from 'pdf-lib';
import { KumihanError, systemReason } from '../../core/errors.js';
import { quoteText } from '../../core/text.js';
import { commitFile, namingPath, temporarySibling } from '../../core/fs.js';
import { loadPdf, savePdf } from './pdf-document.js';
import { requireBrowser } from '../../core/browser.js';
import { pdfFontProblems } from './pdf-fonts.js';
import { BOOK_FONTS } from '../../core/assets.js';
import { chromiumFlags, startVivliostyle, type VivliostyleConfig, type VivliostyleWorker } from './vivliostyle.js';
import { PAGE_SIZES, type PageSize } from '../../config/schema.js';
import { addCropMarks, convertColors, finishPdfx, outputProfile, withPdfxHeader } from './press.js';
import { finishPages } from './pages.js';
import { convertImages } from './press-images.js';
import { resolvePrintSettings, type PrintRequest } from '../../config/press.js';

/** Document information written into the PDF. */
export interface PdfMetadata {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  /** BCP 47; `ja` by default. */
  language?: string;
  /** YYYY-MM-DD: CreationDate and ModDate (the newest edition), so rebuilds are byte-identical. */
  date?: string;
}

export interface BuildPdfOptions extends PrintRequest {
  /** The print HTML (its stylesheets sit beside it), or the publication manifest of a book in several documents; see print-book.ts. */
  htmlPath: string;
  outputPath: string;
  /** Chromium executable (core/browser.ts `findBrowser`); undefined lets Vivliostyle download one (`--download-browser`). */
  browser: string | undefined;
  /** The page size the HTML was written for: the built PDF is checked against it. */
  size?: PageSize;
  /** Typesetting time limit (Vivliostyle's `timeout`); default 120 s. */
  timeoutMs?: number;
  /** The pages the limit was estimated for, when it is kumihan's default rather than `--timeout` (print-extent.ts). */
  timeoutPages?: number;
  metadata: PdfMetadata;
  /** Outline entries that must appear, in this order, with these labels (one per question: `Q1　題`). */
  outline?: string[];
  /** PostScript name of the font the text must be set in (default BIZ UD Mincho, the book's body font). */
  bodyFont?: string;
  /** Called with the finished temporary PDF just before it replaces `outputPath`; a throw keeps the old file. */
  beforeReplace?: (temporary: string) => Promise<void>;
  /** false for a sheet that is not the book (the errata): no padding, 隠しノンブル or outline ends. */
  pagination?: boolean;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Builds the PDF of a print HTML file; any failure is a one-line KumihanError and leaves `outputPath`
 * untouched. `worker` is a Vivliostyle process started early ({@link startVivliostyle}); without one
 * a process is started here. Resolves to the finished document, for the booklet to impose without
 * parsing the file again.
 */
export async function buildPdf(options: BuildPdfOptions, worker?: VivliostyleWorker): Promise<PDFDocument> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Vivliostyle infers the format from the extension, so the temporary name ends in .pdf.
  const temporary = `${temporarySibling(options.outputPath)}.pdf`;
  try {
    if (options.browser !== undefined) requireBrowser(options.browser);
    const press = resolvePrintSettings(options, options.size);
    const profile = press.pdfx ? await outputProfile() : undefined;
    const htmlPath = path.resolve(options.htmlPath);
    const flags = chromiumFlags(await inputBytes(htmlPath));
    const config = vivliostyleConfig(htmlPath, options.browser, press.bleed, options.metadata.language, temporary, timeoutMs);
    await (worker ?? startVivliostyle()).render(config, flags, options.timeoutPages);
    const bytes = await readFile(temporary).catch(() => {
      throw new KumihanError('PDF build failed: Vivliostyle finished without writing a PDF');
    });
    const finished = await loadPdf(bytes);
    requireBookFonts(finished, options.bodyFont ?? BOOK_FONTS.mincho.postscript);
    finishDocument(finished, options);
    if (options.pagination !== false) await finishPages(finished, press);
    if (press.color !== 'rgb') {
      // Pictures first: the colour pass accepts device gray (or CMYK) images only.
      await convertImages(finished, press.color, async () => (profile ?? (await outputProfile())).file);
      convertColors(finished, press.color);
    }
    if (press.cropMarks) addCropMarks(finished, press.color);
    if (press.pdfx && profile) {
      finishPdfx(finished, { pdfx: press.pdfx, profile, title: options.metadata.title, author: options.metadata.author, date: options.metadata.date });
    }
    const saved = await savePdf(finished, { plain: true });
    await writeFile(temporary, press.pdfx ? withPdfxHeader(saved, press.pdfx) : saved);
    await options.beforeReplace?.(temporary);
    await commitFile(temporary, options.outputPath);
    return finished;
  } catch (error) {
    // A worker that never got to render is stopped (a no-op after render).
    worker?.dispose();
    await rm(temporary, { force: true });
    throw asKumihanError(namingPath(error, options.outputPath, temporary), timeoutMs, options.outputPath);
  }
}

/** A PDF without the book's fonts embedded, or without a text layer, is a failed build, never a blank book. */
function requireBookFonts(document: PDFDocument, bodyFont: string): void {
  const problems = pdfFontProblems(document, { bodyFont });
  if (!problems.length) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more font problem${problems.length > 2 ? 's' : ''})` : '';
  throw new KumihanError(`PDF build failed: ${problems[0]}${more}`);
}

/** Bytes of HTML Vivliostyle will typeset: the file, or every document a publication manifest (`.json`) lists. */
async function inputBytes(input: string): Promise<number> {
  if (path.extname(input) !== '.json') return (await stat(input)).size;
  const { readingOrder = [] } = JSON.parse(await readFile(input, 'utf8')) as { readingOrder?: Array<{ url: string }> };
  const sizes = await Promise.all(readingOrder.map(({ url }) => stat(path.resolve(path.dirname(input), url)).then((file) => file.size)));
  return sizes.reduce((sum, size) => sum + size, 0);
}

function vivliostyleConfig(htmlPath: string, browser: string | undefined, bleed: string | undefined, language: string | undefined, output: string, timeoutMs: number): VivliostyleConfig {
  return {
    // A single HTML input, with the cwd beside it: no vivliostyle.config.js or Vite config is
    // picked up from the caller's directory, and the stylesheets resolve relative to the HTML.
    cwd: path.dirname(htmlPath),
    input: htmlPath,
    output: [{ path: path.resolve(output), format: 'pdf' }],
    ...(browser === undefined ? {} : { executableBrowser: browser }),
    logLevel: 'silent',
    timeout: timeoutMs,
    // kumihan draws the crop marks itself (press.ts: registration colour, exact boxes); Vivliostyle
    // only lays out the bleed, 3 mm unless told otherwise.
    cropMarks: false,
    ...(bleed ? { bleed } : {}),
    language: language ?? 'ja',
  };
}

/**
 * Fixes what the document alone cannot: Title/Author/Subject/Language, R2L page direction,
 * dates from the edition instead of the clock, no random document id; then checks the page
 * size and the outline.
 */
export function finishDocument(document: PDFDocument, options: Pick<BuildPdfOptions, 'metadata' | 'size' | 'outline'>): void {
  const { metadata } = options;
  document.setTitle(metadata.title, { showInWindowTitleBar: true });
  if (metadata.author) document.setAuthor(metadata.author);
  if (metadata.subject) document.setSubject(metadata.subject);
  if (metadata.keywords?.length) document.setKeywords(metadata.keywords);
  document.setLanguage(metadata.language ?? 'ja');
  document.setProducer('kumihan');
  if (metadata.date) {
    const date = new Date(`${metadata.date}T00:00:00+09:00`);
    document.setCreationDate(date);
    document.setModificationDate(date);
  }
  document.catalog.getOrCreateViewerPreferences().setReadingDirection(ReadingDirection.R2L);
  // Chromium's XMP packet carries the build time and random UUIDs; the Info dictionary says it all.
  document.catalog.delete(PDFName.of('Metadata'));
  document.context.trailerInfo.ID = undefined;

  stabiliseDestinations(document);
  if (options.size) checkPageSize(document, options.size);
  if (options.outline) {
    relabelOutline(document, options.outline);
    // Open with the bookmarks shown: they are the table of contents of the PDF.
    document.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  }
}

/**
 * Chromium names link and outline destinations after the page URL, which includes the port of
 * Vivliostyle's local server (13000, or 13001 when another build holds it): strip the server, and
 * sort the names, so the same book gives the same bytes.
 */
function stabiliseDestinations(document: PDFDocument): void {
  const served = /^viv-id-http:003a:002f:002f[^:]*:003a\d+:002f/;
  const fix = (value: PDFObject): PDFObject => {
    if (value instanceof PDFName && served.test(value.decodeText())) return PDFName.of(value.decodeText().replace(served, 'viv-id-'));
    if (value instanceof PDFArray) value.asArray().forEach((item, index) => value.set(index, fix(item)));
    if (value instanceof PDFDict) {
      for (const [key, item] of value.entries()) {
        const fixedKey = fix(key) as PDFName;
        if (fixedKey !== key) value.delete(key);
        value.set(fixedKey, fix(item));
      }
    }
    return value;
  };
  for (const [, object] of document.context.enumerateIndirectObjects()) fix(object);
  // Chromium lists the named destinations in no fixed order (two on one page swap between runs).
  const named = document.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (named) {
    const entries = named.entries().map(([name, destination]) => ({ key: name.decodeText(), name, destination }));
    entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { name } of entries) named.delete(name);
    for (const { name, destination } of entries) named.set(name, destination);
  }
}

function checkPageSize(document: PDFDocument, size: PageSize): void {
  const page = document.getPage(0);
  const { width, height } = page.getTrimBox();
  const expected = PAGE_SIZES[size];
  const mm = (points: number) => (points * 25.4) / 72;
  if (Math.abs(mm(width) - expected.width) > 0.5 || Math.abs(mm(height) - expected.height) > 0.5) {
    throw new KumihanError(
      `PDF pages are ${mm(width).toFixed(1)} × ${mm(height).toFixed(1)} mm, not ${size} (${expected.width} × ${expected.height} mm): the print stylesheet's @page size was not applied`,
    );
  }
}

/** Outline (bookmark) titles of a PDF, depth first, in document order. */
export function readOutline(document: PDFDocument): string[] {
  return outlineEntries(document).map((entry) => entry.title);
}

function outlineEntries(document: PDFDocument): Array<{ title: string; node: PDFDict }> {
  const outlines = document.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const entries: Array<{ title: string; node: PDFDict }> = [];
  const walk = (first: PDFDict | undefined, depth: number) => {
    for (let node = first; node && depth < 16; node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const title = node.lookupMaybe(PDFName.of('Title'), PDFString, PDFHexString);
      entries.push({ title: title?.decodeText() ?? '', node });
      walk(node.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
    }
  };
  walk(outlines?.lookupMaybe(PDFName.of('First'), PDFDict), 0);
  return entries;
}

/**
 * Checks that every expected entry is in the outline, in order, and gives it the caller's label
 * (Vivliostyle joins the TOC link's spans without a space: `Q1最初の問い` → `Q1　最初の問い`).
 * Entries compare by letters and digits only, so widths and punctuation set by the typography
 * pass do not matter.
 */
function relabelOutline(document: PDFDocument, expected: string[]): void {
  const key = (text: string) => text.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '');
  const entries = outlineEntries(document);
  let at = 0;
  for (const label of expected) {
    const found = entries.findIndex((entry, index) => index >= at && key(entry.title) === key(label));
    if (found < 0) throw new KumihanError(`the PDF outline lacks ${quoteText(label)} (or has it out of order): is the doc-toc nav in the print HTML?`);
    entries[found]!.node.set(PDFName.of('Title'), PDFHexString.fromText(label));
    at = found + 1;
  }
}

/** One line for the user: the first line of whatever Vivliostyle, Chromium or pdf-lib threw. */
function asKumihanError(error: unknown, timeoutMs: number, outputPath?: string): KumihanError {
  if (error instanceof KumihanError) return error;
  // A file-system error (ENOSPC) is said with the file, not as Node's "ENOSPC: …, write"; one
  // Vivliostyle's process met (writing the PDF beside the output) comes back as its message only.
  const reason = systemReason(error);
  if (reason) return new KumihanError(reason, { file: (error as NodeJS.ErrnoException).path });
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n').map((line) => line.trim()).find(Boolean) ?? 'unknown error';
  const reported = systemReason({ code: /^(E[A-Z]+): /.exec(first)?.[1] });
  if (reported && outputPath) return new KumihanError(reported, { file: outputPath });
  if (/timed? ?out/i.test(message)) return new KumihanError(`PDF build timed out after ${Math.round(timeoutMs / 1000)} s: ${first}`);
  return new KumihanError(`PDF build failed: ${first}`);
}
