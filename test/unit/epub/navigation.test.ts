import { beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultJapaneseParser } from 'budoux';
import type { XmlDocument } from 'libxml2-wasm';
import { shortNavLabel, writeEpub } from '../../../src/writers/epub/writer.js';
import { NAV, NCX, NS, page, parseXml, QUESTION_TITLES, sampleInput, unpack } from './fixture.js';

let nav: XmlDocument;
let ncx: XmlDocument;

beforeAll(async () => {
  const { text } = await unpack(await writeEpub(sampleInput()));
  nav = parseXml(await text(NAV));
  ncx = parseXml(await text(NCX));
  return () => {
    nav.dispose();
    ncx.dispose();
  };
});

const values = (doc: XmlDocument, xpath: string) => doc.find(xpath, NS).map((node) => node.content);

describe('nav document', () => {
  it('lists every chapter with a navLabel — the lead, the questions, the 奥付 — one entry each, in book order', () => {
    expect(values(nav, '//x:nav[@epub:type="toc"]/x:ol/x:li/x:a/@href')).toEqual([
      'xhtml/p-lead.xhtml',
      'xhtml/p-001.xhtml',
      'xhtml/p-002.xhtml',
      'xhtml/p-003.xhtml',
      'xhtml/p-colophon.xhtml',
    ]);
    expect(values(nav, '//x:nav[@epub:type="toc"]/x:ol/x:li/x:a')).toEqual([
      'リード',
      ...QUESTION_TITLES.map((title, index) => shortNavLabel(index, title)),
      '奥付',
    ]);
  });

  it('keeps hostile labels as text', () => {
    expect(values(nav, '//x:a[@href="xhtml/p-002.xhtml"]')).toEqual(['Q2　<script>は文字のまま']);
    expect(values(nav, '//x:a[@href="xhtml/p-002.xhtml"]/x:span[@class="toc-number"]')).toEqual(['Q2']);
    expect(nav.find('//x:script', NS)).toHaveLength(0);
  });

  it('hides nothing in the TOC (readers that ignore `hidden` listed 表紙 and 扉): cover and title page are landmarks only', () => {
    expect(values(nav, '//x:nav[@epub:type="toc"]//*[@hidden]')).toEqual([]);
    expect(values(nav, '//x:nav[@epub:type="toc"]//x:a[.="表紙" or .="扉"]')).toEqual([]);
    expect(values(nav, '//x:nav[@epub:type="toc"]/x:h1')).toEqual(['目次']);
  });

  it('has landmarks: cover, title page, toc, bodymatter at the lead, colophon', () => {
    const types = values(nav, '//x:nav[@epub:type="landmarks"]//x:a/@epub:type');
    const hrefs = values(nav, '//x:nav[@epub:type="landmarks"]//x:a/@href');
    expect(types).toEqual(['cover', 'titlepage', 'toc', 'bodymatter', 'colophon']);
    expect(hrefs).toEqual(['xhtml/p-cover.xhtml', 'xhtml/p-titlepage.xhtml', 'navigation-documents.xhtml#toc', 'xhtml/p-lead.xhtml', 'xhtml/p-colophon.xhtml']);
    expect(values(nav, '//x:nav[@epub:type="landmarks"]/@hidden')).toHaveLength(1);
  });

  it('is in Japanese', () => {
    expect(values(nav, '/x:html/@xml:lang')).toEqual(['ja']);
    expect(values(nav, '/x:html/@lang')).toEqual(['ja']);
  });
});

describe('NCX', () => {
  it('agrees with the nav: same targets, same labels, same order, playOrder 1…n', () => {
    const navHrefs = values(nav, '//x:nav[@epub:type="toc"]/x:ol/x:li/x:a/@href');
    const navLabels = values(nav, '//x:nav[@epub:type="toc"]/x:ol/x:li/x:a');
    expect(values(ncx, '//ncx:navPoint/ncx:content/@src')).toEqual(navHrefs);
    expect(values(ncx, '//ncx:navPoint/ncx:navLabel/ncx:text')).toEqual(navLabels);
    expect(values(ncx, '//ncx:navPoint/@playOrder')).toEqual(navHrefs.map((_, index) => String(index + 1)));
  });

  it('carries the book identifier and title', () => {
    const input = sampleInput();
    expect(values(ncx, '//ncx:meta[@name="dtb:uid"]/@content')).toEqual([input.identifier]);
    expect(values(ncx, '//ncx:docTitle/ncx:text')).toEqual([input.meta.title]);
  });
});

describe('landmark fallbacks', () => {
  it('marks bodymatter at the lead when no chapter carries the landmark, and adds a cover page when none is given', async () => {
    const input = sampleInput();
    const chapters = input.chapters
      .filter((chapter) => chapter.landmark !== 'cover')
      .map((chapter) => (chapter.landmark === 'bodymatter' ? { ...chapter, landmark: undefined } : chapter));
    const { text, names } = await unpack(await writeEpub({ ...input, chapters }));
    const doc = parseXml(await text(NAV));
    expect(values(doc, '//x:nav[@epub:type="landmarks"]//x:a[@epub:type="bodymatter"]/@href')).toEqual(['xhtml/p-lead.xhtml']);
    expect(values(doc, '//x:nav[@epub:type="landmarks"]//x:a[@epub:type="cover"]/@href')).toEqual(['xhtml/p-cover.xhtml']);
    doc.dispose();
    expect(names).toContain(page('p-cover'));
  });
});

describe('shortNavLabel', () => {
  it('numbers from the 0-based index and keeps short titles whole', () => {
    expect(shortNavLabel(0, '外交は忘れ去られたのか')).toBe('Q1　外交は忘れ去られたのか');
    expect(shortNavLabel(15, ' 最後の\n質問 ')).toBe('Q16　最後の 質問');
  });

  it('cuts a long title at a phrase boundary with an ellipsis', () => {
    const title = '私たちは近年これに慣れてしまったが西側諸国の政策は外交の放棄に等しいのではないか';
    const label = shortNavLabel(2, title);
    expect(label.startsWith('Q3　')).toBe(true);
    expect(label.endsWith('…')).toBe(true);
    const body = label.slice(3, -1);
    expect([...body].length).toBeLessThanOrEqual(23);
    expect(title.startsWith(body)).toBe(true);
    // A phrase boundary, not the middle of a word: the cut falls where BudouX splits.
    const prefixes = loadDefaultJapaneseParser()
      .parse(title)
      .map((_, index, phrases) => phrases.slice(0, index + 1).join(''));
    expect(prefixes).toContain(body);
    expect([...body].length).toBeGreaterThan(12);
  });
});
