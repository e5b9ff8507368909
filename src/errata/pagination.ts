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
  /** Lines the first page's text moved by; undefined when no line of it could be found again. */
  lines?: number;
  /** Roughly the characters that moved with those lines. */
  characters?: number;
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
  const longest = Math.max(0, ...lengths);
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
  const charsPerLine = fullLineLength(before);
  for (const page of moved) {
    const last = reflows[reflows.length - 1];
    if (last && last.to === page - 1) last.to = page;
    else reflows.push({ from: page, to: page, ...movement(before, after, page, charsPerLine) });
  }
  return { changed, reflows, pages: { old: before.length, new: after.length }, charsPerLine };
}

/**
 * How far the text of old page `page` moved: its first line found again, whole, on the new page
 * before it or on one of the next few. Moving later, the lines (and characters) set before it on
 * the new pages are what the correction pushed; moving back, the lines it rose by.
 */
function movement(before: PrintedPage[], after: PrintedPage[], page: number, charsPerLine: number): Pick<Reflow, 'lines' | 'characters'> {
  const oldLines = before[page - 1]?.lines ?? [];
  const fold = (text: string) => foldForSearch(text);
  for (let j = 0; j < oldLines.length; j++) {
    const text = fold(oldLines[j]!.text);
    if (text.length < 4) continue;
    for (const offset of [0, -1, 1, 2, 3, 4, 5]) {
      const lines = after[page + offset - 1]?.lines ?? [];
      const k = lines.findIndex((line) => fold(line.text) === text);
      if (k === -1) continue;
      if (offset < 0) {
        const rose = lines.length - k + j;
        return { lines: -rose, characters: rose * charsPerLine };
      }
      // Everything on the new pages from `page` up to the found line, less the j old lines before it.
      const pushed = [...after.slice(page - 1, page + offset - 1).flatMap((p) => p.lines), ...lines.slice(0, k)];
      const extra = pushed.slice(0, Math.max(0, pushed.length - j));
      return { lines: pushed.length - j, characters: extra.reduce((sum, line) => sum + line.length, 0) };
    }
  }
  return {};
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
    const by = reflow.lines === undefined ? '' : reflow.lines < 0 ? ` back by ${lineCount(reflow.lines)}` : ` by ${lineCount(reflow.lines)}`;
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
  const lines = reflow?.lines;
  const characters = reflow?.characters;
  const rest = reflow ? ` (${pageRange(reflow.from, reflow.to)} would move)` : '';
  let advice: string;
  if (lines === undefined || lines === 0) advice = `the pagination changes from p.${page} on`;
  else if (lines > 0) advice = `the correction on p.${page} pushes ${lineCount(lines)} (about ${characters} characters) onto p.${page + 1}: cut about ${characters} characters on p.${page} to keep the pagination (a full line holds ${report.charsPerLine})`;
  else advice = `p.${page} is ${lineCount(lines)} shorter and p.${page + 1} would move back: about ${characters} characters (${lineCount(lines)} of ${report.charsPerLine}) may be added on p.${page} to keep the pagination`;
  throw new KumihanError(`--keep-pagination: ${advice}${rest}; the previous PDF is kept`, { file: pdf });
}
