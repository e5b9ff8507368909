/**
 * The printed lines of a vertical PDF, page by page, as a reader counts them: a line (行) is a
 * column of glyphs, counted from the right edge of the text block; in the two-column setting (段組)
 * the upper tier (上段) is read before the lower (下段). Glyph positions come from
 * `pdftotext -bbox`, which sees one "word" per glyph in vertical text.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { KumihanError } from '../core/errors.js';
import { foldForSearch } from './fold.js';

const run = promisify(execFile);

/** One glyph (or a 縦中横 run) with its box in PDF points, y growing downwards. */
export interface Glyph {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** One printed line: its glyphs' text in reading order. */
export interface PrintedLine {
  text: string;
  /** 1-based, from the right edge of the page's text (within its tier in 段組). */
  line: number;
  /** 0 = the upper tier (or the only one), 1 = the lower tier. */
  tier: number;
  /** Number of glyphs. */
  length: number;
}

/** One page's body lines in reading order (running heads, page numbers and ruby left out). */
export interface PrintedPage {
  lines: PrintedLine[];
  /** Number of tiers found on the page (1, or 2 in 段組). */
  tiers: number;
}

/** A place in a printed book: page, line and (in 段組) tier. */
export interface PrintedPlace {
  page: number;
  line: number;
  tier?: 'upper' | 'lower';
}

const WORD = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

/** The glyphs of each page of `pdftotext -bbox` output. */
export function parseBbox(xhtml: string): Glyph[][] {
  return xhtml
    .split('<page ')
    .slice(1)
    .map((page) =>
      [...page.matchAll(WORD)].map((match) => ({
        xMin: Number(match[1]),
        yMin: Number(match[2]),
        xMax: Number(match[3]),
        yMax: Number(match[4]),
        text: match[5]!.replace(/&(?:amp|lt|gt|quot|apos);/g, (entity) => ENTITIES[entity] ?? entity),
      })),
    );
}

/** The most frequent value of `values` rounded to a tenth (the body text's size). */
function mode(values: number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(Math.round(value * 10) / 10, (counts.get(Math.round(value * 10) / 10) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [value, count] of counts) if (count > bestCount) [best, bestCount] = [value, count];
  return best;
}

/**
 * Groups glyphs into printed lines. The body size is the commonest width of single-character
 * glyphs; the text block is where glyphs of that size stand, over the whole book. Glyphs outside it
 * (running heads and page numbers in the margins) and narrower ones (ruby) are not text lines.
 * `tiers` is 2 for a book set in two columns (段組): each page is then split at its widest gap.
 */
export function printedPages(pages: Glyph[][], tiers: 1 | 2 = 1): PrintedPage[] {
  const singles = pages.flat().filter((glyph) => [...glyph.text].length === 1);
  const size = mode(singles.map((glyph) => glyph.xMax - glyph.xMin));
  if (!size) return pages.map(() => ({ lines: [], tiers: 1 }));
  const core = singles.filter((glyph) => Math.abs(glyph.xMax - glyph.xMin - size) < 0.15 * size);
  // Loops, not Math.min(...): a long book has more glyphs than a call takes arguments.
  let [top, bottom, left, right] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const glyph of core) {
    top = Math.min(top, glyph.yMin - size / 2);
    bottom = Math.max(bottom, glyph.yMax + size / 2);
    left = Math.min(left, glyph.xMin - size / 2);
    right = Math.max(right, glyph.xMax + size / 2);
  }
  return pages.map((glyphs) => {
    const body = glyphs.filter((glyph) => {
      const x = (glyph.xMin + glyph.xMax) / 2;
      const y = (glyph.yMin + glyph.yMax) / 2;
      return glyph.xMax - glyph.xMin >= 0.7 * size && y > top && y < bottom && x > left && x < right && glyph.text.trim() !== '';
    });
    const split = tiers === 2 ? tierSplit(body, size) : undefined;
    const groups = split === undefined ? [body] : [body.filter((glyph) => glyph.yMax <= split), body.filter((glyph) => glyph.yMax > split)];
    const lines: PrintedLine[] = [];
    groups.forEach((group, tier) => {
      columns(group, size).forEach((column, index) => {
        lines.push({ text: column.map((glyph) => glyph.text).join(''), line: index + 1, tier, length: column.length });
      });
    });
    return { lines, tiers: groups.length };
  });
}

/** Columns of glyphs from right to left, each top to bottom. */
function columns(glyphs: Glyph[], size: number): Glyph[][] {
  const sorted = [...glyphs].sort((a, b) => b.xMin + b.xMax - (a.xMin + a.xMax));
  const result: Array<{ center: number; glyphs: Glyph[] }> = [];
  for (const glyph of sorted) {
    const center = (glyph.xMin + glyph.xMax) / 2;
    const last = result[result.length - 1];
    if (last && last.center - center < 0.5 * size) last.glyphs.push(glyph);
    else result.push({ center, glyphs: [glyph] });
  }
  return result.map((column) => column.glyphs.sort((a, b) => a.yMin - b.yMin));
}

/** The y of the widest vertical gap between glyphs of a page set in two tiers, if there is one. */
function tierSplit(glyphs: Glyph[], size: number): number | undefined {
  const spans = glyphs.map((glyph) => [glyph.yMin, glyph.yMax] as const).sort((a, b) => a[0] - b[0]);
  let reach = spans[0]?.[1];
  let best: { at: number; width: number } | undefined;
  for (const [start, end] of spans.slice(1)) {
    if (reach !== undefined && start - reach > Math.max(1.5 * size, best?.width ?? 0)) best = { at: (start + reach) / 2, width: start - reach };
    reach = Math.max(reach ?? end, end);
  }
  return best?.at;
}

/** Reads the printed lines of a PDF (pdftotext -bbox); a PDF it cannot read is one line naming it. */
export async function readPrintedPages(pdf: string, tiers: 1 | 2 = 1): Promise<PrintedPage[]> {
  return printedPages(await readGlyphs(pdf), tiers);
}

/**
 * Reads the printed lines of two printings of one book with one body size and text block for
 * all: read apart, a short book's old printing (where the 奥付's smaller type outnumbers the body)
 * can find another body size than the new one, and its pages then read differently though unchanged.
 */
export async function readPrintings(old: string, current: string, tiers: 1 | 2 = 1): Promise<[PrintedPage[], PrintedPage[]]> {
  const [before, after] = await Promise.all([readGlyphs(old), readGlyphs(current)]);
  const pages = printedPages([...before, ...after], tiers);
  return [pages.slice(0, before.length), pages.slice(before.length)];
}

async function readGlyphs(pdf: string): Promise<Glyph[][]> {
  try {
    // An absolute path: a relative one starting with `-` would be read as an option.
    const { stdout } = await run('pdftotext', ['-bbox', '-enc', 'UTF-8', path.resolve(pdf), '-'], { maxBuffer: 512 << 20 });
    return parseBbox(stdout);
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { stderr?: string };
    if (failed.code === 'ENOENT') throw new KumihanError('pdftotext is missing (it reads the pages of the old PDF): apt-get install -y poppler-utils');
    const why = failed.stderr?.trim().split('\n')[0] || failed.message;
    throw new KumihanError(`pdftotext cannot read this PDF: ${why}`, { file: pdf });
  }
}

/**
 * The book's text folded for searching, with the printed place of every character: glyphs are
 * folded one by one and the runs a fold merges (dashes, ellipses) merged here too.
 */
export class PrintedText {
  readonly text: string;
  private readonly places: PrintedPlace[];

  constructor(pages: PrintedPage[]) {
    let text = '';
    const places: PrintedPlace[] = [];
    pages.forEach((page, pageIndex) => {
      for (const line of page.lines) {
        const place: PrintedPlace = { page: pageIndex + 1, line: line.line, ...(page.tiers === 2 ? { tier: line.tier === 0 ? 'upper' : 'lower' } : {}) };
        for (const glyph of line.text) {
          const folded = foldForSearch(glyph === '・' ? '' : glyph);
          for (const char of folded) {
            if ((char === '—' || char === '…') && text.endsWith(char)) continue;
            text += char;
            places.push(place);
          }
        }
      }
    });
    this.text = text;
    this.places = places;
  }

  /** Where `sentence` (manuscript text) starts in print: the whole sentence is looked for first, then its first twelve characters. */
  find(sentence: string): PrintedPlace | undefined {
    const folded = foldForSearch(sentence).replace(/・/g, '');
    for (const needle of [folded, folded.slice(0, 12)]) {
      if (needle.length < 4) continue;
      const index = this.text.indexOf(needle);
      if (index !== -1) return this.places[index];
    }
    return undefined;
  }
}

/** A printed place as an errata sheet gives it: 12行, or 上段3行 in 段組. */
export function lineLabel(place: Pick<PrintedPlace, 'line' | 'tier'>): string {
  const tier = place.tier === 'upper' ? '上段' : place.tier === 'lower' ? '下段' : '';
  return `${tier}${place.line}行`;
}
