/**
 * How far a reflow moved, and what a reprint must cut or may add, in the cases a whole-line search
 * missed: a corrected paragraph re-broken over the page break, text pushed onto a page the make-up
 * left blank, a refrain repeated through the page, the moved page's own first words corrected.
 */
import { describe, expect, it } from 'vitest';
import { printedPages, type Glyph, type PrintedPage } from '../../src/errata/layout.js';
import { comparePagination, describePagination, requireSamePagination } from '../../src/errata/pagination.js';

const WIDTH = 20;
const PER_PAGE = 6;

/** Distinct characters (no two runs alike), starting at code point `from`. */
function distinct(from: number, count: number): string {
  return Array.from({ length: count }, (_, k) => String.fromCodePoint(0x4e00 + from + k)).join('');
}

/** Lines of `WIDTH` characters, each paragraph starting a new line, as a typesetter breaks them. */
function lines(paragraphs: string[]): string[] {
  return paragraphs.flatMap((paragraph) => paragraph.match(new RegExp(`.{1,${WIDTH}}`, 'gu')) ?? []);
}

function page(texts: string[]): PrintedPage {
  return { tiers: 1, lines: texts.map((text, index) => ({ text, line: index + 1, tier: 0, length: [...text].length })) };
}

/**
 * A book as issue 13's make-up sets it: body pages of `PER_PAGE` lines, blank pages, and the 奥付
 * on page `colophonAt` (or right after the body when the body reaches it).
 */
function book(paragraphs: string[], colophonAt?: number): PrintedPage[] {
  const body = lines(paragraphs);
  const pages: PrintedPage[] = [];
  for (let i = 0; i < body.length; i += PER_PAGE) pages.push(page(body.slice(i, i + PER_PAGE)));
  if (colophonAt !== undefined) {
    while (pages.length < colophonAt - 1) pages.push(page([]));
    pages.push(page(['奥付の一行目です', '二〇二四年一月十日初版第一刷']));
  }
  return pages;
}

/** Both printings of a correction (`colophonAt` as in {@link book}) and what comparing them reports. */
function correction(paragraphs: string[], corrected: string[], colophonAt?: number) {
  const before = book(paragraphs, colophonAt);
  const after = book(corrected, colophonAt);
  return { before, after, report: comparePagination(before, after) };
}

function refusal(before: PrintedPage[], after: PrintedPage[]): string {
  try {
    requireSamePagination(comparePagination(before, after), 'book.pdf');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the reflow was not refused');
}

describe('reflow estimates', () => {
  it('follows a corrected paragraph re-broken over the page break (no old line is found whole again)', () => {
    // Paragraph 1 runs from page 1 onto page 2; eight characters are added at its start, which
    // moves the text of page 2 by eight characters but no later page.
    const paragraphs = [distinct(0, 60), distinct(100, 90), distinct(300, 47), distinct(400, 47)];
    const corrected = [...paragraphs];
    corrected[1] = `${distinct(900, 8)}${corrected[1]}`;
    const { before, after, report } = correction(paragraphs, corrected);
    // The premise: the old page 2's first line is nowhere among the new lines.
    const newLines = after.flatMap((p) => p.lines.map((line) => line.text));
    expect(newLines).not.toContain(before[1]!.lines[0]!.text);
    expect(report.reflows[0]).toMatchObject({ from: 2, lines: 1, characters: 8 });
    expect(describePagination(report)).toContain('moved by one line');
    expect(refusal(before, after)).toBe(
      '--keep-pagination: the correction on p.1 pushes one line (about 8 characters) onto p.2: cut about 8 characters on p.1 to keep the pagination (a full line holds 20) (p.2 would move); the previous PDF is kept',
    );
  });

  it('counts the lines pushed onto a page the make-up left blank, short lines as full ones', () => {
    // The body ends on page 2 with two lines to spare; the 奥付 stands on page 4 whatever happens.
    const paragraphs = [distinct(0, 47), distinct(100, 47), distinct(200, 47), distinct(300, 10)];
    const corrected = [...paragraphs];
    corrected[2] = `${corrected[2]}${distinct(900, 80)}`;
    const { before, after, report } = correction(paragraphs, corrected, 4);
    expect(before[2]!.lines).toEqual([]);
    expect(after).toHaveLength(before.length);
    // Page 3 now holds the last line of paragraph 2 (7 characters) and paragraph 3 (10): two lines of space.
    expect(report.reflows).toEqual([{ from: 3, to: 3, lines: 2, characters: 2 * WIDTH }]);
    expect(refusal(before, after)).toMatch(/^--keep-pagination: the correction on p\.2 pushes 2 lines \(about 40 characters\) onto p\.3: cut about 40 characters on p\.2 /);
  });

  it('tells a refrain apart by what follows it', () => {
    // The same sentence again and again: the old page 2 starts inside the refrain. Five characters
    // are added before it, and one refrain's length at the end of the book, so that the place the
    // whole book's growth predicts is one refrain off: only what follows tells the places apart.
    const refrain = '当時のことを思い出すといまでも胸が熱くなります';
    const paragraphs = [distinct(0, 30), refrain.repeat(8), distinct(300, 47)];
    const corrected = [distinct(0, 30), `${distinct(900, 5)}${refrain.repeat(8)}`, `${distinct(300, 47)}${distinct(950, [...refrain].length)}`];
    const { report } = correction(paragraphs, corrected);
    expect(report.reflows[0]).toMatchObject({ from: 2, lines: 1, characters: 5 });
  });

  it('still measures when the moved page’s own first words were corrected too', () => {
    // Page 1: paragraph 0 (five lines) and the first line of paragraph 1; page 2 starts 20
    // characters into paragraph 1. Twenty characters are added to paragraph 0, and the three
    // characters that started page 2 are corrected as well.
    const paragraphs = [distinct(0, 100), distinct(200, 60), distinct(300, 47), distinct(400, 47)];
    const corrected = [...paragraphs];
    corrected[0] = `${distinct(0, 90)}${distinct(900, 20)}${distinct(90, 10)}`;
    corrected[1] = `${distinct(200, 20)}${distinct(950, 3)}${distinct(223, 37)}`;
    const { report } = correction(paragraphs, corrected);
    expect(report.reflows[0]).toMatchObject({ from: 2, lines: 1, characters: 20 });
  });

  it('says how much may be added when a cut inside a paragraph over the break pulls the next page back', () => {
    const paragraphs = [distinct(0, 60), distinct(100, 90), distinct(300, 47), distinct(400, 47)];
    const corrected = [...paragraphs];
    corrected[1] = corrected[1]!.slice(5);
    const { before, after, report } = correction(paragraphs, corrected);
    expect(report.reflows[0]).toMatchObject({ from: 2, lines: -1, characters: 5 });
    expect(refusal(before, after)).toMatch(/^--keep-pagination: p\.1 is one line shorter and p\.2 would move back: about 5 characters .* may be added on p\.1 /);
  });

  it('names an amount even when none of the moved text is found again', () => {
    // Paragraph 0's end is rewritten longer (a line more) and everything after it replaced.
    const paragraphs = [distinct(0, 110), distinct(200, 40)];
    const corrected = [`${distinct(0, 100)}${distinct(1000, 30)}`, distinct(2000, 70)];
    const { before, after, report } = correction(paragraphs, corrected);
    const reflow = report.reflows[0]!;
    expect(reflow.lines).toBeGreaterThan(0);
    expect(reflow.characters).toBeGreaterThan(0);
    expect(refusal(before, after)).toMatch(/^--keep-pagination: the correction on p\.1 pushes .* cut about \d+ characters on p\.1 /);
  });
});

describe('reading a long book', () => {
  it('finds the text block of more glyphs than a function call takes arguments', () => {
    const column = (x: number): Glyph[] => Array.from({ length: 40 }, (_, k) => ({ text: '字', xMin: x - 10, xMax: x, yMin: 100 + 10 * k, yMax: 110 + 10 * k }));
    const pageGlyphs = Array.from({ length: 16 }, (_, c) => column(400 - 20 * c)).flat();
    const pages = Array.from({ length: 400 }, () => pageGlyphs);
    const printed = printedPages(pages);
    expect(printed).toHaveLength(pages.length);
    expect(printed.every((p) => p.lines.length === 16 && p.lines.every((line) => line.length === 40))).toBe(true);
  });
});
