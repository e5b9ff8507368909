/**
 * A book in several documents, end to end with the real Chromium and the build's own print steps
 * (loadBook → typesetBook → pictures → writePrintHtml → buildPrintPdf): the 目次's page numbers, the
 * PDF outline (目次, parts, questions, 奥付), page labels, the 隠しノンブル, the blank pages before
 * 表4, the 柱, notes and figures all stay right across the documents, and each document starts on
 * a page of its own. The cuts are forced (a short book in three documents, the last opening with
 * a part heading) so the test does not need an 80-page book; where a long book is cut is
 * test/unit/print-parts.test.ts's.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/core/browser.js';
import { loadBook, typesetBook, type BuildOptions } from '../../src/core/build.js';
import type { Book } from '../../src/manuscript/parse.js';
import { preparePictures } from '../../src/writers/pictures.js';
import { buildPrintPdf, writePrintHtml } from '../../src/writers/print/print-book.js';
import { pageGeometry, runningHeadTitle } from '../../src/writers/print/print-html.js';
import { readPrintedPages } from '../../src/errata/layout.js';
import { glyphs } from './pdf-text.js';
import { bookWithParts } from '../support/seed-books.js';
// @ts-expect-error a plain ES module helper shared with manual runs
import { makeImages } from '../fixtures/notes-pictures/make-images.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'kumihan-parts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const QUESTIONS = 36;
/** Questions in the first part; the second part opens with a turn of its own, longer than two pages. */
const FIRST_PART = 20;
const INTRO = '第二部の前に、これまでの外交の歩みを振り返っておきたい。'.repeat(60);

let book: Book;
let pdf: string;
let files: string[];
/** Text of each page, 1-based (index 0 unused), whitespace removed. */
let pages: string[];
let document: PDFDocument;
let placed: ReturnType<typeof glyphs>;

const squash = (text: string) => text.normalize('NFKC').replace(/\s+/gu, '');

/** The seed's short questions in two parts, with notes (one referred to in both parts) and a figure in the second. */
const manuscript = () =>
  bookWithParts(readFileSync(path.join(root, 'manuscript/000_723cf04ae7573580.md'), 'utf8'), {
    questions: QUESTIONS,
    split: FIRST_PART,
    firstNoteAt: FIRST_PART - 3,
    intro: INTRO,
    picture: '![会議場](images/hall.webp)',
    notes: ['一つ目の注、二つの部で参照される。', '二つ目の注、第二部の前書き。'],
  });

beforeAll(async () => {
  await makeImages(work);
  const file = path.join(work, 'parts.md');
  writeFileSync(file, manuscript());
  book = await loadBook(file);
  const parts = await typesetBook(book);
  const options: BuildOptions = { formats: new Set(['pdf']), outDir: path.join(work, 'out'), browser: findBrowser() };
  // parts.body: 第一部, Q1–Q20, 第二部, Q21–…: cut before Q11 and before the 第二部 heading.
  const breaks = [11, FIRST_PART + 1];
  const input = await writePrintHtml(book, parts, options, { pictures: await preparePictures(book), breaks });
  files = (JSON.parse(readFileSync(input, 'utf8')) as { readingOrder: Array<{ url: string }> }).readingOrder.map(({ url }) => url);
  pdf = path.join(work, 'out', 'parts.pdf');
  document = await buildPrintPdf(book, input, pdf, options);
  placed = glyphs(pdf);
  pages = ['', ...execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\f').map(squash)];
}, 600_000);

/** The outline, depth first: each entry's title and the page its destination is on. */
function outline(): Array<{ title: string; page: number }> {
  const refs = document.getPages().map((page) => page.ref);
  const dests = document.catalog.lookup(PDFName.of('Dests'), PDFDict);
  const entries: Array<{ title: string; page: number }> = [];
  const walk = (first: PDFDict | undefined) => {
    for (let node = first; node; node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const destination = dests.lookup(node.get(PDFName.of('Dest')) as PDFName, PDFArray);
      entries.push({ title: (node.lookup(PDFName.of('Title')) as { decodeText(): string }).decodeText(), page: refs.indexOf(destination.get(0) as PDFRef) + 1 });
      walk(node.lookupMaybe(PDFName.of('First'), PDFDict));
    }
  };
  walk(document.catalog.lookup(PDFName.of('Outlines'), PDFDict).lookupMaybe(PDFName.of('First'), PDFDict));
  return entries;
}

const pageOf = (title: string) => outline().find((entry) => entry.title === title)!.page;
const questionPage = (index: number) => pageOf(`Q${index}　${book.questions[index - 1]!.title}`);

/** The page numbers the 目次 prints, in reading order: horizontal digit runs at the foot of its columns, right to left. */
function tocNumbers(): number[] {
  const first = pageOf('目次');
  const last = pageOf(book.parts[0]!.title) - 1;
  const numbers: number[] = [];
  for (let page = first; page <= last; page++) {
    const digits = placed.filter((glyph) => glyph.page === page && /^\d+$/u.test(glyph.text));
    // The page numbers stand lowest on the page but for the 隠しノンブル in the margin below the text block.
    const foot = Math.max(...digits.filter((glyph) => glyph.text !== String(page)).map((glyph) => glyph.y));
    numbers.push(...digits.filter((glyph) => Math.abs(glyph.y - foot) < 2).sort((a, b) => b.x - a.x).map((glyph) => Number(glyph.text)));
  }
  return numbers;
}

describe('a book in three documents', () => {
  it('is typeset from three documents, each from a page of its own', () => {
    expect(files).toEqual(['print.html', 'print-2.html', 'print-3.html']);
    const second = questionPage(11);
    expect(second).toBeGreaterThan(questionPage(10));
    // Nothing of Q10 on the page Q11 opens: the page before the cut is left short instead.
    expect(pages[second]).not.toContain(squash(`Q10${book.questions[9]!.title}`).slice(0, 6));
    const third = pageOf(book.parts[1]!.title);
    expect(third).toBeGreaterThan(questionPage(FIRST_PART));
    expect(pages[third]!.indexOf(squash(book.parts[1]!.title))).toBeGreaterThanOrEqual(0);
    expect(pages[third]).not.toContain(squash(`Q${FIRST_PART}${book.questions[FIRST_PART - 1]!.title}`).slice(0, 6));
  });

  it('has the outline main sets — 目次, each part with its questions, 奥付 — pointing at the pages their headings are on', () => {
    const entries = outline();
    const expected = ['目次', book.parts[0]!.title, ...book.questions.slice(0, FIRST_PART).map((q) => `Q${q.index}　${q.title}`), book.parts[1]!.title, ...book.questions.slice(FIRST_PART).map((q) => `Q${q.index}　${q.title}`), '奥付'];
    expect(entries.map((entry) => entry.title)).toEqual(expected);
    for (const question of book.questions) {
      const page = questionPage(question.index);
      expect([question.index, pages[page]!.includes(squash(`Q${question.index}${question.title}`).slice(0, 8))]).toEqual([question.index, true]);
    }
    // The 奥付, found by its edition history.
    expect(pages[pageOf('奥付')]).toContain(squash(book.meta.editions[0]!.edition));
  });

  it('prints in the 目次 the page each part and question starts on, in every document', () => {
    const heads = outline().filter((entry) => entry.title !== '目次' && entry.title !== '奥付');
    expect(tocNumbers()).toEqual(heads.map((entry) => entry.page));
  });

  it('numbers every page, labels them from 1 and pads with blanks after the 奥付 to a multiple of four, 表4 last', () => {
    const count = document.getPageCount();
    expect(count % 4).toBe(0);
    for (let page = 1; page <= count; page++) expect([page, placed.some((glyph) => glyph.page === page && glyph.text === String(page))]).toEqual([page, true]);
    expect(String(document.catalog.lookup(PDFName.of('PageLabels')))).toMatch(/\/Nums \[ 0 <<\s*\/S \/D\s*>> \]/u);
    // After the 奥付 nothing but the 隠しノンブル: the blanks and 表4.
    for (let page = pageOf('奥付') + 1; page <= count; page++) expect([page, pages[page]]).toEqual([page, String(page)]);
  });

  it('carries the 柱 across the cuts: the book title over the versos, the current question over the rectos', () => {
    const title = squash(runningHeadTitle(book.meta, pageGeometry(book.meta.size)));
    for (const start of [questionPage(11), pageOf(book.parts[1]!.title)]) {
      const verso = start % 2 === 0 ? start : start + 1;
      expect(pages[verso]).toContain(title);
    }
    // The second part opens with a turn over two pages long: its first recto has no question
    // heading, and carries the last question before it, as one document would.
    const opening = pageOf(book.parts[1]!.title);
    const recto = opening % 2 === 1 ? opening : opening + 1;
    expect(recto).toBeLessThan(questionPage(FIRST_PART + 1));
    expect(pages[recto]).toContain(squash(`Q${FIRST_PART}${book.questions[FIRST_PART - 1]!.title}`).slice(0, 6));
  });

  it('sets each note in the document that refers to it, and the figure in its own', () => {
    const note = squash('一つ目の注、二つの部で参照される。');
    const notePages = pages.flatMap((text, page) => (text.includes(note) ? [page] : []));
    expect(notePages.some((page) => page < pageOf(book.parts[1]!.title))).toBe(true);
    expect(notePages.some((page) => page >= pageOf(book.parts[1]!.title))).toBe(true);
    const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2).map((row) => Number(row.trim().split(/\s+/u)[0]));
    expect(images.some((page) => page >= questionPage(FIRST_PART + 1))).toBe(true);
  });

  it('reads back, line by line, for the errata: every page, the cut pages starting with their headings', async () => {
    const printed = await readPrintedPages(pdf, 1);
    expect(printed).toHaveLength(document.getPageCount());
    const opening = printed[questionPage(11) - 1]!;
    expect(squash(opening.lines[0]!.text)).toContain(squash(book.questions[10]!.title).slice(0, 6));
  });
});
