/**
 * Issue 15 acceptance: a manuscript with translator's notes, emphasis, a URL, a cover photo and
 * two figures builds PDF, booklet and EPUB through the CLI; EPUBCheck finds nothing; the EPUB's
 * notes have the noteref/footnote structure reading systems pop up; bad notes and bad pictures
 * are refused at their line and column with nothing written.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import JSZip from 'jszip';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManuscript } from '../../src/manuscript/parse.js';
// @ts-expect-error a plain ES module helper shared with manual runs
import { makeImages } from '../fixtures/notes-pictures/make-images.mjs';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/cli/bin.js');
const fixture = path.join(root, 'test/fixtures/notes-pictures/book.md');
const haveTools = existsSync('/usr/bin/chromium') && existsSync('/usr/bin/epubcheck');
const ACE = path.join(root, 'node_modules/.bin/ace-puppeteer');

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kumihan-notes-'));
  await copyFile(fixture, path.join(dir, 'book.md'));
  await makeImages(dir);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => run(process.execPath, [bin, ...args], { cwd: dir, maxBuffer: 16 * 1024 * 1024 }).then(
  (out) => ({ code: 0, ...out }),
  (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
);

describe('notes in the manuscript reader', () => {
  const manuscript = readFileSync(fixture, 'utf8');
  const messages = (text: string) => parseManuscript(text, 'book.md').file.messages.map((m) => `${m.line}:${m.column}: ${m.fatal ? 'error' : 'warning'}: ${m.ruleId}`);

  it('numbers notes through the book in the order of their first reference', () => {
    const book = parseManuscript(manuscript, 'book.md');
    expect(book.file.messages.filter((m) => m.fatal).map(String)).toEqual([]);
    expect([...book.notes.values()].map((note) => [note.definition.label, note.number])).toEqual([
      ['lead', 1],
      ['gromyko', 2],
      ['memoir', 3],
      ['helsinki', 4],
    ]);
  });

  it('reports a reference without a note, a duplicate label and a note never referenced, at their positions', () => {
    const text = `${manuscript}\n[^memoir]: 二度目の定義。\n\n[^unused]: 誰も参照しない。\n`.replace('署名しています。', '署名しています[^nowhere]。');
    const line = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
    const found = messages(text);
    expect(found).toContain(`${line('[^nowhere]')}:${text.split('\n')[line('[^nowhere]') - 1]!.indexOf('[^nowhere]') + 1}: error: note-missing`);
    expect(found).toContain(`${line('[^memoir]: 二度目')}:1: error: note-duplicate`);
    expect(found).toContain(`${line('[^unused]')}:1: warning: note-unreferenced`);
  });
});

describe.skipIf(!haveTools)('a book with notes, emphasis and pictures', () => {
  let epub: JSZip;

  beforeAll(async () => {
    const built = await cli('build', 'book.md', '--out', 'out');
    expect(built.stderr).not.toMatch(/error/i);
    expect(built.code).toBe(0);
    epub = await JSZip.loadAsync(readFileSync(path.join(dir, 'out/book.epub')));
  }, 300_000);

  it('passes EPUBCheck without errors or warnings', async () => {
    const result = await run('java', ['-jar', '/usr/bin/epubcheck', path.join(dir, 'out/book.epub')]).catch((error: { stdout: string; stderr: string }) => error);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output).toMatch(/0 fatals \/ 0 errors \/ 0 warnings/);
  }, 120_000);

  it('passes Ace by DAISY: no violation, every figure with alt text and its caption, a summary that names them', async () => {
    expect(existsSync(ACE), 'Ace by DAISY (npm ci: devDependency @daisy/ace)').toBe(true);
    const out = path.join(dir, 'ace');
    await run(ACE, ['--silent', '--outdir', out, '--tempdir', path.join(dir, 'ace-tmp'), path.join(dir, 'out/book.epub')], {
      env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: '/usr/bin/chromium' },
      timeout: 300_000,
      maxBuffer: 32 * 1024 * 1024,
    });
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as {
      'earl:result': { 'earl:outcome': string };
      assertions: Array<{ 'earl:testSubject': { url: string }; assertions: Array<{ 'earl:test': { 'dct:title': string } }> }>;
      data: { images: Array<{ src: string; alt?: string; figcaption?: string }> };
    };
    const violations = report.assertions.flatMap((document) => document.assertions.map((assertion) => `${document['earl:testSubject'].url}: ${assertion['earl:test']['dct:title']}`));
    expect(violations).toEqual([]);
    expect(report['earl:result']['earl:outcome']).toBe('pass');
    const figures = report.data.images.filter((image) => /fig\d+\.jpg$/.test(image.src));
    expect(figures.map((image) => [image.alt, image.figcaption])).toEqual([
      ['モスクワの外務省庁舎（1953年竣工）', 'モスクワの外務省庁舎（1953年竣工）'],
      ['会議場の外観', 'ヘルシンキの会議場'],
    ]);
    const opf = await epub.file('item/standard.opf')!.async('string');
    expect(opf).toMatch(/<meta property="schema:accessibilitySummary">[^<]*図版[^<]*訳注[^<]*<\/meta>/);
    expect(opf).toContain('<meta property="schema:accessibilityFeature">alternativeText</meta>');
  }, 320_000);

  it('links every note reference to a footnote aside in the same file, and back', async () => {
    const names = Object.keys(epub.files).filter((name) => /^item\/xhtml\/p-(\d+|lead|part\d+)\.xhtml$/.test(name));
    let references = 0;
    for (const name of names) {
      const xhtml = await epub.file(name)!.async('string');
      for (const [tag] of xhtml.matchAll(/<a [^>]*epub:type="noteref"[^>]*>/g)) {
        references++;
        const href = /href="#([^"]+)"/.exec(tag)![1];
        expect(tag).toContain('role="doc-noteref"');
        const aside = new RegExp(`<aside [^>]*id="${href}"[^>]*>`).exec(xhtml)?.[0];
        expect(aside, `${name}: #${href}`).toMatch(/epub:type="footnote"/);
        expect(aside).toMatch(/role="doc-footnote"/);
        const refId = /id="([^"]+)"/.exec(tag)![1];
        expect(xhtml).toMatch(new RegExp(`<aside [^>]*id="${href}"[^>]*><p><a [^>]*href="#${refId}"[^>]*role="doc-backlink"`));
      }
      // Read without styles, the notes come after the text that refers to them.
      const firstNote = xhtml.indexOf('<aside');
      if (firstNote >= 0) expect(xhtml.lastIndexOf('epub:type="noteref"')).toBeLessThan(firstNote);
    }
    expect(references).toBe(5);
  });

  it('sets emphasis as em, bare URLs and e-mail addresses as links', async () => {
    const q1 = await epub.file('item/xhtml/p-001.xhtml')!.async('string');
    expect(q1).toContain('<em>外交は忘れ去られた</em>');
    expect(q1).toContain('<strong>対話</strong>');
    expect(q1).toContain('<a href="https://example.org/interview?id=12" class="url">https://example.org/interview?id=12</a>');
    expect(q1).toContain('<a href="mailto:info@example.org" class="url">info@example.org</a>');
  });

  it('packs the figures and a photo cover as JPEG, resized, with alt text', async () => {
    const opf = await epub.file('item/standard.opf')!.async('string');
    expect(opf).toMatch(/<item media-type="image\/jpeg" id="cover" href="image\/cover\.jpg" properties="cover-image"\/>/);
    const cover = await sharp(await epub.file('item/image/cover.jpg')!.async('nodebuffer')).metadata();
    expect(cover.format).toBe('jpeg');
    expect(Math.max(cover.width!, cover.height!)).toBeGreaterThanOrEqual(1600);
    expect((await epub.file('item/image/cover.jpg')!.async('nodebuffer')).length).toBeLessThan(5 * 1024 * 1024);
    for (const id of ['fig1', 'fig2']) {
      expect(opf).toContain(`<item media-type="image/jpeg" id="img-${id}" href="image/${id}.jpg"/>`);
      const image = await sharp(await epub.file(`item/image/${id}.jpg`)!.async('nodebuffer')).metadata();
      expect(image.format).toBe('jpeg');
      expect(Math.max(image.width!, image.height!)).toBeLessThanOrEqual(1600);
    }
    const q1 = await epub.file('item/xhtml/p-001.xhtml')!.async('string');
    expect(q1).toMatch(/<figure class="figure" id="fig1"><img src="\.\.\/image\/fig1.jpg" alt="モスクワの外務省庁舎（1953年竣工）"\/?>(<\/img>)?<figcaption/);
    const q2 = await epub.file('item/xhtml/p-002.xhtml')!.async('string');
    expect(q2).toContain('alt="会議場の外観"');
  });

  it('prints the pictures from re-encoded copies', async () => {
    const work = await readdir(path.join(dir, 'out/.work/book/images'));
    expect(work.sort()).toEqual(['cover.jpg', 'fig1.jpg', 'fig2.jpg']);
    const { stdout } = await run('pdfimages', ['-list', path.join(dir, 'out/book.pdf')]);
    expect(stdout.split('\n').filter((line) => /\bimage\b/.test(line)).length).toBeGreaterThanOrEqual(3);
  });
});

describe('bad pictures', () => {
  const attempt = async (name: string, text: string) => {
    await writeFile(path.join(dir, `${name}.md`), text);
    const result = await cli('build', `${name}.md`, '--out', `out-${name}`, '--epub');
    return { ...result, written: existsSync(path.join(dir, `out-${name}`, `${name}.epub`)) };
  };
  const base = () => readFileSync(fixture, 'utf8');

  it.each([
    ['missing', 'images/none.png', /no such file/],
    ['url', 'https://example.org/a.png', /never fetched/],
    ['outside', '../outside.png', /outside the manuscript's directory/],
  ])('refuses a %s picture at its line and column', async (name, src, reason) => {
    const text = base().replace('images/ministry.png', src);
    const line = text.slice(0, text.indexOf(src)).split('\n').length;
    const result = await attempt(name, text);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(new RegExp(`${name}\\.md:${line}:1: .*`));
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.written).toBe(false);
  }, 120_000);

  it('lists every bad picture in `kumihan check`, at its line and column, in the build\'s words, without building', async () => {
    await writeFile(path.join(dir, 'images/not-a-picture.png'), 'not a picture');
    const cover = await readFile(path.join(dir, 'images/cover.jpg'));
    await writeFile(path.join(dir, 'images/truncated.jpg'), cover.subarray(0, Math.floor(cover.length / 10)));
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).gif().toFile(path.join(dir, 'images/animation.gif'));
    // A PNG whose header says 20 000 × 20 000 pixels: refused by its size before anything is decoded.
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(zlib.crc32(body) >>> 0);
      return Buffer.concat([length, body, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(20_000, 0);
    header.writeUInt32BE(20_000, 4);
    header[8] = 8;
    header[9] = 2;
    await writeFile(path.join(dir, 'images/huge.png'), Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(Buffer.alloc(60_001))), chunk('IEND', Buffer.alloc(0))]));
    const text = base()
      .replace('cover: images/cover.jpg', 'cover: images/animation.gif')
      .replace('images/ministry.png', 'images/not-a-picture.png')
      .replace('images/hall.webp', 'images/truncated.jpg')
      .replace('\n[^lead]:', '\n![大きすぎる写真](images/huge.png)\n\n[^lead]:');
    await writeFile(path.join(dir, 'checked.md'), text);
    const at = (needle: string) => {
      const line = text.slice(0, text.indexOf(needle)).split('\n').length;
      return `checked.md:${line}:1`;
    };
    const checked = await cli('check', 'checked.md', '--no-outputs');
    expect(checked.code).toBe(1);
    const reported = checked.stdout.split('\n').filter((line) => line.includes('picture “'));
    expect(reported).toEqual([
      `${at('cover:')}: error: picture “images/animation.gif”: gif images are not read: use JPEG, PNG or WebP (kumihan-pictures:picture)`,
      `${at('not-a-picture')}: error: picture “images/not-a-picture.png”: not a readable JPEG, PNG or WebP image (kumihan-pictures:picture)`,
      `${at('truncated')}: error: picture “images/truncated.jpg”: the image could not be decoded (a damaged or truncated file?) (kumihan-pictures:picture)`,
      `${at('huge.png')}: error: picture “images/huge.png”: the image is 20000 × 20000 pixels; up to 100 megapixels are read (kumihan-pictures:picture)`,
    ]);
    expect(existsSync(path.join(dir, 'output'))).toBe(false);
    // The build stops on the first of them, in the same words.
    const built = await cli('build', 'checked.md', '--out', 'out-checked', '--epub');
    expect(built.code).not.toBe(0);
    expect(built.stderr).toContain(`${at('cover:')}: picture “images/animation.gif”: gif images are not read: use JPEG, PNG or WebP`);
    const fine = await cli('check', 'book.md', '--no-outputs');
    expect(fine.stdout).not.toContain('picture “');
  }, 120_000);

  it('refuses a file that is not an image, and a link out of the directory', async () => {
    await writeFile(path.join(dir, 'images/fake.png'), 'not a picture');
    const fake = await attempt('fake', base().replace('images/ministry.png', 'images/fake.png'));
    expect(fake.stderr).toMatch(/fake\.md:\d+:1: .*not a readable JPEG, PNG or WebP image/);
    expect(fake.written).toBe(false);
    await symlink('/etc/hostname', path.join(dir, 'images/escape.png')).catch(() => {});
    const escape = await attempt('escape', base().replace('images/ministry.png', 'images/escape.png'));
    expect(escape.stderr).toMatch(/outside the manuscript's directory/);
    expect(escape.written).toBe(false);
  }, 120_000);
});
