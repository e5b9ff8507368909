/**
 * Writer: BookParts → the HTML documents Vivliostyle typesets (the print edition): one, or for a
 * long book one per stretch of about 80 pages (printDocuments).
 *
 * The page grid (type size, characters per line, lines per page, margins) is computed here from
 * one table and written into the document as a small generated `@page` rule plus the root font
 * size and line pitch; `styles/print.css` expresses everything else in `rem` (one character) and
 * `rlh` (one line pitch), so every size and the two-column variant share one stylesheet.
 */
import { h } from 'hastscript';
import { eachElement } from '../../core/tree.js';
import type { Element, Root } from 'hast';
import { KumihanError } from '../../core/errors.js';
import { PAGE_SIZES, type FrontMatter, type PageSize } from '../../config/schema.js';
import type { BookParts } from '../../render/parts.js';
import { COVER_TITLE_MAX, describeBook } from '../../config/describe.js';
import { serialize } from '../../render/serialize.js';
import { japanesePhrases } from '../../core/phrases.js';
import { oneOf, trimEndWhere } from '../../core/scan.js';

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
 * Space kept between the page numbers of neighbouring entries, in `rem`: what 0.85-size numbers
 * leave at the house pitch (0.85 line). Numbers fitted to the pitch exactly ran together into one
 * row of digits (`108107107106…`) in a 目次 at its closest pitch.
 */
const NUMBER_GAP = 0.2;

/**
 * The size (in `rem`) of the 目次's page numbers, so that the widest number the book can reach
 * is no wider than an entry's pitch: the numbers are set horizontally across the vertical line,
 * and a number wider than the pitch widens its line. Vivliostyle sets the 目次 before the pages it
 * points to, with "??" for every number, and sets a 目次 page again each time one of its pages is
 * known; a line that widened then pushed entries onto the next 目次 page, and every later page of
 * the book was set again (measured on 500 short questions: 1,588 page layouts for 262 pages,
 * 1.4× the time). A gap is kept between neighbouring numbers ({@link NUMBER_GAP}). `pages` is an
 * upper bound of the page count; 0.85 (print.css) where it fits.
 */
export function tocNumberSize(grid: PrintGrid, pitch: number, pages: number): number {
  const digits = String(Math.max(1, Math.ceil(pages))).length;
  const fit = (pitch * grid.lineHeight - NUMBER_GAP) / (digits * DIGIT_WIDTH);
  // Rounded down: the gap also absorbs the browser's rounding, so the line never widens.
  return Math.min(TOC_NUMBER_SIZE, Math.floor(fit * 100) / 100);
}

/**
 * The generated part of the style: page size, margins mirrored for spreads, and the root type
 * size and pitch that `print.css` builds on. In a right-bound (vertical) book the recto is the
 * left-hand page, so its gutter is on the right; `:left`/`:right` say that without ambiguity.
 * `display`: rules after the grid's (display sizes, the running head); `pages` bounds the page
 * count from above (for the 目次's numbers, {@link tocNumberSize}).
 */
export function pageStyle(geometry: PageGeometry, tocEntries = 0, display: string[] = [], pages = 0): string {
  const { grid } = geometry;
  const pitch = tocPitch(grid, tocEntries);
  const numberSize = tocNumberSize(grid, pitch, pages);
  const margins = (left: number, right: number) => `margin: ${pt(geometry.head)} ${pt(right)} ${pt(geometry.foot)} ${pt(left)};`;
  return [
    `@page { size: ${pt(geometry.width)} ${pt(geometry.height)}; ${margins(geometry.foreEdge, geometry.gutter)} }`,
    `@page :left { ${margins(geometry.foreEdge, geometry.gutter)} }`,
    `@page :right { ${margins(geometry.gutter, geometry.foreEdge)} }`,
    `:root { font-size: ${pt(grid.fontSize)}; line-height: ${pt(grid.fontSize * grid.lineHeight)}; --page-width: ${pt(geometry.width)}; --page-height: ${pt(geometry.height)}; --block-width: ${pt(geometry.blockWidth)}; --block-height: ${pt(geometry.blockHeight)}; --column-height: ${pt(grid.chars * grid.fontSize)}; }`,
    grid.columns === 2 ? `.book-body { column-count: 2; column-gap: ${grid.columnGap}rem; column-fill: auto; }` : '',
    `.toc-entry { line-height: ${pitch}rlh; }`,
    numberSize < TOC_NUMBER_SIZE ? `.toc-entry a::after { font-size: ${numberSize}rem; }` : '',
    ...display,
  ]
    .filter(Boolean)
    .join('\n');
}

export interface PrintHtmlOptions {
  /** Stylesheet hrefs, relative to the HTML file, in cascade order (typography.css before print.css). */
  stylesheets: string[];
  size?: PageSize;
  columns?: 1 | 2;
  /**
   * The cover (表1) and a back cover (表4) are pages of the book, as in a self-cover booklet (the
   * default); without them (a KDP interior, whose cover is a file of its own) the book opens on the 扉.
   */
  selfCover?: boolean;
  /** Mark every paragraph, heading and turn with its manuscript line (`data-source-line`), for the preview. */
  sourceLines?: boolean;
  /** An upper bound of the page count (print-extent.ts); sizes the 目次's page numbers. */
  pages?: number;
  /**
   * Where the main matter is cut into documents: the 0-based indexes into `parts.body` of the
   * sections that start a document of their own (print-extent.ts, partBreaks). None: one document.
   */
  breaks?: readonly number[];
  /** Pixel size of each figure's picture, by figure id: figures are then sized on the grid ({@link figureBox}). */
  figures?: ReadonlyMap<string, PictureSize>;
}

/** A picture's size in pixels (after EXIF rotation). */
export interface PictureSize {
  width: number;
  height: number;
}

/** A figure's picture in print: its size in points and the whole lines it takes (行取り). */
export interface FigureBox {
  width: number;
  height: number;
  /** Lines of the grid the picture takes, its margins included. */
  lines: number;
  /** Space on each side of the picture across the lines, in points. */
  margin: number;
}

/** The widest a figure may be: two thirds of the lines of a page (or column), so text still runs beside it. */
const FIGURE_MAX_LINES = 2 / 3;
/** A picture is never enlarged past 96 dpi (0.75 pt a pixel). */
const FIGURE_MAX_SCALE = 72 / 96;

/**
 * A figure's picture set on the grid: as large as fits the column's height and two thirds of its
 * lines (never past 96 dpi), then centred across a whole number of lines with at least half a line
 * on either side, so the caption (one line a line) and the text after the figure stay on the grid.
 */
export function figureBox(geometry: PageGeometry, picture: PictureSize): FigureBox {
  const { grid } = geometry;
  const pitch = grid.fontSize * grid.lineHeight;
  const maxLines = Math.max(2, Math.floor(grid.lines * FIGURE_MAX_LINES));
  const maxWidth = (maxLines - 1) * pitch;
  const maxHeight = grid.chars * grid.fontSize;
  const scale = Math.min(maxWidth / picture.width, maxHeight / picture.height, FIGURE_MAX_SCALE);
  const width = picture.width * scale;
  const height = picture.height * scale;
  const lines = Math.ceil((width + pitch) / pitch - 1e-9);
  return { width, height, lines, margin: (lines * pitch - width) / 2 };
}

/** The generated sizes of the figures (`#fig1 img`), from their pictures' pixel sizes. */
function figureStyles(geometry: PageGeometry, figures: ReadonlyMap<string, PictureSize> | undefined): string[] {
  return [...(figures ?? [])].map(([id, size]) => {
    const box = figureBox(geometry, size);
    // Padding before the picture, not a margin: a margin at the top of a page or column is truncated.
    return `#${id} { padding-block-start: ${pt(box.margin)}; } #${id} img { width: ${pt(box.width)}; height: ${pt(box.height)}; max-width: none; margin-block: 0 ${pt(box.margin)}; }`;
  });
}

/**
 * Adds `data-source-line` to each paragraph, heading and turn of a tree (a turn takes its first
 * paragraph's line). The tree is changed in place: only the preview asks, and builds it for itself.
 */
function markSourceLines(tree: Root): void {
  eachElement(tree, (node) => {
    const start = node.position?.start.line ?? (hasClass(node, 'turn') ? firstLine(node) : undefined);
    if (start !== undefined && (/^(p|h[1-6]|li|blockquote)$/.test(node.tagName) || hasClass(node, 'turn'))) node.properties.dataSourceLine = start;
  });
}

function hasClass(node: Element, name: string): boolean {
  const classes = node.properties.className;
  return Array.isArray(classes) && classes.includes(name);
}

function firstLine(node: Element): number | undefined {
  for (const child of node.children) if (child.type === 'element' && child.position) return child.position.start.line;
  return undefined;
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
 * the sections of the main matter (`parts.body`: parts and questions) whose 0-based indexes
 * `breaks` lists: `print.html` holds the cover, 扉, 目次, the lead and the first stretch of the
 * main matter, each later document one stretch, the last one the 奥付 and 表4 too. (These
 * documents are not the book's parts, `#` headings: a cut falls where the pages say.) Vivliostyle
 * lays each document out on its own, in the same page sequence: its time per page stays flat
 * instead of growing with the book, and each document starts on a new page. Links into another
 * document name it (the 目次's `print-2.html#q41`), so the 目次's page numbers, the links and the
 * PDF outline stay right.
 */
export function printDocuments(parts: BookParts, meta: FrontMatter, options: PrintHtmlOptions): PrintDocument[] {
  const size = options.size ?? meta.size;
  const columns = options.columns ?? meta.columns;
  const selfCover = options.selfCover ?? true;
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
    h('style', pageStyle(geometry, parts.questions.length + parts.partHeads.length, [...displaySizes(parts, meta, geometry), runningHead(meta, geometry), ...figureStyles(geometry, options.figures)], options.pages)),
  ].filter((node): node is Element => node !== undefined);
  const document = (body: Element[]) => {
    const tree: Root = {
      type: 'root',
      children: [
        { type: 'doctype' },
        h('html', { lang: meta.lang || 'ja', className: ['kumihan-print', `size-${size.toLowerCase()}`, `columns-${columns}`, ...titleClass(meta.title)] }, [
          h('head', head),
          h('body', { className: selfCover ? ['self-cover'] : [] }, body),
        ]),
      ],
    };
    if (options.sourceLines) markSourceLines(tree);
    return `${serialize(tree, 'html')}\n`;
  };

  const cuts = [0, ...(options.breaks ?? []).filter((index) => index > 0 && index < parts.body.length), parts.body.length];
  const files = cuts.slice(0, -1).map((_, part) => (part ? `print-${part + 1}.html` : PRINT_HTML));
  const sections = files.map((_, part) => parts.body.slice(cuts[part], cuts[part + 1]));
  // Which document holds each element id, for links from one document into another.
  const fileOf = new Map<string, string>();
  sections.forEach((list, part) => {
    for (const section of list) {
      eachElement(section, (node) => {
        if (typeof node.properties.id === 'string') fileOf.set(node.properties.id, files[part]!);
      });
    }
  });
  const linked = (element: Element, file: string) => (files.length > 1 ? linkAcross(element, file, fileOf) : element);
  return files.map((file, part) => {
    const last = part === files.length - 1;
    // The main matter in one box per document: one flow for the 段組 variant and for the running heads.
    const main = part
      ? h('main.book-body.book-body-continued', { style: carriedStrings(parts.body.slice(0, cuts[part])) }, sections[part]!.map((section) => linked(section, file)))
      : h('main.book-body', [...(parts.lead ? [parts.lead] : []), ...sections[0]!.map((section) => linked(section, file))]);
    const front = part ? [] : [...(selfCover ? [parts.cover] : []), parts.titlePage, linked(linkTarget(parts.toc, '.toc-title', 'toc'), file)];
    const back = last
      ? [
          // Flex needs one item to push the colophon to the left end of its page.
          h('div.colophon-page', [linkTarget(parts.colophon, '.colophon-title', 'colophon')]),
          // 表4, the outside back cover: the 奥付 sits on 表3 before it, never on the outside.
          ...(selfCover ? [h('section.back-cover#back-cover', { ariaHidden: 'true' })] : []),
        ]
      : [];
    return { file, html: document([...front, main, ...back]) };
  });
}

/**
 * The running-head strings a later document starts with, those the sections before it left set
 * (Vivliostyle keeps named strings within a document): as `question-*-carried`, which print.css
 * shows after the document's own (empty until its first question heading, which empties the
 * carried ones). A page where a question starts shows that question, as in one document, and the
 * pages of a part's opening turns the last question before them.
 */
function carriedStrings(before: readonly Element[]): string | undefined {
  const question = [...before].reverse().find((section) => hasClass(section, 'question'));
  if (!question) return undefined;
  const text = (name: string) => {
    let found = '';
    eachElement(question, (node) => {
      if (found || !hasClass(node, name)) return;
      found = textOf(node);
    });
    return found;
  };
  return `string-set: question-number-carried ${cssString(text('question-number'))}, question-title-carried ${cssString(text('question-text'))}`;
}

/** The text of an element as `content(text)` takes it: ruby text (rt, rp) left out. */
function textOf(node: Element): string {
  let text = '';
  for (const child of node.children) {
    if (child.type === 'text') text += child.value;
    else if (child.type === 'element' && child.tagName !== 'rt' && child.tagName !== 'rp') text += textOf(child);
  }
  return text;
}

/**
 * `element`, or a copy of it whose links to an element of another document name that document
 * (`print-2.html#q41`): the 目次, the notes' links. The parts are shared with the EPUB and stay as they are.
 */
function linkAcross(element: Element, file: string, fileOf: ReadonlyMap<string, string>): Element {
  const target = (node: Element) => {
    const href = node.tagName === 'a' ? node.properties.href : undefined;
    if (typeof href !== 'string' || !href.startsWith('#')) return undefined;
    const other = fileOf.get(href.slice(1));
    return other && other !== file ? `${other}${href}` : undefined;
  };
  let crossing = false;
  eachElement(element, (node) => {
    if (target(node)) crossing = true;
  });
  if (!crossing) return element;
  const copy = structuredClone(element);
  eachElement(copy, (node) => {
    const href = target(node);
    if (href) node.properties.href = href;
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

/**
 * A copy of `part` whose heading (`selector`, one class) links to `#id`: the PDF then has a named
 * destination there, and the outline can point at the 目次 and the 奥付 (Chromium makes
 * destinations for link targets only). The parts are shared with the EPUB, hence the copy.
 */
function linkTarget(part: Element, selector: string, id: string): Element {
  const copy = structuredClone(part);
  const className = selector.slice(1);
  const heading = copy.children.find((child): child is Element => child.type === 'element' && Array.isArray(child.properties.className) && child.properties.className.includes(className));
  if (heading) heading.children = [h('a.self-link', { href: `#${id}` }, heading.children)];
  return copy;
}

const MM = 72 / 25.4;

/**
 * The width in ems of the longest run of an element's text that may not break: the text between
 * two `<wbr>` (BudouX phrase boundaries, rehype-budoux.ts) or spaces. A 縦中横 or upright span is
 * one em per character (a 縦中横 one em in all), a lowercase Latin letter or a space half an em.
 */
export function longestUnbreakable(element: Element): number {
  let longest = 0;
  let run = 0;
  const end = () => {
    longest = Math.max(longest, run);
    run = 0;
  };
  const walk = (node: Element) => {
    for (const child of node.children) {
      if (child.type === 'element') {
        if (child.tagName === 'wbr') end();
        else if (child.tagName === 'rt' || child.tagName === 'rp') continue;
        else if (Array.isArray(child.properties.className) && child.properties.className.includes('tcy')) run += 1;
        else walk(child);
      } else if (child.type === 'text') {
        for (const char of child.value) {
          if (/\s/.test(char)) {
            end();
            continue;
          }
          run += /[a-z]/.test(char) ? 0.5 : 1;
        }
      }
    }
  };
  walk(element);
  end();
  return longest;
}

/** One display line: the element (by class), its default size in rem, its letter-spacing in em, the line length in points. */
interface DisplayLine {
  selector: string;
  element?: Element;
  rem: number;
  spacing: number;
  length: number;
}

/**
 * Type sizes for the cover and the 扉 that let the longest phrase of each line fit its column, so
 * that no title breaks inside a word (「チャンネ｜ル」 on a 文庫 cover): the house size where it fits,
 * smaller where it would not. Title lines are never justified (print.css); this keeps them whole.
 */
function displaySizes(parts: BookParts, meta: FrontMatter, geometry: PageGeometry): string[] {
  const find = (root: Element, name: string) => root.children.find((child): child is Element => child.type === 'element' && Array.isArray(child.properties.className) && child.properties.className.includes(name));
  // The cover frame: the page less its 16 mm × 14 mm margins, the padding and the double rule.
  const cover = geometry.height - 32 * MM - 2 * coverPadding(geometry) - 2 * 2.4;
  // The same test as the `title-long` class (print.css sets such a title smaller, from the top).
  const long = titleClass(meta.title).length > 0;
  const lines: DisplayLine[] = [
    { selector: '.cover .book-title', element: find(parts.cover, 'book-title'), rem: long ? 1.9 : 2.8, spacing: long ? 0.06 : 0.14, length: cover },
    { selector: '.cover .book-subtitle', element: find(parts.cover, 'book-subtitle'), rem: 1.25, spacing: 0.12, length: cover },
    { selector: '.cover .book-author', element: find(parts.cover, 'book-author'), rem: 1.4, spacing: 0.25, length: cover },
    { selector: '.title-page-title', element: find(parts.titlePage, 'title-page-title'), rem: 1.9, spacing: 0.1, length: geometry.blockHeight },
    { selector: '.title-page-subtitle', element: find(parts.titlePage, 'title-page-subtitle'), rem: 1.05, spacing: 0, length: geometry.blockHeight },
    { selector: '.title-page-author', element: find(parts.titlePage, 'title-page-author'), rem: 1.2, spacing: 0.2, length: geometry.blockHeight },
    { selector: '.title-page-outlet', element: find(parts.titlePage, 'title-page-outlet'), rem: 0.9, spacing: 0, length: geometry.blockHeight },
  ];
  const css = [`.cover { padding: ${pt(coverPadding(geometry))}; }`];
  for (const line of lines) {
    if (!line.element) continue;
    const ems = longestUnbreakable(line.element);
    const house = line.rem * geometry.grid.fontSize;
    // 2 % to spare: glyph advances and rounding in the browser.
    const fits = (line.length * 0.98) / Math.max(1, ems * (1 + line.spacing));
    if (fits < house) css.push(`${line.selector} { font-size: ${pt(Math.floor(fits * 4) / 4)}; }`);
  }
  return css;
}

/** Padding inside the cover's frame: a tenth of the frame's short side. */
function coverPadding(geometry: PageGeometry): number {
  return Math.min(geometry.width - 28 * MM, geometry.height - 32 * MM) / 10;
}

/** Running heads are 7 pt with 0.08 em tracking (print.css), in the width of the text block. */
const RUNNING_HEAD_EM = 7 * 1.08;

/**
 * The verso 柱: the front matter's `short_title`, or the title cut at the last phrase boundary
 * that fits the running head's width — never an ellipsis through a word.
 */
export function runningHeadTitle(meta: Pick<FrontMatter, 'title' | 'short_title'>, geometry: PageGeometry): string {
  if (meta.short_title) return meta.short_title;
  const room = Math.floor((geometry.blockWidth * 0.9) / RUNNING_HEAD_EM);
  if ([...meta.title].length <= room) return meta.title;
  let cut = '';
  for (const phrase of japanesePhrases().parse(meta.title)) {
    if ([...(cut + phrase)].length > room) break;
    cut += phrase;
  }
  // A first phrase longer than the whole line: the title itself, which CSS then clips. A cut
  // title does not end on the particle that tied it to the words left out (…チャンネルで).
  return cut ? trimEndWhere(cut, oneOf('・、，,', { spaces: true })).replace(/(?<=[^\p{Script=Hiragana}])[でにのはをがとへもや]$/u, '') : meta.title;
}

function runningHead(meta: FrontMatter, geometry: PageGeometry): string {
  return `@page body:right { @top-right { content: ${cssString(runningHeadTitle(meta, geometry))}; } }`;
}

/** A CSS string literal; `<` escaped too, since it sits in a <style> element (or a `style` attribute). */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"<\n\r\f]/g, (char) => `\\${char.charCodeAt(0).toString(16)} `)}"`;
}

/** Titles past this many characters are set smaller on the cover (CSS cannot count characters). */
const LONG_TITLE = 20;

function titleClass(title: string): string[] {
  const length = [...title].length;
  return [...(length > LONG_TITLE ? ['title-long'] : []), ...(length > COVER_TITLE_MAX ? ['title-huge'] : [])];
}

