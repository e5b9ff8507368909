/**
 * Press output without Ghostscript: the content-stream rewriter, the colour conversion (K only),
 * the crop marks and the PDF/X finishing, on small documents made with pdf-lib.
 */
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { rewriteContent } from '../../src/core/pdf-content.js';
import { addCropMarks, convertColors, cropMarkLines, finishPdfx, outputProfile, withPdfxHeader } from '../../src/writers/print/press.js';

const encode = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const decode = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const rewriteRg = (text: string) => decode(rewriteContent(encode(text), ({ operator }) => (operator === 'rg' ? '0 g' : undefined)));

describe('rewriteContent', () => {
  it('replaces an operation with its operands and copies everything else byte for byte', () => {
    expect(rewriteRg('q 0 0 0 rg 10 10 m (x) Tj Q')).toBe('q 0 g 10 10 m (x) Tj Q');
    expect(rewriteRg('0.5 .25 -1 rg\n1 0 0 RG')).toBe('0 g\n1 0 0 RG');
  });

  it('never sees an operator inside a string, an array, a dictionary or a comment', () => {
    const text = '(0 0 0 rg \\) (nested) rg) Tj [(1 rg) 2 <0A0B> (rg)] TJ /P <</MCID 0 /X (rg)>> BDC % 0 0 0 rg\n<726720> Tj EMC';
    expect(rewriteRg(text)).toBe(text);
  });

  it('keeps binary bytes of strings as they are', () => {
    const text = '(\u00ff\u0000\u0080) Tj 1 1 1 rg';
    expect(rewriteRg(text)).toBe('(\u00ff\u0000\u0080) Tj 0 g');
  });

  it('refuses inline images and unterminated strings', () => {
    expect(() => rewriteRg('BI /W 1 /H 1 ID x EI')).toThrow(/inline images/);
    expect(() => rewriteRg('(open Tj')).toThrow(/unterminated string/);
  });

  it('is linear: a megabyte of content in one pass', () => {
    const text = '0 0 0 rg (abc) Tj\n'.repeat(60_000);
    expect(rewriteRg(text)).toBe('0 g (abc) Tj\n'.repeat(60_000));
  });
});

async function documentWith(content: string, resources: Record<string, unknown> = {}) {
  const document = await PDFDocument.create({ updateMetadata: false });
  const page = document.addPage([420, 595]);
  page.node.set(PDFName.of('Contents'), document.context.register(document.context.flateStream(content)));
  page.node.set(PDFName.of('Resources'), document.context.obj(resources as never));
  return document;
}

function pageContent(document: PDFDocument, index = 0): string {
  const contents = document.getPage(index).node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  return refs.map((ref) => decode(decodePDFRawStream(document.context.lookup(ref as PDFRef) as PDFRawStream).decode())).join('\n');
}

describe('convertColors', () => {
  it('gray: RGB black and greys become DeviceGray', async () => {
    const document = await documentWith('0 0 0 rg 0 0 0 RG 1 1 1 rg 0.5 0.5 0.5 RG 0 0 0 1 k');
    convertColors(document, 'gray');
    expect(pageContent(document)).toBe('0 g 0 G 1 g 0.5 G 0 g');
  });

  it('cmyk: neutral colours on K only (never rich black), colours by grey component replacement', async () => {
    const document = await documentWith('0 0 0 rg 0.2 0.2 0.2 RG 1 0 0 rg');
    convertColors(document, 'cmyk');
    expect(pageContent(document)).toBe('0 0 0 1 k 0 0 0 0.8 K 0 1 1 0 k');
  });

  it('converts forms drawn by the page, once', async () => {
    const document = await documentWith('/X1 Do /X1 Do');
    const form = document.context.register(document.context.flateStream('0 0 0 rg', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 10, 10] }));
    document.getPage(0).node.set(PDFName.of('Resources'), document.context.obj({ XObject: { X1: form } }));
    convertColors(document, 'gray');
    expect(decode(decodePDFRawStream(document.context.lookup(form) as PDFRawStream).decode())).toBe('0 g');
    expect((document.context.lookup(form) as PDFRawStream).dict.get(PDFName.of('Subtype'))).toBe(PDFName.of('Form'));
  });

  it('drops the PDF 1.4 keys of an opaque graphics state and refuses real transparency', async () => {
    const opaque = await documentWith('/G1 gs 0 0 0 rg', { ExtGState: { G1: { CA: 1, ca: 1, BM: 'Normal', LW: 2 } } });
    convertColors(opaque, 'gray');
    const state = opaque.getPage(0).node.Resources()!.lookup(PDFName.of('ExtGState'), PDFDict).lookup(PDFName.of('G1'), PDFDict);
    expect(state.keys().map(String)).toEqual(['/LW']);
    const transparent = await documentWith('/G1 gs 0 0 0 rg', { ExtGState: { G1: { ca: 0.4 } } });
    expect(() => convertColors(transparent, 'gray')).toThrow(/page 1 uses transparency/);
  });

  it('refuses shadings, images and other colour spaces rather than print them wrong', async () => {
    await expect(documentWith('/Sh1 sh').then((document) => convertColors(document, 'gray'))).rejects.toThrow(/shading/);
    const withImage = await documentWith('/Im1 Do');
    const image = withImage.context.register(withImage.context.flateStream('\u0000', { Type: 'XObject', Subtype: 'Image', Width: 1, Height: 1, ColorSpace: 'DeviceRGB', BitsPerComponent: 8 }));
    withImage.getPage(0).node.set(PDFName.of('Resources'), withImage.context.obj({ XObject: { Im1: image } }));
    expect(() => convertColors(withImage, 'gray')).toThrow(/page 1 draws an image \(\/Im1\)/);
    await expect(documentWith('/CS0 cs 1 sc').then((document) => convertColors(document, 'gray'))).rejects.toThrow(/colour space \/CS0/);
  });
});

describe('crop marks', () => {
  const MM = 72 / 25.4;
  const trim = { x0: 8.5, y0: 8.5, x1: 8.5 + 148 * MM, y1: 8.5 + 210 * MM };
  const bleed = 3 * MM;

  it('stay clear of the BleedBox: no mark draws inside it', () => {
    const lines = cropMarkLines(trim.x0, trim.y0, trim.x1, trim.y1, bleed);
    expect(lines).toHaveLength(4 * 4 + 2 * 2 + 2 * 2);
    const inside = (x: number, y: number) => x > trim.x0 - bleed && x < trim.x1 + bleed && y > trim.y0 - bleed && y < trim.y1 + bleed;
    for (const [x1, y1, x2, y2] of lines) {
      expect(inside(x1, y1) || inside(x2, y2) || inside((x1 + x2) / 2, (y1 + y2) / 2)).toBe(false);
    }
  });

  it('grow the MediaBox by a slug, keep trim and bleed, and draw in registration colour for CMYK', async () => {
    const document = await documentWith('0 0 0 rg');
    const page = document.getPage(0);
    page.setMediaBox(0, 0, trim.x1 + bleed, trim.y1 + bleed);
    page.setBleedBox(0, 0, trim.x1 + bleed, trim.y1 + bleed);
    page.setTrimBox(trim.x0, trim.y0, trim.x1 - trim.x0, trim.y1 - trim.y0);
    addCropMarks(document, 'cmyk');
    expect(page.getMediaBox().x).toBeCloseTo(-13 * MM, 3);
    expect(page.getTrimBox().x).toBeCloseTo(trim.x0, 3);
    expect(page.getBleedBox().x).toBeCloseTo(0, 3);
    const content = pageContent(document);
    expect(content).toMatch(/^q\n\n0 0 0 rg\nQ\nq\n\/KumihanAll CS 1 SCN\n/);
    const space = page.node.Resources()!.lookup(PDFName.of('ColorSpace'), PDFDict).lookup(PDFName.of('KumihanAll'), PDFArray);
    expect(space.asArray().slice(0, 3).map(String)).toEqual(['/Separation', '/All', '/DeviceCMYK']);
  });

  it('are K in a gray job', async () => {
    const document = await documentWith('0 g');
    document.getPage(0).setTrimBox(10, 10, 100, 100);
    addCropMarks(document, 'gray');
    expect(pageContent(document)).toMatch(/\nq\n0 G\n/);
  });
});

describe('finishPdfx', () => {
  it('writes the same bytes twice, with a PDF 1.3 header for X-1a and the profile named in the intent', async () => {
    const profile = await outputProfile();
    const make = async () => {
      const document = await documentWith('0 g 0 0 10 10 re f');
      document.setTitle('t');
      finishPdfx(document, { pdfx: '1a', profile, title: 't', date: '2024-01-10' });
      return withPdfxHeader(await document.save({ useObjectStreams: false }), '1a');
    };
    const first = await make();
    expect(Buffer.compare(first, await make())).toBe(0);
    const text = decode(first);
    expect(text.slice(0, 8)).toBe('%PDF-1.3');
    expect(text).toMatch(/\/OutputConditionIdentifier \(JC200103\)/);
    expect(text).toMatch(/\/Info \(Japan Color 2001 Coated\)/);
    expect(text).toMatch(/\/GTS_PDFXConformance \(PDF\/X-1a:2001\)/);
    expect(text).toMatch(/\/ID \[ <[0-9A-F]{32}> <[0-9A-F]{32}> \]/);
  });
});
