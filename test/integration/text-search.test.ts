/**
 * Text stays text (issue 13 §4): the PDF's text layer and the EPUB's text are the manuscript's
 * characters, so a reader searching for `1991`, `5月17日` or `10:15` finds them; upright digits and
 * 縦中横 are presentation only. And a number never breaks across lines (every size: print-shop.test.ts).
 * Real CLI (compiled dist/), real Chromium, poppler's pdftotext.
 */
import { execFile } from 'node:child_process';
import { searchableText, splitNumbers } from './pdf-text.js';
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
const work = mkdtempSync(path.join(tmpdir(), 'kumihan-search-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The strings a reader types into a search box; each is in the fixture's body text. */
const SEARCHES = ['1991', '1991年の国境', '5月17日', '2023年5月17日', '10:15', '17.05.2023', '939-17-05-2023', '50%', '1,000人', 'NATO', 'J.ボレル', '3人'];
const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/u;

async function build(manuscript: string, out: string, args: string[] = []): Promise<void> {
  await run('node', [bin, 'build', manuscript, '--out', out, '--force', ...args], { cwd: root, maxBuffer: 64 << 20 });
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
