/**
 * Manuscript and input validation (issue 18, cases 5, 6, 12 and 13): each bad input is one line
 * naming the file (and line:col where it applies), a non-zero exit, no stack trace and nothing
 * written.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { calendarDateProblem, isLanguageTag } from '../../src/config/schema.js';
import { formatMessage } from '../../src/core/errors.js';
import { printable } from '../../src/core/text.js';
import { importTranscript } from '../../src/import/index.js';
import { parseManuscript } from '../../src/manuscript/parse.js';
import { ROOT, runBin, runCli } from './helpers.js';

const SMALL = path.join(ROOT, 'test/fixtures/manuscript/small.md');
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function workspace(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kumihan-input-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

const small = () => readFile(SMALL, 'utf8');
const errors = (text: string) => parseManuscript(text, 'book.md').file.messages.filter((m) => m.fatal).map((m) => formatMessage(m));
/** The 1-based line of the first line of `text` that starts with `start`. */
const lineOf = (text: string, start: string) => text.split('\n').findIndex((line) => line.startsWith(start)) + 1;

/** One line of stderr, `kumihan: …`, and no stack trace. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr).toMatch(pattern);
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at |internal error/);
}

describe('front matter: language and dates', () => {
  it('refuses a lang that is not a BCP 47 tag, at its line and column, and builds nothing', async () => {
    const text = (await small()).replace('place: 東京', `place: 東京\nlang: 'ja"><script>'`);
    const dir = await workspace({ 'book.md': text });
    const result = await runCli(['build', 'book.md', '--epub', '--out', 'out'], dir);
    expect(result.code).toBe(1);
    expectOneLine(result.stderr, new RegExp(`^kumihan: book\\.md:${lineOf(text, 'lang:')}:7: front matter: lang: “ja"><script>” is not a BCP 47 language tag`));
    expect(existsSync(path.join(dir, 'out', 'book.epub'))).toBe(false);
  });

  it('tells well-formed language tags (RFC 5646) from anything else, in one pass', () => {
    for (const tag of ['ja', 'ja-JP', 'ja-Jpan-JP', 'zh-Hant-TW', 'zh-yue-HK', 'de-CH-1996', 'en-US-x-twain', 'x-private', 'i-klingon', 'sr-Latn-RS', 'es-419', 'en-a-bbb-x-a-ccc']) {
      expect(isLanguageTag(tag), tag).toBe(true);
    }
    for (const tag of ['', 'ja"><script>', 'ja_JP', 'ja-', '-ja', 'j', 'toolongtag', 'ja-JP-', 'en-a', 'ja JP', 'ja-\u200bJP', `ja-${'a'.repeat(9)}`]) {
      expect(isLanguageTag(tag), tag).toBe(false);
    }
    expect(isLanguageTag(`ja${'-abcde'.repeat(200_000)}`)).toBe(true);
  });

  it('refuses dates that are not on the calendar, each at its line', async () => {
    const base = await small();
    const text = base.replace('date: 2023-05-17', 'date: 2024-13-45').replace('date: 2024-03-01', 'date: 2023-02-30');
    const lines = text.split('\n');
    const interview = lines.indexOf('date: 2024-13-45') + 1;
    const edition = lines.indexOf('    date: 2023-02-30') + 1;
    expect(errors(text)).toEqual([
      `book.md:${interview}:7: error: front matter: date: 2024-13-45 is not a date: there is no month 13 (kumihan-manuscript:front-matter-schema)`,
      `book.md:${edition}:11: error: front matter: editions.1.date: 2023-02-30 is not a date: 2023-02 has 28 days (kumihan-manuscript:front-matter-schema)`,
    ]);
    expect(errors(base.replace('date: 2024-03-01', 'date: 2024-02-29'))).toEqual([]);
    expect(calendarDateProblem('2023-02-29')).toMatch(/has 28 days/);
    expect(calendarDateProblem('2000-02-29')).toBeUndefined();
    expect(calendarDateProblem('1900-02-29')).toMatch(/has 28 days/);
    expect(calendarDateProblem('0000-01-01')).toMatch(/no year 0000/);
  });

  it('checks a YAML 1.1 timestamp as written: 2023-02-30 does not roll over to March', async () => {
    const base = await small();
    expect(errors(base.replace('date: 2023-05-17', 'date: !!timestamp 2023-02-30')).join('\n')).toMatch(/date: 2023-02-30 is not a date/);
    expect(errors(base.replace('date: 2023-05-17', 'date: !!timestamp 2023-05-17'))).toEqual([]);
  });

  it('never moves an impossible date from a transcript into the front matter', () => {
    const transcript = '2023年2月30日、東京で\n質問：問いですか？\n山田：答えです。\n質問：次は？\n山田：はい。\n';
    const { markdown } = importTranscript(Buffer.from(transcript), { path: 'x.txt', today: '2024-01-10' });
    expect(markdown).not.toMatch(/^date: /m);
    expect(errors(markdown)).toEqual([]);
  });
});

describe('YAML alias bombs', () => {
  const bomb = (base: string) => {
    let yaml = 'x0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 12; i++) yaml += `x${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
    return base.replace('place: 東京\n', `place: 東京\n${yaml}`);
  };

  it('build and check: one line at the first alias, exit 1', async () => {
    const text = bomb(await small());
    const dir = await workspace({ 'book.md': text });
    const at = `book\\.md:${lineOf(text, 'x1:')}:\\d+: `;
    const build = await runCli(['build', 'book.md', '--epub', '--out', 'out'], dir);
    expect(build.code).toBe(1);
    expectOneLine(build.stderr, new RegExp(`^kumihan: ${at}front matter: its aliases \\(\\*name\\) expand to too much data`));
    const check = await runCli(['check', 'book.md', '--no-outputs'], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(new RegExp(`^${at}error: front matter: its aliases`, 'm'));
    expect(check.stderr).not.toMatch(/\n\s+at |internal error/);
  });

  it('errata: a revision in the history holding a bomb is read without a stack trace', async () => {
    const base = await small();
    const dir = await workspace({ 'book.md': bomb(base) });
    const git = (...args: string[]) => promisify(execFile)('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
    await git('init', '-q');
    await git('add', 'book.md');
    await git('commit', '-qm', 'bomb');
    await writeFile(path.join(dir, 'book.md'), base);
    await git('commit', '-qam', 'fixed');
    // Searching the history for an edition name reads every revision's front matter.
    const byName = await runCli(['errata', 'book.md', '--since', '初版第9刷', '--no-pdf', '--out', 'out'], dir);
    expectOneLine(byName.stderr, /^kumihan: --since 初版第9刷: no edition of that name in the history of book\.md/);
    // Naming the revision itself: the bomb is reported like a build's.
    const byRevision = await runCli(['errata', 'book.md', '--since', 'HEAD~1', '--no-pdf', '--out', 'out'], dir);
    expect(byRevision.code).toBe(1);
    expectOneLine(byRevision.stderr, /^kumihan: book\.md@HEAD~1:\d+:\d+: front matter: its aliases \(\*name\) expand to too much data/);
  });
});

describe('errata: a revision never reaches git as an option', () => {
  it('refuses --since starting with "-" and writes no file', async () => {
    const dir = await workspace({ 'book.md': await small() });
    const git = (...args: string[]) => promisify(execFile)('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
    await git('init', '-q');
    await git('add', 'book.md');
    await git('commit', '-qm', 'one');
    // With this folder present, `git show --output=inj:./book.md` writes inj:./book.md.
    await mkdir(path.join(dir, 'inj:.'));
    const result = await runCli(['errata', 'book.md', '--since', '--output=inj', '--no-pdf', '--out', 'out'], dir);
    expect(result.code).toBe(1);
    expectOneLine(result.stderr, /^kumihan: --since --output=inj: an edition, a git revision or a file, not an option/);
    expect(await readdir(path.join(dir, 'inj:.'))).toEqual([]);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

describe('check outside a project', () => {
  it('proofreads with the built-in rules when there is no .textlintrc.json', async () => {
    const dir = await workspace({ 'book.md': await small() });
    const result = await runBin(['check', 'book.md', '--no-outputs'], dir);
    expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(result.stderr).toMatch(/^no \.textlintrc\.json here: proofreading with kumihan's own rules/m);
    expect(result.stderr).toMatch(/^\d+ errors? in 1 manuscript\n$/m);
    expect(result.code).toBe(/^0 errors/m.test(result.stderr) ? 0 : 1);
  });
});

describe('invisible characters in messages', () => {
  it('a zero-width space inside a quoted label is spelled out', async () => {
    const text = (await small()).replace('**山田**：', '**山田\u200b**：');
    expect(errors(text).join('\n')).toMatch(/unknown speaker label “山田⟨U\+200B⟩”/);
    expect(printable('a\u00a0b\u2060c\ufeffd\u3000e')).toBe('a⟨U+00A0⟩b⟨U+2060⟩c⟨U+FEFF⟩d\u3000e');
    expect(printable('あ'.repeat(200))).toBe(`${'あ'.repeat(80)}… (200 characters)`);
  });

  it('the importer spells them out too', async () => {
    const dir = await workspace({ 'x.txt': '見出し\u200bです\n質問：問いですか？\n山田：答えです。\n質問：次は？\n山田：はい。\n' });
    const result = await runCli(['import', 'x.txt', '-o', 'book.md', '--verbose'], dir);
    expect(result.stderr).toMatch(/moved 1:1 「見出し⟨U\+200B⟩です」 → title/);
  });
});

describe('HTML pages given to the importer', () => {
  // A saved web page is read as a page (its text, never its tags), whatever its name says.
  for (const text of [
    '<!DOCTYPE html>\n<html><body>質問：あ<br>山田：い<br>質問：う<br>山田：え</body></html>\n',
    '\ufeff  <html lang="ja">\n<body>質問：あ<br>山田：い<br>質問：う<br>山田：え</body></html>',
  ]) {
    it(`reads ${JSON.stringify(text.slice(0, 16))} (page.txt) as a web page, not its tags as text`, async () => {
      const dir = await workspace({ 'page.txt': text });
      const result = await runCli(['import', 'page.txt', '-o', 'manuscript/book.md'], dir);
      expect(result.code, result.stderr).toBe(0);
      const manuscript = await readFile(path.join(dir, 'manuscript/book.md'), 'utf8');
      expect(manuscript).toMatch(/^ {2}format: html$/m);
      expect(manuscript).not.toMatch(/[<>]/);
      expect(manuscript).toMatch(/\*\*山田\*\*：い/);
    });
  }

  it('reads an .html name holding plain text as one paragraph, as a browser shows it: one line, nothing written', async () => {
    const dir = await workspace({ 'page.html': '質問：問いですか？\n山田：答えです。\n質問：次は？\n山田：はい。\n' });
    const result = await runCli(['import', 'page.html', '-o', 'manuscript/book.md'], dir);
    expect(result.code).toBe(1);
    expectOneLine(result.stderr, /^kumihan: page\.html: /);
    expect(await readdir(dir)).toEqual(['page.html']);
  });
});

describe('a 5,000-character title', () => {
  it('is one warning at its line; the covers show it cut at a phrase and inside their frames', async () => {
    const title = '外交は忘れ去られたのか、それとも対話はまだ可能なのか'.repeat(200).slice(0, 5000);
    const text = (await small()).replace('title: 小さな対話', `title: ${title}`);
    const book = parseManuscript(text, 'book.md');
    const warnings = book.file.messages.filter((m) => m.ruleId === 'long-title').map((m) => formatMessage(m));
    expect(warnings).toEqual([expect.stringMatching(/^book\.md:2:8: warning: the title is 5000 characters long: the covers show its first 60/)]);

    const { coverSvg } = await import('../../src/writers/epub/cover-image.js');
    const svg = coverSvg(book.meta);
    const xs = [...svg.matchAll(/<text (?:x="|transform="translate\()([\d.-]+)/g)].map((m) => Number(m[1]));
    expect(xs.length).toBeGreaterThan(10);
    // The frame is drawn from x = 70 to 1530.
    expect(xs.filter((x) => x < 70 || x > 1530)).toEqual([]);

    const { renderBook } = await import('../../src/render/parts.js');
    const { toString } = await import('hast-util-to-string');
    const parts = renderBook(book);
    const cover = toString(parts.cover);
    expect(cover.startsWith('外交は忘れ去られたのか、')).toBe(true);
    expect([...cover.split('…')[0]!].length).toBeLessThanOrEqual(60);
    expect(toString(parts.titlePage)).toContain(title);
  });
});
