/**
 * Writer: BookParts → one HTML document for Vivliostyle (the print edition).
 *
 * The page grid (type size, characters per line, lines per page, margins) is computed here from
 * one table and written into the document as a small generated `@page` rule plus the root font
 * size and line pitch; `styles/print.css` expresses everything else in `rem` (one character) and
 * `rlh` (one line pitch), so every size and the two-column variant share one stylesheet.
 */
import { h } from 'hastscript';
import type { Element, Root } from 'hast';
import { KumihanError } from '../core/errors.js';
import { PAGE_SIZES, type FrontMatter, type PageSize } from '../config/schema.js';
import type { BookParts } from '../render/parts.js';
import { describeBook } from '../config/describe.js';
import { serialize } from '../render/serialize.js';
import { visit } from 'unist-util-visit';
import { toString } from 'hast-util-to-string';

/** The character grid of one page size (JLReq 基本版面). */
export interface PrintGrid {
  /** Body type size in points. */
  fontSize: number;
  /** Characters per line (字詰め); with two columns, per column. */
  chars: number;
  /** Lines per page (行数). */
  lines: number;
  /** Line pitch (行送り) as a multiple of the type size. */
  lineHeight: number;
  /** Columns (段数) and the space between them in characters (段間). */
  columns: 1 | 2;
  columnGap: number;
  /** Share of the spare height that goes to the head (天); the foot (地) gets the rest. */
  headShare: number;
  /** Share of the spare width that goes to the gutter (ノド); the fore-edge (小口) gets the rest. */
  gutterShare: number;
}

const base = { lineHeight: 1.75, columns: 1, columnGap: 0, headShare: 0.54, gutterShare: 0.52 } as const;

/** The grids kumihan sets, per page size and column count. */
export const PRINT_GRIDS: Record<PageSize, PrintGrid> & { A5x2: PrintGrid } = {
  A5: { ...base, fontSize: 9.5, chars: 42, lines: 17 },
  A5x2: { ...base, fontSize: 9, chars: 22, lines: 19, columns: 2, columnGap: 2 },
  bunko: { ...base, fontSize: 9, chars: 38, lines: 15 },
  shinsho: { ...base, fontSize: 9, chars: 42, lines: 15 },
  B6: { ...base, fontSize: 9.5, chars: 41, lines: 17 },
};

const PT_PER_MM = 72 / 25.4;
/**
 * Slack added to the text block, in points. A block of exactly N characters can lose the Nth to
 * floating-point rounding in the browser's line breaker; a quarter point cannot hold another.
 */
const SLACK = 0.25;

/** Page geometry in points, derived from a grid. */
export interface PageGeometry {
  size: PageSize;
  grid: PrintGrid;
  width: number;
  height: number;
  /** Text block: height = characters × type size (+ gaps), width = lines × pitch. */
  blockHeight: number;
  blockWidth: number;
  head: number;
  foot: number;
  gutter: number;
  foreEdge: number;
}

/** Resolves the grid and page geometry of a size; two columns exist for A5 only. */
export function pageGeometry(size: PageSize, columns: 1 | 2 = 1): PageGeometry {
  if (columns === 2 && size !== 'A5') throw new KumihanError(`columns: 2 (段組) is available for size A5 only, not ${size}`);
  const grid = columns === 2 ? PRINT_GRIDS.A5x2 : PRINT_GRIDS[size];
  const page = PAGE_SIZES[size];
  const width = page.width * PT_PER_MM;
  const height = page.height * PT_PER_MM;
  const blockHeight = (grid.chars * grid.columns + grid.columnGap) * grid.fontSize + SLACK;
  const blockWidth = grid.lines * grid.fontSize * grid.lineHeight + SLACK;
  const spareHeight = height - blockHeight;
  const spareWidth = width - blockWidth;
  if (spareHeight < 36 || spareWidth < 36) throw new KumihanError(`the ${size} grid leaves margins under 1/2 inch; fix PRINT_GRIDS`);
  const head = spareHeight * grid.headShare;
  const gutter = spareWidth * grid.gutterShare;
  return { size, grid, width, height, blockHeight, blockWidth, head, foot: spareHeight - head, gutter, foreEdge: spareWidth - gutter };
}

const pt = (value: number) => `${Number(value.toFixed(3))}pt`;

/** Lines the 目次 heading takes before the entries: the title on two lines and one line after it (print.css). */
const TOC_HEAD_LINES = 3;
/** Pitch of the 目次 entries as a share of the line pitch: 0.85 as a rule, down to 0.7 to keep them on one page. */
const TOC_PITCH = { max: 0.85, min: 0.7 } as const;

/**
 * The pitch of the 目次 entries (in `rlh`): the house 0.85 where the entries fit one page, closer
 * where they would not (sixteen questions on a 15-line 文庫 page spilled two entries onto a page of
 * their own, and a blank page followed), never under 0.7 — a longer list runs onto a second page.
 * Rounded down, so the last entry never loses its place to rounding.
 */
export function tocPitch(grid: PrintGrid, entries: number): number {
  const fit = Math.floor(((grid.lines - TOC_HEAD_LINES) / Math.max(entries, 1)) * 100 - 1e-9) / 100;
  return Math.min(TOC_PITCH.max, Math.max(TOC_PITCH.min, fit));
}

/** The size of the 目次's page numbers in print.css, in `rem`. */
const TOC_NUMBER_SIZE = 0.85;
/** Width of a digit of BIZ UD Gothic, in em (its digits are half-width). */
const DIGIT_WIDTH = 0.5;

/**
 * The size (in `rem`) of the 目次's page numbers, so that the widest number the book can reach
 * is no wider than an entry's pitch: the numbers are set horizontally across the vertical line,
 * and a number wider than the pitch widens its line. Vivliostyle sets the 目次 before the pages it
 * points to, with "??" for every number, and sets a 目次 page again each time one of its pages is
 * known; a line that widened then pushed entries onto the next 目次 page, and every later page of
 * the book was set again (measured on 500 short questions: 1,588 page layouts for 262 pages,
 * 1.4× the time). `pages` is an upper bound of the page count; 0.85 (print.css) where it fits.
 */
export function tocNumberSize(grid: PrintGrid, pitch: number, pages: number): number {
  const digits = String(Math.max(1, Math.ceil(pages))).length;
  const fit = (pitch * grid.lineHeight) / (digits * DIGIT_WIDTH);
  // Two hundredths below the exact fit: the line must not widen by a rounding error either.
  return Math.min(TOC_NUMBER_SIZE, Math.floor(fit * 100 - 2) / 100);
}

/**
 * The generated part of the style: page size, margins mirrored for spreads, and the root type
 * size and pitch that `print.css` builds on. In a right-bound (vertical) book the recto is the
 * left-hand page, so its gutter is on the right; `:left`/`:right` say that without ambiguity.
 * `pages` bounds the page count from above (for the 目次's numbers, {@link tocNumberSize}).
 */
export function pageStyle(geometry: PageGeometry, tocEntries = 0, pages = 0): string {
  const { grid } = geometry;
  const pitch = tocPitch(grid, tocEntries);
  const numberSize = tocNumberSize(grid, pitch, pages);
  const margins = (left: number, right: number) => `margin: ${pt(geometry.head)} ${pt(right)} ${pt(geometry.foot)} ${pt(left)};`;
  return [
    `@page { size: ${pt(geometry.width)} ${pt(geometry.height)}; ${margins(geometry.foreEdge, geometry.gutter)} }`,
    `@page :left { ${margins(geometry.foreEdge, geometry.gutter)} }`,
    `@page :right { ${margins(geometry.gutter, geometry.foreEdge)} }`,
    `:root { font-size: ${pt(grid.fontSize)}; line-height: ${pt(grid.fontSize * grid.lineHeight)}; --page-width: ${pt(geometry.width)}; --page-height: ${pt(geometry.height)}; --block-width: ${pt(geometry.blockWidth)}; --block-height: ${pt(geometry.blockHeight)}; }`,
    grid.columns === 2 ? `.book-body { column-count: 2; column-gap: ${grid.columnGap}rem; column-fill: auto; }` : '',
    `.toc-entry { line-height: ${pitch}rlh; }`,
    numberSize < TOC_NUMBER_SIZE ? `.toc-entry a::after { font-size: ${numberSize}rem; }` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export interface PrintHtmlOptions {
  /** Stylesheet hrefs, relative to the HTML file, in cascade order (typography.css before print.css). */
  stylesheets: string[];
  size?: PageSize;
  columns?: 1 | 2;
  /** An upper bound of the page count (print-extent.ts); sizes the 目次's page numbers. */
  pages?: number;
}

/** Strings the book parts into one print HTML document (lang ja, metadata, page grid, stylesheets). */
export function printHtml(parts: BookParts, meta: FrontMatter, options: PrintHtmlOptions): string {
  const [only] = printDocuments(parts, meta, options);
  return only!.html;
}

/** One HTML document of the print edition: its file name (beside the stylesheets) and its text. */
export interface PrintDocument {
  file: string;
  html: string;
}

/** The first document's name; the main matter's later parts are `print-2.html`, `print-3.html` …. */
export const PRINT_HTML = 'print.html';

/**
 * The print edition as HTML documents, in reading order. Without `breaks` (a book of up to
 * about 80 pages, print-extent.ts) it is one document, `print.html`. A longer book is cut before
 * the questions whose 0-based indexes `breaks` lists: `print.html` holds the cover, 扉, 目次, the
 * lead and the first part, each later document one part of the main matter, the last one the
 * colophon too. Vivliostyle lays each document out on its own, in the same page sequence: its time
 * per page stays flat instead of growing with the book, and a part starts on a new page. The
 * 目次 links point into the document that holds each question, so its page numbers, the links and
 * the PDF outline stay right.
 */
export function printDocuments(parts: BookParts, meta: FrontMatter, options: PrintHtmlOptions & { breaks?: readonly number[] }): PrintDocument[] {
  const size = options.size ?? meta.size;
  const columns = options.columns ?? meta.columns;
  const geometry = pageGeometry(size, columns);
  const head: Element[] = [
    h('meta', { charset: 'utf-8' }),
    h('title', meta.title),
    meta.interviewee ? h('meta', { name: 'author', content: meta.interviewee }) : undefined,
    h('meta', { name: 'description', content: describeBook(meta) }),
    h('meta', { name: 'subject', content: describeBook(meta) }),
    meta.date ? h('meta', { name: 'dcterms.date', content: meta.date }) : undefined,
    h('meta', { name: 'generator', content: 'kumihan' }),
    ...options.stylesheets.map((href) => h('link', { rel: 'stylesheet', href })),
    // After the stylesheets: the grid of this edition wins over print.css defaults.
    h('style', pageStyle(geometry, parts.questions.length, options.pages) + (options.breaks?.length ? continuedStyle(parts.cover) : '')),
  ].filter((node): node is Element => node !== undefined);
  const document = (body: Element[]) => {
    const tree: Root = {
      type: 'root',
      children: [
        { type: 'doctype' },
        h('html', { lang: meta.lang || 'ja', className: ['kumihan-print', `size-${size.toLowerCase()}`, `columns-${columns}`, ...titleClass(meta.title)] }, [h('head', head), h('body', body)]),
      ],
    };
    return `${serialize(tree, 'html')}\n`;
  };

  const cuts = [0, ...(options.breaks ?? []).filter((index) => index > 0 && index < parts.questions.length), parts.questions.length];
  const files = cuts.slice(0, -1).map((_, part) => (part ? `print-${part + 1}.html` : PRINT_HTML));
  const fileOf = new Map<string, string>();
  cuts.slice(0, -1).forEach((from, part) => {
    for (const question of parts.questions.slice(from, cuts[part + 1])) fileOf.set(String(question.properties.id), files[part]!);
  });
  // Flex needs one item to push the colophon to the left end of its page.
  const colophon = h('div.colophon-page', [parts.colophon]);
  return files.map((file, part) => {
    const questions = parts.questions.slice(cuts[part], cuts[part + 1]);
    // The main matter in one box per document: one flow for the 段組 variant and for the running heads.
    const main = part
      ? h('main.book-body.book-body-continued', questions)
      : h('main.book-body', [...(parts.lead ? [parts.lead] : []), ...questions]);
    const last = part === files.length - 1;
    const body = part ? [main] : [parts.cover, parts.titlePage, files.length > 1 ? linkToc(parts.toc, fileOf) : parts.toc, main];
    return { file, html: document(last ? [...body, colophon] : body) };
  });
}

/**
 * Vivliostyle keeps named strings within a document: the book title, set by the cover in the
 * first, would be missing from the running heads of every later part. Each part sets it again, to
 * the cover's typeset text (as `string-set: book-title content(text)` takes it).
 */
function continuedStyle(cover: Element): string {
  let title = '';
  visit(cover, 'element', (node) => {
    if (!title && Array.isArray(node.properties.className) && node.properties.className.includes('book-title')) title = toString(node);
  });
  return `\n.book-body-continued { string-set: book-title ${cssString(title)}; }`;
}

/** A CSS string literal holding `text`, safe inside a `<style>` element (no quote, backslash, `<` or line break unescaped). */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"<>&\n\r\f]/gu, (character) => `\\${character.codePointAt(0)!.toString(16)} `)}"`;
}

/** A copy of the 目次 whose links name the document of each question (`print-2.html#q41`); the parts are shared with the EPUB and stay as they are. */
function linkToc(toc: Element, fileOf: ReadonlyMap<string, string>): Element {
  const copy = structuredClone(toc);
  visit(copy, 'element', (node) => {
    const href = node.tagName === 'a' ? node.properties.href : undefined;
    if (typeof href !== 'string' || !href.startsWith('#')) return;
    const file = fileOf.get(href.slice(1));
    if (file && file !== PRINT_HTML) node.properties.href = `${file}${href}`;
  });
  return copy;
}

/**
 * The publication manifest (W3C Publication Manifest, as Vivliostyle reads it) of a print edition
 * in several documents: Vivliostyle's input in their place.
 */
export function publicationManifest(documents: readonly PrintDocument[], meta: FrontMatter): string {
  const manifest = {
    '@context': ['https://schema.org', 'https://www.w3.org/ns/pub-context'],
    type: 'Book',
    name: meta.title,
    inLanguage: meta.lang || 'ja',
    readingProgression: 'rtl',
    readingOrder: documents.map(({ file }) => ({ url: file, encodingFormat: 'text/html' })),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Titles past this many characters are set smaller on the cover (CSS cannot count characters). */
const LONG_TITLE = 20;

function titleClass(title: string): string[] {
  return [...title].length > LONG_TITLE ? ['title-long'] : [];
}

