import { beforeAll, describe, expect, it } from 'vitest';
import { stableIdentifier, writeEpub } from '../../../src/writers/epub/writer.js';
import { uuidV5 } from '../../../src/writers/epub/identifier.js';
import { rightsStatement } from '../../../src/writers/epub/metadata.js';
import { describeBook, publicationDate } from '../../../src/config/describe.js';
import { NS, OPF, parseXml, sampleInput, sampleMeta, unpack } from './fixture.js';

let opf: string;

beforeAll(async () => {
  const { text } = await unpack(await writeEpub(sampleInput()));
  opf = await text(OPF);
});

function query(xpath: string): string[] {
  const doc = parseXml(opf);
  try {
    const result = doc.find(xpath, NS);
    return result.map((node) => node.content);
  } finally {
    doc.dispose();
  }
}

describe('package document', () => {
  it('is vertical Japanese: rtl spine, ja everywhere, primary-writing-mode', () => {
    expect(query('/opf:package/opf:spine/@page-progression-direction')).toEqual(['rtl']);
    expect(query('/opf:package/@xml:lang')).toEqual(['ja']);
    expect(query('//dc:language')).toEqual(['ja']);
    expect(query('//opf:meta[@name="primary-writing-mode"]/@content')).toEqual(['vertical-rl']);
  });

  it('dates the book by the newest edition, not the build, and names that edition', () => {
    expect(query('//opf:meta[@property="dcterms:modified"]')).toEqual(['2027-02-01T00:00:00Z']);
    expect(query('//opf:meta[@property="schema:version"]')).toEqual(['初版第2刷']);
    // dc:date is when the book was published (stores read it so); the interview date is dcterms:created.
    expect(query('//dc:date')).toEqual(['2026-11-26']);
    expect(query('//opf:meta[@property="dcterms:created"]')).toEqual(['2023-05-17']);
  });

  it('carries the stable identifier as the unique identifier', () => {
    const id = stableIdentifier(sampleMeta());
    expect(query('/opf:package/@unique-identifier')).toEqual(['unique-id']);
    expect(query('//dc:identifier[@id="unique-id"]')).toEqual([id]);
  });

  it('credits interviewee, outlet and translator with MARC relator roles', () => {
    const role = (id: string) => query(`//opf:meta[@refines="#${id}"][@property="role"][@scheme="marc:relators"]`);
    const creators = query('//dc:creator/@id');
    expect(query('//dc:creator')).toEqual(['セルゲイ・ラブロフ']);
    expect(role(creators[0]!)).toEqual(['aut']);
    const contributors = query('//dc:contributor');
    const ids = query('//dc:contributor/@id');
    expect(contributors).toEqual(['ツァルグラードTV', '試験 翻訳者']);
    expect(ids.map((id) => role(id)[0])).toEqual(['ivr', 'trl']);
    expect(query('//dc:publisher')).toEqual(['くみはん書房']);
  });

  it('lists the main title first and the subtitle with its title-type', () => {
    expect(query('//dc:title')).toEqual(['モスクワでのインタビュー', '外交は忘れ去られたのか']);
    expect(query('//opf:meta[@refines="#title"][@property="title-type"]')).toEqual(['main']);
    expect(query('//opf:meta[@refines="#subtitle"][@property="title-type"]')).toEqual(['subtitle']);
  });

  it('declares the generated cover image both ways (EPUB 3 property, EPUB 2 meta)', () => {
    expect(query('//opf:item[@properties="cover-image"]/@href')).toEqual(['image/cover.png']);
    expect(query('//opf:item[@properties="cover-image"]/@id')).toEqual(query('//opf:meta[@name="cover"]/@content'));
  });

  it('has accessibility metadata with a non-empty summary', () => {
    expect(query('//opf:meta[@property="schema:accessMode"]')).toEqual(['textual', 'visual']);
    expect(query('//opf:meta[@property="schema:accessModeSufficient"]')).toEqual(['textual']);
    expect(query('//opf:meta[@property="schema:accessibilityFeature"]')).toEqual(
      expect.arrayContaining(['structuralNavigation', 'tableOfContents', 'readingOrder', 'alternativeText', 'rubyAnnotations']),
    );
    expect(query('//opf:meta[@property="schema:accessibilityHazard"]')).toEqual(['none']);
    expect(query('//opf:meta[@property="schema:accessibilitySummary"]')[0]).toMatch(/縦書き/u);
  });

  it('derives the description from the front matter, and invents no rights', () => {
    expect(query('//dc:description')).toEqual(['2023年5月17日、モスクワでツァルグラードTVが行ったセルゲイ・ラブロフへのインタビュー（試験 翻訳者訳）。']);
    expect(query('//dc:rights')).toEqual([]);
  });

  it('puts the nav (目次 page) in the spine right after the title page', () => {
    expect(query('//opf:spine/opf:itemref/@idref')).toEqual(['p-cover', 'p-titlepage', 'toc', 'p-lead', 'p-001', 'p-002', 'p-003', 'p-colophon']);
    expect(query('//opf:item[@properties="nav"]/@href')).toEqual(['navigation-documents.xhtml']);
  });

  it('contains no time- or chance-dependent text from the library defaults', () => {
    expect(opf).not.toMatch(/epub-gen|Table of Content|anonymous|xml:lang="en"/u);
  });
});

describe('metadata defaults', () => {
  it('uses meta.description and meta.rights as given', () => {
    const meta = sampleMeta({ description: '  紹介文。 ', rights: '著作権は各権利者に帰属します。' });
    expect(describeBook(meta)).toBe('紹介文。');
    expect(rightsStatement(meta)).toBe('著作権は各権利者に帰属します。');
  });

  it('never gives an empty description (EPUBCheck RSC-005)', () => {
    const meta = sampleMeta({ date: undefined, place: undefined, outlet: undefined, interviewee: undefined, translator: undefined, subtitle: undefined, speakers: [{ id: 'a', label: 'A', role: 'other', aliases: [] }] });
    expect(describeBook(meta)).toBe('モスクワでのインタビュー');
  });

  it('dates the publication by the first edition even when editions are listed out of order, or by `published`', () => {
    const meta = sampleMeta({ editions: [{ edition: '第2刷', date: '2028-01-01' }, { edition: '初版', date: '2025-03-01' }] });
    expect(publicationDate(meta)).toBe('2025-03-01');
    expect(rightsStatement(meta)).toBeUndefined();
    expect(publicationDate({ ...meta, published: '2025-04-01' })).toBe('2025-04-01');
  });

  it('takes dcterms:modified from the newest edition, wherever it is listed', async () => {
    const meta = sampleMeta({ editions: [{ edition: '第2刷', date: '2028-01-01' }, { edition: '初版', date: '2025-03-01' }] });
    const { text } = await unpack(await writeEpub(sampleInput(meta)));
    const doc = parseXml(await text(OPF));
    expect(doc.get('//opf:meta[@property="dcterms:modified"]', NS)?.content).toBe('2028-01-01T00:00:00Z');
    expect(doc.get('//opf:meta[@property="schema:version"]', NS)?.content).toBe('第2刷');
    doc.dispose();
  });
});

describe('stableIdentifier', () => {
  it('is a UUIDv5 (RFC 9562 test vector)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('is the same across calls and across a new edition', () => {
    const meta = sampleMeta();
    const id = stableIdentifier(meta);
    expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u);
    expect(stableIdentifier(sampleMeta())).toBe(id);
    const reprint = sampleMeta({ editions: [...meta.editions, { edition: '第2版第1刷', date: '2029-04-01', note: '改訂' }] });
    expect(stableIdentifier(reprint)).toBe(id);
  });

  it('changes with the title, the interviewee or the interview date', () => {
    const id = stableIdentifier(sampleMeta());
    expect(stableIdentifier(sampleMeta({ title: '別の本' }))).not.toBe(id);
    expect(stableIdentifier(sampleMeta({ interviewee: '別の人' }))).not.toBe(id);
    expect(stableIdentifier(sampleMeta({ date: '2023-05-18' }))).not.toBe(id);
  });

  it('keeps an identifier set in the front matter', () => {
    const given = 'urn:uuid:0b7c8b8e-3a5e-4f8e-9f0e-1d2c3b4a5f60';
    expect(stableIdentifier(sampleMeta({ identifier: given }))).toBe(given);
  });
});
