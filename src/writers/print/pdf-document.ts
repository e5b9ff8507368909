/**
 * Reading and writing whole PDFs with pdf-lib, for the PDF writer and the booklet.
 *
 * pdf-lib by default parses 100 objects and writes 50 between waits for the event loop, so that a
 * browser page stays responsive: that made loading and saving a 460-page book 4 s instead of 1 s.
 * Nothing here needs the loop meanwhile: the EPUB is finished long before Chromium, and a Ctrl-C
 * is handled a moment later, as after any other synchronous step.
 */
import { ParseSpeeds, PDFDocument } from 'pdf-lib';

/** Parses a PDF in one go, keeping its dates (pdf-lib would otherwise stamp "now" over them). */
export function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
}

/**
 * Writes a PDF in one go. `plain` leaves out object streams, so that older readers and poppler's
 * tools read every object directly (the book); the booklet keeps them (a smaller file).
 */
export function savePdf(document: PDFDocument, options: { plain?: boolean } = {}): Promise<Uint8Array> {
  return document.save({ useObjectStreams: !options.plain, objectsPerTick: Number.POSITIVE_INFINITY });
}
