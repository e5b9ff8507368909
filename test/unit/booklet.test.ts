import { describe, expect, it } from 'vitest';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFStream,
  PDFString,
  PageSizes,
  ReadingDirection,
  StandardFonts,
  decodePDFRawStream,
  type PDFPage,
} from 'pdf-lib';
import { KumihanError } from '../../src/core/errors.js';
import { bookletOrder, imposeBooklet, type Binding, type SheetSide } from '../../src/writers/print/booklet.js';

const [A4_LONG, A4_SHORT] = [PageSizes.A4[1], PageSizes.A4[0]];
const HALF = A4_LONG / 2;
const A5 = PageSizes.A5 as [number, number];

// ── source books ─────────────────────────────────────────────────────────────────────────────────

interface BookSpec {
  sizes?: Array<[number, number]>;
  pages?: number;
  /** Pages (0-based) left without any content stream. */
  empty?: number[];
  configure?: (doc: PDFDocument) => void;
}

/** A book whose page i says `PAGE-i` (Helvetica), so its content is recognisable after embedding. */
async function makeBook(spec: BookSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const sizes = spec.sizes ?? Array.from({ length: spec.pages ?? 0 }, () => A5);
  sizes.forEach((size, index) => {
    const page = doc.addPage(size);
    if (!spec.empty?.includes(index)) page.drawText(`PAGE-${index}`, { x: 20, y: 20, size: 12, font });
  });
  spec.configure?.(doc);
  return doc.save();
}

// ── reading the imposed output back ─────────────────────────────────────────────────────────────

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** One book page as it landed on a sheet, recovered from the output's content and XObjects. */
interface Placement {
  page: number;
  /** The placed page's rectangle in sheet coordinates. */
  box: { left: number; bottom: number; right: number; top: number };
  /** Size of the embedded (source) page, from the form XObject's BBox. */
  source: { width: number; height: number };
  /** 0 = upright, 180 = upside down; anything else fails the test. */
  rotation: 0 | 180;
}

function decodeStream(stream: PDFRawStream): string {
  return Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
}

function contentOf(page: PDFPage): string {
  const contents = page.node.Contents();
  if (contents === undefined) return '';
  if (contents instanceof PDFArray) {
    return contents.asArray().map((_, i) => decodeStream(contents.lookup(i, PDFStream) as PDFRawStream)).join('\n');
  }
  return decodeStream(contents as PDFRawStream);
}

/** The `PAGE-i` marker drawn in a form XObject's content (pdf-lib writes text as hex strings). */
function markerOf(form: PDFRawStream): number {
  const hexes = [...decodeStream(form).matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)].map((m) => Buffer.from(m[1]!, 'hex').toString('latin1'));
  const marker = hexes.map((text) => /^PAGE-(\d+)$/.exec(text)).find(Boolean);
  if (!marker) throw new Error(`no PAGE- marker in embedded page (texts: ${hexes.join(', ')})`);
  return Number(marker[1]);
}

/** Interprets q/Q/cm/Do of a sheet's content stream and resolves every drawn page. */
function placementsOf(page: PDFPage): Placement[] {
  const xObjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  const tokens = contentOf(page).split(/\s+/).filter(Boolean);
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const saved: Matrix[] = [];
  const operands: string[] = [];
  const placements: Placement[] = [];
  for (const token of tokens) {
    if (token === 'q') saved.push(ctm);
    else if (token === 'Q') ctm = saved.pop()!;
    else if (token === 'cm') ctm = multiply(operands.slice(-6).map(Number) as Matrix, ctm);
    else if (token === 'Do') {
      const form = xObjects!.lookup(PDFName.of(operands.at(-1)!.slice(1)), PDFStream);
      if (!(form instanceof PDFRawStream)) throw new Error('embedded page is not a stored stream');
      const [l, b, r, t] = form.dict.lookup(PDFName.of('BBox'), PDFArray).asArray().map((n) => (n as PDFNumber).asNumber()) as number[];
      const formMatrix = form.dict.lookup(PDFName.of('Matrix'), PDFArray).asArray().map((n) => (n as PDFNumber).asNumber()) as Matrix;
      const full = multiply(formMatrix, ctm);
      const corners = [apply(full, l!, b!), apply(full, r!, t!)];
      const xs = corners.map((c) => c[0]);
      const ys = corners.map((c) => c[1]);
      expect(Math.abs(full[1]) + Math.abs(full[2]), 'placed pages are neither rotated by 90° nor skewed').toBeLessThan(1e-9);
      expect(Math.sign(full[0]), 'no mirror image').toBe(Math.sign(full[3]));
      placements.push({
        page: markerOf(form),
        box: { left: Math.min(...xs), right: Math.max(...xs), bottom: Math.min(...ys), top: Math.max(...ys) },
        source: { width: r! - l!, height: t! - b! },
        rotation: full[0] > 0 ? 0 : 180,
      });
    }
    if (['q', 'Q', 'cm', 'Do'].includes(token)) operands.length = 0;
    else operands.push(token);
  }
  return placements;
}

interface Face {
  page: number | null;
  rotation: 0 | 180;
}
interface PrintedSide {
  left: Face;
  right: Face;
}
interface Sheet {
  front: PrintedSide;
  back: PrintedSide;
}

/** The output PDF as sheets: which book page is on which half, and which way up. */
async function sheetsOf(bytes: Uint8Array): Promise<{ doc: PDFDocument; sheets: Sheet[]; placements: Placement[][] }> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const placements = doc.getPages().map(placementsOf);
  const sides: PrintedSide[] = placements.map((onSide) => {
    const faceOn = (half: 'left' | 'right'): Face => {
      const here = onSide.filter((p) => ((p.box.left + p.box.right) / 2 < HALF) === (half === 'left'));
      expect(here.length, `at most one page per half`).toBeLessThanOrEqual(1);
      return here[0] ? { page: here[0].page, rotation: here[0].rotation } : { page: null, rotation: 0 };
    };
    return { left: faceOn('left'), right: faceOn('right') };
  });
  const sheets: Sheet[] = [];
  for (let i = 0; i < sides.length; i += 2) sheets.push({ front: sides[i]!, back: sides[i + 1]! });
  return { doc, sheets, placements };
}

function sheetsFromOrder(order: SheetSide[]): Sheet[] {
  const face = (page: number | null): Face => ({ page, rotation: 0 });
  const sheets: Sheet[] = [];
  for (let i = 0; i < order.length; i += 2) {
    const [front, back] = [order[i]!, order[i + 1]!];
    expect([front.side, back.side, front.sheet, back.sheet]).toEqual(['front', 'back', i / 2, i / 2]);
    sheets.push({ front: { left: face(front.left), right: face(front.right) }, back: { left: face(back.left), right: face(back.right) } });
  }
  return sheets;
}

// ── the physical process ─────────────────────────────────────────────────────────────────────────

type Duplex = 'short-edge' | 'long-edge';
const other = (half: 'left' | 'right'): 'left' | 'right' => (half === 'left' ? 'right' : 'left');
const turn = (face: Face): Face => ({ page: face.page, rotation: face.rotation === 0 ? 180 : 0 });

/**
 * What the back of a printed sheet looks like to someone who turns the sheet over about a vertical
 * axis (the fold, the way a reader turns a leaf). Flip on short edge: the printer turned the paper
 * about that same axis, so the back reads as laid out. Flip on long edge: it turned the paper about
 * the horizontal axis, so seen our way the back is rotated 180° (halves swapped, upside down).
 */
function backAsTurned(back: PrintedSide, duplex: Duplex): PrintedSide {
  return duplex === 'short-edge' ? back : { left: turn(back.right), right: turn(back.left) };
}

/**
 * Stacks the sheets (sheet 0 on top, fronts up), folds the stack in half about the vertical centre
 * line and reads the booklet leaf by leaf. For right binding the spine must end up on the right of
 * the cover, so the LEFT halves stay on top and the right halves fold under (a left-bound booklet
 * keeps its right halves on top). A leaf's upper face is read before its lower face; turning a leaf
 * about the spine shows the lower face upright, so face rotations carry straight through.
 */
function readFoldedBooklet(sheets: Sheet[], binding: Binding, duplex: Duplex): Face[] {
  const top = binding === 'right' ? 'left' : 'right';
  const under = other(top);
  const leaves: Array<[Face, Face]> = [];
  // Upper halves, outermost first: front face up; behind it (turned about the fold) the back's other half.
  for (const sheet of sheets) leaves.push([sheet.front[top], backAsTurned(sheet.back, duplex)[under]]);
  // Folded-under halves come innermost first; folding turned them over, so their back faces up.
  for (const sheet of [...sheets].reverse()) leaves.push([backAsTurned(sheet.back, duplex)[top], sheet.front[under]]);
  return leaves.flat();
}

/** Pages 0..n-1 upright, then the padding blanks, as a reader of a correct booklet sees them. */
function expectedReading(pageCount: number): Face[] {
  const padded = Math.ceil(pageCount / 4) * 4;
  return Array.from({ length: padded }, (_, i) => ({ page: i < pageCount ? i : null, rotation: 0 as const }));
}

/** The order as 1-based `sheet side left|right` lines, blanks as `-`, for readable expectations. */
function table(order: SheetSide[]): string[] {
  const show = (page: number | null) => (page === null ? '-' : String(page + 1));
  return order.map((s) => `${s.sheet + 1} ${s.side} ${show(s.left)}|${show(s.right)}`);
}

// ── bookletOrder ─────────────────────────────────────────────────────────────────────────────────

describe('bookletOrder', () => {
  it('puts the cover on the left and the back on the right of the outer side for right binding (n = 8)', () => {
    expect(table(bookletOrder(8))).toEqual(['1 front 1|8', '1 back 7|2', '2 front 3|6', '2 back 5|4']);
  });

  it('gives the exact order for 4, 7 and 13 pages, blanks at the end of the book', () => {
    expect(table(bookletOrder(4))).toEqual(['1 front 1|4', '1 back 3|2']);
    expect(table(bookletOrder(7))).toEqual(['1 front 1|-', '1 back 7|2', '2 front 3|6', '2 back 5|4']);
    expect(table(bookletOrder(13))).toEqual([
      '1 front 1|-',
      '1 back -|2',
      '2 front 3|-',
      '2 back 13|4',
      '3 front 5|12',
      '3 back 11|6',
      '4 front 7|10',
      '4 back 9|8',
    ]);
  });

  it('mirrors the Western booklet for left binding (page 1 on the right of the outer side)', () => {
    expect(table(bookletOrder(8, 'left'))).toEqual(['1 front 8|1', '1 back 2|7', '2 front 6|3', '2 back 4|5']);
  });

  it('handles 0, 1 and 2 pages', () => {
    expect(bookletOrder(0)).toEqual([]);
    expect(table(bookletOrder(1))).toEqual(['1 front 1|-', '1 back -|-']);
    expect(table(bookletOrder(2))).toEqual(['1 front 1|-', '1 back -|2']);
  });

  it('uses every page exactly once on ceil(n/4)·2 sides, for n = 1..64 and both bindings', () => {
    for (const binding of ['right', 'left'] as const) {
      for (let n = 1; n <= 64; n++) {
        const order = bookletOrder(n, binding);
        expect(order).toHaveLength(Math.ceil(n / 4) * 2);
        const used = order.flatMap((s) => [s.left, s.right]).filter((p): p is number => p !== null);
        expect(used.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      }
    }
  });

  it('rejects a negative or fractional page count', () => {
    expect(() => bookletOrder(-1)).toThrow(RangeError);
    expect(() => bookletOrder(2.5)).toThrow(/non-negative integer/);
  });
});

describe('folding simulation', () => {
  it('reads 1..n then the blanks after folding, for n = 1..64 and both bindings (short-edge duplex)', () => {
    for (const binding of ['right', 'left'] as const) {
      for (let n = 1; n <= 64; n++) {
        expect(readFoldedBooklet(sheetsFromOrder(bookletOrder(n, binding)), binding, 'short-edge'), `${binding} n=${n}`).toEqual(
          expectedReading(n),
        );
      }
    }
  });

  it('keeps the outside back cover blank when the book is padded', () => {
    const reading = readFoldedBooklet(sheetsFromOrder(bookletOrder(13)), 'right', 'short-edge');
    expect(reading.at(-1)!.page).toBeNull();
    expect(reading.at(12)!.page).toBe(12);
  });

  it('can fail: long-edge duplex, or a left-bound order folded as a right-bound book, reads wrong', () => {
    const right = sheetsFromOrder(bookletOrder(8, 'right'));
    const longEdge = readFoldedBooklet(right, 'right', 'long-edge');
    expect(longEdge).not.toEqual(expectedReading(8));
    // The upside-down pages are exactly the back sides: every second face.
    expect(longEdge.map((f) => f.rotation)).toEqual([0, 180, 0, 180, 180, 0, 180, 0]);
    expect(readFoldedBooklet(sheetsFromOrder(bookletOrder(8, 'left')), 'right', 'short-edge')).not.toEqual(expectedReading(8));
  });
});

// ── imposeBooklet ────────────────────────────────────────────────────────────────────────────────

describe('imposeBooklet', () => {
  for (const n of [4, 8, 7, 13]) {
    it(`draws the right source page on each half of A4 landscape sheets (n = ${n})`, async () => {
      const { doc, sheets, placements } = await sheetsOf(await imposeBooklet(await makeBook({ pages: n })));
      expect(doc.getPageCount()).toBe(Math.ceil(n / 4) * 2);
      for (const page of doc.getPages()) {
        expect(page.getWidth()).toBeCloseTo(A4_LONG, 2);
        expect(page.getHeight()).toBeCloseTo(A4_SHORT, 2);
      }
      expect(sheets).toEqual(sheetsFromOrder(bookletOrder(n)));
      expect(readFoldedBooklet(sheets, 'right', 'short-edge')).toEqual(expectedReading(n));
      // A5 on half an A4 sheet: full size, full height, the page's spine edge on the fold.
      for (const placed of placements.flat()) {
        expect(placed.box.top - placed.box.bottom).toBeCloseTo(A5[1], 6);
        expect(placed.box.right - placed.box.left).toBeCloseTo(A5[0], 6);
        expect(placed.box.bottom).toBeCloseTo(0, 6);
        const spineEdge = placed.box.left < HALF - 1 ? placed.box.right : placed.box.left;
        expect(spineEdge).toBeCloseTo(HALF, 6);
      }
    });
  }

  it('imposes a left-bound booklet when asked', async () => {
    const { sheets, doc } = await sheetsOf(await imposeBooklet(await makeBook({ pages: 8 }), { binding: 'left' }));
    expect(readFoldedBooklet(sheets, 'left', 'short-edge')).toEqual(expectedReading(8));
    expect(doc.catalog.getViewerPreferences()?.getReadingDirection()).toBe(ReadingDirection.L2R);
  });

  it('makes one sheet of a 1-page and of a 2-page book', async () => {
    const one = await sheetsOf(await imposeBooklet(await makeBook({ pages: 1 })));
    expect(one.doc.getPageCount()).toBe(2);
    expect(one.sheets).toEqual(sheetsFromOrder(bookletOrder(1)));
    expect(one.placements.map((p) => p.length)).toEqual([1, 0]);
    const two = await sheetsOf(await imposeBooklet(await makeBook({ pages: 2 })));
    expect(two.doc.getPageCount()).toBe(2);
    expect(readFoldedBooklet(two.sheets, 'right', 'short-edge')).toEqual(expectedReading(2));
    expect(two.sheets[0]!.back.right.page).toBe(1);
  });

  it('places other page sizes at their own size, never enlarged, shrinking only what is larger than half the sheet', async () => {
    // Issue 13: a B6 page on half an A4 sheet used to grow ×1.15; pages keep their size now.
    const sizes: Array<[number, number]> = [
      [595.28, 841.89], // A4 portrait: larger than half an A4 sheet, shrinks to fit the height
      [362.83, 515.91], // B6: its own size
      [600, 300], // landscape, wider than the half: fits the width
      [100, 595.28], // narrow strip: its own size
    ];
    const { placements } = await sheetsOf(await imposeBooklet(await makeBook({ sizes }), { sheet: 'A4' }));
    const all = placements.flat();
    expect(all.map((p) => p.page).sort()).toEqual([0, 1, 2, 3]);
    // One scale for the whole book, the largest page's: uniform, so the pages keep their proportions.
    const scale = Math.min(1, HALF / 600, A4_SHORT / 841.89);
    for (const placed of all) {
      const [w, h] = sizes[placed.page]!;
      const width = placed.box.right - placed.box.left;
      const height = placed.box.top - placed.box.bottom;
      expect(placed.source).toEqual({ width: w, height: h });
      expect(width / height).toBeCloseTo(w / h, 9);
      expect(width).toBeCloseTo(w * scale, 6);
      expect(placed.box.bottom).toBeCloseTo((A4_SHORT - height) / 2, 6);
      const onLeft = placed.box.left < HALF - 1e-6;
      expect(onLeft ? placed.box.right : placed.box.left).toBeCloseTo(HALF, 6);
      expect(placed.box.left).toBeGreaterThanOrEqual(-1e-6);
      expect(placed.box.right).toBeLessThanOrEqual(A4_LONG + 1e-6);
    }
    // Nothing is enlarged.
    for (const placed of all) expect(placed.box.right - placed.box.left).toBeLessThanOrEqual(sizes[placed.page]![0] + 1e-6);
    const b6 = await sheetsOf(await imposeBooklet(await makeBook({ sizes: [[362.83, 515.91]] })));
    const placed = b6.placements.flat()[0]!;
    expect(placed.box.right - placed.box.left).toBeCloseTo(362.83, 6);
    expect(placed.box.top - placed.box.bottom).toBeCloseTo(515.91, 6);
  });

  it('imposes the trim box of a press-ready page, not its bleed and crop marks', async () => {
    const bleed = 8.5 + 8.5; // crop-mark margin + 3 mm bleed, roughly what Vivliostyle adds
    const book = await makeBook({
      sizes: [[A5[0] + 2 * bleed, A5[1] + 2 * bleed]],
      configure: (doc) => doc.getPage(0).setTrimBox(bleed, bleed, A5[0], A5[1]),
    });
    const { placements } = await sheetsOf(await imposeBooklet(book));
    const placed = placements[0]![0]!;
    expect(placed.source).toEqual({ width: A5[0], height: A5[1] });
    expect(placed.box.top - placed.box.bottom).toBeCloseTo(A5[1], 6);
    expect(placed.box.right).toBeCloseTo(HALF, 6);
  });

  it('leaves a half blank for a source page without any content', async () => {
    const { sheets } = await sheetsOf(await imposeBooklet(await makeBook({ pages: 4, empty: [2] })));
    expect(sheets[0]!.back).toEqual({ left: { page: null, rotation: 0 }, right: { page: 1, rotation: 0 } });
    expect(sheets[0]!.front.left.page).toBe(0);
  });

  it('keeps Title, Author, Subject, Language and the dates, with a fixed producer and R2L direction', async () => {
    const created = new Date('2026-11-26T01:02:03Z');
    const modified = new Date('2026-11-27T04:05:06Z');
    const book = await makeBook({
      pages: 5,
      configure: (doc) => {
        doc.setTitle('モスクワでのインタビュー', { showInWindowTitleBar: true });
        doc.setAuthor('セルゲイ・ラブロフ');
        doc.setSubject('ツァルグラードTV');
        doc.setKeywords(['外交', 'インタビュー']);
        doc.setCreator('Vivliostyle');
        doc.setProducer('Chromium');
        doc.setLanguage('ja');
        doc.setCreationDate(created);
        doc.setModificationDate(modified);
      },
    });
    const out = await PDFDocument.load(await imposeBooklet(book), { updateMetadata: false });
    expect(out.getTitle()).toBe('モスクワでのインタビュー');
    expect(out.getAuthor()).toBe('セルゲイ・ラブロフ');
    expect(out.getSubject()).toBe('ツァルグラードTV');
    expect(out.getKeywords()).toBe('外交 インタビュー');
    expect(out.getCreator()).toBe('Vivliostyle');
    expect(out.getProducer()).toBe('kumihan');
    expect(out.getCreationDate()).toEqual(created);
    expect(out.getModificationDate()).toEqual(modified);
    const lang = out.catalog.lookupMaybe(PDFName.of('Lang'), PDFString, PDFHexString);
    expect(lang?.decodeText()).toBe('ja');
    const preferences = out.catalog.getViewerPreferences();
    expect(preferences?.getReadingDirection()).toBe(ReadingDirection.R2L);
    expect(preferences?.getDisplayDocTitle()).toBe(true);
  });

  it('is reproducible: no date of its own, same bytes for the same book', async () => {
    const book = await makeBook({ pages: 6 });
    const first = await imposeBooklet(book);
    const second = await imposeBooklet(book);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    const out = await PDFDocument.load(first, { updateMetadata: false });
    expect(out.getCreationDate()).toBeUndefined();
    expect(out.getModificationDate()).toBeUndefined();
  });

  it('imposes a document the PDF writer already parsed exactly as the same book given as bytes', async () => {
    const book = await makeBook({ pages: 7 });
    const parsed = await PDFDocument.load(book, { updateMetadata: false });
    expect(Buffer.from(await imposeBooklet(parsed)).equals(Buffer.from(await imposeBooklet(book)))).toBe(true);
    await expect(imposeBooklet(await PDFDocument.create())).rejects.toThrow(/^booklet: the book PDF has no pages$/);
  });

  describe('rejects unusable input with a one-line error', () => {
    const cases: Array<[string, () => Promise<Uint8Array>, RegExp]> = [
      ['empty input', async () => new Uint8Array(), /^booklet: the book PDF is empty \(0 bytes\)$/],
      ['text', async () => new TextEncoder().encode('<!doctype html><title>not a pdf</title>'), /^booklet: the input is not a PDF/],
      ['a broken PDF', async () => new TextEncoder().encode('%PDF-1.7\n%garbage only\n'), /^booklet: cannot read the book PDF, it is damaged or not a PDF \(.+\)$/],
      ['a PDF without pages', async () => (await PDFDocument.create()).save({ addDefaultPage: false }), /^booklet: the book PDF has no pages$/],
    ];
    for (const [name, input, message] of cases) {
      it(name, async () => {
        const error = await imposeBooklet(await input()).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(KumihanError);
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).not.toContain('\n');
      });
    }
  });
});
