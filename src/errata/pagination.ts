/**
 * What a rebuild did to the pages of the previous printing: which pages' text changed where they
 * stand, and which pages only moved because a correction pushed lines onto them (reflow). A reprint
 * (増刷) keeps its pagination when every page after a correction starts where it started before.
 */
import { KumihanError } from '../core/errors.js';
import { foldForSearch } from './fold.js';
import type { PrintedPage } from './layout.js';

/** A run of pages whose text starts elsewhere than before, and by how many lines (positive: pushed later). */
export interface Reflow {
  from: number;
  to: number;
  /** Lines the first page's text moved by (never 0: a page that moved moved by something). */
  lines: number;
  /** Roughly the characters to cut (moving later) or that may be added (moving back) for it to stay. */
  characters: number;
}

/** The comparison of two printings, page by page. */
export interface PaginationReport {
  /** Pages whose text changed but which start and end where they did (the corrected pages). */
  changed: number[];
  reflows: Reflow[];
  pages: { old: number; new: number };
  /** The usual number of characters in a full line, for estimates. */
  charsPerLine: number;
}

const EDGE = 10;

function pageText(page: PrintedPage | undefined): string {
  return page ? foldForSearch(page.lines.map((line) => line.text).join('')) : '';
}

/** The commonest length of the longer lines: a full line. */
function fullLineLength(pages: PrintedPage[]): number {
  const lengths = pages.flatMap((page) => page.lines.map((line) => line.length));
  const longest = lengths.reduce((most, length) => Math.max(most, length), 0);
  const counts = new Map<number, number>();
  for (const length of lengths) if (length >= 0.8 * longest) counts.set(length, (counts.get(length) ?? 0) + 1);
  let best = longest;
  let bestCount = 0;
  for (const [length, count] of counts) if (count > bestCount || (count === bestCount && length > best)) [best, bestCount] = [length, count];
  return best;
}

/** Compares the pages of the previous printing with the new one. */
export function comparePagination(before: PrintedPage[], after: PrintedPage[]): PaginationReport {
  const old = before.map(pageText);
  const next = after.map(pageText);
  const count = Math.max(old.length, next.length);
  const changed: number[] = [];
  const moved: number[] = [];
  for (let page = 1; page <= count; page++) {
    const o = old[page - 1] ?? '';
    const n = next[page - 1] ?? '';
    if (o === n) continue;
    // A page moved when both its start and the end of the page before it differ: text crossed the
    // page break. A correction at the very start (or end) of a page changes one side only.
    const startMoved = o.slice(0, EDGE) !== n.slice(0, EDGE);
    const previousEndMoved = page > 1 && (old[page - 2] ?? '').slice(-EDGE) !== (next[page - 2] ?? '').slice(-EDGE);
    if ((startMoved && previousEndMoved) || o === '' || n === '') moved.push(page);
    else changed.push(page);
  }
  const reflows: Reflow[] = [];
  // Both printings: a short book's old printing may hold no full line at all.
  const charsPerLine = fullLineLength([...before, ...after]);
  const oldFlow = moved.length ? flowOf(before) : undefined;
  const newFlow = moved.length ? flowOf(after) : undefined;
  for (const page of moved) {
    const last = reflows[reflows.length - 1];
    if (last && last.to === page - 1) last.to = page;
    else reflows.push({ from: page, to: page, ...movement(oldFlow!, newFlow!, page, charsPerLine) });
  }
  return { changed, reflows, pages: { old: before.length, new: after.length }, charsPerLine };
}

/** The folded text of a printing as one flow, with where each page and line starts in it. */
interface Flow {
  text: string;
  /** Offset of each page's first character; one more entry for the end of the flow. */
  pageStart: number[];
  /** Every line with its page (1-based), offsets in the flow and glyph count. */
  lines: Array<{ page: number; start: number; end: number; length: number }>;
}

function flowOf(pages: PrintedPage[]): Flow {
  let text = '';
  const pageStart: number[] = [];
  const lines: Flow['lines'] = [];
  pages.forEach((page, index) => {
    pageStart.push(text.length);
    for (const line of page.lines) {
      const start = text.length;
      text += foldForSearch(line.text);
      if (text.length > start) lines.push({ page: index + 1, start, end: text.length, length: line.length });
    }
  });
  pageStart.push(text.length);
  return { text, pageStart, lines };
}

const ANCHOR = 12;
const TRIES = 24;
const CANDIDATES = 256;
const MATCH_CAP = 4096;

/** How many characters from old[a] and next[b] on are the same (at most MATCH_CAP). */
function matchLength(old: string, a: number, next: string, b: number): number {
  let n = 0;
  while (n < MATCH_CAP && a + n < old.length && b + n < next.length && old.charCodeAt(a + n) === next.charCodeAt(b + n)) n++;
  return n;
}

/**
 * Where the old flow's text at `at` stands in the new flow. Twelve characters from `at` (or, when
 * the correction changed them, from a little further on) are looked for in the whole new flow; of
 * the places found the one whose following text agrees longest with the old text wins (text that
 * repeats, a refrain, is told apart by what comes after it), the nearer to `expected` on a tie.
 * The end of the old flow is the end of the new one; when nothing is found, `expected`.
 */
function locate(old: Flow, next: Flow, at: number, expected: number): number {
  for (let tried = 0, from = at; tried < TRIES && from < old.text.length; tried++, from += ANCHOR) {
    const anchor = old.text.slice(from, from + ANCHOR);
    if (anchor.length < 4) break;
    const found: number[] = [];
    for (let index = next.text.indexOf(anchor); index !== -1; index = next.text.indexOf(anchor, index + 1)) found.push(index);
    if (!found.length) continue;
    found.sort((a, b) => Math.abs(a - expected) - Math.abs(b - expected));
    let best = found[0]!;
    let bestLength = -1;
    for (const index of found.slice(0, CANDIDATES)) {
      const length = matchLength(old.text, from, next.text, index);
      if (length > bestLength) [best, bestLength] = [index, length];
    }
    return Math.max(0, best - (from - at));
  }
  if (at >= old.text.length || old.text.length - at < 4) return Math.max(0, next.text.length - (old.text.length - at));
  return Math.min(next.text.length, Math.max(0, expected));
}

/**
 * The space between two places of the new flow, in lines and characters: a line wholly between
 * them counts as a full line (a short line, a paragraph's end or a heading, takes a line of the
 * page all the same), a line cut by one of them counts the characters on the inner side.
 */
function span(next: Flow, from: number, to: number, charsPerLine: number): { lines: number; characters: number } {
  let lines = 0;
  let characters = 0;
  for (const line of next.lines) {
    if (line.end <= from || line.start >= to) continue;
    lines++;
    if (line.start >= from && line.end <= to) characters += Math.max(charsPerLine, line.length);
    else characters += [...next.text.slice(Math.max(from, line.start), Math.min(to, line.end))].length;
  }
  return { lines, characters };
}

/**
 * How far the text of old page `page` moved: where the old text at that page's start (or, for a
 * page blank before, the next text after it) stands in the new printing, found by text rather than
 * by whole lines, so that a paragraph broken into other lines, or run over a page break and blank
 * pages of the make-up, is still found. Moving later, the lines (and characters) set between the new
 * page's start and that text are what the correction pushed; moving back, the lines it rose by.
 * Whatever is found, a page that moved is given a movement of at least one line.
 */
function movement(old: Flow, next: Flow, page: number, charsPerLine: number): Required<Pick<Reflow, 'lines' | 'characters'>> {
  const at = old.pageStart[page - 1] ?? old.text.length;
  const boundary = next.pageStart[page - 1] ?? next.text.length;
  const shift = next.text.length - old.text.length;
  const x = locate(old, next, at, at + shift);
  if (x > boundary) return atLeastOne(span(next, boundary, x, charsPerLine), 1, charsPerLine);
  if (x < boundary) {
    const rose = span(next, x, boundary, charsPerLine);
    return atLeastOne({ lines: -rose.lines, characters: rose.characters }, -1, charsPerLine);
  }
  // Found where the new page starts (a page that moved only by what it holds): the lengths decide.
  return atLeastOne({ lines: 0, characters: Math.abs(shift) }, shift < 0 ? -1 : 1, charsPerLine);
}

function atLeastOne(moved: { lines: number; characters: number }, sign: 1 | -1, charsPerLine: number): { lines: number; characters: number } {
  const characters = Math.max(1, moved.characters);
  const lines = moved.lines !== 0 ? moved.lines : sign * Math.max(1, Math.ceil(characters / Math.max(1, charsPerLine)));
  return { lines, characters };
}

function pageRange(from: number, to: number): string {
  return from === to ? `p.${from}` : `pages ${from}–${to}`;
}

function lineCount(lines: number): string {
  const n = Math.abs(lines);
  return `${n === 1 ? 'one line' : `${n} lines`}`;
}

/** The report as one line for the build's output, e.g. "p.12 changed; pages 13–28 moved by one line". */
export function describePagination(report: PaginationReport): string {
  const parts: string[] = [];
  if (report.changed.length) parts.push(`${report.changed.length === 1 ? 'p.' : 'pages '}${report.changed.join(', ')} changed`);
  for (const reflow of report.reflows) {
    const by = reflow.lines < 0 ? ` back by ${lineCount(reflow.lines)}` : ` by ${lineCount(reflow.lines)}`;
    parts.push(`${pageRange(reflow.from, reflow.to)} moved${by}`);
  }
  if (!parts.length) parts.push('no page changed');
  else if (!report.reflows.length) parts.push('nothing reflowed');
  if (report.pages.old !== report.pages.new) parts.push(`${report.pages.old} → ${report.pages.new} pages`);
  return parts.join('; ');
}

/**
 * Refuses a reflow (for a reprint that must keep its pagination): one line naming the page the
 * correction overflows (or underfills) and roughly how many characters to cut (or may add).
 */
export function requireSamePagination(report: PaginationReport, pdf: string): void {
  const reflow = report.reflows[0];
  if (!reflow && report.pages.old === report.pages.new) return;
  const page = reflow ? Math.max(1, reflow.from - 1) : Math.min(report.pages.old, report.pages.new);
  const rest = reflow ? ` (${pageRange(reflow.from, reflow.to)} would move)` : '';
  let advice: string;
  if (!reflow) advice = `the pagination changes from p.${page} on (${report.pages.old} → ${report.pages.new} pages)`;
  else if (reflow.lines > 0) advice = `the correction on p.${page} pushes ${lineCount(reflow.lines)} (about ${reflow.characters} characters) onto p.${page + 1}: cut about ${reflow.characters} characters on p.${page} to keep the pagination (a full line holds ${report.charsPerLine})`;
  else advice = `p.${page} is ${lineCount(reflow.lines)} shorter and p.${page + 1} would move back: about ${reflow.characters} characters (${lineCount(reflow.lines)} of ${report.charsPerLine}) may be added on p.${page} to keep the pagination`;
  throw new KumihanError(`--keep-pagination: ${advice}${rest}; the previous PDF is kept`, { file: pdf });
}
