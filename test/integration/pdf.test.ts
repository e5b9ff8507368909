/**
 * The print edition end to end with the real Chromium: manuscript → parts → typography → print
 * HTML → Vivliostyle → PDF, checked with poppler (pdffonts, pdfinfo, pdftotext) and pdf-lib.
 * No skipping: without Chromium or poppler these tests fail, in CI as anywhere else.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, PDFName } from 'pdf-lib';
import { toString } from 'hast-util-to-string';
import type { Element } from 'hast';
import { parseManuscript, type Book } from '../../src/manuscript/parse.js';
import { partsRoot, questionNumber, renderBook } from '../../src/render/parts.js';
import { applyTypography, foldForComparison } from '../../src/transform/preset.js';
import { importTranscript } from '../../src/import/index.js';
import { findBrowser } from '../../src/core/browser.js';
import { stageStyles } from '../../src/core/assets.js';
import { KumihanError } from '../../src/core/errors.js';
import { pageGeometry, printHtml } from '../../src/writers/print/print-html.js';
import { describeBook } from '../../src/config/describe.js';
import { buildPdf, readOutline } from '../../src/writers/print/pdf.js';

const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'kumihan-pdf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Built {
  book: Book;
  pdf: string;
  paragraphs: Element[][];
}

/** The pipeline the build runs, written out so the test sees every stage's product. */
async function buildBook(manuscript: string, name: string, options: { columns?: 1 | 2 } = {}): Promise<Built> {
  const book = parseManuscript(manuscript, `${name}.md`);
  expect(book.file.messages.filter((m) => m.fatal).map(String)).toEqual([]);
  const parts = renderBook(book);
  applyTypography(partsRoot(parts), book.file);
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  await stageStyles(dir, ['typography.css', 'print.css']);
  const htmlPath = path.join(dir, 'print.html');
  writeFileSync(htmlPath, printHtml(parts, book.meta, { stylesheets: ['typography.css', 'print.css'], columns: options.columns }));
  const pdf = path.join(dir, `${name}.pdf`);
  await buildPdf({
    htmlPath,
    outputPath: pdf,
    browser: findBrowser(),
    size: book.meta.size,
    metadata: {
      title: book.meta.title,
      author: book.meta.interviewee,
      subject: describeBook(book.meta),
      language: 'ja',
      date: book.meta.editions.at(-1)?.date,
    },
    outline: book.questions.map((q) => `${questionNumber(q)}　${q.title}`),
  });
  const paragraphs = parts.questions.map((question) => selectAll(question, 'p'));
  return { book, pdf, paragraphs };
}

function selectAll(node: Element, tagName: string): Element[] {
  const found: Element[] = [];
  const walk = (element: Element) => {
    if (element.tagName === tagName) found.push(element);
    for (const child of element.children) if (child.type === 'element') walk(child);
  };
  walk(node);
  return found;
}

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8' });
const squash = (text: string) => foldForComparison(text).replace(/[\s\u3000]+/g, '');

/** pdftotext of the text block only (running heads and page numbers cropped away), in content order. */
function bodyText(pdf: string): string {
  const g = pageGeometry('A5');
  const x = Math.floor(Math.min(g.gutter, g.foreEdge) - 2);
  const y = Math.floor(g.head - 3);
  const width = Math.ceil(g.width - 2 * x);
  const height = Math.ceil(g.blockHeight + 14);
  return run('pdftotext', ['-raw', '-r', '72', '-x', `${x}`, '-y', `${y}`, '-W', `${width}`, '-H', `${height}`, pdf, '-']);
}

/** The first page of the main matter: after the cover, its blank verso, the 扉 and the 目次. */
const FIRST_BODY_PAGE = 5;

interface Glyph {
  /** Grid line, counted from the block-end (left) edge of the text block: 0 is the last line of a page. */
  line: number;
  yMin: number;
  text: string;
}

/**
 * The glyphs of the text block on pages first…last (pdftotext -bbox: one word per glyph in vertical
 * text), with their line on the grid. Running heads (above the block), page numbers (below it) and
 * horizontal runs wider than a line are left out.
 */
function bodyGlyphs(pdf: string, first: number, last: number): Array<{ number: number; glyphs: Glyph[] }> {
  const g = pageGeometry('A5');
  const pitch = g.grid.fontSize * g.grid.lineHeight;
  const words = run('pdftotext', ['-bbox', '-f', String(first), '-l', String(last), pdf, '-']);
  return [...words.matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)].map((page, index) => {
    const number = index + first;
    // Right-to-left: odd pages are left-hand (recto) pages, their fore-edge on the left.
    const areaLeft = number % 2 ? g.foreEdge : g.gutter;
    const glyphs: Glyph[] = [];
    for (const word of page[1]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</g)) {
      const [xMin, yMin, xMax] = [Number(word[1]), Number(word[2]), Number(word[3])];
      if (yMin < g.head - 1 || yMin > g.head + g.blockHeight || xMax - xMin > pitch) continue;
      glyphs.push({ line: ((xMin + xMax) / 2 - areaLeft) / pitch - 0.5, yMin, text: decodeEntities(word[4]!) });
    }
    return { number, glyphs };
  });
}

const decodeEntities = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The text of the first (rightmost) line of a page, top to bottom. */
function firstLineText(glyphs: Glyph[]): string {
  if (!glyphs.length) return '';
  const first = Math.max(...glyphs.map((glyph) => Math.round(glyph.line)));
  return glyphs
    .filter((glyph) => Math.round(glyph.line) === first)
    .sort((a, b) => a.yMin - b.yMin)
    .map((glyph) => glyph.text)
    .join('');
}

/** `Q5` when the page opens with the heading of question 5 (number and the start of its title). */
function openingHeading(glyphs: Glyph[], book: Book): string | undefined {
  const line = squash(firstLineText(glyphs));
  const question = book.questions.find((q) => {
    const number = questionNumber(q);
    const rest = line.slice(number.length);
    return line.startsWith(number) && rest.length > 0 && squash(q.title).startsWith(rest.slice(0, 8));
  });
  return question ? questionNumber(question) : undefined;
}

function checkPdf(built: Built): void {
  const fonts = run('pdffonts', [built.pdf]).split('\n').slice(2).filter(Boolean);
  expect(fonts.length).toBeGreaterThan(0);
  for (const row of fonts) {
    expect(row).not.toMatch(/Type 3/);
    expect(row).toMatch(/CID TrueType\s+Identity-H\s+yes yes/);
    // BIZ UD for the text; DejaVu Sans for the digits of the 隠しノンブル (src/writers/print/pages.ts).
    expect(row).toMatch(/BIZUD(Mincho|Gothic)|KUMIHN\+DejaVuSans/);
  }

  const info = run('pdfinfo', [built.pdf]);
  expect(info).toMatch(/^Page size:\s+419\.5\d* x 595\.2\d* pts/m);
  expect(info).toContain(`Title:           ${built.book.meta.title}`);
  expect(info).toContain(`Author:          ${built.book.meta.interviewee}`);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  expect(pages % 2).toBe(0);

  // The character grid: on every body page (after cover, 扉, blank and 目次; before the 奥付, the
  // blank spread and the back cover) each glyph of the text block is centred on a line of the grid,
  // counted from the page area's edge.
  const colophon = Array.from({ length: pages }, (_, k) => k + 1).find((n) => run('pdftotext', ['-raw', '-f', String(n), '-l', String(n), built.pdf, '-']).replace(/\s/g, '').includes('版歴'))!;
  expect(colophon).toBeGreaterThan(FIRST_BODY_PAGE);
  const body = bodyGlyphs(built.pdf, FIRST_BODY_PAGE, colophon - 1);
  const offGrid = body.flatMap(({ number, glyphs }) =>
    glyphs.filter((glyph) => Math.abs(glyph.line - Math.round(glyph.line)) > 0.05).map((glyph) => `p${number} ${glyph.text} at line ${glyph.line.toFixed(2)}`),
  );
  expect(body.reduce((sum, page) => sum + page.glyphs.length, 0)).toBeGreaterThan(0);
  expect(offGrid).toEqual([]);

  // Every body page is filled to the last line of the grid, except the last page of the text and a
  // page whose next page opens with a question heading: the heading (四行取り: two lines before, the
  // heading, one after, and at least one line of its text) may move over, leaving at most its own
  // four lines. Widows and orphans of two lines (issue 13) may leave a page up to two lines short:
  // a paragraph's lone first line moves over (one), or a three-line paragraph that cannot be split
  // two and two (two). A page that stops shorter before an ordinary paragraph is a fragmentation bug.
  const WIDOW_ORPHAN_LINES = 2;
  const { lines } = pageGeometry('A5').grid;
  const set = body.filter((page) => page.glyphs.length > 0);
  const short: string[] = [];
  set.slice(0, -1).forEach((page) => {
    const next = body.find((candidate) => candidate.number === page.number + 1);
    const lastLine = Math.min(...page.glyphs.map((glyph) => glyph.line));
    const linesLeft = Math.round(lastLine);
    const heading = next ? openingHeading(next.glyphs, built.book) : undefined;
    if (heading ? linesLeft > 4 : linesLeft > WIDOW_ORPHAN_LINES) {
      short.push(`p${page.number}: ends at line ${lines - linesLeft} of ${lines}, p${page.number + 1} opens with ${heading ?? `「${firstLineText(next?.glyphs ?? []).slice(0, 12)}…」`}`);
    }
  });
  expect(short).toEqual([]);

  // Every paragraph of every question, in reading order, in the text block.
  const text = squash(bodyText(built.pdf));
  let at = 0;
  built.paragraphs.forEach((paragraphs, index) => {
    for (const paragraph of paragraphs) {
      const wanted = squash(toString(paragraph));
      const found = text.indexOf(wanted, at);
      expect(found, `Q${index + 1}: ${wanted.slice(0, 40)}`).toBeGreaterThanOrEqual(0);
      at = found + wanted.length;
    }
  });
}

async function checkMetadata(built: Built): Promise<void> {
  const document = await PDFDocument.load(readFileSync(built.pdf), { updateMetadata: false });
  expect(readOutline(document)).toEqual(['目次', ...built.book.questions.map((q) => `Q${q.index}　${q.title}`), '奥付']);
  expect(document.getTitle()).toBe(built.book.meta.title);
  expect(document.getSubject()).toBe(describeBook(built.book.meta));
  const catalog = document.catalog.toString();
  expect(catalog).toContain('/Lang (ja)');
  expect(catalog).toContain('/PageMode /UseOutlines');
  expect(String(document.catalog.lookup(PDFName.of('ViewerPreferences')))).toContain('/Direction /R2L');
  const newest = built.book.meta.editions.at(-1)!.date;
  expect(document.getCreationDate()?.toISOString()).toBe(new Date(`${newest}T00:00:00+09:00`).toISOString());
  expect(document.getModificationDate()?.toISOString()).toBe(new Date(`${newest}T00:00:00+09:00`).toISOString());
}

describe('buildPdf (Chromium + Vivliostyle)', () => {
  let small: Built;
  beforeAll(async () => {
    small = await buildBook(readFileSync(path.join(root, 'test/fixtures/manuscript/small.md'), 'utf8'), 'small');
  });

  it('sets the fixture as an A5 vertical book with only embedded CID TrueType fonts', () => {
    checkPdf(small);
    expect(small.paragraphs.flat().length).toBe(5);
  });

  it('writes Title, Subject, Language, R2L, edition dates and one outline entry per question, in order', async () => {
    await checkMetadata(small);
  });

  it('rebuilds byte for byte the same PDF', async () => {
    const first = readFileSync(small.pdf);
    const again = await buildBook(readFileSync(path.join(root, 'test/fixtures/manuscript/small.md'), 'utf8'), 'small');
    expect(Buffer.compare(first, readFileSync(again.pdf))).toBe(0);
  });

  it('leaves the previous PDF byte-identical and no temporary file when the browser is missing or fails, or the press profile is missing', async () => {
    const dir = path.dirname(small.pdf);
    const before = readFileSync(small.pdf);
    const htmlPath = path.join(dir, 'print.html');
    const options = { htmlPath, outputPath: small.pdf, metadata: { title: 'x' } };
    await expect(buildPdf({ ...options, browser: path.join(work, 'no-such-chromium') })).rejects.toThrow(KumihanError);
    await expect(buildPdf({ ...options, browser: path.join(work, 'no-such-chromium') })).rejects.toThrow(/no-such-chromium is not an executable file/);
    // An executable that is not a browser: Vivliostyle starts, the launch fails, one line comes back.
    const failure = await buildPdf({ ...options, browser: '/bin/false' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(KumihanError);
    expect((failure as Error).message).toMatch(/^PDF build failed: .+/);
    expect((failure as Error).message).not.toContain('\n');
    // --press-ready without its output-intent profile: refused before anything starts, with the fix named.
    // (Press output is made by pdf-lib now; Ghostscript, which it once needed, is only the preflight's.)
    const savedIcc = process.env.KUMIHAN_ICC;
    process.env.KUMIHAN_ICC = path.join(work, 'no-such-profile.icc');
    try {
      await expect(buildPdf({ ...options, browser: findBrowser(), pressReady: true })).rejects.toThrow(/ICC profile is missing .*set KUMIHAN_ICC/);
    } finally {
      if (savedIcc === undefined) delete process.env.KUMIHAN_ICC;
      else process.env.KUMIHAN_ICC = savedIcc;
    }
    expect(Buffer.compare(before, readFileSync(small.pdf))).toBe(0);
    expect(readdirSync(dir).filter((file) => file.endsWith('.tmp') || file.includes('.tmp.'))).toEqual([]);
  });
});

describe('buildPdf of the real interview', () => {
  let real: Built;
  beforeAll(async () => {
    // The editors' manuscript when it is there, else the importer's output from the transcript.
    const manuscript = path.join(root, 'manuscript/000_723cf04ae7573580.md');
    const text = existsSync(manuscript)
      ? readFileSync(manuscript, 'utf8')
      : importTranscript(readFileSync(path.join(root, 'manuscript/000_723cf04ae7573580.txt')), { path: '000_723cf04ae7573580.txt', today: '2026-11-26' }).markdown;
    real = await buildBook(text, 'interview');
  });

  it('typesets all sixteen questions with every paragraph in reading order, fonts embedded, A5', () => {
    expect(real.book.questions).toHaveLength(16);
    checkPdf(real);
  });

  it('has an outline of the sixteen questions in order and the book metadata', async () => {
    await checkMetadata(real);
  });
});
