/**
 * Issue 12 end to end through the real CLI (compiled dist/, real Chromium, EPUBCheck): a press
 * conference transcript in the government-record style is imported and built into every output;
 * the PDF outline and the EPUB navigation nest the questions under the parts.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/cli/bin.js');
const dir = mkdtempSync(path.join(tmpdir(), 'kumihan-press-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function kumihan(args: string[]) {
  try {
    const { stdout, stderr } = await run('node', [bin, ...args], { cwd: dir, maxBuffer: 64 << 20, timeout: 300_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Outline titles with their depth, depth first. */
function outline(document: PDFDocument): string[] {
  const entries: string[] = [];
  const walk = (first: PDFDict | undefined, depth: number) => {
    for (let node = first; node; node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      entries.push(`${'  '.repeat(depth)}${node.lookupMaybe(PDFName.of('Title'), PDFString, PDFHexString)?.decodeText() ?? ''}`);
      walk(node.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
    }
  };
  walk(document.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict), 0);
  return entries;
}

describe('an imported press conference', () => {
  let built: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    copyFileSync(path.join(root, 'test/fixtures/import-styles/bracket-press.txt'), path.join(dir, 'press.txt'));
    const imported = await kumihan(['import', 'press.txt']);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toBe(`5 parts, 4 questions, 9 turns, 4 speakers → ${path.join('manuscript', 'press.md')}\n`);
    built = await kumihan(['build', 'manuscript/press.md', '--out', 'out']);
  }, 300_000);

  it('builds every output', () => {
    expect(built.code).toBe(0);
    for (const file of ['press.pdf', 'press-booklet.pdf', 'press.epub']) expect(existsSync(path.join(dir, 'out', file)), file).toBe(true);
  });

  it('nests the questions under their parts in the PDF outline, numbered on', async () => {
    const pdf = await PDFDocument.load(readFileSync(path.join(dir, 'out/press.pdf')), { updateMetadata: false });
    // The 目次 and the 奥付 open and close the outline, as in every book (issue 13).
    expect(outline(pdf)).toEqual([
      '目次',
      '冒頭発言',
      '北欧訪問について',
      '質疑応答',
      '北欧訪問',
      '  Q1　今回の訪問で、漁業協定の改定まで踏み込む',
      '  Q2　北極海航路の利用について',
      '中東情勢',
      '  Q3　停戦交渉の現状について',
      '  Q4　人道支援の追加はありますか',
      '奥付',
    ]);
  });

  it('sets the turns hanging at the widest label and lists every part in the 目次', () => {
    const html = readFileSync(path.join(dir, 'out/.work/press/print.html'), 'utf8');
    // 三浦記者 and 石田記者 are the widest printed labels: four characters and a space.
    expect(new Set([...html.matchAll(/class="turn ([^"]*)"/gu)].map((m) => m[1]))).toEqual(new Set(['hang-5']));
    expect([...html.matchAll(/class="toc-part-title[^"]*">([^<]*)</gu)].map((m) => m[1])).toHaveLength(5);
  });

  it('makes an EPUB whose navigation nests the questions and which EPUBCheck accepts', async () => {
    const epub = path.join(dir, 'out/press.epub');
    const zip = await JSZip.loadAsync(readFileSync(epub));
    const ncx = await zip.file('item/toc.ncx')!.async('string');
    expect(ncx).toContain('<meta name="dtb:depth" content="2"/>');
    const nav = await zip.file('item/navigation-documents.xhtml')!.async('string');
    expect(nav).toMatch(/<li><a href="xhtml\/p-part4\.xhtml">北欧訪問<\/a>\n<ol>\n<li><a href="xhtml\/p-001\.xhtml">/u);
    // EPUBCheck prints a summary line before the JSON and exits 1 on errors: read stdout either way.
    const { stdout } = await run('java', ['-jar', '/usr/bin/epubcheck', epub, '--json', '-'], { maxBuffer: 32 << 20 }).catch((error: { stdout?: string }) => ({
      stdout: error.stdout ?? '',
    }));
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { messages: { severity: string; message: string }[] };
    expect(report.messages.filter((m) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity))).toEqual([]);
  });
});
