/**
 * What a print shop and a reader need from the fonts of a built PDF, checked with pdf-lib alone
 * (no poppler, so on any OS): the text is set in fonts (else the book has no text layer: a blank
 * book when Chromium found no font at all), every font is embedded, none is a Type 3 font, every
 * composite font maps its glyphs back to Unicode (searchable, copyable text), and the book's own
 * font is among them.
 */
import { PDFArray, PDFDict, PDFName, PDFStream, type PDFDocument } from 'pdf-lib';

/** One font dictionary of a PDF, as the checks see it. */
export interface PdfFont {
  /** BaseFont without the subset tag (`AAAAAA+`). */
  name: string;
  /** Subtype of the top-level font: Type0, TrueType, Type1, Type3, … */
  type: string;
  /** A font program (FontFile, FontFile2 or FontFile3) is in the file. */
  embedded: boolean;
  /** A ToUnicode CMap is present. */
  toUnicode: boolean;
}

const key = (name: string) => PDFName.of(name);

/** Lists the top-level fonts of a document (each Type0 with what its descendant font says). */
export function listPdfFonts(document: PDFDocument): PdfFont[] {
  const fonts: PdfFont[] = [];
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object instanceof PDFStream) continue;
    if (object.lookupMaybe(key('Type'), PDFName) !== key('Font')) continue;
    const type = object.lookupMaybe(key('Subtype'), PDFName)?.decodeText() ?? '';
    // Descendants of a Type0 font are reported through it.
    if (type === 'CIDFontType0' || type === 'CIDFontType2') continue;
    const program = type === 'Type0' ? object.lookupMaybe(key('DescendantFonts'), PDFArray)?.lookupMaybe(0, PDFDict) : object;
    const descriptor = program?.lookupMaybe(key('FontDescriptor'), PDFDict);
    const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((file) => descriptor?.lookupMaybe(key(file), PDFStream) !== undefined);
    const baseFont = object.lookupMaybe(key('BaseFont'), PDFName)?.decodeText() ?? (type === 'Type3' ? '(Type 3)' : '(unnamed)');
    fonts.push({ name: baseFont.replace(/^[A-Z]{6}\+/, ''), type, embedded, toUnicode: object.lookupMaybe(key('ToUnicode'), PDFStream) !== undefined });
  }
  return fonts;
}

/**
 * The font problems of a document, one sentence each (empty when it is fine). `bodyFont`, a
 * PostScript name, must be among the fonts used.
 */
export function pdfFontProblems(document: PDFDocument, options: { bodyFont?: string } = {}): string[] {
  const fonts = listPdfFonts(document);
  if (!fonts.length) {
    const pages = document.getPageCount();
    return [`the PDF has no text: its ${pages} page${pages === 1 ? ' uses' : 's use'} no font at all (Chromium loaded none of the book's fonts: check styles/fonts/ and the stylesheets' @font-face rules)`];
  }
  const problems: string[] = [];
  for (const font of fonts) {
    if (font.type === 'Type3') problems.push(`font ${font.name} is a Type 3 font (print shops reject it; a synthesised bold or a CFF font does this)`);
    else if (!font.embedded) problems.push(`font ${font.name} is not embedded`);
    else if (font.type === 'Type0' && !font.toUnicode) problems.push(`font ${font.name} has no ToUnicode map: the PDF's text could not be searched or copied`);
  }
  const used = new Set(fonts.map((font) => font.name));
  const body = options.bodyFont;
  if (body && !used.has(body)) problems.push(`the PDF is not set in the book's font ${body} (it uses ${[...used].join(', ')}): the fonts in styles/fonts/ did not load`);
  return problems;
}
