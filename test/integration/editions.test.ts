/**
 * Issue 6 end to end through the real CLI (compiled dist/, real Chromium): proofreading, errata,
 * no-op rebuilds, atomic outputs on failure and the edition history in both colophons.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/cli/bin.js');
const seed = path.join(root, 'manuscript/000_723cf04ae7573580.md');
const small = path.join(root, 'test/fixtures/manuscript/small.md');

async function kumihan(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  try {
    const { stdout, stderr } = await run('node', [bin, ...args], { cwd: options.cwd ?? root, env: { ...process.env, ...options.env }, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('kumihan check', () => {
  it('reports the seed manuscript’s unbalanced brackets with line:col and exits 1', async () => {
    const { code, stdout } = await kumihan(['check', '--no-outputs', seed]);
    expect(code).toBe(1);
    const brackets = stdout.split('\n').filter((line) => /かぎかっこ|unbalanced-bracket/.test(line));
    // The transcript has stray 」 closers, an unclosed 「 and a stray ）: each with its position.
    expect(brackets.length).toBeGreaterThanOrEqual(4);
    for (const line of brackets) expect(line).toMatch(/000_723cf04ae7573580\.md:\d+:\d+: error: /);
    expect(stdout).toMatch(/closing ） has no opening （/);
  });

  it('exits 0 on a clean manuscript', async () => {
    const { code, stderr } = await kumihan(['check', '--no-outputs', small]);
    expect(code).toBe(0);
    expect(stderr).toContain('0 errors in 1 manuscript');
  });
});

describe('editions, errata and safe rebuilds', () => {
  let project: string;
  let manuscript: string;
  let out: string;

  beforeAll(async () => {
    project = mkdtempSync(path.join(tmpdir(), 'kumihan-editions-'));
    cpSync(small, path.join(project, 'book.md'));
    manuscript = path.join(project, 'book.md');
    out = path.join(project, 'out');
    const git = (...args: string[]) => run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: project });
    await git('init', '-q');
    await git('add', 'book.md');
    await git('commit', '-qm', 'first');
    const built = await kumihan(['build', manuscript, '--out', out]);
    expect(built.code, built.stderr).toBe(0);
    // The editor corrects one sentence and adds a printing; the old PDF stays for page numbers.
    const text = readFileSync(manuscript, 'utf8')
      .replace('よく覚えています。', 'よく覚えていません。')
      .replace('    note: 誤植訂正\n', '    note: 誤植訂正\n  - edition: 初版第3刷\n    date: 2024-06-01\n    note: 一文訂正\n');
    writeFileSync(manuscript, text);
    await git('commit', '-qam', 'second');
  });

  it('lists exactly the changed sentence since the previous edition, with its page', async () => {
    const { code, stdout } = await kumihan(['errata', manuscript, '--since', '初版第2刷', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^1 correction since 初版第2刷/);
    expect(stdout).toContain('Q1 p.');
    expect(stdout).toContain('よく覚えています。 → よく覚えていません。');
    const sheet = readFileSync(path.join(out, 'book-errata.md'), 'utf8');
    expect(sheet.split('\n').filter((line) => line.startsWith('| Q'))).toHaveLength(1);
    const { stdout: info } = await run('pdfinfo', [path.join(out, 'book-errata.pdf')]);
    expect(info).toMatch(/Pages:\s+1\n/);
  });

  it('skips every output when nothing changed, leaving the files untouched', async () => {
    await kumihan(['build', manuscript, '--out', out]);
    const before = ['book.pdf', 'book.epub', 'book-booklet.pdf'].map((name) => statSync(path.join(out, name)).mtimeMs);
    const { code, stdout } = await kumihan(['build', manuscript, '--out', out]);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual(['book.pdf', 'book.epub', 'book-booklet.pdf'].map((name) => `skipped ${path.join(out, name)}`));
    const after = ['book.pdf', 'book.epub', 'book-booklet.pdf'].map((name) => statSync(path.join(out, name)).mtimeMs);
    expect(after).toEqual(before);
  });

  it('shows the edition history in both colophons', async () => {
    const pdf = path.join(out, 'book.pdf');
    const { stdout: pages } = await run('pdfinfo', [pdf]);
    // The 奥付 is on the last recto with text, before the back cover (issue 13: never on the outside).
    const count = Number(/Pages:\s+(\d+)/.exec(pages)![1]!);
    let colophon = '';
    for (let n = count - 1; n > 0 && !colophon.includes('版歴'); n -= 2) colophon = (await run('pdftotext', ['-raw', '-f', String(n), '-l', String(n), pdf, '-'])).stdout.replace(/\s/g, '');
    const folded = colophon.normalize('NFKC').replace(/\s/g, '');
    for (const edition of ['初版第1刷', '初版第2刷', '初版第3刷']) expect(folded).toContain(edition);
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'book.epub')));
    // The text of the page, as a reader sees it: digits are upright by markup (a span around the
    // manuscript's own 1), never replaced, so no folding is needed (issue 13).
    const xhtml = toString(fromHtml(await zip.file('item/xhtml/p-colophon.xhtml')!.async('string')));
    for (const edition of ['初版第1刷', '初版第2刷', '初版第3刷']) expect(xhtml).toContain(edition);
  });

  it('leaves the previous PDF byte-identical when the browser is missing', async () => {
    const pdf = path.join(out, 'book.pdf');
    const before = readFileSync(pdf);
    const { code, stderr } = await kumihan(['build', manuscript, '--out', out, '--force'], { env: { KUMIHAN_BROWSER: '/nonexistent' } });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual(['kumihan: KUMIHAN_BROWSER=/nonexistent is not an executable file; point it at Chromium or unset it']);
    expect(readFileSync(pdf).equals(before)).toBe(true);
  });
});
