/**
 * Issue 15 in print, in every page size and layout `kumihan build` offers (A5, A5 in two columns,
 * 文庫, 新書, B6): the notes/pictures fixture and a longer generated book (notes, 傍点 at the start
 * of turns, paragraphs and pages, ruby, figures in indented turns) are built, and their PDFs read
 * back with poppler:
 * - every glyph of the text block sits on the character grid (傍点 and ruby move no line);
 * - every note reference has its note on the same page;
 * - every figure lies inside the text block (inside its column in two columns), the cover photo
 *   fills the page and the cover's lettering keeps clear of the trim;
 * - gray and press (PDF/X-1a, K only) output keep the pictures, in DeviceGray, and pass preflight.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageGeometry, type PageGeometry } from '../../src/writers/print/print-html.js';
import type { PageSize } from '../../src/config/schema.js';
// @ts-expect-error a plain ES module helper shared with manual runs
import { makeImages } from '../fixtures/notes-pictures/make-images.mjs';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/cli/bin.js');
const fixture = path.join(root, 'test/fixtures/notes-pictures/book.md');
const haveTools = existsSync('/usr/bin/chromium');

const LAYOUTS: Array<{ size: PageSize; columns: 1 | 2 }> = [
  { size: 'A5', columns: 1 },
  { size: 'A5', columns: 2 },
  { size: 'bunko', columns: 1 },
  { size: 'shinsho', columns: 1 },
  { size: 'B6', columns: 1 },
];
const label = ({ size, columns }: { size: PageSize; columns: number }) => `${size}${columns === 2 ? '×2' : ''}`;

/**
 * A longer book than the fixture: turns of many lengths, so that notes, 傍点 (at the start of a
 * turn, of a paragraph, in the middle, over a line end) and ruby land at line, column and page
 * starts somewhere in every layout; a portrait and a landscape figure inside turns.
 */
function denseManuscript(fixtureText: string): string {
  const front = fixtureText.slice(0, fixtureText.indexOf('\n---\n', 4) + 5).replace(/^cover: .*\n/m, '');
  const sentence = '外交は対話によって成り立つものであり、相手の立場を理解しようとする努力が欠かせないと私は考えています。';
  const blocks: string[] = [];
  const notes: string[] = [];
  let turn = 0;
  for (let question = 1; question <= 4; question++) {
    blocks.push(`## 問い${question}`);
    for (let k = 0; k < 9; k++, turn++) {
      const label = turn % 2 ? '山田' : '質問';
      let text = sentence.repeat(1 + (turn * 7) % 5);
      if (turn % 3 === 1) {
        notes.push(`[^d${turn}]: 訳注の本文。${'補足の説明がここに入ります。'.repeat(1 + (turn % 3))}`);
        text = `${text.slice(0, 20)}[^d${turn}]${text.slice(20)}`;
      }
      const opening = ['*強調で始まる発言*', '', '{外交|がいこう}の話から。', ''][turn % 4];
      blocks.push(`**${label}**：${opening}${text}`);
      if (turn % 5 === 2) blocks.push(`*段落の頭の強調*${sentence}${turn % 2 ? `*${sentence.repeat(2)}*` : ''}`);
      if (question === 2 && k === 4) blocks.push('![会議場の写真](images/hall.webp)');
      if (question === 3 && k === 4) blocks.push('![外務省の庁舎](images/ministry.png)');
    }
  }
  return `${front}\n${blocks.join('\n\n')}\n\n${notes.join('\n\n')}\n`;
}

let dir: string;
const pdfs = new Map<string, string>();

const cli = (...args: string[]) => run(process.execPath, [bin, ...args], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });

beforeAll(async () => {
  if (!haveTools) return;
  dir = await mkdtemp(path.join(tmpdir(), 'kumihan-notes-print-'));
  await copyFile(fixture, path.join(dir, 'book.md'));
  await writeFile(path.join(dir, 'dense.md'), denseManuscript(await readFile(fixture, 'utf8')));
  await makeImages(dir);
  for (const layout of LAYOUTS) {
    for (const name of ['book', 'dense']) {
      if (name === 'dense' && layout.size !== 'A5') continue;
      const out = `out-${name}-${layout.size}-${layout.columns}`;
      await cli('build', `${name}.md`, '--out', out, '--pdf', '--size', layout.size, '--columns', String(layout.columns));
      pdfs.set(`${name} ${label(layout)}`, path.join(dir, out, `${name}.pdf`));
    }
  }
}, 600_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Word {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

/** The glyphs of every page, in content order (pdftotext -raw -bbox: one word per glyph in vertical text). */
function pageWords(pdf: string): Word[][] {
  const xml = execFileSync('pdftotext', ['-raw', '-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return [...xml.matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)].map((page) =>
    [...page[1]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((word) => ({
      x0: Number(word[1]),
      y0: Number(word[2]),
      x1: Number(word[3]),
      y1: Number(word[4]),
      text: word[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
    })),
  );
}

/** Body pages (1-based): after the 目次, before the 奥付 (found by its 版歴). */
function bodyPages(pages: Word[][]): number[] {
  const text = pages.map((words) => words.map((word) => word.text).join(''));
  const toc = text.findIndex((page) => page.startsWith('目次'));
  const colophon = text.findIndex((page) => page.includes('版歴'));
  expect(toc).toBeGreaterThan(0);
  expect(colophon).toBeGreaterThan(toc + 1);
  return Array.from({ length: colophon - toc - 1 }, (_, k) => toc + 2 + k);
}

/** The page area of a page: odd pages are left-hand pages (recto of a right-bound book), their fore-edge on the left. */
function area(g: PageGeometry, page: number) {
  const left = page % 2 ? g.foreEdge : g.gutter;
  return { left, right: left + g.blockWidth, top: g.head, bottom: g.head + g.blockHeight };
}

/**
 * Full-size glyphs of the text block whose centre is off the grid's lines, as `p5 字 at line 3.27`.
 * `columnTopSlack` (in lines) is allowed only for a whole column moved as one, in two columns:
 * Chromium's own multicol drops the margin that takes back a paragraph's annotation space at a
 * column top, so a paragraph with 傍点 or ruby opening a column moves it by up to 0.15 em
 * (docs/typography.md). A line moved in the middle of a column is never allowed.
 */
function offGrid(pages: Word[][], g: PageGeometry, columnTopSlack = 0): string[] {
  const pitch = g.grid.fontSize * g.grid.lineHeight;
  const found: string[] = [];
  for (const page of bodyPages(pages)) {
    const box = area(g, page);
    const columns = new Map<number, Array<{ word: Word; line: number }>>();
    for (const word of pages[page - 1]!) {
      const width = word.x1 - word.x0;
      // Ruby, 傍点 and note marks are half size and sit beside the line; running heads and page numbers are outside the block.
      if (width < 0.6 * g.grid.fontSize || width > pitch || word.y0 < box.top - 1 || word.y0 > box.bottom) continue;
      // The notes at the page foot (0.765 em) run across both columns: a group of their own.
      const column = width < 0.8 * g.grid.fontSize ? -1 : Math.floor((word.y0 - box.top + 1) / ((g.grid.chars + g.grid.columnGap) * g.grid.fontSize));
      columns.set(column, [...(columns.get(column) ?? []), { word, line: ((word.x0 + word.x1) / 2 - box.left) / pitch - 0.5 }]);
    }
    for (const glyphs of columns.values()) {
      const offsets = glyphs.map(({ line }) => line - Math.round(line));
      const off = glyphs.filter((_, k) => Math.abs(offsets[k]!) > 0.05);
      if (!off.length) continue;
      const movedAsOne = g.grid.columns === 2 && Math.max(...offsets) - Math.min(...offsets) < 0.03 && Math.max(...offsets.map(Math.abs)) <= columnTopSlack + 0.02;
      if (!movedAsOne) found.push(...off.map(({ word, line }) => `p${page} ${word.text} at line ${line.toFixed(2)}`));
    }
  }
  return found;
}

/**
 * Note numbers referred to on each body page (a small 注 and its digits beside a line) and the
 * notes set at its foot (a 注 at note size and its digits); the manuscripts have no other 注.
 */
function notesByPage(pages: Word[][], g: PageGeometry): Array<{ page: number; refs: Set<string>; notes: Set<string> }> {
  return bodyPages(pages).map((page) => {
    const words = pages[page - 1]!;
    const refs = new Set<string>();
    const notes = new Set<string>();
    words.forEach((word, index) => {
      if (word.text !== '注' || word.y0 < g.head - 1) return;
      let digits = '';
      // The number's digits follow the 注 down the same line, glyph to glyph (a space ends it).
      for (let next = index + 1, last = word; next < words.length; last = words[next]!, next++) {
        const digit = words[next]!;
        if (!/^[0-9]+$/.test(digit.text) || Math.abs(digit.x0 - word.x0) > 1 || digit.y0 - last.y1 > 0.3 * g.grid.fontSize) break;
        digits += digit.text;
      }
      if (!digits) return;
      (word.x1 - word.x0 < 0.65 * g.grid.fontSize ? refs : notes).add(digits);
    });
    return { page, refs, notes };
  });
}

/** Images drawn on each page, in points (pdftohtml -xml at zoom 1 rounds to whole points). */
async function pageImages(pdf: string): Promise<Array<{ page: number; top: number; left: number; width: number; height: number }>> {
  const work = await mkdtemp(path.join(dir, 'images-'));
  const copy = path.join(work, 'book.pdf');
  await copyFile(pdf, copy);
  const xml = execFileSync('pdftohtml', ['-xml', '-zoom', '1', '-stdout', '-q', copy], { cwd: work, encoding: 'utf8', maxBuffer: 64 << 20 });
  await rm(work, { recursive: true, force: true });
  const images = [];
  for (const page of xml.matchAll(/<page number="(\d+)"[^>]*>([\s\S]*?)<\/page>/g)) {
    for (const image of page[2]!.matchAll(/<image top="(-?\d+)" left="(-?\d+)" width="(\d+)" height="(\d+)"/g)) {
      images.push({ page: Number(page[1]), top: Number(image[1]), left: Number(image[2]), width: Number(image[3]), height: Number(image[4]) });
    }
  }
  return images;
}

describe.skipIf(!haveTools)('notes and pictures in every print layout', () => {
  describe.each(LAYOUTS)('$size, $columns column(s)', (layout) => {
    const g = () => pageGeometry(layout.size, layout.columns);

    it('keeps every glyph of the text block on the grid, 傍点 and ruby at line, page and column starts included', () => {
      for (const name of ['book', 'dense']) {
        const pdf = pdfs.get(`${name} ${label(layout)}`);
        if (!pdf) continue;
        const pages = pageWords(pdf);
        expect(bodyPages(pages).flatMap((page) => pages[page - 1]!).length, `${name}: body glyphs`).toBeGreaterThan(0);
        // The generated book opens columns with 傍点 paragraphs; the fixture is too short to.
        const slack = name === 'dense' ? (0.15 * g().grid.fontSize) / (g().grid.fontSize * g().grid.lineHeight) : 0;
        expect(offGrid(pages, g(), slack), name).toEqual([]);
      }
    });

    it('sets each note on the page that refers to it', () => {
      for (const name of ['book', 'dense']) {
        const pdf = pdfs.get(`${name} ${label(layout)}`);
        if (!pdf) continue;
        const pages = notesByPage(pageWords(pdf), g());
        expect(pages.some((page) => page.refs.size > 0), `${name}: note references found`).toBe(true);
        const astray = pages.flatMap(({ page, refs, notes }) => [...refs].filter((number) => !notes.has(number)).map((number) => `${name} p${page}: 注${number} without its note`));
        expect(astray).toEqual([]);
      }
    });

    it('keeps every figure inside the text block (its column), and the cover photo over the whole page', async () => {
      const geometry = g();
      for (const name of ['book', 'dense']) {
        const pdf = pdfs.get(`${name} ${label(layout)}`);
        if (!pdf) continue;
        const images = await pageImages(pdf);
        const body = bodyPages(pageWords(pdf));
        const figures = images.filter((image) => body.includes(image.page));
        expect(figures.length, `${name}: figures`).toBeGreaterThan(0);
        for (const image of figures) {
          const box = area(geometry, image.page);
          const where = `${name} p${image.page} image at ${image.left},${image.top} ${image.width}×${image.height}`;
          expect(image.left, where).toBeGreaterThanOrEqual(box.left - 1.5);
          expect(image.left + image.width, where).toBeLessThanOrEqual(box.right + 1.5);
          // Inside one column: two columns are stacked, 段間 between them.
          const column = geometry.grid.chars * geometry.grid.fontSize;
          const columns = Array.from({ length: geometry.grid.columns }, (_, k) => box.top + k * (geometry.grid.chars + geometry.grid.columnGap) * geometry.grid.fontSize);
          expect(columns.some((top) => image.top >= top - 1.5 && image.top + image.height <= top + column + 1.5), where).toBe(true);
        }
        if (name === 'book') {
          const cover = images.filter((image) => image.page === 1);
          expect(cover.length).toBe(1);
          expect(cover[0]!.left).toBeLessThanOrEqual(0);
          expect(cover[0]!.top).toBeLessThanOrEqual(0);
          expect(cover[0]!.left + cover[0]!.width).toBeGreaterThanOrEqual(geometry.width - 1);
          expect(cover[0]!.top + cover[0]!.height).toBeGreaterThanOrEqual(geometry.height - 1);
          // The title and the speaker on their panels, 10 mm at least from every edge.
          const margin = (10 * 72) / 25.4;
          const lettering = pageWords(pdf)[0]!.filter((word) => word.x1 - word.x0 > 6);
          expect(lettering.map((word) => word.text).join('')).toContain('山田太郎');
          for (const word of lettering) {
            expect(Math.min(word.x0, word.y0, geometry.width - word.x1, geometry.height - word.y1), `cover ${word.text}`).toBeGreaterThan(margin);
          }
        }
      }
    });
  });

  it('prints the pictures in gray for --color gray and for a print shop, whose preflight passes', async () => {
    for (const args of [['--color', 'gray'], ['--profile', 'print-shop']]) {
      const out = `out-${args[1]}`;
      await cli('build', 'book.md', '--out', out, '--pdf', ...args);
      const pdf = path.join(dir, out, 'book.pdf');
      const document = await PDFDocument.load(await readFile(pdf), { updateMetadata: false });
      const images = document.context
        .enumerateIndirectObjects()
        .map(([, object]) => object)
        .filter((object): object is PDFRawStream => object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
      // The cover photo and the two figures of the fixture.
      expect(images.length, args.join(' ')).toBe((await readFile(path.join(dir, 'book.md'), 'utf8')).match(/^cover:|!\[/gm)!.length);
      for (const image of images) expect(image.dict.get(PDFName.of('ColorSpace'))).toBe(PDFName.of('DeviceGray'));
      if (args[1] === 'print-shop') {
        const { stdout, stderr } = await cli('check', '--preflight', pdf, '--k-only');
        expect(`${stdout}${stderr}`).toMatch(/0 preflight failures/);
        expect(stdout).toMatch(/no RGB \(\d+ images checked\)/);
      }
    }
  }, 300_000);
});
