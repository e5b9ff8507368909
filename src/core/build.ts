/**
 * The whole pipeline, top to bottom:
 *   read manuscript → parse → render parts → typography (once) → print HTML → PDF ‖ EPUB → booklet.
 * Each output is skipped when the hash of everything it is made from is unchanged, and written
 * through a temporary file so a failed build never touches the previous good output.
 */
import type { VFileMessage } from 'vfile-message';
import type { Book } from '../manuscript/book.js';
import type { BookParts } from '../render/parts.js';
import { throwOnErrors } from './errors.js';
import { claimOutput, readInput, writeFileAtomic } from './fs.js';
import { interruptibleStage } from './interrupt.js';
import { BuildCache, inputFingerprint } from './cache.js';
import type { PageSize } from '../config/schema.js';
import type { Binding, ColorMode, PdfxVersion, ProfileName } from '../config/press.js';
import type { SheetName } from '../writers/print/booklet.js';
import type { VivliostyleWorker } from '../writers/print/vivliostyle.js';
import type { PreparedPicture } from '../writers/pictures.js';
import type { CoverJob } from '../writers/epub/cover-image.js';
import type { Reporter } from './reporter.js';
import { outputPaths, refuseClashes, workDir, type Format } from './paths.js';

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
  /** Rebuild even when the inputs are unchanged, and write over output files kumihan did not write. */
  force?: boolean;
  /** Put the newest edition into the output file names. */
  editionInName?: boolean;
  /** Chromium executable (resolved by the caller so a missing browser fails before any work). */
  browser?: string;
  /** No browser of the machine's: Vivliostyle downloads its own (needs the network). */
  downloadBrowser?: boolean;
  /** Vivliostyle timeout; scaled with the text when absent. */
  timeoutMs?: number;
  /** A reprint: a PDF whose pages after a correction would move is an error, and the previous one stays. */
  keepPagination?: boolean;
}

/** What one manuscript's build did, output by output. */
export interface BookResult {
  manuscript: string;
  outputs: Array<{ format: Format; file: string; status: 'built' | 'skipped' }>;
  warnings: VFileMessage[];
  /** How the new PDF's pages differ from the one it replaced ("p.12 changed; nothing reflowed"). */
  pagination?: string;
}

// The parser, the renderer and the typography plugins (BudouX's model among them) take about half a
// second to load: they are imported when a manuscript is actually read, so a rebuild with nothing
// to do, `--help` and the other subcommands never pay for them.

/** Reads and parses one manuscript, stopping at the first fatal problem. */
export async function loadBook(manuscriptPath: string): Promise<Book> {
  const [{ parseManuscript, decodeManuscript }, bytes] = await Promise.all([import('../manuscript/parse.js'), readInput(manuscriptPath)]);
  // Decoding a long manuscript takes a while too: inside the stage, where a Ctrl-C stops it.
  const book = await interruptibleStage(() => parseManuscript(decodeManuscript(bytes, manuscriptPath), manuscriptPath));
  throwOnErrors(book.file);
  return book;
}

/** Renders the parts and runs the typography preset once; both writers use the result. */
export async function typesetBook(book: Book): Promise<BookParts> {
  const [{ renderBook, partsRoot }, { applyTypography }] = await Promise.all([import('../render/parts.js'), import('../transform/preset.js')]);
  return interruptibleStage(() => {
    const parts = renderBook(book);
    applyTypography(partsRoot(parts), book.file);
    return parts;
  });
}

/**
 * Refuses, before anything is written, a run whose books would write one file twice or write over
 * a manuscript or a file kumihan did not write (without --force). Returns every output path of the
 * run. With the edition in the file names the names are known only once each book is read: clashes
 * are judged by the names without it, and {@link buildBook} claims the files themselves.
 */
export async function claimOutputs(manuscripts: string[], options: BuildOptions): Promise<string[]> {
  const planned = manuscripts.map((source) => {
    const targets = outputPaths(source, options.outDir);
    return { source, targets: [...options.formats].map((format) => targets[format]) };
  });
  refuseClashes(planned);
  if (!options.editionInName) {
    const cache = await BuildCache.open(options.outDir);
    const protect = manuscripts.map((file) => ({ file, role: 'the manuscript' }));
    for (const target of planned.flatMap((book) => book.targets)) await claimOutput(target, outputClaim(cache, options, protect));
  }
  return planned.flatMap((book) => book.targets);
}

/** What a build may write over in its output directory: never a manuscript; a file kumihan did not write only with --force. */
function outputClaim(cache: BuildCache, options: BuildOptions, protect: Array<{ file: string; role: string }>) {
  return { option: '--out', force: options.force, protect, ours: (target: string) => cache.wrote(target) };
}

/** Builds the requested outputs of one manuscript. */
export async function buildBook(manuscriptPath: string, options: BuildOptions, reporter: Reporter): Promise<BookResult> {
  // Freshness is decided from hashes of the inputs, before the manuscript is parsed: an unchanged
  // book costs a few file hashes. Only an edition in the file name needs the parsed history first.
  const early = options.editionInName ? await reporter.stage('parse', () => loadBook(manuscriptPath)) : undefined;
  const targets = outputPaths(manuscriptPath, options.outDir, early && editionSlug(early));
  const cache = await BuildCache.open(options.outDir);
  const fingerprints = await inputFingerprint(manuscriptPath, options);
  const wanted = await staleFormats(options, targets, manuscriptPath, fingerprints, cache, reporter);
  // Checked again here for callers other than `kumihan build` (preview) and for edition-tagged names.
  for (const format of wanted) await claimOutput(targets[format], outputClaim(cache, options, [{ file: manuscriptPath, role: 'the manuscript' }]));
  const outputs = [...options.formats].map((format) => ({ format, file: targets[format], status: wanted.includes(format) ? ('built' as const) : ('skipped' as const) }));
  // A book with nothing to build is not read again, so its warnings (reported when it was built,
  // and by `kumihan check`) are not repeated.
  if (!wanted.length) return { manuscript: manuscriptPath, outputs, warnings: early ? warningsOf(early) : [] };
  const printing = wanted.includes('pdf') || wanted.includes('booklet');
  const record = (format: Format, written?: Uint8Array) => cache.record(targets[format], manuscriptPath, fingerprints[format], written);
  const result: BookResult = { manuscript: manuscriptPath, outputs, warnings: [] };

  await overlapWithVivliostyle({
    prepare: () => prepareBook(manuscriptPath, early, wanted, options, reporter),
    print: printing
      ? {
          html: async ({ book, parts, pictures }) => {
            const printBook = await import('../writers/print/print-book.js');
            return { printBook, html: await reporter.stage('html', () => printBook.writePrintHtml(book, parts, options, { pictures })) };
          },
          pdf: async ({ book }, { printBook, html }, vivliostyle) => {
            const pdf = await reporter.stage('pdf', () =>
              printBook.buildPrintPdf(book, html, targets.pdf, options, vivliostyle, (report) => {
                result.pagination = report;
              }),
            );
            await record('pdf');
            if (!wanted.includes('booklet')) return;
            const booklet = await reporter.stage('booklet', async () => {
              const { imposeBooklet } = await import('../writers/print/booklet.js');
              const bytes = await imposeBooklet(pdf, { sheet: options.sheet, creep: options.creep });
              await writeFileAtomic(targets.booklet, bytes);
              return bytes;
            });
            await record('booklet', booklet);
          },
        }
      : undefined,
    epub: wanted.includes('epub')
      ? ({ book, parts, pictures, cover }) =>
          reporter.stage('epub', async () => {
            const { buildEpub } = await import('../writers/epub/epub-book.js');
            // The generated cover is kept in the book's folder of intermediate files for the next build.
            const epub = await buildEpub(book, parts, pictures, { cover: cover?.png, coverCacheDir: workDir(manuscriptPath, options.outDir) }).finally(() => cover?.stop());
            await writeFileAtomic(targets.epub, epub);
            await cover?.keep();
            // The hash of the bytes written, not of the file read back: another process may have replaced it meanwhile.
            await record('epub', epub);
          })
      : undefined,
    // A reprint keeping its pagination writes nothing unless the PDF keeps it.
    epubAfterPrint: options.keepPagination,
    // After the typography pass: its warnings (ruby left open, …) are the book's too.
    prepared: ({ book }) => {
      result.warnings = warningsOf(book);
    },
  });
  return result;
}

/** The formats asked for whose output is missing or was made from other inputs (all of them with --force); the others are reported skipped. */
async function staleFormats(
  options: BuildOptions,
  targets: Record<Format, string>,
  manuscriptPath: string,
  fingerprints: Record<Format, string>,
  cache: BuildCache,
  reporter: Reporter,
): Promise<Format[]> {
  const wanted: Format[] = [];
  for (const format of options.formats) {
    const fresh = !options.force && (await cache.isFresh(targets[format], manuscriptPath, fingerprints[format]));
    if (fresh) reporter.skip(format, targets[format]);
    else wanted.push(format);
  }
  return wanted;
}

/** A book read, typeset, checked and with its pictures prepared: what every writer starts from. */
interface PreparedBook {
  book: Book;
  parts: BookParts;
  pictures: PreparedPicture[];
  /** The generated cover, being drawn (EPUB-only builds of a book without a cover photo). */
  cover?: CoverJob;
}

/** Reads (unless already read), typesets and checks the book, and prepares its pictures. */
async function prepareBook(manuscriptPath: string, early: Book | undefined, formats: Format[], options: BuildOptions, reporter: Reporter): Promise<PreparedBook> {
  const printing = formats.includes('pdf') || formats.includes('booklet');
  const book = early ?? (await reporter.stage('parse', () => loadBook(manuscriptPath)));
  // An EPUB-only build draws the generated cover on a worker thread while the book is typeset; a
  // print build leaves the second core to Vivliostyle, and the EPUB writer draws it.
  const hasPhoto = book.pictures.some((picture) => picture.id === 'cover');
  const cover = formats.includes('epub') && !printing && !hasPhoto ? await coverInBackground(book, workDir(manuscriptPath, options.outDir)) : undefined;
  try {
    return { ...(await typesetAndCheck(book, printing, options, reporter)), cover };
  } catch (error) {
    cover?.stop();
    throw error;
  }
}

/** Typesets and checks a book read without fatal problems, and prepares its pictures. */
async function typesetAndCheck(book: Book, printing: boolean, options: BuildOptions, reporter: Reporter): Promise<Omit<PreparedBook, 'cover'>> {
  const parts = await reporter.stage('transform', () => typesetBook(book));
  throwOnErrors(book.file);
  // What `kumihan check` reports about the text itself, as warnings with their line and column:
  // unbalanced brackets of every kind (the build runs no textlint, which checks 「」『』 there).
  (await import('../check/manuscript-brackets.js')).checkManuscriptBrackets(book.file, { all: true });
  // Every picture is read and re-encoded before any output is written: a bad one stops the build
  // whole. The print copies are gray when the print PDF is K only (`--color gray`, PDF/X profiles).
  const pictures = book.pictures.length
    ? await reporter.stage('pictures', async () => {
        const { resolvePrintSettings } = await import('../config/press.js');
        const gray = printing && resolvePrintSettings(options).color === 'gray';
        return (await import('../writers/pictures.js')).preparePictures(book, { gray });
      })
    : [];
  return { book, parts, pictures };
}

/**
 * The generated cover of `book`, read back from `cacheDir` or drawn on a worker thread; kept there
 * once the EPUB is written. A failure surfaces where the EPUB writer awaits it.
 */
async function coverInBackground(book: Book, cacheDir: string): Promise<CoverJob> {
  const job = (await import('../writers/epub/cover-image.js')).startCover(book.meta, { cacheDir, inWorker: true });
  job.png.catch(() => {}); // awaited by the EPUB writer; a build that fails before then must not report it
  return job;
}

/** The work of one build, as {@link overlapWithVivliostyle} schedules it. */
interface BuildJobs<T, H> {
  /** Reads and typesets the book; runs while Vivliostyle loads. */
  prepare(): Promise<T>;
  /** Called once `prepare` is done, before any output is written. */
  prepared(value: T): void;
  /** The print outputs: the print HTML, then the PDF (and booklet) from it; absent when none is wanted. */
  print?: { html(value: T): Promise<H>; pdf(value: T, html: H, vivliostyle: VivliostyleWorker): Promise<void> };
  /** The EPUB, absent when not wanted. */
  epub?: (value: T) => Promise<void>;
  /** The EPUB waits for the print outputs, not only for the print HTML. */
  epubAfterPrint?: boolean;
}

/**
 * Runs a build's jobs in the order that keeps both cores busy. Vivliostyle takes longer to load
 * than a book takes to read and typeset: when there is print output its process starts first and
 * loads while `prepare` works, and it is stopped if the book turns out to be unusable. The EPUB is
 * Node work on this thread, done while Chromium typesets (processes of its own): it waits until the
 * print HTML is written (or could not be) and Vivliostyle is loaded — on two cores, an EPUB made
 * while Vivliostyle loads slowed the loading (on the PDF's critical path) by 0.3–0.5 s. Settles
 * when every job has; throws the first failure.
 */
async function overlapWithVivliostyle<T, H>(jobs: BuildJobs<T, H>): Promise<void> {
  const vivliostyle = jobs.print ? (await import('../writers/print/vivliostyle.js')).startVivliostyle() : undefined;
  try {
    const value = await jobs.prepare();
    jobs.prepared(value);
    const running: Array<Promise<unknown>> = [];
    let printStarted: Promise<unknown> = Promise.resolve();
    let printDone: Promise<unknown> = Promise.resolve();
    if (jobs.print && vivliostyle) {
      const { html, pdf } = jobs.print;
      const writing = html(value);
      printStarted = Promise.all([writing.catch(() => {}), vivliostyle.loaded]);
      const printing = writing.then((written) => pdf(value, written, vivliostyle));
      running.push(printing);
      if (jobs.epubAfterPrint) printDone = printing;
    }
    const epub = jobs.epub;
    if (epub) running.push(Promise.all([printStarted, printDone]).then(() => epub(value)));
    const settled = await Promise.allSettled(running);
    const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure) throw failure.reason;
  } finally {
    vivliostyle?.dispose();
  }
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
