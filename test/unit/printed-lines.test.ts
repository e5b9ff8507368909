/** Printed lines from glyph positions (errata 行) and the page-by-page comparison of two printings. */
import { describe, expect, it } from 'vitest';
import { lineLabel, parseBbox, printedPages, PrintedText, type Glyph, type PrintedPage } from '../../src/errata/layout.js';
import { comparePagination, describePagination, requireSamePagination } from '../../src/errata/pagination.js';

const SIZE = 10;

/** A vertical column of single-character glyphs whose right edge is at x, starting at y. */
function column(text: string, x: number, y = 100, size = SIZE): Glyph[] {
  return [...text].map((char, index) => ({ text: char, xMin: x - size, xMax: x, yMin: y + index * size, yMax: y + (index + 1) * size }));
}

describe('printed lines', () => {
  it('counts lines from the right, leaving out running heads, page numbers and ruby', () => {
    const page: Glyph[] = [
      ...column('一行目の文です', 300),
      ...column('二行目', 280),
      // Ruby beside the second line: half the body size.
      ...column('にぎょう', 285, 100, SIZE / 2),
      ...column('三行目の文', 260),
      // A horizontal running head above the text block and a page number below it.
      { text: 'Q1　最初の問い', xMin: 40, xMax: 120, yMin: 60, yMax: 67 },
      { text: '5', xMin: 40, xMax: 44, yMin: 500, yMax: 507 },
    ];
    const [printed] = printedPages([page]);
    expect(printed!.lines.map((line) => [line.line, line.text])).toEqual([
      [1, '一行目の文です'],
      [2, '二行目'],
      [3, '三行目の文'],
    ]);
    const text = new PrintedText([{ lines: [], tiers: 1 }, printed!]);
    expect(text.find('三行目の文')).toEqual({ page: 2, line: 3 });
    expect(text.find('どこにもない文です')).toBeUndefined();
  });

  it('reads the upper tier before the lower in two columns (段組)', () => {
    const page = [...column('上段の一行目', 300, 100), ...column('上段の二行目', 280, 100), ...column('下段の一行目', 300, 300), ...column('下段の二行目', 280, 300)];
    const [printed] = printedPages([page], 2);
    expect(printed!.lines.map((line) => `${lineLabel({ line: line.line, tier: line.tier ? 'lower' : 'upper' })}:${line.text}`)).toEqual([
      '上段1行:上段の一行目',
      '上段2行:上段の二行目',
      '下段1行:下段の一行目',
      '下段2行:下段の二行目',
    ]);
  });

  it('parses pdftotext -bbox output, one glyph per word', () => {
    const xhtml = '<page width="1" height="1"><word xMin="1" yMin="2" xMax="3" yMax="4">&lt;a&gt;</word><word xMin="5" yMin="6" xMax="7" yMax="8">字</word></page><page width="1" height="1"></page>';
    expect(parseBbox(xhtml)).toEqual([[{ text: '<a>', xMin: 1, yMin: 2, xMax: 3, yMax: 4 }, { text: '字', xMin: 5, yMin: 6, xMax: 7, yMax: 8 }], []]);
  });
});

/** Pages of full lines of `width` characters from `text`, `perPage` lines a page. */
function paginate(paragraphs: string[], width: number, perPage: number): PrintedPage[] {
  const lines = paragraphs.flatMap((paragraph) => paragraph.match(new RegExp(`.{1,${width}}`, 'gu')) ?? []);
  const pages: PrintedPage[] = [];
  for (let i = 0; i < lines.length; i += perPage) {
    pages.push({ tiers: 1, lines: lines.slice(i, i + perPage).map((text, index) => ({ text, line: index + 1, tier: 0, length: [...text].length })) });
  }
  return pages;
}

describe('pagination report', () => {
  // Twelve paragraphs of 47 distinct characters each (three lines of 20): no two lines alike.
  const paragraphs = Array.from({ length: 12 }, (_, i) => Array.from({ length: 47 }, (_, k) => String.fromCodePoint(0x4e00 + i * 47 + k)).join(''));

  it('names the changed page and finds no reflow when a correction keeps its length', () => {
    const corrected = [...paragraphs];
    corrected[4] = `正誤${corrected[4]!.slice(2)}`;
    const report = comparePagination(paginate(paragraphs, 20, 6), paginate(corrected, 20, 6));
    expect(report.reflows).toEqual([]);
    expect(describePagination(report)).toMatch(/^p\.\d+ changed; nothing reflowed$/);
    expect(() => requireSamePagination(report, 'x.pdf')).not.toThrow();
  });

  it('reports the pages a longer correction pushes on, and refuses them for a reprint', () => {
    const corrected = [...paragraphs];
    corrected[2] = `${corrected[2]!}${'追加'.repeat(20)}`;
    const before = paginate(paragraphs, 20, 6);
    const after = paginate(corrected, 20, 6);
    const report = comparePagination(before, after);
    expect(report.charsPerLine).toBe(20);
    expect(report.reflows[0]).toMatchObject({ from: 3, lines: 2 });
    expect(describePagination(report)).toBe(`p.2 changed; pages 3–${after.length} moved by 2 lines; ${before.length} → ${after.length} pages`);
    expect(() => requireSamePagination(report, 'x.pdf')).toThrow(/--keep-pagination: the correction on p\.2 pushes 2 lines \(about \d+ characters\) onto p\.3: cut about \d+ characters on p\.2/);
  });

  it('says how much may be added when a shorter correction pulls later pages back', () => {
    const corrected = [...paragraphs];
    corrected[1] = corrected[1]!.slice(0, 8);
    const report = comparePagination(paginate(paragraphs, 20, 6), paginate(corrected, 20, 6));
    expect(report.reflows[0]?.lines).toBeLessThan(0);
    expect(() => requireSamePagination(report, 'x.pdf')).toThrow(/may be added on p\.1/);
  });
});
