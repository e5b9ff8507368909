/**
 * The pages a printer requires, after Vivliostyle has typeset the book:
 *
 * - Page count for the binding. A self-cover 中綴じ booklet ends with its 奥付 on a recto and the
 *   back cover (表4); the print CSS sets the 奥付 on a recto, so the count is even and one blank
 *   spread before the back cover makes up a multiple of 4 without moving any page to the other
 *   side of a spread, and the 奥付 never lands on 表4. The blanks go after the 奥付, not before
 *   it: every page Vivliostyle numbered keeps its number (measured: in 新書 and two-column A5
 *   Vivliostyle sets the 奥付 on a page with the text's visible ノンブル, which blanks before it
 *   would have made wrong). A book without covers (KDP) ends on its 奥付, so blanks go before it.
 * - 隠しノンブル: every page carries its number, small, in the gutter next to the spine, where the
 *   binding hides it: the cover, the blanks and the front matter too (printers reject a page they
 *   cannot place). Drawn here, after the padding, so the pages after the blanks are numbered right;
 *   body pages also carry CSS's visible ノンブル at the fore-edge, which agrees.
 * - Page labels: decimal from 1, what the ノンブル say.
 * - Outline: 目次 first and 奥付 last around the questions (or no outline at all, for KDP).
 */
import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFPage, PDFRef, type PDFDocument, type PDFFont } from 'pdf-lib';
import { KumihanError } from '../../core/errors.js';
import { NOMBRE_FONT_FILE } from '../../core/assets.js';
import type { PrintSettings } from '../../config/press.js';

const MM = 72 / 25.4;
/** 隠しノンブル: 5 pt, 3 mm from the spine, its baseline 12 mm above the foot of the trim. */
const NOMBRE_SIZE = 5;
const NOMBRE_FROM_SPINE = 3 * MM;
const NOMBRE_FROM_FOOT = 12 * MM;

/** Where blank pages go: before the back cover of a self-cover book, else before its last page, the 奥付. */
export function paddingIndex(pageCount: number): number {
  return pageCount - 1;
}

/** Blank pages a book of `pageCount` pages needs for its binding and minimum length. */
export function blanksNeeded(pageCount: number, settings: Pick<PrintSettings, 'binding' | 'minPages'>): number {
  const rule = settings.binding === 'saddle' ? 4 : 2;
  const target = Math.max(pageCount, settings.minPages);
  return Math.ceil(target / rule) * rule - pageCount;
}

/**
 * Pads, numbers and labels the pages and completes the outline. `outline` is false for a
 * destination that wants no bookmarks (KDP): the outline is removed.
 */
export async function finishPages(document: PDFDocument, settings: Pick<PrintSettings, 'binding' | 'minPages' | 'selfCover' | 'outline'>): Promise<void> {
  const blanks = blanksNeeded(document.getPageCount(), settings);
  // A self-cover book pads in whole spreads (the CSS makes the count even): an odd number of blanks
  // would move the back cover to the inside.
  if (settings.selfCover && blanks % 2) throw new KumihanError(`the print PDF has an odd page count (${document.getPageCount()}): the 奥付 must be set on a recto (print.css)`);
  const at = paddingIndex(document.getPageCount());
  for (let k = 0; k < blanks; k++) insertBlank(document, at);
  await addHiddenNombres(document);
  setPageLabels(document);
  if (settings.outline) addOutlineEnds(document);
  else removeOutline(document);
}

/** A blank page at `index`, with the boxes of the page it is inserted before. */
function insertBlank(document: PDFDocument, index: number): void {
  const model = document.getPage(Math.min(index, document.getPageCount() - 1));
  const media = model.getMediaBox();
  const page = document.insertPage(index, [media.width, media.height]);
  page.setMediaBox(media.x, media.y, media.width, media.height);
  for (const key of ['TrimBox', 'BleedBox'] as const) {
    if (!model.node.lookupMaybe(PDFName.of(key), PDFArray)) continue;
    const box = key === 'TrimBox' ? model.getTrimBox() : model.getBleedBox();
    if (key === 'TrimBox') page.setTrimBox(box.x, box.y, box.width, box.height);
    else page.setBleedBox(box.x, box.y, box.width, box.height);
  }
}

let nombreFont: Promise<Uint8Array> | undefined;

/**
 * Draws each page's number in the gutter, 5 pt DejaVu Sans (digits only, embedded as a CID
 * TrueType subset under a fixed name, so the file is the same every time; pdf-lib's subsetter
 * loses most BIZ UD glyphs, which need their hinting programs). In a right-bound book
 * odd pages are rectos with the spine on their right; even pages have it on the left.
 */
export async function addHiddenNombres(document: PDFDocument): Promise<void> {
  nombreFont ??= readFile(NOMBRE_FONT_FILE).then((bytes) => new Uint8Array(bytes));
  document.registerFontkit(fontkit);
  const font = await document.embedFont(await nombreFont, { subset: true, customName: 'KUMIHN+DejaVuSans' });
  document.getPages().forEach((page, index) => drawNombre(document, page, font, index + 1));
}

function drawNombre(document: PDFDocument, page: PDFPage, font: PDFFont, number: number): void {
  const trim = page.node.lookupMaybe(PDFName.of('TrimBox'), PDFArray) ? page.getTrimBox() : page.getMediaBox();
  const text = String(number);
  const width = font.widthOfTextAtSize(text, NOMBRE_SIZE);
  const recto = number % 2 === 1;
  const x = recto ? trim.x + trim.width - NOMBRE_FROM_SPINE - width : trim.x + NOMBRE_FROM_SPINE;
  const y = trim.y + NOMBRE_FROM_FOOT;
  // A fixed resource name (pdf-lib's own helper adds a random suffix).
  const resources = page.node.Resources() ?? document.context.obj({});
  page.node.set(PDFName.of('Resources'), resources);
  const fonts = resources.lookupMaybe(PDFName.of('Font'), PDFDict) ?? document.context.obj({});
  resources.set(PDFName.of('Font'), fonts);
  fonts.set(PDFName.of('KumihanNombre'), font.ref);
  const content = `q 0 0 0 rg BT /KumihanNombre ${NOMBRE_SIZE} Tf ${x.toFixed(3)} ${y.toFixed(3)} Td ${font.encodeText(text).toString()} Tj ET Q\n`;
  const stream = document.context.register(document.context.flateStream(`q\n`));
  const own = document.context.register(document.context.flateStream(`Q\n${content}`));
  const contents = page.node.get(PDFName.of('Contents'));
  const existing = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  // The page's content runs inside q … Q, so whatever state it leaves cannot move the number.
  page.node.set(PDFName.of('Contents'), document.context.obj([stream, ...existing, own]));
}

/** Page labels 1, 2, 3 … from the first page: the numbers the pages carry. */
export function setPageLabels(document: PDFDocument): void {
  document.catalog.set(PDFName.of('PageLabels'), document.context.obj({ Nums: [0, { S: 'D' }] }));
}

/** The named destination Vivliostyle made for an element id (`…:0023toc` is `#toc`). */
function destinationOf(document: PDFDocument, id: string): PDFName | undefined {
  const dests = document.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const suffix = `:0023${id.replace(/[^A-Za-z0-9]/g, (char) => `:${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}`;
  return dests?.keys().find((name) => name.decodeText().endsWith(suffix));
}

/**
 * Puts 目次 before the questions and 奥付 after them in the outline, pointing at the headings that
 * print-html.ts makes link targets (`#toc`, `#colophon`).
 */
function addOutlineEnds(document: PDFDocument): void {
  const { context, catalog } = document;
  const outlines = catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (!outlines) return;
  const root = catalog.get(PDFName.of('Outlines')) as PDFRef;
  const item = (title: string, dest: PDFName) => context.register(context.obj({ Title: PDFHexString.fromText(title), Dest: dest, Parent: root }));
  const toc = destinationOf(document, 'toc');
  const colophon = destinationOf(document, 'colophon');
  if (!toc || !colophon) throw new KumihanError('the PDF has no destination for the 目次 or the 奥付: are their headings link targets in the print HTML?');
  const first = outlines.get(PDFName.of('First')) as PDFRef | undefined;
  const last = outlines.get(PDFName.of('Last')) as PDFRef | undefined;
  const head = item('目次', toc);
  const tail = item('奥付', colophon);
  if (first && last) {
    context.lookup(head, PDFDict).set(PDFName.of('Next'), first);
    context.lookup(first, PDFDict).set(PDFName.of('Prev'), head);
    context.lookup(tail, PDFDict).set(PDFName.of('Prev'), last);
    context.lookup(last, PDFDict).set(PDFName.of('Next'), tail);
  } else {
    context.lookup(head, PDFDict).set(PDFName.of('Next'), tail);
    context.lookup(tail, PDFDict).set(PDFName.of('Prev'), head);
  }
  outlines.set(PDFName.of('First'), head);
  outlines.set(PDFName.of('Last'), tail);
  const count = outlines.lookupMaybe(PDFName.of('Count'), PDFNumber)?.asNumber() ?? 0;
  outlines.set(PDFName.of('Count'), PDFNumber.of(count + 2));
}

function removeOutline(document: PDFDocument): void {
  document.catalog.delete(PDFName.of('Outlines'));
  document.catalog.delete(PDFName.of('PageMode'));
}
