/**
 * Text stays text (issue 13 §4): the PDF's text layer and the EPUB's text are the manuscript's
 * characters, so a reader searching for `1991`, `5月17日` or `10:15` finds them; upright digits and
 * 縦中横 are presentation only. And a number never breaks across lines, in any size.
 * Real CLI (compiled dist/), real Chromium, poppler's pdftotext.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/cli/bin.js');
const fixture = path.join(root, 'test/fixtures/manuscript/numbers.md');
const seed = path.join(root, 'manuscript/000_723cf04ae7573580.md');
const work = mkdtempSync(path.join(tmpdir(), 'kumihan-search-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The strings a reader types into a search box; each is in the fixture's body text. */
const SEARCHES = ['1991', '1991年の国境', '5月17日', '2023年5月17日', '10:15', '17.05.2023', '939-17-05-2023', '50%', '1,000人', 'NATO', 'J.ボレル', '3人'];
const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/u;

async function build(manuscript: string, out: string, args: string[] = []): Promise<void> {
  await run('node', [bin, 'build', manuscript, '--out', out, '--force', ...args], { cwd: root, maxBuffer: 64 << 20 });
}

/** One glyph of the PDF's text layer, in content order (`pdftotext -raw -bbox`). */
interface Glyph {
  page: number;
  text: string;
  x: number;
  y: number;
}

function glyphs(pdf: string): Glyph[] {
  const xml = execFileSync('pdftotext', ['-raw', '-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const found: Glyph[] = [];
  let page = 0;
  for (const match of xml.matchAll(/<page |<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)) {
    if (match[0] === '<page ') page++;
    else found.push({ page, text: decode(match[3]!), x: Number(match[1]), y: Number(match[2]) });
  }
  return found;
}

const decode = (text: string) => text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");

/** The PDF's text as a reader's search sees it: glyphs in content order, line ends dropped. */
function searchableText(pdf: string): string {
  return execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).replace(/[\n\f ]/g, '');
}

/**
 * Numbers of the manuscript (three characters or more: a 縦中横 pair is one glyph and cannot split)
 * whose glyphs in the PDF are not all on one line: a vertical line shares x, a horizontal one
 * (running head, page number) shares y. Each hit is `p.page: number`.
 */
function splitNumbers(pdf: string, manuscript: string): { written: number; checked: number; split: string[] } {
  const body = readFileSync(manuscript, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
  const written = [...body.matchAll(/[0-9]+(?:[.,:\-/][0-9]+)*/g)].map((match) => match[0]).filter((token) => token.length >= 3);
  const numbers = new Set(written);
  const all = glyphs(pdf);
  const text = all.map((glyph) => glyph.text).join('');
  // Glyph index of every character of `text`.
  const owner: number[] = [];
  all.forEach((glyph, index) => {
    for (let k = 0; k < glyph.text.length; k++) owner.push(index);
  });
  const split: string[] = [];
  let checked = 0;
  for (const number of numbers) {
    for (let at = text.indexOf(number); at !== -1; at = text.indexOf(number, at + 1)) {
      checked++;
      const members = [...new Set(owner.slice(at, at + number.length))].map((index) => all[index]!);
      const first = members[0]!;
      const same = (key: 'x' | 'y') => members.every((glyph) => glyph.page === first.page && Math.abs(glyph[key] - first[key]) < 2);
      if (!same('x') && !same('y')) split.push(`p.${first.page}: ${number}`);
    }
  }
  return { written: written.length, checked, split };
}

describe('the PDF and the EPUB keep the manuscript’s characters', () => {
  let pdf: string;
  let epubText: string;
  let epubFiles: string[];

  beforeAll(async () => {
    const out = path.join(work, 'fixture');
    await build(fixture, out, ['--pdf', '--epub']);
    pdf = path.join(out, 'numbers.pdf');
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'numbers.epub')));
    const names = Object.keys(zip.files).filter((name) => name.endsWith('.xhtml'));
    epubFiles = await Promise.all(names.map((name) => zip.file(name)!.async('string')));
    // textContent of each document, as an e-reader's search reads it (character references decoded).
    epubText = epubFiles.map((xhtml) => toString(fromHtml(xhtml))).join('\n');
  });

  it('a PDF search finds every number, date and time as written', () => {
    const text = searchableText(pdf);
    for (const search of SEARCHES) expect(text, search).toContain(search);
  });

  it('the PDF text layer has no full-width substitutes for ASCII', () => {
    const text = searchableText(pdf);
    // `？` and `：` the manuscript wrote itself are fine; digits and Latin letters must be ASCII.
    expect(text.match(/[０-９Ａ-Ｚａ-ｚ]/gu) ?? []).toEqual([]);
  });

  it('an EPUB search finds every number, date and time as written', () => {
    for (const search of SEARCHES) expect(epubText, search).toContain(search);
    expect(epubText.match(/[０-９Ａ-Ｚａ-ｚ]/gu) ?? []).toEqual([]);
  });

  it('縦中横 and upright digits are spans around the manuscript’s own characters', () => {
    const body = epubFiles.join('\n');
    expect(body).toMatch(/<span class="tcy">17<\/span>/);
    expect(body).toMatch(/<span class="upright">1991<\/span>/);
    expect(FULL_WIDTH_ASCII.test(body.replace(/&#x[0-9A-F]+;/gi, (ref) => String.fromCodePoint(parseInt(ref.slice(3, -1), 16))).replace(/[？！：（）]/g, ''))).toBe(false);
  });

  it('no number is split across lines', () => {
    const { written, checked, split } = splitNumbers(pdf, fixture);
    expect(written).toBeGreaterThan(0);
    expect(checked).toBeGreaterThanOrEqual(written);
    expect(split).toEqual([]);
  });
});

describe('numbers never split across lines in any size', () => {
  const variants: Array<[string, string[]]> = [
    ['A5', ['--size', 'A5']],
    ['A5, 2 columns', ['--size', 'A5', '--columns', '2']],
    ['bunko', ['--size', 'bunko']],
    ['shinsho', ['--size', 'shinsho']],
    ['B6', ['--size', 'B6']],
  ];
  it.each(variants)('%s', async (name, args) => {
    const out = path.join(work, name.replace(/\W+/g, '-'));
    await build(seed, out, ['--pdf', ...args]);
    const pdf = path.join(out, '000_723cf04ae7573580.pdf');
    const { written, checked, split } = splitNumbers(pdf, seed);
    // Every number of three characters or more in the interview is found as written.
    expect(written).toBeGreaterThan(0);
    expect(checked).toBeGreaterThanOrEqual(written);
    expect(split).toEqual([]);
    expect(searchableText(pdf)).toContain('1991年の国境');
  }, 300_000);
});
