/**
 * Issue 13 end to end, through the real CLI (compiled dist/), real Chromium, poppler and
 * Ghostscript: the print-shop file passes a print shop's preflight (PDF/X-1a, K only, vector
 * leaders, fonts embedded, text extractable, boxes, outline); PDF/X-4 in CMYK; the KDP interior;
 * and in every size and column setting the pages a printer requires (a multiple of four, the
 * 奥付 on 表3, a number on every page) and the make-up a typesetter signs off (no page holding a
 * single line, no number split across lines).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutline } from '../../src/writers/print/pdf.js';
import { pageGeometry } from '../../src/writers/print/print-html.js';
import type { PageSize } from '../../src/config/schema.js';
import { glyphs, searchableText, splitNumbers } from './pdf-text.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/cli/bin.js');
const seed = path.join(root, 'manuscript/000_723cf04ae7573580.md');
const work = mkdtempSync(path.join(tmpdir(), 'kumihan-print-shop-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function build(name: string, args: string[]): Promise<string> {
  const out = path.join(work, name);
  await run('node', [bin, 'build', seed, '--out', out, '--pdf', '--force', ...args], { cwd: root, maxBuffer: 64 << 20 });
  return path.join(out, '000_723cf04ae7573580.pdf');
}

const tool = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20 });

async function preflight(pdf: string, args: string[] = []): Promise<{ code: number; lines: string[] }> {
  try {
    const { stdout } = await run('node', [bin, 'check', '--preflight', pdf, ...args], { cwd: root });
    return { code: 0, lines: stdout.trim().split('\n') };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, lines: failed.stdout.trim().split('\n') };
  }
}

/** Ghostscript's ink coverage per page: [C, M, Y, K] fractions. */
function inkCoverage(pdf: string, extra: string[] = []): number[][] {
  return tool('gs', ['-q', '-dSAFER', '-o', '-', '-sDEVICE=inkcov', ...extra, pdf])
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).slice(0, 4).map(Number));
}

/** Page boxes as pdfinfo lists them: for every page, its TrimBox and BleedBox. */
function boxes(pdf: string): Array<{ page: number; trim: number[]; bleed: number[]; media: number[] }> {
  const text = tool('pdfinfo', ['-box', '-f', '1', '-l', '9999', pdf]);
  const pages = new Map<number, { page: number; trim: number[]; bleed: number[]; media: number[] }>();
  for (const match of text.matchAll(/^Page\s+(\d+) (MediaBox|BleedBox|TrimBox):\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)/gm)) {
    const page = Number(match[1]);
    const entry = pages.get(page) ?? { page, trim: [], bleed: [], media: [] };
    const values = match.slice(3, 7).map(Number);
    if (match[2] === 'TrimBox') entry.trim = values;
    if (match[2] === 'BleedBox') entry.bleed = values;
    if (match[2] === 'MediaBox') entry.media = values;
    pages.set(page, entry);
  }
  return [...pages.values()];
}

async function load(pdf: string): Promise<PDFDocument> {
  return PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
}

/** Pages whose own number is not in their text layer (the 隠しノンブル, or the visible one). */
function unnumbered(pdf: string): number[] {
  const all = glyphs(pdf);
  const count = Math.max(...all.map((glyph) => glyph.page));
  const missing: number[] = [];
  for (let page = 1; page <= count; page++) {
    if (!all.some((glyph) => glyph.page === page && glyph.text === String(page))) missing.push(page);
  }
  return missing;
}

/**
 * Body pages whose text block holds a single line: the glyphs inside the text block (running head
 * and ノンブル left out) grouped by their x, per page.
 */
function singleLinePages(pdf: string, size: PageSize, columns: 1 | 2): number[] {
  const geometry = pageGeometry(size, columns);
  const lines = new Map<number, Set<number>>();
  for (const glyph of glyphs(pdf)) {
    if (glyph.y < geometry.head - 2 || glyph.y > geometry.height - geometry.foot + 2) continue;
    if (!/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(glyph.text)) continue;
    const set = lines.get(glyph.page) ?? new Set<number>();
    set.add(Math.round(glyph.x));
    lines.set(glyph.page, set);
  }
  return [...lines].filter(([, xs]) => xs.size === 1).map(([page]) => page);
}

describe('the print-shop profile: PDF/X-1a, K only, crop marks', () => {
  let pdf: string;
  beforeAll(async () => {
    pdf = await build('print-shop', ['--profile', 'print-shop']);
  });

  it("passes kumihan's own preflight as a one-colour job", async () => {
    const { code, lines } = await preflight(pdf, ['--k-only']);
    expect(lines.filter((line) => !/: ok {3}/.test(line))).toEqual([]);
    expect(code).toBe(0);
    expect(lines.join('\n')).toMatch(/ok {3}PDF\/X version: PDF\/X-1a:2001 \(PDF 1\.3, Trapped False\)/);
    expect(lines.join('\n')).toMatch(/ok {3}OutputIntent: JC200103, Japan Color 2001 Coated/);
  });

  it('Ghostscript finds no cyan, magenta or yellow on any page, crop marks included', () => {
    const pages = inkCoverage(pdf);
    expect(pages.length).toBe(new Set(boxes(pdf).map((entry) => entry.page)).size);
    expect(pages.filter(([c, m, y]) => c! > 0 || m! > 0 || y! > 0)).toEqual([]);
    expect(pages.some(([, , , k]) => k! > 0)).toBe(true);
  });

  it('has no images: the 目次 leaders are vector', () => {
    expect(tool('pdfimages', ['-list', pdf]).trim().split('\n').slice(2)).toEqual([]);
  });

  it('embeds every font, none Type 3, and keeps the text extractable', () => {
    const rows = tool('pdffonts', [pdf]).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).not.toMatch(/Type 3/);
      expect(row).toMatch(/CID TrueType\s+Identity-H\s+yes yes yes/);
    }
    const text = searchableText(pdf);
    expect(text).toContain('まずは一番厳しいディベート');
    expect(text).toContain('1991年の国境');
  });

  it('has a TrimBox and a BleedBox on every page, 3 mm apart, inside the media', () => {
    const all = boxes(pdf);
    expect(all.length).toBeGreaterThan(0);
    for (const { trim, bleed, media } of all) {
      expect(trim).toHaveLength(4);
      expect(bleed).toHaveLength(4);
      expect(trim[0]! - bleed[0]!).toBeCloseTo((3 * 72) / 25.4, 1);
      expect(bleed[0]!).toBeGreaterThan(media[0]!);
      expect(bleed[3]!).toBeLessThan(media[3]!);
    }
  });

  it('keeps the bookmarks with their exact titles, 目次 first and 奥付 last', async () => {
    const titles = readOutline(await load(pdf));
    expect(titles[0]).toBe('目次');
    expect(titles.at(-1)).toBe('奥付');
    const questions = readFileSync(seed, 'utf8').match(/^## .+$/gm)!.map((heading, index) => `Q${index + 1}　${heading.slice(3)}`);
    expect(titles.slice(1, -1)).toEqual(questions);
  });

  it('numbers every page and labels the pages to match', async () => {
    expect(unnumbered(pdf)).toEqual([]);
    const document = await load(pdf);
    expect(document.catalog.lookup(PDFName.of('PageLabels'))?.toString().replace(/\s+/g, ' ')).toBe('<< /Nums [ 0 << /S /D >> ] >>');
  });

  it('is the same file when built again', async () => {
    const first = readFileSync(pdf);
    const again = await build('print-shop-again', ['--profile', 'print-shop']);
    expect(Buffer.compare(first, readFileSync(again))).toBe(0);
  });
});

describe('PDF/X-4 in CMYK', () => {
  it('passes the preflight with text and rules on K, registration marks outside the bleed', async () => {
    const pdf = await build('x4', ['--pdfx', '4', '--color', 'cmyk', '--crop-marks']);
    const { code, lines } = await preflight(pdf, ['--k-only']);
    expect(lines.filter((line) => !/: ok {3}/.test(line))).toEqual([]);
    expect(code).toBe(0);
    expect(readFileSync(pdf).subarray(0, 8).toString('latin1')).toBe('%PDF-1.6');
    // Inside the BleedBox only K; the crop marks beyond it are in registration colour.
    expect(inkCoverage(pdf, ['-dUseBleedBox']).filter(([c, m, y]) => c! > 0 || m! > 0 || y! > 0)).toEqual([]);
    expect(inkCoverage(pdf).some(([c]) => c! > 0)).toBe(true);
  });
});

describe('the kdp-paperback profile', () => {
  it('is an interior file: no cover pages, no crop marks, no bookmarks, even and at least 24 pages, the 奥付 last', async () => {
    const pdf = await build('kdp', ['--profile', 'kdp-paperback', '--size', 'B6']);
    const document = await load(pdf);
    expect(document.catalog.get(PDFName.of('Outlines'))).toBeUndefined();
    const count = document.getPageCount();
    expect(count % 2).toBe(0);
    expect(count).toBeGreaterThanOrEqual(24);
    for (const { trim, media } of boxes(pdf)) expect(trim).toEqual(media);
    const first = tool('pdftotext', ['-raw', '-f', '1', '-l', '1', pdf, '-']);
    const last = tool('pdftotext', ['-raw', '-f', String(count), '-l', String(count), pdf, '-']);
    // The book opens on the 扉 (its outlet line), not on the cover (the interview date).
    expect(first.replace(/\s/g, '')).toContain('ツァルグラードTV・モスクワ');
    expect(first.replace(/\s/g, '')).not.toContain('2023年5月17日');
    expect(last.replace(/\s/g, '')).toContain('版歴');
    expect((await preflight(pdf, ['--binding', 'perfect', '--k-only'])).code).toBe(0);
  });

  it('refuses a trim KDP cannot print, before any work', async () => {
    const failed = await run('node', [bin, 'build', seed, '--out', path.join(work, 'kdp-bunko'), '--pdf', '--profile', 'kdp-paperback', '--size', 'bunko'], { cwd: root }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/^kumihan: KDP paperbacks are at least 4 × 6 in .*bunko is 105 × 148 mm/);
  });
});

describe('every size and column setting (home profile, the 中綴じ booklet)', () => {
  const variants: Array<[string, PageSize, 1 | 2]> = [
    ['A5', 'A5', 1],
    ['A5, 2 columns', 'A5', 2],
    ['bunko', 'bunko', 1],
    ['shinsho', 'shinsho', 1],
    ['B6', 'B6', 1],
  ];
  it.each(variants)('%s: pages a printer requires, make-up a typesetter signs off', async (name, size, columns) => {
    const pdf = await build(name.replace(/\W+/g, '-'), ['--size', size, '--columns', String(columns)]);
    const document = await load(pdf);
    const count = document.getPageCount();
    // 中綴じ: a multiple of four; the 奥付 on a recto, never on the outside back cover, only blank
    // pages between it and the back cover.
    expect(count % 4).toBe(0);
    const page = (n: number) => tool('pdftotext', ['-raw', '-f', String(n), '-l', String(n), pdf, '-']).replace(/\s/g, '');
    const colophon = Array.from({ length: count }, (_, k) => k + 1).filter((n) => page(n).includes('版歴'));
    expect(colophon).toHaveLength(1);
    expect(colophon[0]! % 2).toBe(1);
    for (let n = colophon[0]! + 1; n <= count; n++) expect(page(n)).toBe(String(n));
    // The 奥付 has no 柱; any ノンブル on it is its own number.
    const lastQuestion = readFileSync(seed, 'utf8').match(/^## (.+)$/gm)!.at(-1)!.slice(3);
    expect(page(colophon[0]!)).not.toContain(lastQuestion.replace(/\s/g, ''));
    expect(page(colophon[0]!)).toMatch(new RegExp(`発行(${colophon[0]})+$`));
    expect(unnumbered(pdf)).toEqual([]);
    expect(singleLinePages(pdf, size, columns)).toEqual([]);
    const { written, checked, split } = splitNumbers(pdf, seed);
    expect(written).toBeGreaterThan(0);
    expect(checked).toBeGreaterThanOrEqual(written);
    expect(split).toEqual([]);
    expect(readOutline(document)[0]).toBe('目次');
  }, 300_000);
});
