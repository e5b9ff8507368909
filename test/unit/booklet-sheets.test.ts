/**
 * Booklets of every trim at their own size (issue 13 §5): the sheet chosen to fit, trim and fold
 * marks where the margin allows, creep, and the print dialog's duplex setting.
 */
import { decodePDFRawStream, Duplex, PDFArray, PDFDocument, PDFName, PDFRawStream, PrintScaling, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { PAGE_SIZES, type PageSize } from '../../src/config/schema.js';
import { imposeBooklet, sheetFor } from '../../src/writers/print/booklet.js';

const MM = 72 / 25.4;
const pageOf = (size: PageSize) => ({ width: PAGE_SIZES[size].width * MM, height: PAGE_SIZES[size].height * MM });

async function book(size: PageSize, pages = 8): Promise<Uint8Array> {
  const document = await PDFDocument.create({ updateMetadata: false });
  const font = await document.embedFont(StandardFonts.Helvetica);
  const { width, height } = pageOf(size);
  for (let k = 0; k < pages; k++) document.addPage([width, height]).drawText(`P${k}`, { x: 20, y: 20, size: 10, font });
  return document.save();
}

function content(document: PDFDocument, index: number): string {
  const contents = document.getPage(index).node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  return refs.map((ref) => Buffer.from(decodePDFRawStream(document.context.lookup(ref as never) as PDFRawStream).decode()).toString('latin1')).join('\n');
}

/** x offsets of the pages drawn on a side (the `cm` before each `Do`). */
function placedX(text: string): number[] {
  // pdf-lib draws each page as `q 1 0 0 1 x y cm … /EmbeddedPdfPage-… Do Q`.
  return [...text.matchAll(/q\s+1 0 0 1 ([-\d.]+) [-\d.]+ cm(?:\s+[-\d. ]+ cm)*\s+\/[\w-]+ Do/g)].map((match) => Number(match[1]));
}

describe('the booklet sheet', () => {
  it('is the smallest that holds two pages at their size: A5 on A4, B6 on B5, 文庫 on A5, 新書 on B5', () => {
    expect(sheetFor(pageOf('A5')).name).toBe('A4');
    expect(sheetFor(pageOf('B6')).name).toBe('B5');
    expect(sheetFor(pageOf('bunko')).name).toBe('A5');
    expect(sheetFor(pageOf('shinsho')).name).toBe('B5');
    expect(sheetFor(pageOf('bunko'), 'A4').name).toBe('A4');
  });

  it.each(['A5', 'bunko', 'shinsho', 'B6'] as PageSize[])('%s pages are imposed at 100 %%, centred, spine on the fold', async (size) => {
    const booklet = await PDFDocument.load(await imposeBooklet(await book(size)));
    const sheet = booklet.getPage(0);
    const { width } = pageOf(size);
    const scales = [...content(booklet, 0).matchAll(/([\d.]+) 0 0 ([\d.]+) [-\d.]+ [-\d.]+ cm/g)].map((match) => Number(match[1]));
    expect(scales.length).toBeGreaterThan(0);
    for (const scale of scales) expect(scale).toBeCloseTo(1, 6);
    const [left, right] = placedX(content(booklet, 0)).sort((a, b) => a - b);
    expect(left! + width).toBeCloseTo(sheet.getWidth() / 2, 3);
    expect(right).toBeCloseTo(sheet.getWidth() / 2, 3);
  });

  it('draws trim and fold marks where the margin leaves room (文庫 on A4), none where the sheet is the spread (A5 on A4)', async () => {
    const roomy = await PDFDocument.load(await imposeBooklet(await book('bunko'), { sheet: 'A4' }));
    const lines = (text: string) => (text.match(/ l\b|\bl\n/g) ?? []).length;
    // Four corners × two strokes, and a fold mark at the head and at the foot.
    expect(lines(content(roomy, 0))).toBe(10);
    const tight = await PDFDocument.load(await imposeBooklet(await book('A5')));
    expect(lines(content(tight, 0))).toBe(0);
  });

  it('moves the pages of inner sheets towards the fold by the creep, clipped to their half', async () => {
    const creep = 0.5;
    const booklet = await PDFDocument.load(await imposeBooklet(await book('B6', 16), { creep }));
    const half = booklet.getPage(0).getWidth() / 2;
    const spine = (index: number) => {
      const [left, right] = placedX(content(booklet, index)).sort((a, b) => a - b);
      return { left: left! + pageOf('B6').width - half, right: right! - half };
    };
    // Sheet 0 (sides 0, 1) on the fold; sheet 3 (sides 6, 7) three creeps into it.
    expect(spine(0).left).toBeCloseTo(0, 3);
    expect(spine(0).right).toBeCloseTo(0, 3);
    expect(spine(6).left).toBeCloseTo(3 * creep * MM, 3);
    expect(spine(6).right).toBeCloseTo(-3 * creep * MM, 3);
    expect(content(booklet, 6)).toMatch(/re\s+W\s+n/);
  });

  it('asks the print dialog for duplex, flipped on the short edge, at actual size', async () => {
    const booklet = await PDFDocument.load(await imposeBooklet(await book('A5')));
    const preferences = booklet.catalog.getViewerPreferences()!;
    expect(preferences.getDuplex()).toBe(Duplex.DuplexFlipShortEdge);
    expect(preferences.getPrintScaling()).toBe(PrintScaling.None);
  });

  it('refuses an unknown sheet or a creep out of range', async () => {
    await expect(imposeBooklet(await book('A5'), { sheet: 'Letter' as never })).rejects.toThrow(/unknown sheet size "Letter"/);
    await expect(imposeBooklet(await book('A5'), { creep: 5 })).rejects.toThrow(/creep must be 0 to 2 mm/);
  });
});
