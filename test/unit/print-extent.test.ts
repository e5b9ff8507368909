/** The print edition's extent before layout: page estimate, the default time limit, the paragraph limit, the 目次's numbers. */
import { describe, expect, it } from 'vitest';
import { syntheticBook } from '../../src/bench/scale.js';
import { KumihanError } from '../../src/core/errors.js';
import { timeoutError } from '../../src/writers/print/vivliostyle.js';
import { checkParagraphLengths, estimatePrintPages, MAX_PARAGRAPH_CHARACTERS, pdfTimeLimit } from '../../src/writers/print/print-extent.js';
import { pageGeometry, pageStyle, PRINT_GRIDS, tocNumberSize, tocPitch } from '../../src/writers/print/print-html.js';
import { parseClean, SEED_PATH, seedText } from '../support/seed-books.js';

const seedPath = SEED_PATH;
const seed = seedText();
const parse = parseClean;
const a5 = pageGeometry('A5');

describe('the default PDF time limit', () => {
  it('is a fixed minute plus a budget per estimated page', () => {
    expect(pdfTimeLimit(0)).toBe(60_000);
    const perPage = pdfTimeLimit(101) - pdfTimeLimit(100);
    expect(perPage).toBeGreaterThan(0);
    for (const pages of [1, 28, 250, 1_000, 4_000]) expect(pdfTimeLimit(pages)).toBe(60_000 + pages * perPage);
  });

  it('grows in proportion to the book, the way the typesetting time does once it is linear', () => {
    const pagesOf = (questions: number) => estimatePrintPages(parse(syntheticBook(seed, questions)), a5);
    const [small, large] = [pagesOf(100), pagesOf(400)];
    // Four times the questions, four times the pages (less the fixed front and back matter) …
    expect(large / small).toBeGreaterThan(3.4);
    expect(large / small).toBeLessThan(4.1);
    // … and a limit that grows with them: the 400-question book gets about four times the budget beyond the fixed minute.
    const budget = (pages: number) => pdfTimeLimit(pages) - pdfTimeLimit(0);
    expect(budget(large) / budget(small)).toBeCloseTo(large / small, 5);
    // The old limit (60 s + 1 s per 2,000 characters) gave this book under two seconds a page.
    expect(pdfTimeLimit(large) / large).toBeGreaterThanOrEqual(2_000);
  });

  it('never falls below the fixed minute, even for an estimate of nothing', () => {
    expect(pdfTimeLimit(-3)).toBe(60_000);
    expect(pdfTimeLimit(Number.NaN)).toBe(60_000);
  });
});

describe('the page estimate', () => {
  it('counts the seed within a few pages of what Vivliostyle sets (28 A5 pages when measured)', () => {
    const pages = estimatePrintPages(parse(seed, seedPath), a5, tocPitch(a5.grid, 16));
    expect(pages).toBeGreaterThanOrEqual(26);
    expect(pages).toBeLessThanOrEqual(34);
  });

  it('grows by the lines a paragraph adds, and a smaller page holds fewer', () => {
    const book = parse(syntheticBook(seed, 20));
    const longer = parse(syntheticBook(seed, 20).replace(/\n$/u, `\n\n${'あ'.repeat(41 * 17 * 10)}\n`));
    expect(estimatePrintPages(longer, a5) - estimatePrintPages(book, a5)).toBeGreaterThanOrEqual(9);
    expect(estimatePrintPages(longer, a5) - estimatePrintPages(book, a5)).toBeLessThanOrEqual(11);
    expect(estimatePrintPages(book, pageGeometry('bunko'))).toBeGreaterThan(estimatePrintPages(book, a5));
    expect(estimatePrintPages(book, pageGeometry('A5', 2))).toBeLessThan(estimatePrintPages(book, a5));
  });
});

describe('the paragraph limit', () => {
  /** The KumihanError that checkParagraphLengths refuses the manuscript `text` with. */
  const refusal = (text: string): KumihanError => {
    try {
      checkParagraphLengths(parse(text));
    } catch (error) {
      expect(error).toBeInstanceOf(KumihanError);
      return error as KumihanError;
    }
    throw new Error('checkParagraphLengths let the manuscript through');
  };
  const withParagraph = (length: number) => `${seed.replace(/\s+$/u, '')}\n\n**ラブロフ**：${'外交'.repeat(Math.ceil(length / 2)).slice(0, length)}\n`;

  it('lets the seed and a paragraph at the limit through', () => {
    expect(() => checkParagraphLengths(parse(seed, seedPath))).not.toThrow();
    // The label and its colon are not part of the paragraph's text.
    expect(() => checkParagraphLengths(parse(withParagraph(MAX_PARAGRAPH_CHARACTERS)))).not.toThrow();
  });

  it('refuses a longer paragraph at its line, naming its length and the limit', () => {
    const text = withParagraph(MAX_PARAGRAPH_CHARACTERS + 1);
    const line = text.split('\n').findIndex((row) => row.startsWith('**ラブロフ**：外交')) + 1;
    const error = refusal(text);
    expect(error.where).toEqual({ file: 'book.md', line, column: 1 });
    expect(error.message).toContain(`a paragraph of ${(MAX_PARAGRAPH_CHARACTERS + 1).toLocaleString('en-US')} characters`);
    expect(error.message).toContain(`at most ${MAX_PARAGRAPH_CHARACTERS.toLocaleString('en-US')} characters`);
    expect(error.message).toContain('split it');
  });

  it('finds a run too long in a note, a list item, a quotation or a heading too, at its line', () => {
    const long = '外交'.repeat(MAX_PARAGRAPH_CHARACTERS / 2 + 1);
    const base = seed.replace(/\s+$/u, '');
    const cases = [
      `${base.replace('。', '。[^long]')}\n\n[^long]: ${long}\n`,
      `${base}\n\n- 短い項目\n- ${long}\n`,
      `${base}\n\n> ${long}\n`,
      `${base}\n\n## ${long}\n\n**質問**：短い。\n`,
    ];
    for (const text of cases) {
      const line = text.split('\n').findIndex((row) => row.includes(long)) + 1;
      expect(refusal(text).where?.line).toBe(line);
    }
  });

  it('counts characters, not UTF-16 units: astral characters count once', () => {
    const astral = `${seed.replace(/\s+$/u, '')}\n\n**ラブロフ**：${'𠮷'.repeat(MAX_PARAGRAPH_CHARACTERS)}\n`;
    expect(() => checkParagraphLengths(parse(astral))).not.toThrow();
  });
});

describe('the 目次 page numbers', () => {
  it('keep the stylesheet size wherever the widest number fits the pitch (the seed: print.css alone)', () => {
    expect(tocNumberSize(PRINT_GRIDS.A5, 0.85, 40)).toBe(0.85);
    expect(tocNumberSize(PRINT_GRIDS.A5, 0.85, 999)).toBe(0.85);
    expect(pageStyle(a5, 16, [], 40)).not.toContain('a::after');
  });

  it('are never wider than an entry pitch, and leave a gap between neighbours, for any grid, pitch and page count', () => {
    for (const grid of Object.values(PRINT_GRIDS)) {
      for (const pitch of [0.7, 0.74, 0.8, 0.85]) {
        for (const pages of [9, 99, 100, 999, 1_000, 12_000]) {
          const size = tocNumberSize(grid, pitch, pages);
          // Widths in rem: the pitch is pitch × line height; a digit half its size.
          expect(pitch * grid.lineHeight - String(pages).length * 0.5 * size).toBeGreaterThanOrEqual(0.2 - 1e-9);
          expect(size).toBeLessThanOrEqual(0.85);
        }
      }
    }
  });

  it('are set smaller in the generated style only when a long book needs it', () => {
    const css = pageStyle(a5, 500, [], 400);
    const size = tocNumberSize(a5.grid, tocPitch(a5.grid, 500), 400);
    expect(size).toBeLessThan(0.85);
    expect(css).toContain(`.toc-entry a::after { font-size: ${size}rem; }`);
  });
});

describe('the time-out message', () => {
  it('names the elapsed time, the limit (and what the default was worked out for) and --timeout', () => {
    expect(timeoutError(93_400, 87_000, 384).message).toBe(
      'PDF build timed out after 93 s (the limit was 87 s, the default for about 384 pages); raise it with --timeout SECONDS for a longer book',
    );
    expect(timeoutError(5_230, 5_000).message).toBe('PDF build timed out after 5.2 s (the limit was 5 s); raise it with --timeout SECONDS for a longer book');
    expect(timeoutError(1_090_400, 1_078_000, 509).message).toContain('(the limit was 1078 s, the default for about 509 pages)');
  });
});
