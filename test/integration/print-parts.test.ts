/**
 * A book in several documents, end to end with the real Chromium: the 目次's page numbers, the PDF
 * outline, the page numbers and the running heads stay right across the parts, and each later
 * part starts on a page of its own. The cut is forced (two parts of a 40-question book) so the
 * test does not need an 80-page book.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { toString } from 'mdast-util-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticBook } from '../../src/bench/scale.js';
import { findBrowser } from '../../src/core/environment.js';
import { parseManuscript, type Book } from '../../src/manuscript/parse.js';
import { partsRoot, questionNumber, renderBook } from '../../src/render/parts.js';
import { applyTypography } from '../../src/transform/preset.js';
import { buildPdf, readOutline } from '../../src/writers/pdf.js';
import { printDocuments, publicationManifest } from '../../src/writers/print-html.js';

const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'kumihan-parts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const QUESTIONS = 40;
const CUT = 20;
let book: Book;
let pdf: string;
/** Text of each page, 1-based (index 0 unused). */
let pages: string[];

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8' });
const squash = (text: string) => text.normalize('NFKC').replace(/\s+/gu, '');

beforeAll(async () => {
  const seed = readFileSync(path.join(root, 'manuscript/000_723cf04ae7573580.md'), 'utf8');
  book = parseManuscript(syntheticBook(seed, QUESTIONS), path.join(work, 'parts.md'));
  const parts = renderBook(book);
  applyTypography(partsRoot(parts), book.file);
  for (const name of ['typography.css', 'print.css']) copyFileSync(path.join(root, 'styles', name), path.join(work, name));
  const documents = printDocuments(parts, book.meta, { stylesheets: ['typography.css', 'print.css'], breaks: [CUT] });
  for (const { file, html } of documents) writeFileSync(path.join(work, file), html);
  const manifest = path.join(work, 'publication.json');
  writeFileSync(manifest, publicationManifest(documents, book.meta));
  pdf = path.join(work, 'parts.pdf');
  await buildPdf({
    htmlPath: manifest,
    outputPath: pdf,
    browser: findBrowser(),
    size: book.meta.size,
    metadata: { title: book.meta.title, author: book.meta.interviewee, language: 'ja', date: book.meta.editions.at(-1)?.date },
    outline: book.questions.map((question) => `${questionNumber(question)}　${question.title}`),
  });
  pages = ['', ...run('pdftotext', ['-raw', pdf, '-']).split('\f')];
}, 600_000);

/** The pages of the 目次: from the one with its title to the one before the lead. */
function tocPages(): number[] {
  const first = pages.findIndex((text, page) => page > 0 && squash(text).includes('目次'));
  const lead = squash(toString(book.lead[0]!)).slice(0, 12);
  const body = pages.findIndex((text, page) => page > first && squash(text).includes(lead));
  return Array.from({ length: body - first }, (_, offset) => first + offset);
}

/** The page the heading of question `index` (1-based) is on: the first page after the 目次 showing its number and title (the running head shows them only from there on). */
function headingPage(index: number): number {
  const needle = squash(`Q${index}${book.questions[index - 1]!.title}`).slice(0, 8);
  const after = Math.max(...tocPages());
  return pages.findIndex((text, page) => page > after && squash(text).includes(needle));
}

/** The page number each 目次 entry shows: pdftotext -raw gives an entry as `Q12`, its title one character a line, then the number. */
function tocNumbers(): Map<number, number> {
  const numbers = new Map<number, number>();
  let entry: number | undefined;
  for (const line of tocPages().flatMap((page) => pages[page]!.split('\n')).map((row) => row.trim())) {
    const start = /^Q(\d+)$/u.exec(line);
    if (start) entry = Number(start[1]);
    else if (entry !== undefined && /^\d+$/u.test(line)) numbers.set(entry, Number(line));
  }
  return numbers;
}

describe('a book in two documents', () => {
  it('starts the second part on a page of its own, after the first part', () => {
    const last = headingPage(CUT);
    const first = headingPage(CUT + 1);
    expect(last).toBeGreaterThan(4);
    expect(first).toBeGreaterThan(last);
    // Nothing of the first part's last question on the second part's first page.
    const closing = squash(book.questions[CUT - 1]!.title).slice(0, 6);
    expect(squash(pages[first]!)).not.toContain(closing);
  });

  it('numbers the 目次 entries with the pages their questions start on, in both parts', () => {
    const numbers = tocNumbers();
    expect([...numbers.keys()]).toEqual(book.questions.map((_, index) => index + 1));
    for (const index of numbers.keys()) expect([index, numbers.get(index)]).toEqual([index, headingPage(index)]);
  });

  it('has one outline entry per question, each pointing at the page its question starts on', async () => {
    const document = await PDFDocument.load(readFileSync(pdf));
    expect(readOutline(document)).toEqual(book.questions.map((question) => `${questionNumber(question)}　${question.title}`));
    const refs = document.getPages().map((page) => page.ref);
    const dests = document.catalog.lookup(PDFName.of('Dests'), PDFDict);
    const outlines = document.catalog.lookup(PDFName.of('Outlines'), PDFDict);
    let node = outlines.lookupMaybe(PDFName.of('First'), PDFDict);
    for (let index = 1; node; index++, node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const destination = dests.lookup(node.get(PDFName.of('Dest')) as PDFName, PDFArray);
      const page = refs.findIndex((ref) => ref === (destination.get(0) as PDFRef)) + 1;
      expect([index, page]).toEqual([index, headingPage(index)]);
    }
  });

  it('carries the page numbers and the book title in the running heads into the second part', () => {
    const first = headingPage(CUT + 1);
    const title = squash(book.meta.title).slice(0, 10);
    // Even pages (versos) carry the book title over the text; every body page its number.
    const verso = first % 2 === 0 ? first : first + 1;
    expect(squash(pages[verso]!)).toContain(title);
    expect(pages[verso]!.trim().split('\n').some((line) => line.trim() === String(verso))).toBe(true);
    expect(pages[first]!.trim().split('\n').some((line) => line.trim() === String(first))).toBe(true);
  });
});
