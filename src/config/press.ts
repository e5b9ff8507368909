/**
 * The press settings and the profiles that bundle them for a destination, without the code that
 * applies them: the CLI lists them in its help without loading pdf-lib.
 */
import { KumihanError } from '../core/errors.js';
import { PAGE_SIZES, type PageSize } from './schema.js';

/** How colours leave kumihan: as Chromium made them (RGB, for screens and home printers), K only, or CMYK. */
export type ColorMode = 'rgb' | 'gray' | 'cmyk';
/** PDF/X-1a:2001 (CMYK/gray only, PDF 1.3, no transparency) or PDF/X-4 (PDF 1.6). */
export type PdfxVersion = '1a' | '4';
/** 中綴じ (saddle stitch: pages a multiple of 4) or 無線綴じ (perfect binding: an even count). */
export type Binding = 'saddle' | 'perfect';
export type ProfileName = 'home' | 'print-shop' | 'kdp-paperback';

export const COLOR_MODES: readonly ColorMode[] = ['rgb', 'gray', 'cmyk'];
export const PDFX_VERSIONS: readonly PdfxVersion[] = ['1a', '4'];
export const BINDINGS: readonly Binding[] = ['saddle', 'perfect'];

/** Everything that decides the pages and the file of the print edition. */
export interface PrintSettings {
  cropMarks: boolean;
  /** A CSS length; undefined = no bleed. */
  bleed?: string;
  color: ColorMode;
  pdfx?: PdfxVersion;
  binding: Binding;
  /** The cover (表1) and back cover (表4) are pages of the book, as in a self-cover booklet. */
  selfCover: boolean;
  /** PDF bookmarks. */
  outline: boolean;
  /** Fewest pages; blank pages before the 奥付 make up the rest. */
  minPages: number;
}

/**
 * - home: today's book for screens and home printers — RGB, no marks, a self-cover 中綴じ booklet.
 * - print-shop: a 中綴じ booklet for a 印刷所 — crop marks and 3 mm bleed, K only, PDF/X-1a:2001.
 * - kdp-paperback: Amazon KDP's interior file — the cover is a file of its own (no 表1/表4 pages),
 *   perfect bound (an even count, 24 pages at least), no crop marks, no bookmarks, K only, PDF/X-1a;
 *   no bleed, as nothing in the book reaches the page edge (KDP's bleed adds 0.125 in on the three
 *   outer edges only, for art that does).
 */
export const PROFILES: Record<ProfileName, PrintSettings> = {
  home: { cropMarks: false, color: 'rgb', binding: 'saddle', selfCover: true, outline: true, minPages: 4 },
  'print-shop': { cropMarks: true, bleed: '3mm', color: 'gray', pdfx: '1a', binding: 'saddle', selfCover: true, outline: true, minPages: 4 },
  'kdp-paperback': { cropMarks: false, color: 'gray', pdfx: '1a', binding: 'perfect', selfCover: false, outline: false, minPages: 24 },
};
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** What a build asked for: a profile and the options that override it. */
export interface PrintRequest {
  profile?: ProfileName;
  cropMarks?: boolean;
  bleed?: string;
  pressReady?: boolean;
  pdfx?: PdfxVersion;
  color?: ColorMode;
  binding?: Binding;
}

const MM_PER_INCH = 25.4;

/** The settings of a request: the profile's, overridden by every option given; PDF/X is never RGB. */
export function resolvePrintSettings(request: PrintRequest, size?: PageSize): PrintSettings {
  const name = request.profile ?? 'home';
  const base = PROFILES[name];
  if (!base) throw new KumihanError(`unknown profile ${JSON.stringify(name)} (${PROFILE_NAMES.join(', ')})`);
  const pdfx = request.pdfx ?? (request.pressReady ? '1a' : base.pdfx);
  const color = request.color ?? (pdfx && base.color === 'rgb' ? 'gray' : base.color);
  if (pdfx && color === 'rgb') throw new KumihanError(`PDF/X-${pdfx} output needs --color gray or --color cmyk, not rgb`);
  const cropMarks = request.cropMarks ?? base.cropMarks;
  const settings: PrintSettings = {
    ...base,
    cropMarks,
    bleed: request.bleed ?? base.bleed ?? (cropMarks ? '3mm' : undefined),
    color,
    pdfx,
    binding: request.binding ?? base.binding,
  };
  if (name === 'kdp-paperback' && size) {
    // KDP prints trims from 4 × 6 in to 8.5 × 11.69 in.
    const { width, height } = PAGE_SIZES[size];
    if (width < 4 * MM_PER_INCH || height < 6 * MM_PER_INCH) {
      throw new KumihanError(`KDP paperbacks are at least 4 × 6 in (101.6 × 152.4 mm); ${size} is ${width} × ${height} mm: choose --size A5, B6 or shinsho`);
    }
  }
  return settings;
}
