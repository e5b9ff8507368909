import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { EpubCheck } from '@likecoin/epubcheck-ts';
import { KumihanError } from '../../../src/core/errors.js';
import { COVER_HEIGHT, COVER_WIDTH } from '../../../src/writers/epub/cover-image.js';
import { writeEpub } from '../../../src/writers/epub/writer.js';
import { COVER_PNG, CSS, NAV, NCX, NS, OPF, page, parseXml, sampleChapters, sampleInput, sampleMeta, unpack } from './fixture.js';

let epub: Uint8Array;
let files: Awaited<ReturnType<typeof unpack>>;

beforeAll(async () => {
  epub = await writeEpub(sampleInput());
  files = await unpack(epub);
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('container', () => {
  it('starts with an uncompressed mimetype entry and has no directory entries', () => {
    const bytes = Buffer.from(epub);
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes.readUInt16LE(8)).toBe(0); // compression method: stored
    const nameLength = bytes.readUInt16LE(26);
    const extraLength = bytes.readUInt16LE(28);
    expect(bytes.subarray(30, 30 + nameLength).toString('latin1')).toBe('mimetype');
    expect(extraLength).toBe(0);
    expect(bytes.subarray(30 + nameLength, 30 + nameLength + 20).toString('latin1')).toBe('application/epub+zip');
    expect(files.names.filter((name) => name.endsWith('/'))).toEqual([]);
  });

  it('holds exactly the package files, in the Denshokyo layout, pages in reading order', () => {
    expect(files.names).toEqual([
      'mimetype',
      'META-INF/container.xml',
      OPF,
      NAV,
      NCX,
      CSS,
      page('p-cover'),
      page('p-titlepage'),
      page('p-lead'),
      page('p-001'),
      page('p-002'),
      page('p-003'),
      page('p-colophon'),
      COVER_PNG,
    ]);
  });

  it('dates every entry with the newest edition, not the build time', () => {
    for (const entry of Object.values(files.zip.files)) {
      expect(entry.date.toISOString()).toBe('2027-02-01T00:00:00.000Z');
    }
  });
});

describe('reproducibility', () => {
  it('gives byte-identical EPUBs for the same input', async () => {
    const again = await writeEpub(sampleInput());
    expect(sha256(again)).toBe(sha256(epub));
  });

  it('does not depend on the time zone of the build machine', async () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      expect(sha256(await writeEpub(sampleInput()))).toBe(sha256(epub));
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('changes when the content changes', async () => {
    const input = sampleInput();
    input.chapters[2]!.bodyXhtml = input.chapters[2]!.bodyXhtml.replace('インタビュー', '対談');
    expect(sha256(await writeEpub(input))).not.toBe(sha256(epub));
  });
});

describe('content documents', () => {
  const xhtml = () => files.names.filter((name) => name.endsWith('.xhtml'));

  it('are well-formed XML in the XHTML namespace, in Japanese, linked to the style sheet', async () => {
    expect(xhtml()).toHaveLength(8);
    for (const name of xhtml()) {
      const doc = parseXml(await files.text(name));
      expect(doc.get('/x:html/@xml:lang', NS)?.content, name).toBe('ja');
      expect(doc.get('/x:html/x:head/x:link[@rel="stylesheet"]/@href', NS)?.content, name).toBe(name === NAV ? 'style/book-style.css' : '../style/book-style.css');
      expect(doc.get('/x:html/x:head/x:title', NS)?.content, name).not.toBe('');
      doc.dispose();
    }
  });

  it('keep the body as given: UTF-8 text, data attributes, classes, ruby', async () => {
    const source = await files.text(page('p-001'));
    expect(source).toContain(sampleChapters()[3]!.bodyXhtml);
    expect(source).not.toMatch(/&#x?[0-9a-f]+;/iu);
    const doc = parseXml(source);
    expect(doc.find('//x:div[@class="turn"][@data-speaker="interviewer"]/x:p/x:span[@class="speaker wrap-phrase"]', NS)).toHaveLength(1);
    expect(doc.get('//x:span[@class="tcy"]', NS)?.content).toBe('20');
    expect(doc.get('//x:ruby/x:rt', NS)?.content).toBe('がいこう');
    doc.dispose();
  });

  it('keep escaped hostile text as text', async () => {
    for (const name of [page('p-001'), page('p-002')]) {
      const doc = parseXml(await files.text(name));
      expect(doc.find('//x:script', NS)).toHaveLength(0);
      expect(doc.get('//x:div[@data-speaker="interviewer"]/x:p', NS)?.content).toBe('質問　この20年で<script>alert(1)</script>は変わりましたか？');
      doc.dispose();
    }
    const q2 = parseXml(await files.text(page('p-002')));
    expect(q2.get('//x:span[@class="question-text"]', NS)?.content).toBe('<script>は文字のまま');
    expect(q2.get('/x:html/x:head/x:title', NS)?.content).toBe('Q2　<script>は文字のまま');
    q2.dispose();
  });

  it('mark cover, title page and the start of the body with epub:type on <body>, the colophon beside its role', async () => {
    for (const [name, type] of [
      [page('p-cover'), 'cover'],
      [page('p-titlepage'), 'titlepage'],
      [page('p-lead'), 'bodymatter'],
    ] as const) {
      const doc = parseXml(await files.text(name));
      expect(doc.get('/x:html/x:body/@epub:type', NS)?.content, name).toBe(type);
      doc.dispose();
    }
    const colophon = parseXml(await files.text(page('p-colophon')));
    expect(colophon.get('/x:html/x:body/@epub:type', NS)).toBeNull();
    expect(colophon.get('//*[@epub:type="colophon"]/@role', NS)?.content).toBe('doc-colophon');
    colophon.dispose();
  });

  it('show the generated cover image with alternative text on the cover page', async () => {
    const doc = parseXml(await files.text(page('p-cover')));
    const svg = { s: 'http://www.w3.org/2000/svg', xlink: 'http://www.w3.org/1999/xlink' };
    expect(doc.get('//s:svg/s:image/@xlink:href', { ...NS, ...svg })?.content).toBe('../image/cover.png');
    expect(doc.get('//s:svg/s:title', { ...NS, ...svg })?.content).toBe('表紙　モスクワでのインタビュー　外交は忘れ去られたのか　セルゲイ・ラブロフ');
    expect(doc.get('//s:svg/@role', { ...NS, ...svg })?.content).toBe('img');
    expect(doc.get('/x:html/x:body/@class', NS)?.content).toBe('p-cover');
    doc.dispose();
    const png = Buffer.from(await files.zip.file(COVER_PNG)!.async('uint8array'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([COVER_WIDTH, COVER_HEIGHT]);
  });

  it('ship the e-book style sheet with the vertical writing mode and appended CSS', async () => {
    const input = sampleInput();
    const { text } = await unpack(await writeEpub({ ...input, css: '@charset "UTF-8";\n.tcy { text-combine-upright: all; }' }));
    const css = await text(CSS);
    expect(css).toMatch(/html\.vrtl\s*\{[^}]*writing-mode:\s*vertical-rl;[^}]*-webkit-writing-mode:\s*vertical-rl;[^}]*-epub-writing-mode:\s*vertical-rl;/u);
    expect(css.trimEnd().endsWith('.tcy { text-combine-upright: all; }')).toBe(true);
    expect(css).not.toContain('@charset');
  });

  it('leave the typography classes to typography.css, so the sheets concatenate in either order', async () => {
    const css = await readFile(new URL('../../../styles/epub.css', import.meta.url), 'utf8');
    const selectors = css.replace(/\/\*[\s\S]*?\*\//gu, '').match(/[^{}]+(?=\{)/gu) ?? [];
    expect(selectors.filter((selector) => /\.tcy\b|\.upright\b|\.wrap-phrase\b|\bruby\b|\brt\b/u.test(selector))).toEqual([]);
  });
});

describe('validation', () => {
  it('passes epubcheck-ts with no errors and no warnings', async () => {
    const result = await EpubCheck.validate(epub);
    const problems = result.messages.filter((message) => ['fatal', 'error', 'warning'].includes(message.severity));
    expect(problems).toEqual([]);
    expect(result.errorCount).toBe(0);
    expect(result.warningCount).toBe(0);
    expect(result.valid).toBe(true);
  });
});

describe('input checks', () => {
  it('rejects chapter ids and file names that would break the package', async () => {
    const input = sampleInput();
    const bad = (change: Partial<(typeof input.chapters)[number]>) =>
      writeEpub({ ...input, chapters: [...input.chapters, { ...input.chapters[3]!, id: 'extra', fileName: 'extra.xhtml', landmark: undefined, ...change }] });
    await expect(bad({ id: 'p-001' })).rejects.toThrow(KumihanError);
    await expect(bad({ id: 'toc' })).rejects.toThrow(/reserved/u);
    await expect(bad({ id: 'cover' })).rejects.toThrow(/reserved/u);
    await expect(bad({ fileName: '質問.xhtml' })).rejects.toThrow(/ASCII/u);
    await expect(bad({ fileName: 'toc.xhtml' })).rejects.toThrow(KumihanError);
    await expect(bad({ landmark: 'colophon' })).rejects.toThrow(/colophon landmark more than once/u);
    await expect(writeEpub({ ...input, identifier: 'isbn:123' })).rejects.toThrow(/urn:uuid/u);
    await expect(bad({ bodyXhtml: '<p><img src="https://example.com/a.png" alt=""/></p>' })).rejects.toThrow(/only the cover image and the book's pictures/u);
    await expect(bad({ fileName: 'p-001.xhtml' })).rejects.toThrow(/unique ASCII/u);
    await expect(bad({ bodyXhtml: '<p><img src="photo.jpg" alt=""/></p>' })).rejects.toThrow(KumihanError);
  });

  it('works without the optional front matter', async () => {
    const meta = sampleMeta({ subtitle: undefined, outlet: undefined, translator: undefined, publisher: undefined, date: undefined, place: undefined });
    const result = await EpubCheck.validate(await writeEpub(sampleInput(meta)));
    expect(result.messages.filter((message) => message.severity !== 'info' && message.severity !== 'usage')).toEqual([]);
  });
});
