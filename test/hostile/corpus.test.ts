/**
 * The corpus of bad inputs (test/hostile/inputs/, large and binary ones generated here), each run
 * through the real command line with its expected outcome: a correct book, or exit code 1 with one
 * line naming file:line:col where there is one — and no file of the output directory changed
 * (its files' hashes are compared before and after). Most cases run in-process through `main`;
 * those marked `child` run `node dist/cli/bin.js` to prove the exit code end to end.
 * docs/bad-input.md is the same table in words.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManuscript } from '../../src/manuscript/parse.js';
import { readXhtml, runBin, runCli, snapshot } from './helpers.js';
import { tenMegabyteTranscript, tenThousandQuestions } from './generated.mjs';

const inputs = new URL('inputs/', import.meta.url);
const input = (name: string) => readFile(new URL(name, inputs));
const TRANSCRIPT = () => input('interview.txt').then(String);
const MANUSCRIPT = () => input('interview.md').then(String);

/** A small valid PNG: signature, IHDR, IDAT, IEND (a 1×1 image). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

interface Case {
  name: string;
  /** The input's bytes. */
  bytes: () => Promise<Uint8Array | string>;
  /** Exit code and the whole of stderr (a failure is exactly one line). */
  code: 0 | 1;
  stderr: RegExp;
  /** Run the real binary in a child process instead of `main` in this process. */
  child?: boolean;
  /** For a success: what the book must hold. */
  book?: { questions: number; text?: string[] };
}

const importCases: Case[] = [
  { name: 'empty file', bytes: () => input('empty.txt'), code: 1, stderr: /^kumihan: in\.txt: the transcript is empty; nothing written\n$/, child: true },
  { name: 'only whitespace', bytes: () => input('whitespace.txt'), code: 1, stderr: /^kumihan: in\.txt: the transcript contains only whitespace; nothing written\n$/ },
  { name: 'binary (PNG bytes)', bytes: async () => PNG, code: 1, stderr: /^kumihan: in\.txt: the transcript is a PNG image, not text; nothing written\n$/, child: true },
  {
    name: 'UTF-16LE with BOM',
    bytes: async () => iconv.encode(`\ufeff${await TRANSCRIPT()}`, 'utf-16le'),
    code: 0,
    stderr: /^$/,
    book: { questions: 2, text: ['よく覚えています。'] },
  },
  { name: 'UTF-16BE with BOM', bytes: async () => iconv.encode(`\ufeff${await TRANSCRIPT()}`, 'utf-16be'), code: 0, stderr: /^$/, book: { questions: 2 } },
  { name: 'CP932 / Shift_JIS', bytes: async () => iconv.encode(await TRANSCRIPT(), 'cp932'), code: 0, stderr: /^$/, book: { questions: 2, text: ['続きの段落です。'] } },
  {
    name: 'UTF-8 with BOM and CRLF',
    bytes: async () => `\ufeff${(await TRANSCRIPT()).replace(/\n/g, '\r\n')}`,
    code: 0,
    stderr: /^$/,
    book: { questions: 2, text: ['答えです。'] },
  },
  {
    name: 'no speaker labels',
    bytes: () => input('no-labels.txt'),
    code: 1,
    stderr: /^kumihan: in\.txt: no speaker labels found: expected turns such as 「質問：…」, 「Ｑ：…」 or 「山田：…」 \(a short name, then a colon, at the start of a line\); nothing written\n$/,
  },
  {
    name: 'a label with no text',
    bytes: () => input('label-without-text.txt'),
    code: 0,
    stderr: /^in\.txt:4:1: warning: empty turn: 「山田」 is followed by no text \(kumihan-import:empty-turn\)\n$/,
    book: { questions: 2, text: ['答えです。'] },
  },
  {
    name: 'a lone surrogate (CESU-8 bytes)',
    bytes: async () => Buffer.concat([Buffer.from('小さな対話\n質問: は'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('い\n')]),
    code: 1,
    stderr: /^kumihan: in\.txt:2:6: the transcript is not UTF-8, UTF-16 \(with BOM\) or Shift_JIS text: byte 0xED is not UTF-8, and the bytes do not read as Japanese Shift_JIS; nothing written\n$/,
  },
  {
    name: 'a lone surrogate (UTF-16)',
    bytes: async () => iconv.encode(`\ufeff${(await TRANSCRIPT()).replace('答え', '答\ud800え')}`, 'utf-16le'),
    code: 1,
    stderr: /^kumihan: in\.txt:11:6: the transcript starts with a UTF-16LE byte-order mark but is not UTF-16LE: half of a surrogate pair with no other half; nothing written\n$/,
  },
  {
    name: 'control characters',
    bytes: async () => (await TRANSCRIPT()).replace('よく覚えて', 'よく\u0008覚えて'),
    code: 1,
    stderr: /^kumihan: in\.txt:8:7: the transcript contains U\+0008 \(a control character\), which no edition can carry: delete it \(or is this not a text file\?\); nothing written\n$/,
  },
  {
    name: 'markup, entities and ]]> in the spoken text',
    bytes: () => input('hostile-text.txt'),
    code: 0,
    stderr: /^$/,
    child: true,
    book: { questions: 2, text: ['<script>alert(1)</script>と言いましたか？', ']]> も &amp; も'] },
  },
  {
    name: '10 000 questions',
    bytes: async () => tenThousandQuestions(),
    code: 0,
    stderr: /^$/,
    book: { questions: 10_000, text: ['はい、10000番目の答えです。'] },
  },
  {
    name: 'a 10 MB transcript',
    bytes: async () => tenMegabyteTranscript(),
    code: 0,
    stderr: /^$/,
    book: { questions: 1_888 },
  },
];

const buildCases: Case[] = [
  {
    name: 'malformed YAML front matter',
    bytes: () => input('bad-yaml.md'),
    code: 1,
    stderr: /^kumihan: book\.md:14:5: front matter: Flow sequence in block collection must be sufficiently indented and end with a \]\n$/,
    child: true,
  },
  {
    name: 'front matter never closed',
    bytes: () => input('front-matter-unclosed.md'),
    code: 1,
    stderr: /^kumihan: book\.md:1:1: the front matter opened here is never closed: end it with a line `---`\n$/,
  },
  { name: 'an empty manuscript', bytes: async () => '', code: 1, stderr: /^kumihan: book\.md:1:1: the manuscript needs YAML front matter .*\n$/ },
  { name: 'a heading with no turns', bytes: () => input('heading-without-turns.md'), code: 1, stderr: /^kumihan: book\.md:30:1: question “話者のいない問い” has no speaker turns\n$/ },
  { name: 'a level-3 heading', bytes: () => input('heading-level.md'), code: 1, stderr: /^kumihan: book\.md:30:1: only `##` headings are allowed .*\n$/ },
  { name: 'an unknown speaker label', bytes: () => input('unknown-label.md'), code: 1, stderr: /^kumihan: book\.md:34:1: unknown speaker label “記者”: .*\n$/ },
  {
    name: 'ruby syntax left open',
    bytes: () => input('ruby-open.md'),
    code: 0,
    stderr: /^book\.md:26:22: warning: Unclosed `\{`: ruby is written `\{漢字\|かんじ\}`; write `\\\{` for a literal brace\. Left as text \(kumihan-typography:ruby-syntax\)\ndone in [\d.]+ s\n$/,
    book: { questions: 2, text: ['よく覚えています。{開いたままのルビ|ひら'] },
  },
  { name: 'a remote image', bytes: () => input('image-remote.md'), code: 1, stderr: /^kumihan: book\.md:34:13: picture “https:\/\/evil\.example\/track\.png”: pictures are never fetched: [^\n]+\n$/ },
  { name: 'an image outside the project', bytes: () => input('image-outside.md'), code: 1, stderr: /^kumihan: book\.md:34:13: picture “\.\.\/\.\.\/\.\.\/etc\/passwd”: the path leads outside the manuscript's directory\n$/ },
  { name: 'a javascript: link', bytes: () => input('link-javascript.md'), code: 1, stderr: /^kumihan: book\.md:34:8: link to “javascript:alert\(1\)”: only http:\/\/, https:\/\/ and mailto: links are allowed\n$/ },
  {
    name: 'raw HTML in the manuscript',
    bytes: () => input('raw-html.md'),
    code: 0,
    stderr: new RegExp(`^${['34:13', '34:29', '34:38', '36:1'].map((at) => `book\\.md:${at}: warning: raw HTML is set as text, not markup \\(kumihan-manuscript:raw-html\\)\\n`).join('')}done in [\\d.]+ s\\n$`),
    book: { questions: 2, text: ['答えです。<script>alert(1)</script><img src=x onerror=alert(1)>', '<div onclick="x()">ブロックのHTML</div>'] },
  },
  {
    name: 'paths in the front matter (source.file, source.url) are never read',
    bytes: () => input('source-file-path.md'),
    code: 0,
    stderr: /^done in [\d.]+ s\n$/,
    book: { questions: 2, text: ['答えです。'] },
  },
  {
    name: 'a control character in the manuscript',
    bytes: async () => (await MANUSCRIPT()).replace('答えです', '答え\u000cです'),
    code: 1,
    stderr: /^kumihan: book\.md:34:10: U\+000C \(a control character\) cannot be printed or put in an EPUB: delete it\n$/,
  },
  {
    name: 'a manuscript saved as Shift_JIS',
    bytes: async () => iconv.encode(await MANUSCRIPT(), 'cp932'),
    code: 1,
    stderr: /^kumihan: book\.md:2:8: the manuscript is not UTF-8: byte 0x8F is not a UTF-8 character; save it as UTF-8\n$/,
  },
  {
    name: 'a manuscript with a BOM and CRLF line ends',
    bytes: async () => `\ufeff${(await MANUSCRIPT()).replace(/\n/g, '\r\n')}`,
    code: 0,
    stderr: /^done in [\d.]+ s\n$/,
    book: { questions: 2, text: ['続きの段落です。'] },
  },
];

let work: string;
/** An output directory holding a good earlier build of book.md: failures must leave it as it is. */
let previous: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kumihan-corpus-'));
  previous = path.join(work, 'previous');
  await mkdir(previous);
  await writeFile(path.join(previous, 'book.md'), await MANUSCRIPT());
  const built = await runCli(['build', 'book.md', '--epub', '--out', 'out'], previous);
  expect(built.code, built.stderr).toBe(0);
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Checks the EPUB of a successful case: every XHTML well-formed, the questions there, the text in it. */
async function expectBook(epubPath: string, book: NonNullable<Case['book']>): Promise<void> {
  const zip = await JSZip.loadAsync(await readFile(epubPath));
  const chapters = Object.keys(zip.files).filter((name) => /^item\/xhtml\/p-\d+\.xhtml$/.test(name));
  expect(chapters).toHaveLength(book.questions);
  let text = '';
  for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xhtml'))) text += readXhtml(await zip.file(name)!.async('string')).text;
  for (const sentence of book.text ?? []) expect(text.normalize('NFKC')).toContain(sentence.normalize('NFKC'));
}

async function run(args: string[], cwd: string, child?: boolean) {
  return child ? runBin(args, cwd) : runCli(args, cwd);
}

describe('kumihan import on bad transcripts', () => {
  for (const test of importCases) {
    const slow = test.book && test.book.questions > 100;
    it(`${test.name}: ${test.code ? 'exit 1, one line, nothing written' : 'a correct manuscript'}${test.child ? ' (child process)' : ''}`, async () => {
      const dir = await mkdtemp(path.join(work, 'import-'));
      await writeFile(path.join(dir, 'in.txt'), await test.bytes());
      // A manuscript directory with an edited manuscript in it: nothing there may change.
      await mkdir(path.join(dir, 'manuscript'));
      await writeFile(path.join(dir, 'manuscript', 'other.md'), 'edited by hand\n');
      const before = await snapshot(path.join(dir, 'manuscript'));
      const result = await run(['import', 'in.txt'], dir, test.child);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: test.code, stderr: expect.stringMatching(test.stderr) });
      if (test.code) {
        expect(result.stdout).toBe('');
        expect(await snapshot(path.join(dir, 'manuscript'))).toEqual(before);
        return;
      }
      expect(result.stdout).toMatch(new RegExp(`^${test.book!.questions} questions, \\d+ turns, 2 speakers → manuscript/in\\.md\\n$`));
      const markdown = await readFile(path.join(dir, 'manuscript', 'in.md'), 'utf8');
      const book = parseManuscript(markdown, 'in.md');
      expect(book.file.messages.filter((m) => m.fatal)).toEqual([]);
      expect(book.questions).toHaveLength(test.book!.questions);
      // The EPUB of a huge book takes tens of seconds: test/hostile/resources.mjs builds those.
      if (slow) return;
      const built = await run(['build', 'manuscript/in.md', '--epub', '--out', 'out'], dir, test.child);
      expect(built.code, built.stderr).toBe(0);
      await expectBook(path.join(dir, 'out', 'in.epub'), test.book!);
    });
  }
});

describe('kumihan build on bad manuscripts', () => {
  for (const test of buildCases) {
    it(`${test.name}: ${test.code ? 'exit 1, one line, output directory unchanged' : 'a correct book'}${test.child ? ' (child process)' : ''}`, async () => {
      const dir = await mkdtemp(path.join(work, 'build-'));
      await cp(previous, dir, { recursive: true });
      await writeFile(path.join(dir, 'book.md'), await test.bytes());
      const before = await snapshot(path.join(dir, 'out'));
      const result = await run(['build', 'book.md', '--epub', '--out', 'out'], dir, test.child);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: test.code, stderr: expect.stringMatching(test.stderr) });
      if (test.code) {
        expect(result.stdout).toBe('');
        expect(await snapshot(path.join(dir, 'out'))).toEqual(before);
        return;
      }
      expect(result.stdout).toBe('built   out/book.epub\n');
      await expectBook(path.join(dir, 'out', 'book.epub'), test.book!);
    });
  }

  it('one bad manuscript among good ones: exit 1 only once the good one is written (no build left running)', async () => {
    const dir = await mkdtemp(path.join(work, 'build-'));
    await mkdir(path.join(dir, 'manuscript'));
    await writeFile(path.join(dir, 'manuscript', 'a-bad.md'), await input('bad-yaml.md'));
    await writeFile(path.join(dir, 'manuscript', 'b-good.md'), await MANUSCRIPT());
    const result = await runCli(['build', '--epub', '--out', 'out'], dir);
    expect([result.code, result.stderr]).toEqual([1, expect.stringMatching(/^kumihan: manuscript\/a-bad\.md:14:5: front matter: .*\n$/)]);
    // Written before main returned: nothing of this build still runs in the background.
    await expectBook(path.join(dir, 'out', 'b-good.epub'), { questions: 2 });
  });

  it('kumihan check reports what the typography pass finds (ruby left open), and a Shift_JIS manuscript with its position', async () => {
    const dir = await mkdtemp(path.join(work, 'check-'));
    await writeFile(path.join(dir, 'ruby.md'), await input('ruby-open.md'));
    const ruby = await runCli(['check', '--no-outputs', 'ruby.md'], dir);
    expect(ruby.stdout).toContain('ruby.md:26:22: warning: Unclosed `{`');
    await writeFile(path.join(dir, 'sjis.md'), iconv.encode(await MANUSCRIPT(), 'cp932'));
    const sjis = await runCli(['check', '--no-outputs', 'sjis.md'], dir);
    expect([sjis.code, sjis.stderr]).toEqual([1, 'kumihan: sjis.md:2:8: the manuscript is not UTF-8: byte 0x8F is not a UTF-8 character; save it as UTF-8\n']);
  });

  it('a manuscript that does not exist: exit 1, one line', async () => {
    const result = await runCli(['build', 'missing.md', '--epub', '--out', 'out'], previous);
    expect([result.code, result.stderr]).toEqual([1, 'kumihan: missing.md: no such file or directory\n']);
  });
});
