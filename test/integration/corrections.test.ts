/**
 * Issue 16 end to end through the real CLI (compiled dist/, real Chromium), in a scratch git repo:
 * a first edition, a one-sentence correction and a second edition; the errata give page and line;
 * the rebuild reports the changed page and no reflow; a longer correction is refused under
 * --keep-pagination with the previous PDF untouched; `kumihan diff` shows the page pair.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pngjs from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/cli/bin.js');
const small = path.join(root, 'test/fixtures/manuscript/small.md');

async function kumihan(args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await run('node', [bin, ...args], { cwd, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function pageCount(pdf: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdf]);
  return Number(/Pages:\s+(\d+)/.exec(stdout)![1]);
}

/** The text of one page of a PDF, without spaces and with widths folded. */
async function pageText(pdf: string, page: number): Promise<string> {
  const { stdout } = await run('pdftotext', ['-raw', '-f', String(page), '-l', String(page), pdf, '-']);
  return stdout.normalize('NFKC').replace(/\s/g, '');
}

/** The 奥付's page: the page with the edition history (issue 13 puts blank pages after it, before 表4). */
async function colophonPage(pdf: string): Promise<number> {
  for (let page = await pageCount(pdf); page > 0; page--) if ((await pageText(pdf, page)).includes('版歴')) return page;
  throw new Error(`${pdf}: no page with the edition history`);
}

describe('corrections the way editors work', { timeout: 600_000 }, () => {
  let project: string;
  const manuscript = () => path.join(project, 'book.md');
  const pdf = () => path.join(project, 'out', 'book.pdf');
  const git = (...args: string[]) => run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: project });
  let erratum: { page: number; line: number } | undefined;

  beforeAll(async () => {
    project = mkdtempSync(path.join(tmpdir(), 'kumihan-corrections-'));
    cpSync(small, manuscript());
    await git('init', '-q');
    await git('add', 'book.md');
    await git('commit', '-qm', 'first edition');
    const built = await kumihan(['build', 'book.md', '--pdf', '--out', 'out'], project);
    expect(built.code, built.stderr).toBe(0);
    // One sentence corrected, and a new printing in the history.
    const text = readFileSync(manuscript(), 'utf8')
      .replace('よく覚えています。', 'よく覚えていません。')
      .replace('    note: 誤植訂正\n', '    note: 誤植訂正\n  - edition: 初版第3刷\n    date: 2024-06-01\n    note: 一文訂正\n');
    writeFileSync(manuscript(), text);
    await git('commit', '-qam', 'second edition');
  }, 600_000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('lists the correction with the page and line of the old printing', async () => {
    const { code, stdout, stderr } = await kumihan(['errata', 'book.md', '--since', '初版第2刷', '--out', 'out', '--no-pdf'], project);
    expect(code, stderr).toBe(0);
    const match = /Q1 p\.(\d+) (\d+)行/.exec(stdout);
    expect(match, stdout).not.toBeNull();
    erratum = { page: Number(match![1]), line: Number(match![2]) };
    // The page named is the one the old sentence stands on.
    expect(await pageText(pdf(), erratum.page)).toContain('よく覚えています。');
    const sheet = readFileSync(path.join(project, 'out', 'book-errata.md'), 'utf8');
    const row = sheet.split('\n').find((line) => line.startsWith('| Q1'));
    expect(row).toContain(`| ${erratum.page} | ${erratum.line}行 | よく覚えています。 | よく覚えていません。 |`);
  });

  it('reports, on rebuilding, the page that changed and that nothing reflowed', async () => {
    expect(erratum).toBeDefined();
    const { code, stdout, stderr } = await kumihan(['build', 'book.md', '--pdf', '--out', 'out'], project);
    expect(code, stderr).toBe(0);
    // The corrected page, and the colophon, which lists the new printing.
    const colophon = await colophonPage(pdf());
    expect(stdout).toContain(`pages   pages ${erratum!.page}, ${colophon} changed; nothing reflowed`);
    expect(await pageText(pdf(), erratum!.page)).toContain('よく覚えていません。');
  });

  it('renders the changed page beside the old one with the difference marked', async () => {
    const { code, stdout, stderr } = await kumihan(['diff', 'book.md', '--since', '初版第2刷', '--out', 'out', '--png'], project);
    expect(code, stderr).toBe(0);
    const colophon = await colophonPage(pdf());
    expect(stdout).toMatch(new RegExp(`^2 pages changed since 初版第2刷 .*\\(p\\.${erratum!.page}, p\\.${colophon}\\)`));
    expect(await pageCount(path.join(project, 'out', 'book-diff.pdf'))).toBe(2);
    const png = pngjs.PNG.sync.read(readFileSync(path.join(project, 'out', `book-diff-p${erratum!.page}.png`)));
    // Two pages side by side, and both halves carry red marks where the text differs.
    expect(png.width).toBeGreaterThan(png.height);
    const red = [0, 0];
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const o = (y * png.width + x) * 4;
        if (png.data[o] === 255 && png.data[o + 1]! < 150 && png.data[o + 2]! < 150) red[x < png.width / 2 ? 0 : 1]!++;
      }
    }
    expect(red[0]).toBeGreaterThan(0);
    expect(red[1]).toBeGreaterThan(0);
  });

  it('refuses, under --keep-pagination, a correction that reflows, and keeps the previous PDF', async () => {
    const before = readFileSync(pdf());
    const longer = '続きの段落です。' + '当時のことを思い出すと、いまでも胸が熱くなります。'.repeat(30);
    writeFileSync(manuscript(), readFileSync(manuscript(), 'utf8').replace('続きの段落です。', longer));
    // All three formats: the booklet and the EPUB (never built in this project) must not appear either.
    const { code, stdout, stderr } = await kumihan(['build', 'book.md', '--keep-pagination', '--out', 'out'], project);
    expect(code).toBe(1);
    expect(stdout).not.toContain('built');
    expect(stderr).toMatch(new RegExp(`--keep-pagination: the correction on p\\.${erratum!.page} pushes .* cut about \\d+ characters on p\\.${erratum!.page}`));
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(pdf()).equals(before)).toBe(true);
    expect(existsSync(path.join(project, 'out', 'book.epub'))).toBe(false);
    expect(existsSync(path.join(project, 'out', 'book-booklet.pdf'))).toBe(false);
  });
});
