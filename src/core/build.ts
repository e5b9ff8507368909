/**
 * The whole pipeline, top to bottom:
 *   read manuscript → parse → render parts → typography (once) → print HTML → PDF ‖ EPUB → booklet.
 * Each output is skipped when the hash of everything it is made from is unchanged, and written
 * through a temporary file so a failed build never touches the previous good output.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { VFileMessage } from 'vfile-message';
import type { Book } from '../manuscript/parse.js';
import type { BookParts } from '../render/parts.js';
import { throwOnErrors } from './errors.js';
import { writeFileAtomic } from './fs.js';
import { BuildCache, inputFingerprint } from './cache.js';
import type { PageSize } from '../config/schema.js';
import type { Binding, ColorMode, PdfxVersion, ProfileName } from '../config/press.js';
import type { SheetName } from '../writers/booklet.js';
import type { Reporter } from './reporter.js';
import { outputPaths, type Format } from './paths.js';

export type { Format } from './paths.js';

/** Everything `kumihan build` can be asked for. */
export interface BuildOptions {
  formats: Set<Format>;
  outDir: string;
  /** Overrides the manuscript's `size`. */
  size?: PageSize;
  columns?: 1 | 2;
  cropMarks?: boolean;
  bleed?: string;
  pressReady?: boolean;
  /** PDF/X version of the print PDF (press-ready is 1a). */
  pdfx?: PdfxVersion;
  /** Colours of the print PDF: rgb, gray (K only) or cmyk. */
  color?: ColorMode;
  /** The destination's bundle of settings (home, print-shop, kdp-paperback); the options above override it. */
  profile?: ProfileName;
  /** Page-count rule: saddle (multiple of 4) or perfect (even). */
  binding?: Binding;
  /** Booklet sheet (default: the smallest that holds two pages) and creep in mm per sheet. */
  sheet?: SheetName;
  creep?: number;
  /** Rebuild even when the inputs are unchanged. */
  force?: boolean;
  /** Put the newest edition into the output file names. */
  editionInName?: boolean;
  /** Chromium executable (resolved by the caller so a missing browser fails before any work). */
  browser?: string;
  /** Vivliostyle timeout; scaled with the text when absent. */
  timeoutMs?: number;
}

/** What one manuscript's build did, output by output. */
export interface BookResult {
  manuscript: string;
  outputs: Array<{ format: Format; file: string; status: 'built' | 'skipped' }>;
  warnings: VFileMessage[];
}

// The parser, the renderer and the typography plugins (BudouX's model among them) take about half a
// second to load: they are imported when a manuscript is actually read, so a rebuild with nothing
// to do, `--help` and the other subcommands never pay for them.

/** Reads and parses one manuscript, stopping at the first fatal problem. */
export async function loadBook(manuscriptPath: string): Promise<Book> {
  const [{ parseManuscript, decodeManuscript }, bytes] = await Promise.all([import('../manuscript/parse.js'), readFile(manuscriptPath)]);
  const book = parseManuscript(decodeManuscript(bytes, manuscriptPath), manuscriptPath);
  throwOnErrors(book.file);
  return book;
}

/** Renders the parts and runs the typography preset once; both writers use the result. */
export async function typesetBook(book: Book): Promise<BookParts> {
  const [{ renderBook, partsRoot }, { applyTypography }] = await Promise.all([import('../render/parts.js'), import('../transform/preset.js')]);
  const parts = renderBook(book);
  applyTypography(partsRoot(parts), book.file);
  return parts;
}

/** Builds the requested outputs of one manuscript. */
export async function buildBook(manuscriptPath: string, options: BuildOptions, reporter: Reporter): Promise<BookResult> {
  // Freshness is decided from hashes of the inputs, before the manuscript is parsed: an unchanged
  // book costs a few file hashes. Only an edition in the file name needs the parsed history first.
  const early = options.editionInName ? await reporter.stage('parse', () => loadBook(manuscriptPath)) : undefined;
  const targets = outputPaths(manuscriptPath, options.outDir, early && editionSlug(early));
  const cache = await openCache(options.outDir);
  const fingerprints = await inputFingerprint(manuscriptPath, options);

  const wanted = [...options.formats].filter((format) => {
    const fresh = !options.force && cache.isFresh(targets[format], fingerprints[format]);
    if (fresh) reporter.skip(format, targets[format]);
    return !fresh;
  });
  const outputs = [...options.formats].map((format) => ({ format, file: targets[format], status: wanted.includes(format) ? ('built' as const) : ('skipped' as const) }));
  // A book with nothing to build is not read again, so its warnings (reported when it was built,
  // and by `kumihan check`) are not repeated.
  if (!wanted.length) return { manuscript: manuscriptPath, outputs, warnings: early ? warningsOf(early) : [] };
  const printing = wanted.includes('pdf') || wanted.includes('booklet');
  // Vivliostyle takes longer to load than this book takes to read and typeset: its process starts
  // now and loads while this one works, and is stopped if the book turns out to be unusable.
  const vivliostyle = printing ? (await import('../writers/vivliostyle.js')).startVivliostyle() : undefined;
  try {
    const book = early ?? (await reporter.stage('parse', () => loadBook(manuscriptPath)));
    const parts = await reporter.stage('transform', () => typesetBook(book));
    throwOnErrors(book.file);
    // What `kumihan check` reports about the text itself, as warnings with their line and column:
    // unbalanced brackets of every kind (the build runs no textlint, which checks 「」『』 there).
    (await import('../check/brackets.js')).checkManuscriptBrackets(book.file, { all: true });
    // After the typography pass: its warnings (ruby left open, …) are the book's too.
    const result: BookResult = { manuscript: manuscriptPath, outputs, warnings: warningsOf(book) };
    const jobs: Array<Promise<void>> = [];

    // Settles once the print HTML is written (or could not be) and Vivliostyle is loaded: the EPUB
    // waits for both. On two cores, an EPUB made while Vivliostyle loads slowed the loading (on the
    // PDF's critical path) by 0.3–0.5 s; made while Chromium typesets, it uses a core Chromium leaves idle.
    let printStarted: Promise<unknown> = Promise.resolve();
    if (vivliostyle) {
      const writing = import('../writers/print-book.js').then(async (printBook) => ({
        printBook,
        html: await reporter.stage('html', () => printBook.writePrintHtml(book, parts, options)),
      }));
      printStarted = Promise.all([writing.catch(() => {}), vivliostyle.loaded]);
      jobs.push(
        (async () => {
          const { printBook: { buildPrintPdf }, html } = await writing;
          const pdf = await reporter.stage('pdf', () => buildPrintPdf(book, html, targets.pdf, options, vivliostyle));
          await cache.record(targets.pdf, fingerprints.pdf);
          if (!wanted.includes('booklet')) return;
          await reporter.stage('booklet', async () => {
            const { imposeBooklet } = await import('../writers/booklet.js');
            await writeFileAtomic(targets.booklet, await imposeBooklet(pdf, { sheet: options.sheet, creep: options.creep }));
          });
          await cache.record(targets.booklet, fingerprints.booklet);
        })(),
      );
    }
    // The EPUB is Node work on this thread, done while Chromium typesets (processes of its own).
    if (wanted.includes('epub')) {
      jobs.push(
        printStarted.then(() =>
          reporter.stage('epub', async () => {
            const { buildEpub } = await import('../writers/epub-book.js');
            await writeFileAtomic(targets.epub, await buildEpub(book, parts));
            await cache.record(targets.epub, fingerprints.epub);
          }),
        ),
      );
    }
    const settled = await Promise.allSettled(jobs);
    await cache.save();
    const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    return result;
  } finally {
    vivliostyle?.dispose();
  }
}

/**
 * One cache per output directory and process. Books built side by side (`--jobs`) record into the
 * same one: with a cache each, every book saved only its own entries and the last save won, so a
 * rebuild with nothing changed rebuilt all books but one.
 */
const caches = new Map<string, Promise<BuildCache>>();
function openCache(outDir: string): Promise<BuildCache> {
  const key = path.resolve(outDir);
  let cache = caches.get(key);
  if (!cache) {
    cache = BuildCache.open(outDir);
    caches.set(key, cache);
  }
  return cache;
}

/** The book's warnings in manuscript order (the reader and the typography pass each add theirs in passes). */
function warningsOf(book: Book): VFileMessage[] {
  return book.file.messages
    .filter((message) => !message.fatal)
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** An ASCII file-name tag for the newest edition: e1, e2 … by position in the history. */
function editionSlug(book: Book): string {
  return `e${book.meta.editions.length}`;
}
