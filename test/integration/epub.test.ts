/**
 * The EPUB against real consumers: EPUBCheck 4.2.6 (Java), pandoc's EPUB reader, and Vivliostyle
 * typesetting the .epub into a PDF. Under CI nothing is skipped: a missing tool fails the run.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, ReadingDirection } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEpub } from '../../src/writers/epub/writer.js';
import { sampleInput } from '../unit/epub/fixture.js';

const run = promisify(execFile);
const EPUBCHECK_JAR = '/usr/bin/epubcheck';
const CHROMIUM = '/usr/bin/chromium';
const VIVLIOSTYLE = path.resolve('node_modules/.bin/vivliostyle');

const onPath = (command: string) => (process.env.PATH ?? '').split(path.delimiter).some((dir) => existsSync(path.join(dir, command)));
const ci = Boolean(process.env.CI);
const haveJava = onPath('java') && existsSync(EPUBCHECK_JAR);
const havePandoc = onPath('pandoc');
const haveChromium = existsSync(CHROMIUM) && onPath('pdfinfo');

let dir: string;
let epubPath: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kumihan-epub-'));
  epubPath = path.join(dir, 'book.epub');
  await writeFile(epubPath, await writeEpub(sampleInput()));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!ci && !haveJava)('EPUBCheck 4.2.6', () => {
  it('reports no fatal error, no error and no warning', async () => {
    // EPUBCheck prints a summary line before the JSON and exits 1 on errors: read stdout either way.
    const { stdout } = await run('java', ['-jar', EPUBCHECK_JAR, epubPath, '--json', '-'], { maxBuffer: 32 * 1024 * 1024 }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
    );
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
      messages: Array<{ ID: string; severity: string; message: string }>;
      checker: { checkerVersion: string; nFatal: number; nError: number; nWarning: number };
    };
    expect(report.checker.checkerVersion).toBe('4.2.6');
    expect(report.messages.filter((message) => ['FATAL', 'ERROR', 'WARNING'].includes(message.severity))).toEqual([]);
    expect([report.checker.nFatal, report.checker.nError, report.checker.nWarning]).toEqual([0, 0, 0]);
  });
});

describe.skipIf(!ci && !havePandoc)('pandoc', () => {
  it('reads the text back, hostile text as text, in reading order', async () => {
    const { stdout } = await run('pandoc', ['-f', 'epub', '-t', 'plain', '--wrap=none', epubPath]);
    expect(stdout).toContain('2023年5月17日、モスクワで行われたインタビュー。');
    expect(stdout).toContain('質問　この20年で<script>alert(1)</script>は変わりましたか？');
    expect(stdout).toContain('同じ話者の続きの段落。');
    const order = ['外交は忘れ去られたのか', '<script>は文字のまま', '二十年の交渉と「対話」の行方', 'くみはん書房'].map((text) => stdout.lastIndexOf(text));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((index) => index >= 0)).toBe(true);
  });
});

describe.skipIf(!ci && !haveChromium)('Vivliostyle', () => {
  it('typesets the .epub into a vertical, right-to-left PDF', async () => {
    const pdfPath = path.join(dir, 'book.pdf');
    // cwd is the temporary directory so no vivliostyle.config.js of the project is picked up.
    await run(VIVLIOSTYLE, ['build', epubPath, '-o', pdfPath, '--executable-browser', CHROMIUM], { cwd: dir, timeout: 240_000 });
    const { stdout } = await run('pdfinfo', [pdfPath]);
    const pages = Number(/^Pages:\s+(\d+)/mu.exec(stdout)?.[1]);
    // cover, 扉, 目次, lead, three questions, 奥付
    expect(pages).toBeGreaterThanOrEqual(8);
    expect(stdout).toMatch(/^Title:\s+モスクワでのインタビュー$/mu);
    const pdf = await PDFDocument.load(await readFile(pdfPath), { updateMetadata: false });
    expect(pdf.catalog.getViewerPreferences()?.getReadingDirection()).toBe(ReadingDirection.R2L);
    const { stdout: images } = await run('pdfimages', ['-list', '-f', '1', '-l', '1', pdfPath]);
    expect(images).toMatch(/^\s+1\s+0\s+image\s+1600\s+2560\b/mu);
  });
});
