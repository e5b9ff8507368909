/**
 * The font check every built PDF passes (src/writers/print/pdf-fonts.ts), on documents made with
 * pdf-lib whose font dictionaries are shaped like Chromium's (Type0 → CIDFontType2 → FontFile2).
 */
import { describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts, type PDFRef } from 'pdf-lib';
import { listPdfFonts, pdfFontProblems } from '../../src/writers/print/pdf-fonts.js';

/** A Type0 font as Chromium writes it: subset-tagged name, a CIDFontType2 descendant with a FontFile2. */
function addCidFont(document: PDFDocument, name: string, options: { toUnicode?: boolean; embedded?: boolean } = {}): PDFRef {
  const { context } = document;
  const descriptor = context.obj({ Type: 'FontDescriptor', FontName: name, Flags: 4 });
  if (options.embedded !== false) descriptor.set(context.obj('FontFile2') as never, context.register(context.stream(new Uint8Array([0, 1, 0, 0]))));
  const cidFont = context.obj({ Type: 'Font', Subtype: 'CIDFontType2', BaseFont: name, FontDescriptor: context.register(descriptor) });
  const font = context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: name, Encoding: 'Identity-H', DescendantFonts: [context.register(cidFont)] });
  if (options.toUnicode !== false) font.set(context.obj('ToUnicode') as never, context.register(context.stream('/CIDInit /ProcSet findresource begin')));
  return context.register(font);
}

async function documentWith(build: (document: PDFDocument) => void | Promise<void>): Promise<PDFDocument> {
  const document = await PDFDocument.create();
  document.addPage([420, 595]);
  await build(document);
  // Saved and read back, as the build reads Chromium's file (pdf-lib writes standard fonts on save).
  return PDFDocument.load(await document.save());
}

describe('pdfFontProblems', () => {
  it('passes embedded CID TrueType fonts with ToUnicode maps, the body font among them', async () => {
    const document = await documentWith((d) => {
      addCidFont(d, 'AAAAAA+BIZUDMincho-Regular');
      addCidFont(d, 'BAAAAA+BIZUDGothic-Bold');
    });
    expect(listPdfFonts(document)).toEqual([
      { name: 'BIZUDMincho-Regular', type: 'Type0', embedded: true, toUnicode: true },
      { name: 'BIZUDGothic-Bold', type: 'Type0', embedded: true, toUnicode: true },
    ]);
    expect(pdfFontProblems(document, { bodyFont: 'BIZUDMincho-Regular' })).toEqual([]);
  });

  it('calls a PDF without any font a book without text (the blank book Chromium makes when it finds no font)', async () => {
    const document = await documentWith((d) => void d.addPage());
    expect(pdfFontProblems(document)).toEqual([expect.stringMatching(/^the PDF has no text: its 2 pages use no font at all/)]);
  });

  it('names a font that is not embedded', async () => {
    const document = await documentWith(async (d) => {
      const helvetica = await d.embedFont(StandardFonts.Helvetica);
      d.getPage(0).drawText('kumihan', { font: helvetica });
    });
    expect(pdfFontProblems(document)).toEqual(['font Helvetica is not embedded']);
    const cid = await documentWith((d) => void addCidFont(d, 'CAAAAA+SomeCJK', { embedded: false }));
    expect(pdfFontProblems(cid)).toEqual(['font SomeCJK is not embedded']);
  });

  it('names a Type 3 font', async () => {
    const document = await documentWith((d) => {
      addCidFont(d, 'AAAAAA+BIZUDMincho-Regular');
      d.context.register(d.context.obj({ Type: 'Font', Subtype: 'Type3', FontBBox: [0, 0, 1000, 1000], FontMatrix: [0.001, 0, 0, 0.001, 0, 0] }));
    });
    expect(pdfFontProblems(document, { bodyFont: 'BIZUDMincho-Regular' })).toEqual([expect.stringMatching(/^font \(Type 3\) is a Type 3 font/)]);
  });

  it('names a composite font whose glyphs cannot be read back as text', async () => {
    const document = await documentWith((d) => void addCidFont(d, 'AAAAAA+BIZUDMincho-Regular', { toUnicode: false }));
    expect(pdfFontProblems(document)).toEqual(['font BIZUDMincho-Regular has no ToUnicode map: the PDF\'s text could not be searched or copied']);
  });

  it('names the fonts used when the body font is not among them', async () => {
    const document = await documentWith((d) => void addCidFont(d, 'AAAAAA+DejaVuSerif'));
    expect(pdfFontProblems(document, { bodyFont: 'BIZUDMincho-Regular' })).toEqual([
      "the PDF is not set in the book's font BIZUDMincho-Regular (it uses DejaVuSerif): the fonts in styles/fonts/ did not load",
    ]);
  });
});
