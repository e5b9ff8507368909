/**
 * The e-book cover, drawn from the front matter alone: an SVG set vertically in BIZ UD fonts and
 * rendered to PNG by resvg. No network, no files but the fonts kumihan ships (styles/fonts/).
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FrontMatter } from '../../config/schema.js';
import { KumihanError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/fs.js';
import { drawCoverPng, drawCoverPngInWorker } from './cover-worker.js';
import { escapeXml } from '../../core/text.js';
import { BOOK_FONTS, fontsDir } from '../../core/assets.js';
import { japanesePhrases } from '../../core/phrases.js';
import { coverTitle, formatJapaneseDate, intervieweeName } from '../../config/describe.js';

/** Cover size in pixels: 1:1.6, the ratio e-book stores ask for. */
export const COVER_WIDTH = 1600;
export const COVER_HEIGHT = 2560;

const MINCHO = BOOK_FONTS.mincho.family;
const GOTHIC = BOOK_FONTS.gothic.family;

const PAPER = '#f3eee4';
const INK = '#1d1d1f';
const BAND = '#1f2d4a';
const ACCENT = '#b3312c';

/**
 * Renders the cover of `meta` as a 1600×2560 PNG with the BIZ UD fonts under `fontDir` (those
 * kumihan ships by default). Rasterizing takes about 0.2 s, on a libuv thread: the EPUB writer goes
 * on meanwhile; encoding the PNG about 0.1 s more on this one. With `cacheDir`, the PNG is kept
 * there under a hash of everything it is made from (the SVG, the fonts, resvg's version) and read
 * back by the next build that would draw the same cover. Rejects, naming the file, when a font is missing.
 */
export async function renderCover(meta: FrontMatter, options: { fontDir?: string; photo?: string; cacheDir?: string } = {}): Promise<Uint8Array<ArrayBuffer>> {
  const job = startCover(meta, options);
  const png = await job.png;
  await job.keep();
  return png;
}

/** A cover being drawn or read back: {@link startCover}. */
export interface CoverJob {
  /** The PNG; rejects, naming the file, when a font is missing. */
  png: Promise<Uint8Array<ArrayBuffer>>;
  /** Keeps a drawn cover in `cacheDir` for the next build (once the book is built); nothing for a cover read back. */
  keep(): Promise<void>;
  /** Ends a drawing nobody will wait for (a build that failed meanwhile); `png` then rejects. */
  stop(): void;
}

/**
 * Starts the cover of `meta`: read back from `cacheDir` when kept there, else drawn — on a worker
 * thread with `inWorker` (cover-worker.ts: the same bytes), so the caller's thread goes on with
 * its work. Nothing is written until {@link CoverJob.keep}.
 */
export function startCover(meta: FrontMatter, options: { fontDir?: string; photo?: string; cacheDir?: string; inWorker?: boolean } = {}): CoverJob {
  let drawn: { file: string; png: Uint8Array } | undefined;
  let stopped = false;
  let stopDrawing = () => {};
  const png = (async () => {
    const fontDir = options.fontDir ?? fontsDir;
    const fontFiles = Object.values(BOOK_FONTS).map((font) => {
      const file = path.join(fontDir, font.file);
      if (!existsSync(file)) throw new KumihanError(`cover font ${file} is missing: reinstall kumihan (or restore styles/fonts/ in the repository)`);
      return file;
    });
    const svg = coverSvg(meta, options.photo);
    const kept = options.cacheDir ? path.join(options.cacheDir, `cover-${coverKey(svg, fontFiles)}.png`) : undefined;
    if (kept) {
      const bytes = await readFile(kept).catch(() => undefined);
      if (bytes && isWholePng(bytes)) return new Uint8Array(bytes);
    }
    if (stopped) throw new Error('the cover was not drawn: the build stopped');
    const drawing = { svg, fontFiles, defaultFontFamily: MINCHO };
    let result: Uint8Array<ArrayBuffer>;
    if (options.inWorker) {
      const worker = drawCoverPngInWorker(drawing);
      stopDrawing = worker.stop;
      result = await worker.png;
    } else {
      result = await drawCoverPng(drawing);
    }
    if (kept) drawn = { file: kept, png: result };
    return result;
  })();
  return {
    png,
    keep: async () => {
      if (drawn) await keepCover(drawn.file, drawn.png);
    },
    stop: () => {
      stopped = true;
      stopDrawing();
    },
  };
}

/** The hash a rendered cover is kept under: its SVG, each font file (path, size, time) and the renderer's version. */
function coverKey(svg: string, fontFiles: readonly string[]): string {
  const hash = createHash('sha256').update(svg);
  for (const file of fontFiles) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`\0${file}:${size}:${mtimeMs}`);
  }
  hash.update(`\0resvg ${createRequire(import.meta.url)('@resvg/resvg-js/package.json').version}`);
  return hash.digest('hex').slice(0, 32);
}

/** True when `bytes` start with the PNG signature and end with the IEND chunk: a whole file, not a torn one. */
function isWholePng(bytes: Uint8Array): boolean {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const iend = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
  return bytes.length > 20 && signature.every((byte, index) => bytes[index] === byte) && iend.every((byte, index) => bytes[bytes.length - 8 + index] === byte);
}

/**
 * Keeps a rendered cover for the next build and removes the covers kept before (the book's title
 * or fonts changed). Best effort: a cover that cannot be kept is drawn again next time.
 */
async function keepCover(file: string, png: Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(file, png);
    const dir = path.dirname(file);
    const old = (await readdir(dir)).filter((name) => /^cover-[0-9a-f]{32}\.png$/u.test(name) && name !== path.basename(file));
    await Promise.all(old.map((name) => rm(path.join(dir, name), { force: true })));
  } catch {
    // The EPUB does not depend on it.
  }
}

/**
 * The e-book cover over a cover photo: the photo fills the 1600×2560 cover (cropped to it, centred),
 * the title stands on a paper panel inside the frame, the interviewee in the band; JPEG, as stores
 * want photos (a PNG of a photo is several times larger).
 */
export async function renderPhotoCover(meta: FrontMatter, photo: Uint8Array, options: { fontDir?: string } = {}): Promise<Uint8Array> {
  const { default: sharp } = await import('sharp');
  const background = await sharp(photo).resize(COVER_WIDTH, COVER_HEIGHT, { fit: 'cover' }).jpeg({ quality: 90 }).toBuffer();
  const png = await renderCover(meta, { ...options, photo: `data:image/jpeg;base64,${background.toString('base64')}` });
  return new Uint8Array(await sharp(png).jpeg({ quality: 85, mozjpeg: true }).toBuffer());
}

/** Alternative text for the cover image: what the cover says, in reading order. */
export function coverAltText(meta: FrontMatter): string {
  return ['表紙', meta.title, meta.subtitle, intervieweeName(meta)].filter(Boolean).join('　');
}

/** The cover as SVG source (1600×2560), vertical title and subtitle, interviewee in a band at the foot. */
export function coverSvg(meta: FrontMatter, photo?: string): string {
  const margin = 150;
  const bandHeight = 560;
  const top = 260;
  const bottom = COVER_HEIGHT - bandHeight - 170;
  const columnHeight = bottom - top;
  const parts: string[] = [];

  parts.push(`<rect width="${COVER_WIDTH}" height="${COVER_HEIGHT}" fill="${PAPER}"/>`);
  if (photo) {
    // The photo behind everything; the title's panel lets it show through at the edges.
    parts.push(`<image href="${photo}" width="${COVER_WIDTH}" height="${COVER_HEIGHT}" preserveAspectRatio="xMidYMid slice"/>`);
    parts.push(`<rect x="190" y="190" width="${COVER_WIDTH - 380}" height="${COVER_HEIGHT - bandHeight - 380}" fill="${PAPER}" fill-opacity="0.86"/>`);
  }
  parts.push(
    `<rect x="70" y="70" width="${COVER_WIDTH - 140}" height="${COVER_HEIGHT - bandHeight - 140}" fill="none" stroke="${ACCENT}" stroke-width="6"/>`,
  );
  parts.push(`<rect y="${COVER_HEIGHT - bandHeight}" width="${COVER_WIDTH}" height="${bandHeight}" fill="${BAND}"/>`);

  // Subtitle first: its width decides how much room the title may take.
  const subtitleSize = 76;
  const subtitleColumns = meta.subtitle ? breakIntoColumns(meta.subtitle, Math.floor((columnHeight - 2 * subtitleSize) / subtitleSize)) : [];
  const subtitleWidth = subtitleColumns.length * subtitleSize * 1.5;
  const available = COVER_WIDTH - 2 * margin - subtitleWidth - (subtitleColumns.length ? 80 : 0);

  const title = fitTitle(coverTitle(meta.title), columnHeight, available);
  // Centre the block of columns (title, gap, subtitle) between the side margins.
  const titleWidth = title.size + (title.columns.length - 1) * title.size * 1.45;
  const blockWidth = titleWidth + (subtitleColumns.length ? 80 + subtitleColumns.length * subtitleSize * 1.5 - subtitleSize * 0.5 : 0);
  let x = Math.min(COVER_WIDTH - margin, (COVER_WIDTH + blockWidth) / 2) - title.size / 2;
  for (const column of title.columns) {
    parts.push(verticalText(column, x, top, title.size, MINCHO, 400, INK));
    x -= title.size * 1.45;
  }
  x += title.size * 1.45 - title.size / 2 - 80 - subtitleSize / 2;
  for (const column of subtitleColumns) {
    parts.push(verticalText(column, x, top + 2 * subtitleSize, subtitleSize, GOTHIC, 400, INK));
    x -= subtitleSize * 1.5;
  }

  const bandTop = COVER_HEIGHT - bandHeight;
  const interviewee = intervieweeName(meta);
  if (interviewee) {
    const size = fitHorizontal(interviewee, COVER_WIDTH - 2 * margin, 112);
    parts.push(horizontalText(interviewee, COVER_WIDTH / 2, bandTop + 200, size, GOTHIC, 700, '#ffffff'));
  }
  const byline = [meta.outlet && `${meta.outlet}によるインタビュー`, meta.date && formatJapaneseDate(meta.date), meta.place]
    .filter(Boolean)
    .join('　');
  if (byline) {
    const size = fitHorizontal(byline, COVER_WIDTH - 2 * margin, 52);
    parts.push(horizontalText(byline, COVER_WIDTH / 2, bandTop + 350, size, GOTHIC, 400, '#dfe3ea'));
  }
  if (meta.translator) {
    const line = `${meta.translator} 訳`;
    const size = fitHorizontal(line, COVER_WIDTH - 2 * margin, 52);
    parts.push(horizontalText(line, COVER_WIDTH / 2, bandTop + 450, size, GOTHIC, 400, '#dfe3ea'));
  }

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${COVER_WIDTH}" height="${COVER_HEIGHT}" viewBox="0 0 ${COVER_WIDTH} ${COVER_HEIGHT}">\n${parts.join('\n')}\n</svg>\n`;
}

/**
 * Largest title size (from 210 px down) whose columns fit the area. Sizes at which a phrase
 * would have to be cut inside a word are tried only when no size keeps every phrase whole.
 */
function fitTitle(text: string, height: number, width: number): { size: number; columns: string[] } {
  const longest = Math.max(...phrases(text).map((phrase) => verticalLength(phrase.trim())));
  for (const keepPhrases of [true, false]) {
    for (let size = 210; size >= 60; size -= 6) {
      const capacity = Math.floor(height / size);
      if (keepPhrases && longest > capacity) continue;
      const columns = breakIntoColumns(text, capacity);
      if (size + (columns.length - 1) * size * 1.45 <= width) return { size, columns };
    }
  }
  return { size: 60, columns: breakIntoColumns(text, Math.floor(height / 60)) };
}

const OPENING = /[「『（〔［｛〈《【“‘(]$/u;
const CLOSING = /^[」』）〕］｝〉》】”’)、。，．・：；？！ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…‥]/u;

/**
 * BudouX phrases of `text`, also split after a middle dot (BudouX keeps 'セルゲイ・ラブロフ・ロシア
 * 連邦外務大臣に' whole; a name breaks at its dots), then merged so none starts with closing
 * punctuation or follows an opening bracket or a digit run.
 */
function phrases(text: string): string[] {
  const result: string[] = [];
  const parsed = japanesePhrases().parse(text.replace(/\s+/gu, ' ').trim());
  for (const phrase of parsed.flatMap((part) => part.split(/(?<=・)(?!$)/u))) {
    const last = result.length - 1;
    if (last >= 0 && (CLOSING.test(phrase) || OPENING.test(result[last]!) || (/\d$/u.test(result[last]!) && /^\d/u.test(phrase)))) {
      result[last] += phrase;
    } else {
      result.push(phrase);
    }
  }
  return result;
}

/**
 * Splits `text` into columns of at most `capacity` ems, breaking only between BudouX phrases
 * (never before closing punctuation or after an opening bracket); a phrase longer than a column
 * is cut by character.
 */
export function breakIntoColumns(text: string, capacity: number): string[] {
  const columns: string[] = [];
  let current = '';
  for (const phrase of phrases(text)) {
    if (current && verticalLength(current + phrase) > capacity) {
      columns.push(current.trimEnd());
      current = phrase.trimStart();
    } else {
      current += phrase;
    }
    if (verticalLength(current) > capacity) {
      // A phrase longer than a column is cut between cells, in one pass over them (cutting by
      // re-measuring ever shorter prefixes was cubic in the phrase's length).
      let column = '';
      let length = 0;
      // A long Latin run is one sideways cell: it is cut into pieces of a column's length first.
      const pieces = cells(current).flatMap((cell) =>
        cell.kind === 'sideways' && cell.advance > capacity
          ? Array.from({ length: Math.ceil(cell.source.length / (2 * capacity)) }, (_, i) => {
              const part = cell.source.slice(i * 2 * capacity, (i + 1) * 2 * capacity);
              return { ...cell, text: part, source: part, advance: part.length * 0.5 };
            })
          : [cell],
      );
      for (const cell of pieces) {
        if (column && length + cell.advance > capacity) {
          columns.push(column);
          column = '';
          length = 0;
        }
        column += cell.source;
        length += cell.advance;
      }
      current = column;
    }
  }
  if (current.trim()) columns.push(current.trim());
  return columns;
}

/** A run of characters set in one cell or one rotated group, with its advance in ems. */
interface Cell {
  text: string;
  /** The characters the cell was made from. */
  source: string;
  advance: number;
  kind: 'upright' | 'tcy' | 'sideways' | 'rotated' | 'corner' | 'space';
}

const ROTATED = /[「」『』（）〔〕［］｛｝〈〉《》【】ー－―〜～…‥：；＝]/u;
const CORNER = /[、。，．]/u;

/** Splits one column of text into typeset cells: upright kanji/kana, 縦中横 pairs, sideways Latin. */
function cells(text: string): Cell[] {
  const result: Cell[] = [];
  for (const match of text.matchAll(/[\x21-\x7e]+|\s|./gsu)) {
    const run = match[0];
    if (/^\s$/u.test(run)) result.push({ text: '', source: run, advance: run === '\u3000' ? 1 : 0.5, kind: 'space' });
    else if (/^[\x21-\x7e]+$/u.test(run)) {
      if (run.length <= 2) result.push({ text: run, source: run, advance: 1, kind: 'tcy' });
      else if (/^\d+$/u.test(run)) for (const digit of run) result.push({ text: digit, source: digit, advance: 1, kind: 'upright' });
      else result.push({ text: run, source: run, advance: run.length * 0.5, kind: 'sideways' });
    } else if (ROTATED.test(run)) result.push({ text: run, source: run, advance: 1, kind: 'rotated' });
    else if (CORNER.test(run)) result.push({ text: run, source: run, advance: 1, kind: 'corner' });
    else result.push({ text: run, source: run, advance: 1, kind: 'upright' });
  }
  return result;
}

/** Length of `text` set vertically, in ems. */
function verticalLength(text: string): number {
  return cells(text).reduce((sum, cell) => sum + cell.advance, 0);
}

/**
 * One vertical column, centred on x from y downwards. resvg's own vertical text neither rotates
 * brackets nor moves the comma to the upper right, so each cell is placed by hand.
 */
function verticalText(text: string, x: number, y: number, size: number, family: string, weight: number, fill: string): string {
  const out: string[] = [];
  let position = y;
  for (const cell of cells(text)) {
    const advance = cell.advance * size;
    const cy = position + advance / 2;
    const glyph = escapeXml(cell.text);
    switch (cell.kind) {
      case 'space':
        break;
      case 'rotated':
      case 'sideways':
        out.push(`<text transform="translate(${fmt(x)} ${fmt(cy)}) rotate(90)" text-anchor="middle" dominant-baseline="central">${glyph}</text>`);
        break;
      case 'corner':
        out.push(`<text x="${fmt(x + size * 0.6)}" y="${fmt(cy - size * 0.6)}" text-anchor="middle" dominant-baseline="central">${glyph}</text>`);
        break;
      case 'tcy':
      case 'upright':
        out.push(`<text x="${fmt(x)}" y="${fmt(cy)}" text-anchor="middle" dominant-baseline="central">${glyph}</text>`);
        break;
    }
    position += advance;
  }
  return `<g font-family="${family}" font-size="${size}" font-weight="${weight}" fill="${fill}">${out.join('')}</g>`;
}

function horizontalText(text: string, x: number, y: number, size: number, family: string, weight: number, fill: string): string {
  return `<text x="${fmt(x)}" y="${fmt(y)}" font-family="${family}" font-size="${size}" font-weight="${weight}" fill="${fill}" text-anchor="middle" dominant-baseline="central">${escapeXml(text)}</text>`;
}

/** Largest size up to `max` at which `text` (full-width 1 em, ASCII ½ em) fits `width`. */
function fitHorizontal(text: string, width: number, max: number): number {
  const ems = [...text].reduce((sum, ch) => sum + (/[\x20-\x7e]/u.test(ch) ? 0.5 : 1), 0);
  return Math.min(max, Math.floor(width / Math.max(ems, 1)));
}

function fmt(value: number): string {
  return String(Math.round(value * 10) / 10);
}
