/**
 * Saddle-stitch imposition (中綴じの面付け): the book PDF's pages two to a side of landscape sheets,
 * at their own size (never enlarged), ordered so that printing duplex, folding the stack in half and
 * stapling on the fold gives the book in reading order.
 *
 * Sheets: the smallest of A5, B5, A4, B4, A3 (JIS B) whose landscape side holds two pages — A5 pages
 * on A4, B6 on B5, 文庫 (A6) on A5, 新書 on B5 — or the one asked for; a page larger than half
 * of it is scaled down, never up. The spread sits centred on the sheet with trim marks at its
 * corners and fold marks at the spine where the margin leaves room for them. Creep (`creep`, mm
 * per sheet): the pages of sheet k (0 = outermost) move k × creep towards the fold, so that the
 * fore-edge margins match after the folded stack is trimmed; each page is clipped to its half.
 * The PDF asks the print dialog for duplex, flipped on the short edge, at actual size.
 *
 * Derivation (P = page count rounded up to a multiple of 4, S = P / 4 sheets, pages 0-based):
 * - A saddle-stitched book is a nest of folded sheets. Sheet k (0 = outermost) is two leaves joined
 *   at the fold: leaf k of the first half of the book (pages 2k, 2k+1) and its partner at the
 *   mirrored place in the second half (pages P-2-2k, P-1-2k). The outer side of the sheet shows the
 *   first page of the first leaf and the last page of the partner (2k and P-1-2k); the inner side
 *   shows 2k+1 and P-2-2k. For k = 0 that is the cover (0) beside the back (P-1).
 * - Right binding (右綴じ, vertical Japanese): the spine is to the right of the cover, so with the
 *   sheet outer side up and the fold vertical, the first-half leaf is the LEFT half (its right edge
 *   is the fold). Front: left 2k, right P-1-2k. A reader turns a leaf about the spine, a vertical
 *   axis: the top stays on top and left and right swap, so 2k+1 (behind 2k) is on the right of the
 *   back and P-2-2k (behind P-1-2k) on its left. Back: left P-2-2k, right 2k+1. Left binding is
 *   the mirror image (front: P-1-2k | 2k, back: 2k+1 | P-2-2k), the usual Western booklet.
 * - Stacking sheet 0 on top, every front up, and folding the halves under each other puts sheet 0
 *   outermost; leaves then run 2k, 2k+1 through the first half and mirror back through the second,
 *   which is the reading order. test/unit/booklet.test.ts simulates exactly this on the output.
 * - Duplex: the back as described is what one sees after turning the sheet about an axis parallel
 *   to its short edges, which is what a printer's "flip on short edge" (短辺とじ) does with an A4
 *   landscape sheet. So back sides are drawn upright, NOT rotated by 180°. With "flip on long edge"
 *   every back would come out upside down with its halves swapped; we do not compensate for that
 *   but require short-edge flip in the printing instructions.
 * - Blank pages go at the END of the book (indices n..P-1), not before the last page. No page moves,
 *   so every page keeps its recto/verso side and Vivliostyle's :left/:right page styles (nombre,
 *   margins) stay correct; the book has no designed back cover (its last part is the colophon), and
 *   a blank outside back cover is the ordinary result for a booklet. A book that gains a designed
 *   back cover must pad itself before it, where the design knows what the blanks should look like.
 */
import {
  Duplex,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  PageSizes,
  PrintScaling,
  ReadingDirection,
  clip,
  endPath,
  grayscale,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  type PDFEmbeddedPage,
  type PDFPage,
} from 'pdf-lib';
import { KumihanError } from '../../core/errors.js';
import { loadPdf, savePdf } from './pdf-document.js';

/** Which edge of the finished book is bound: right for vertical Japanese (右綴じ). */
export type Binding = 'right' | 'left';

/** One printed side of a sheet: the book pages (0-based, null = blank) on its two halves. */
export interface SheetSide {
  /** 0-based sheet number; sheet 0 is the outermost sheet (it carries the cover). */
  sheet: number;
  side: 'front' | 'back';
  left: number | null;
  right: number | null;
}

/** Sheets a booklet is printed on, landscape (width × height in mm), smallest first. */
export const SHEET_SIZES = {
  A5: { width: 210, height: 148 },
  B5: { width: 257, height: 182 },
  A4: { width: 297, height: 210 },
  B4: { width: 364, height: 257 },
  A3: { width: 420, height: 297 },
} as const;
export type SheetName = keyof typeof SHEET_SIZES;
export const SHEET_NAMES = Object.keys(SHEET_SIZES) as SheetName[];

export interface BookletOptions {
  /** Paper of the printed sheets, used landscape; by default the smallest that holds two pages. */
  sheet?: SheetName;
  /** Default 'right' (the book is vertical Japanese); 'left' gives a Western booklet. */
  binding?: Binding;
  /** Creep compensation in millimetres per sheet (paper thickness): 0 by default. */
  creep?: number;
}

const MM = 72 / 25.4;
/** A page within this much of a sheet's half still fits (JIS sizes are rounded to the millimetre). */
const FIT_TOLERANCE = 1 * MM;
/** Marks: drawn only in a margin at least this wide, this far from the trim, at most this long. */
const MARK_ROOM = 3 * MM;
const MARK_GAP = 1 * MM;
const MARK_LENGTH = 8 * MM;
const MARK_WIDTH = 0.25;
// Fixed so that imposing the same book twice gives the same bytes (no version, no date).
const PRODUCER = 'kumihan';
// PDF 1.7 §7.5.2 tolerates bytes before the header; readers accept it within the first KiB.
const HEADER_WINDOW = 1024;

/** Sides of the imposed sheets in print order (front, back, front, …) for a book of `pageCount` pages. */
export function bookletOrder(pageCount: number, binding: Binding = 'right'): SheetSide[] {
  if (!Number.isInteger(pageCount) || pageCount < 0) {
    throw new RangeError(`bookletOrder: page count must be a non-negative integer, got ${pageCount}`);
  }
  const padded = Math.ceil(pageCount / 4) * 4;
  const page = (index: number): number | null => (index < pageCount ? index : null);
  const sides: SheetSide[] = [];
  for (let sheet = 0; sheet < padded / 4; sheet++) {
    const first = page(2 * sheet);
    const firstVerso = page(2 * sheet + 1);
    const last = page(padded - 1 - 2 * sheet);
    const lastVerso = page(padded - 2 - 2 * sheet);
    if (binding === 'right') {
      sides.push({ sheet, side: 'front', left: first, right: last });
      sides.push({ sheet, side: 'back', left: lastVerso, right: firstVerso });
    } else {
      sides.push({ sheet, side: 'front', left: last, right: first });
      sides.push({ sheet, side: 'back', left: firstVerso, right: lastVerso });
    }
  }
  return sides;
}

/**
 * Imposes a book PDF as a saddle-stitched booklet: two pages per side of landscape sheets. The book
 * is its bytes, or a document already parsed (the PDF writer's, which spares parsing it again).
 */
export async function imposeBooklet(bookPdf: Uint8Array | PDFDocument, options: BookletOptions = {}): Promise<Uint8Array> {
  if (options.sheet !== undefined && !(options.sheet in SHEET_SIZES)) {
    throw new KumihanError(`booklet: unknown sheet size "${String(options.sheet)}" (supported: ${SHEET_NAMES.join(', ')})`);
  }
  const creep = options.creep ?? 0;
  if (!Number.isFinite(creep) || creep < 0 || creep > 2) throw new KumihanError(`booklet: creep must be 0 to 2 mm per sheet, not ${String(options.creep)}`);
  const binding = options.binding ?? 'right';
  const book = bookPdf instanceof PDFDocument ? checkPages(bookPdf) : await loadBook(bookPdf);
  const booklet = await PDFDocument.create({ updateMetadata: false });
  const embedded = await embedFinishedPages(booklet, book.getPages());
  const page = {
    width: Math.max(...embedded.map((item) => item?.width ?? 0)),
    height: Math.max(...embedded.map((item) => item?.height ?? 0)),
  };
  const sheet = sheetFor(page, options.sheet);
  // A page within the tolerance of the half sheet (JIS millimetres against points) keeps its size.
  const fit = (room: number, size: number) => (size <= room + FIT_TOLERANCE ? 1 : room / size);
  const scale = Math.min(fit(sheet.width / 2, page.width), fit(sheet.height, page.height));
  for (const side of bookletOrder(embedded.length, binding)) {
    const target = booklet.addPage([sheet.width, sheet.height]);
    const shift = side.sheet * creep * MM;
    placeOnHalf(target, side.left === null ? null : embedded[side.left], 'left', scale, shift);
    placeOnHalf(target, side.right === null ? null : embedded[side.right], 'right', scale, shift);
    drawMarks(target, page.width * scale, page.height * scale);
  }
  copyMetadata(book, booklet, binding);
  return savePdf(booklet);
}

/** The sheet asked for, or the smallest that holds two pages side by side at their size (A3 at most). */
export function sheetFor(page: { width: number; height: number }, name?: SheetName): { name: SheetName; width: number; height: number } {
  const inPoints = (sheet: SheetName) => {
    // pdf-lib's own A sizes (to 0.01 pt), so an A5 page fills half an A4 sheet exactly; JIS B from millimetres.
    const points = sheet === 'A3' || sheet === 'A4' || sheet === 'A5' ? PageSizes[sheet] : undefined;
    return points ? { name: sheet, width: points[1], height: points[0] } : { name: sheet, width: SHEET_SIZES[sheet].width * MM, height: SHEET_SIZES[sheet].height * MM };
  };
  if (name) return inPoints(name);
  const fits = SHEET_NAMES.map(inPoints).find((sheet) => 2 * page.width <= sheet.width + FIT_TOLERANCE && page.height <= sheet.height + FIT_TOLERANCE);
  return fits ?? inPoints('A3');
}

/**
 * Trim marks at the corners of the spread and fold marks on the spine line, in the margin around
 * the spread: where the sheet is exactly two pages (A5 on A4) there is none, and the sheet's edge
 * is the trim.
 */
function drawMarks(target: PDFPage, pageWidth: number, pageHeight: number): void {
  const sheetWidth = target.getWidth();
  const sheetHeight = target.getHeight();
  const left = sheetWidth / 2 - pageWidth;
  const right = sheetWidth / 2 + pageWidth;
  const bottom = (sheetHeight - pageHeight) / 2;
  const top = bottom + pageHeight;
  const side = left;
  const foot = bottom;
  const line = (x1: number, y1: number, x2: number, y2: number) => target.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, thickness: MARK_WIDTH, color: grayscale(0) });
  const length = (room: number) => Math.min(MARK_LENGTH, room - MARK_GAP);
  if (side >= MARK_ROOM && foot >= MARK_ROOM) {
    for (const x of [left, right]) {
      const out = x === left ? -1 : 1;
      for (const y of [bottom, top]) {
        const up = y === bottom ? -1 : 1;
        line(x + out * MARK_GAP, y, x + out * (MARK_GAP + length(side)), y);
        line(x, y + up * MARK_GAP, x, y + up * (MARK_GAP + length(foot)));
      }
    }
  }
  if (foot >= MARK_ROOM) {
    const fold = sheetWidth / 2;
    line(fold, top + MARK_GAP, fold, top + MARK_GAP + length(foot));
    line(fold, bottom - MARK_GAP, fold, bottom - MARK_GAP - length(foot));
  }
}

/** Loads the book, turning every way it can be unusable into a one-line KumihanError. */
async function loadBook(bytes: Uint8Array): Promise<PDFDocument> {
  if (!(bytes instanceof Uint8Array)) throw new KumihanError('booklet: the book PDF must be given as bytes (Uint8Array)');
  if (bytes.length === 0) throw new KumihanError('booklet: the book PDF is empty (0 bytes)');
  if (!hasPdfHeader(bytes)) throw new KumihanError('booklet: the input is not a PDF (no "%PDF-" header)');
  let book: PDFDocument;
  try {
    book = await loadPdf(bytes);
  } catch (error) {
    throw new KumihanError(`booklet: cannot read the book PDF, it is damaged or not a PDF (${firstLine(error)})`);
  }
  return checkPages(book);
}

/** The book, if it has pages: pdf-lib parses leniently, and a file without a usable catalog only fails when they are counted. */
function checkPages(book: PDFDocument): PDFDocument {
  let pageCount: number;
  try {
    pageCount = book.getPageCount();
  } catch (error) {
    throw new KumihanError(`booklet: cannot read the book PDF, it is damaged or not a PDF (${firstLine(error)})`);
  }
  if (pageCount === 0) throw new KumihanError('booklet: the book PDF has no pages');
  return book;
}

function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, HEADER_WINDOW));
  return head.includes('%PDF-');
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0]!.trim();
}

/**
 * Embeds each page's trim box (the finished page), so crop marks and bleed of a press-ready book
 * neither shrink the page nor print across the fold. A page without content stays blank (null):
 * pdf-lib refuses to embed it.
 */
async function embedFinishedPages(booklet: PDFDocument, pages: PDFPage[]): Promise<Array<PDFEmbeddedPage | null>> {
  pages.forEach((page, index) => {
    const angle = page.getRotation().angle % 360;
    // Vivliostyle never rotates pages; placing a rotated one upright would need its own geometry.
    if (angle !== 0) throw new KumihanError(`booklet: page ${index + 1} of the book PDF is rotated (${angle}°), which is not supported`);
  });
  const drawable = pages.filter((page) => page.node.Contents() !== undefined);
  const boxes = drawable.map((page) => {
    const { x, y, width, height } = page.getTrimBox();
    return { left: x, bottom: y, right: x + width, top: y + height };
  });
  const embedded = await booklet.embedPages(drawable, boxes);
  return pages.map((page) => {
    const at = drawable.indexOf(page);
    return at === -1 ? null : embedded[at]!;
  });
}

/**
 * Draws a book page on one half of a sheet at `scale` (1 unless the sheet is too small). Vertically
 * it is centred; horizontally its spine edge sits on the fold, moved `shift` points towards it for
 * creep, and the page is clipped to its half so nothing crosses the fold.
 */
function placeOnHalf(target: PDFPage, page: PDFEmbeddedPage | null | undefined, half: 'left' | 'right', scale: number, shift: number): void {
  if (!page) return;
  const halfWidth = target.getWidth() / 2;
  const sheetHeight = target.getHeight();
  const width = page.width * scale;
  const height = page.height * scale;
  const x = half === 'left' ? halfWidth - width + shift : halfWidth - shift;
  if (shift > 0) {
    target.pushOperators(pushGraphicsState(), rectangle(half === 'left' ? 0 : halfWidth, 0, halfWidth, sheetHeight), clip(), endPath());
  }
  target.drawPage(page, { x, y: (sheetHeight - height) / 2, xScale: scale, yScale: scale });
  if (shift > 0) target.pushOperators(popGraphicsState());
}

/** Carries the book's document information over, with a fixed producer and the book's own dates. */
function copyMetadata(book: PDFDocument, booklet: PDFDocument, binding: Binding): void {
  const title = book.getTitle();
  const showTitle = book.catalog.getViewerPreferences()?.getDisplayDocTitle() ?? false;
  if (title !== undefined) booklet.setTitle(title, { showInWindowTitleBar: showTitle });
  const author = book.getAuthor();
  if (author !== undefined) booklet.setAuthor(author);
  const subject = book.getSubject();
  if (subject !== undefined) booklet.setSubject(subject);
  // pdf-lib joins keywords with spaces; one element keeps the book's string exactly.
  const keywords = book.getKeywords();
  if (keywords !== undefined) booklet.setKeywords([keywords]);
  const creator = book.getCreator();
  if (creator !== undefined) booklet.setCreator(creator);
  booklet.setProducer(PRODUCER);
  // Copied, never "now": the same book must impose to the same bytes.
  const created = book.getCreationDate();
  if (created !== undefined) booklet.setCreationDate(created);
  const modified = book.getModificationDate();
  if (modified !== undefined) booklet.setModificationDate(modified);
  const language = book.catalog.lookupMaybe(PDFName.of('Lang'), PDFString, PDFHexString);
  if (language !== undefined) booklet.setLanguage(language.decodeText());
  const preferences = booklet.catalog.getOrCreateViewerPreferences();
  preferences.setReadingDirection(binding === 'right' ? ReadingDirection.R2L : ReadingDirection.L2R);
  // What the printing instructions say: both sides, flipped on the short edge, at actual size.
  preferences.setDuplex(Duplex.DuplexFlipShortEdge);
  preferences.setPrintScaling(PrintScaling.None);
}
