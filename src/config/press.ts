/**
 * The names of the press settings (colour modes, PDF/X versions), without the code that applies
 * them: the CLI lists them in its help without loading pdf-lib or Ghostscript's wrapper.
 */

/** How colours leave kumihan: as Chromium made them (RGB, for screens and home printers), K only, or CMYK. */
export type ColorMode = 'rgb' | 'gray' | 'cmyk';
/** PDF/X-1a:2001 (CMYK/gray only, PDF 1.3, no transparency) or PDF/X-4 (PDF 1.6). */
export type PdfxVersion = '1a' | '4';

export const COLOR_MODES: readonly ColorMode[] = ['rgb', 'gray', 'cmyk'];
export const PDFX_VERSIONS: readonly PdfxVersion[] = ['1a', '4'];
