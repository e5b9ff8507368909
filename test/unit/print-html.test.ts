import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManuscript } from '../../src/manuscript/parse.js';
import { renderBook } from '../../src/render/parts.js';
import { KumihanError } from '../../src/core/errors.js';
import { PAGE_SIZES, type PageSize } from '../../src/config/schema.js';
import { pageGeometry, pageStyle, printHtml, PRINT_GRIDS, tocPitch } from '../../src/writers/print/print-html.js';
import { describeBook } from '../../src/config/describe.js';

const fixture = readFileSync(new URL('../fixtures/manuscript/small.md', import.meta.url), 'utf8');
const load = (text = fixture) => {
  const book = parseManuscript(text, 'small.md');
  expect(book.file.messages.filter((m) => m.fatal)).toEqual([]);
  return book;
};
const html = (text = fixture, options: Partial<Parameters<typeof printHtml>[2]> = {}) => {
  const book = load(text);
  return printHtml(renderBook(book), book.meta, { stylesheets: ['typography.css', 'print.css'], ...options });
};

describe('printHtml', () => {
  it('writes a complete Japanese HTML document with title, author and description', () => {
    const doc = html();
    expect(doc.startsWith('<!doctype html><html lang="ja" class="kumihan-print size-a5 columns-1"><head><meta charset="utf-8"><title>小さな対話</title>')).toBe(true);
    expect(doc).toContain('<meta name="author" content="山田太郎">');
    expect(doc).toContain('<meta name="description" content="2023年5月17日、東京でテスト放送が行った山田太郎へのインタビュー。">');
    expect(doc.trimEnd().endsWith('</body></html>')).toBe(true);
  });

  it('links the stylesheets in cascade order, before the generated page grid', () => {
    const doc = html();
    const typography = doc.indexOf('<link rel="stylesheet" href="typography.css">');
    const print = doc.indexOf('<link rel="stylesheet" href="print.css">');
    const style = doc.indexOf('<style>@page { size: 419.528pt 595.276pt;');
    expect(typography).toBeGreaterThan(0);
    expect(print).toBeGreaterThan(typography);
    expect(style).toBeGreaterThan(print);
  });

  it('keeps the doc-toc nav with one link per question, in order, and every part in reading order', () => {
    const doc = html();
    const nav = doc.slice(doc.indexOf('<nav class="toc"'), doc.indexOf('</nav>'));
    expect(nav).toContain('role="doc-toc"');
    expect([...nav.matchAll(/<a href="(#[^"]+)">/g)].map((m) => m[1])).toEqual(['#q1', '#q2']);
    const order = ['class="cover"', 'class="title-page"', 'class="toc"', 'class="book-body"', 'class="lead"', 'id="q1"', 'id="q2"', 'class="colophon-page"', 'class="colophon"'];
    const positions = order.map((needle) => doc.indexOf(needle));
    expect(positions.every((at) => at > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('applies size and columns by class and by the generated @page rule, not by another stylesheet', () => {
    const bunko = html(fixture, { size: 'bunko' });
    expect(bunko).toContain('class="kumihan-print size-bunko columns-1"');
    expect(bunko).toContain('@page { size: 297.638pt 419.528pt;');
    expect(bunko).toContain(':root { font-size: 9pt; line-height: 15.75pt;');
    const twoColumns = html(fixture, { columns: 2 });
    expect(twoColumns).toContain('class="kumihan-print size-a5 columns-2"');
    expect(twoColumns).toContain('.book-body { column-count: 2; column-gap: 2rem; column-fill: auto; }');
    expect(html()).not.toContain('column-count');
    // The manuscript's own choice is the default.
    expect(html(fixture.replace('interviewee: 山田太郎', 'interviewee: 山田太郎\nsize: B6'))).toContain('size-b6');
  });

  it('marks a long title so the cover sets it smaller', () => {
    expect(html()).not.toContain('title-long');
    const long = fixture.replace('title: 小さな対話', 'title: モスクワのツァルグラードTVチャンネルでセルゲイ・ラブロフ・ロシア連邦外務大臣にインタビュー');
    expect(html(long)).toContain('class="kumihan-print size-a5 columns-1 title-long"');
  });

  it('refuses two columns on a page size other than A5', () => {
    expect(() => html(fixture, { size: 'bunko', columns: 2 })).toThrow(KumihanError);
    expect(() => html(fixture, { size: 'bunko', columns: 2 })).toThrow(/A5 only/);
  });

  it('escapes hostile text in the title, the metadata and the stylesheet hrefs', () => {
    const hostile = fixture
      .replace('title: 小さな対話', "title: '</title><script>alert(1)</script>'")
      .replace('interviewee: 山田太郎', 'interviewee: \'山田" onload="x\'');
    const doc = html(hostile, { stylesheets: ['print.css"><script>x</script>'] });
    // Outside attribute values no markup survives; inside them the quote is what must be escaped.
    expect(doc.replace(/"[^"]*"/g, '""')).not.toContain('<script');
    expect(doc).toContain('<title>&#x3C;/title>&#x3C;script>alert(1)&#x3C;/script></title>');
    expect(doc).toContain('<meta name="author" content="山田&#x22; onload=&#x22;x">');
    expect(doc).toContain('<link rel="stylesheet" href="print.css&#x22;><script>x</script>">');
  });

  it('describes a book without interviewee or date plainly', () => {
    const { meta } = load();
    const bare = { ...meta, date: undefined, place: undefined, outlet: undefined };
    // The interviewee comes from the speakers when the front matter does not name one.
    expect(describeBook({ ...bare, interviewee: undefined })).toBe('山田太郎へのインタビュー。');
    expect(describeBook({ ...bare, interviewee: undefined, speakers: [] })).toBe('小さな対話　テストのための本');
    expect(describeBook({ ...meta, description: '説明文' })).toBe('説明文');
  });
});

describe('page grid', () => {
  const sizes = Object.keys(PAGE_SIZES) as PageSize[];
  const cases: Array<[PageSize, 1 | 2]> = [...sizes.map((size): [PageSize, 1] => [size, 1]), ['A5', 2]];

  it.each(cases)('%s × %i column(s): the text block is a whole number of characters by a whole number of lines', (size, columns) => {
    const g = pageGeometry(size, columns);
    const { grid } = g;
    const mm = (pt: number) => (pt * 25.4) / 72;
    expect(mm(g.width)).toBeCloseTo(PAGE_SIZES[size].width, 6);
    expect(mm(g.height)).toBeCloseTo(PAGE_SIZES[size].height, 6);
    // Height: N characters (plus the gap between columns), with a slack far below one character.
    const characters = (g.blockHeight - 0.25) / grid.fontSize;
    expect(characters).toBeCloseTo(grid.chars * grid.columns + grid.columnGap, 9);
    const lines = (g.blockWidth - 0.25) / (grid.fontSize * grid.lineHeight);
    expect(lines).toBeCloseTo(grid.lines, 9);
    expect(g.head + g.blockHeight + g.foot).toBeCloseTo(g.height, 9);
    expect(g.gutter + g.blockWidth + g.foreEdge).toBeCloseTo(g.width, 9);
    // The head is deeper than the foot (柱 live there); every margin leaves room for 柱 and ノンブル.
    expect(g.head).toBeGreaterThan(g.foot);
    expect(Math.min(g.head, g.foot, g.gutter, g.foreEdge)).toBeGreaterThan(7 * (72 / 25.4));
    expect(grid.lineHeight).toBeGreaterThanOrEqual(1.7);
    expect(grid.lineHeight).toBeLessThanOrEqual(1.8);
  });

  it('A5 is set 9.5pt, 42 characters × 17 lines, as the house default', () => {
    expect(PRINT_GRIDS.A5).toMatchObject({ fontSize: 9.5, chars: 42, lines: 17, lineHeight: 1.75 });
  });

  it('sets the 目次 at 0.85 of the line pitch, closer on a short page so the entries stay on one page, never under 0.7', () => {
    expect(tocPitch(PRINT_GRIDS.A5, 16)).toBe(0.85);
    expect(tocPitch(PRINT_GRIDS.A5, 2)).toBe(0.85);
    // 文庫 and 新書 have 15 lines: the title takes 3, twelve are left for sixteen entries.
    expect(tocPitch(PRINT_GRIDS.bunko, 16)).toBe(0.74);
    expect(tocPitch(PRINT_GRIDS.shinsho, 16)).toBe(0.74);
    expect(tocPitch(PRINT_GRIDS.bunko, 60)).toBe(0.7);
    expect(tocPitch(PRINT_GRIDS.A5, 0)).toBe(0.85);
    for (const grid of Object.values(PRINT_GRIDS)) {
      for (let entries = 1; entries <= 17; entries += 1) {
        const pitch = tocPitch(grid, entries);
        if (pitch > 0.7) expect(3 + entries * pitch).toBeLessThan(grid.lines);
      }
    }
    expect(html()).toContain('.toc-entry { line-height: 0.85rlh; }');
    expect(pageStyle(pageGeometry('bunko'), 16)).toContain('.toc-entry { line-height: 0.74rlh; }');
  });

  it('mirrors the margins on facing pages: the gutter is on the right of a left-hand (recto) page', () => {
    const g = pageGeometry('A5');
    const css = pageStyle(g);
    const pt = (value: number) => `${Number(value.toFixed(3))}pt`;
    expect(css).toContain(`@page :left { margin: ${pt(g.head)} ${pt(g.gutter)} ${pt(g.foot)} ${pt(g.foreEdge)}; }`);
    expect(css).toContain(`@page :right { margin: ${pt(g.head)} ${pt(g.foreEdge)} ${pt(g.foot)} ${pt(g.gutter)}; }`);
  });
});
