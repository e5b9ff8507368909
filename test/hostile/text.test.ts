/**
 * Text stays text: a transcript full of markup, entities and odd characters becomes a book whose
 * print HTML and EPUB XHTML carry every sentence as escaped text, no element or attribute of it,
 * and whose EPUB passes EPUBCheck with no message.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import type { Element } from 'hast';
import JSZip from 'jszip';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typesetBook } from '../../src/core/build.js';
import { importTranscript } from '../../src/import/index.js';
import { parseManuscript } from '../../src/manuscript/parse.js';
import { foldForComparison } from '../../src/transform/typography-fold.js';
import { buildEpub } from '../../src/writers/epub/epub-book.js';
import { printHtml } from '../../src/writers/print/print-html.js';
import { readXhtml, runBin } from './helpers.js';

const INPUT = new URL('inputs/hostile-text.txt', import.meta.url);
const TRANSCRIPT = readFileSync(INPUT, 'utf8');
const LABEL = /^(?:質問|山田): ?/;
/** Every line the speakers said (labels off), folded: each must be in the book's text. */
const SPOKEN = TRANSCRIPT.split('\n')
  .slice(1)
  .map((line) => line.replace(LABEL, '').trim())
  .filter(Boolean)
  .map(foldForComparison);

let dir: string;
let epub: Uint8Array;
let html: string;

beforeAll(async () => {
  const imported = importTranscript(new Uint8Array(readFileSync(INPUT)), { path: 'hostile-text.txt', today: '2026-01-01' });
  const book = parseManuscript(imported.markdown, 'hostile-text.md');
  expect(book.file.messages.filter((m) => m.fatal)).toEqual([]);
  const parts = await typesetBook(book);
  epub = await buildEpub(book, parts);
  html = printHtml(parts, book.meta, { stylesheets: [] });
  dir = await mkdtemp(path.join(os.tmpdir(), 'kumihan-text-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** What a browser would make of markup coming out of the speakers' text. */
const DANGEROUS = new Set(['script', 'iframe', 'img', 'object', 'embed', 'link', 'style', 'a']);

describe('EPUB', () => {
  it('every XHTML, OPF and NCX file is well-formed XML', async () => {
    const zip = await JSZip.loadAsync(epub);
    const names = Object.keys(zip.files).filter((name) => /\.(xhtml|opf|ncx)$/.test(name));
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) readXhtml(await zip.file(name)!.async('string'));
  });

  it('the spoken <script> is the text &lt;script&gt;, and no element comes out of the speakers’ words', async () => {
    const zip = await JSZip.loadAsync(epub);
    const q1 = await zip.file('item/xhtml/p-001.xhtml')!.async('string');
    expect(q1).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(q1).toContain(']]&gt;');
    for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xhtml'))) {
      const { elements } = readXhtml(await zip.file(name)!.async('string'));
      // The 目次 links are kumihan's own (the cover is an SVG <image>); nothing else may appear.
      // Issue 15: a bare URL the speaker said is a link — http(s) or mailto only (checked below).
      const own = (element: string) => (name.endsWith('navigation-documents.xhtml') || /p-\d+\.xhtml$/.test(name)) && element === 'a';
      expect(elements.filter((element) => DANGEROUS.has(element) && !own(element)), name).toEqual([]);
      if (!/p-\d+\.xhtml$/.test(name)) continue;
      const hrefs = [...(await zip.file(name)!.async('string')).matchAll(/<a [^>]*href="([^"]*)"/g)].map((match) => match[1]!);
      expect(hrefs.filter((href) => !/^(?:#|https?:\/\/|mailto:)/.test(href)), name).toEqual([]);
    }
  });

  it('every sentence the speakers said is in the text, after folding widths and spellings', async () => {
    const zip = await JSZip.loadAsync(epub);
    const files = Object.keys(zip.files).filter((name) => /p-\d+\.xhtml$/.test(name)).sort();
    const text = foldForComparison((await Promise.all(files.map(async (name) => readXhtml(await zip.file(name)!.async('string')).text))).join('\n'));
    for (const sentence of SPOKEN) expect(text).toContain(sentence);
    const title = readXhtml(await zip.file('item/xhtml/p-titlepage.xhtml')!.async('string')).text;
    expect(title).toContain('<script>alert("title")</script>の対話');
  });

  it.skipIf(!existsSync('/usr/bin/epubcheck'))('passes EPUBCheck 4.2.6 with 0 errors and 0 warnings', async () => {
    const file = path.join(dir, 'hostile.epub');
    await writeFile(file, epub);
    const { stdout } = await promisify(execFile)('java', ['-jar', '/usr/bin/epubcheck', file, '--json', '-'], { maxBuffer: 32 << 20 }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
    );
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { checker: { nFatal: number; nError: number; nWarning: number }; messages: unknown[] };
    expect(report.messages).toEqual([]);
    expect([report.checker.nFatal, report.checker.nError, report.checker.nWarning]).toEqual([0, 0, 0]);
  });
});

describe('print HTML', () => {
  it('parses (as a browser would) into no element and no event handler from the speakers’ words, all text kept', () => {
    const tree = fromHtml(html);
    const body = (tree.children.find((node) => node.type === 'element') as Element).children.find((node) => node.type === 'element' && node.tagName === 'body') as Element;
    const found: string[] = [];
    visit(body, 'element', (node) => {
      if (DANGEROUS.has(node.tagName) && node.tagName !== 'a') found.push(node.tagName);
      for (const name of Object.keys(node.properties)) if (/^on/i.test(name)) found.push(`${node.tagName}[${name}]`);
    });
    expect(found).toEqual([]);
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script>');
    const text = foldForComparison(toString(body));
    for (const sentence of SPOKEN) expect(text).toContain(sentence);
  });
});

describe('end to end through the binary', () => {
  it('kumihan import and kumihan build --epub exit 0 on the hostile transcript', async () => {
    await writeFile(path.join(dir, 'talk.txt'), TRANSCRIPT);
    const imported = await runBin(['import', 'talk.txt'], dir);
    expect([imported.code, imported.stderr]).toEqual([0, '']);
    const built = await runBin(['build', '--epub', '--out', 'out'], dir);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toBe('built   out/talk.epub\n');
    expect(existsSync(path.join(dir, 'out', 'talk.epub'))).toBe(true);
  });
});
