/**
 * Metadata that is true (issue 14 §1): the 奥付 and the OPF say what the front matter says and
 * nothing else — readings, publisher, translator, original language, series, dates.
 */
import { describe, expect, it } from 'vitest';
import { formatSourceTimestamp, languageName, publicationDate } from '../../../src/config/describe.js';
import { parseManuscript } from '../../../src/manuscript/parse.js';
import { plainText as toText } from '../../../src/transform/flow.js';
import { buildEpub } from '../../../src/writers/epub/epub-book.js';
import { fileAs } from '../../../src/writers/epub/metadata.js';
import { NS, parseXml, unpack } from './fixture.js';
import { FULL_FRONT_MATTER as FULL, SEED, seedWith, typeset } from './seed.js';

/** The colophon's rows as [term, text] pairs. */
function colophonRows(text: string): Array<[string, string]> {
  const { parts } = typeset(text);
  const list = parts.colophon.children.find((node) => node.type === 'element' && node.tagName === 'dl');
  if (!list || list.type !== 'element') throw new Error('no colophon list');
  const rows: Array<[string, string]> = [];
  for (const node of list.children) {
    if (node.type !== 'element') continue;
    if (node.tagName === 'dt') rows.push([toText(node), '']);
    else if (node.tagName === 'dd') rows[rows.length - 1]![1] = toText(node);
  }
  return rows;
}

describe('the 奥付 (both editions)', () => {
  it('prints every given field with its Japanese label, in the order of a 奥付', () => {
    const rows = colophonRows(seedWith(FULL));
    expect(rows.map(([term]) => term)).toEqual(['副題', 'シリーズ', '話し手', '聞き手', '収録', '原文', '翻訳者', '発行日', '発行者', '発行所', '連絡先', '印刷所']);
    const value = Object.fromEntries(rows.map(([term, text]) => [term, text.normalize('NFKC')]));
    expect(value['原文']).toBe('ロシア語からの翻訳 2023年5月17日 10時15分 939-17-05-2023');
    expect(value['翻訳者']).toBe('山田花子');
    expect(value['発行日']).toBe('2026年12月10日');
  });

  it('invents nothing: without the new fields there is no translator, publisher, rights or translation row', () => {
    const rows = colophonRows(SEED);
    expect(rows.map(([term]) => term)).toEqual(['話し手', '聞き手', '収録', '原文']);
    const { parts } = typeset(SEED);
    expect(toText(parts.colophon)).not.toMatch(/©|翻訳|発行所|発行者/u);
  });

  it('prints dates as Japanese dates, never the raw 17.05.2023, and keeps the document number as written', () => {
    const { parts } = typeset(SEED);
    const text = toText(parts.colophon);
    expect(text).not.toContain('17.05.2023');
    expect(text).toContain('939-17-05-2023'); // ASCII, not １７ or ９３９－…
    expect(text.normalize('NFKC')).toContain('2023年5月17日 10時15分');
  });

  it('says 翻訳 when the manuscript only knows that the source is a translation', () => {
    const rows = Object.fromEntries(colophonRows(seedWith('translation: true')));
    expect(rows['原文']).toMatch(/^翻訳　/u);
    expect(rows['翻訳者']).toBeUndefined();
  });
});

describe('front-matter fields', () => {
  it('refuse a reading that is not kana, a language that is not BCP 47, and a series position below 1', () => {
    const fatal = (extra: string) =>
      parseManuscript(seedWith(extra), 'book.md')
        .file.messages.filter((message) => message.fatal)
        .map((message) => `${message.line}:${message.column}: ${message.reason}`);
    expect(fatal('title_reading: Moscow')).toEqual(['7:16: front matter: title_reading: a reading is written in kana (hiragana or katakana)']);
    expect(fatal('source_language: russian language')).toEqual(['7:18: front matter: source_language: “russian language” is not a BCP 47 language tag (such as ja, ja-JP, ru or zh-Hant)']);
    expect(fatal('series: 叢書\nseries_position: 0')).toEqual(['8:18: front matter: series_position: a position starts at 1']);
    expect(fatal('published: 1.12.2026')).toEqual(['7:12: front matter: published: a date must be written YYYY-MM-DD']);
    expect(fatal('translation: yes')).toEqual(['7:14: front matter: translation: write true or false']);
    expect(fatal(FULL)).toEqual([]);
  });

  it('turn readings into katakana sort keys, timestamps into Japanese dates, tags into language names', () => {
    expect(fileAs('がいこう ゔぁ')).toBe('ガイコウ ヴァ');
    expect(fileAs('  ')).toBeUndefined();
    expect(formatSourceTimestamp('17.05.2023 10:15')).toBe('2023年5月17日 10時15分');
    expect(formatSourceTimestamp('2023/5/7')).toBe('2023年5月7日');
    expect(formatSourceTimestamp('31.02.2023')).toBe('31.02.2023'); // no such day: as written
    expect(formatSourceTimestamp('昨日の夕方')).toBe('昨日の夕方');
    expect(languageName('ru')).toBe('ロシア語');
  });
});

describe('the package metadata of a fully described book', () => {
  it('has readings, publisher, translator, original language, series, publication and interview dates, rights', async () => {
    const { book, parts } = typeset(seedWith(FULL));
    const { names, text } = await unpack(await buildEpub(book, parts));
    const opfName = names.find((name) => name.endsWith('.opf'))!;
    const doc = parseXml(await text(opfName));
    const all = (xpath: string) => doc.find(xpath, NS).map((node) => node.content);
    const refine = (id: string, property: string) => all(`//opf:meta[@refines="#${id}"][@property="${property}"]`);
    try {
      expect(refine('title', 'file-as')).toEqual(['モスクワデノインタビュー']);
      const creator = all('//dc:creator/@id')[0]!;
      expect(refine(creator, 'file-as')).toEqual(['ラブロフ セルゲイ']);
      const translator = all('//dc:contributor[.="山田花子"]/@id')[0]!;
      expect(refine(translator, 'role')).toEqual(['trl']);
      expect(refine(translator, 'file-as')).toEqual(['ヤマダ ハナコ']);
      expect(all('//dc:publisher')).toEqual(['くみはん書房']);
      expect(refine(all('//dc:publisher/@id')[0]!, 'file-as')).toEqual(['クミハンショボウ']);
      expect(all('//dc:rights')).toEqual(['© 2026 くみはん書房']);
      expect(all('//dc:date')).toEqual(['2026-12-10']);
      expect(all('//opf:meta[@property="dcterms:created"]')).toEqual(['2023-05-17']);
      expect(all('//dc:description')[0]).toMatch(/ロシア語からの翻訳、山田花子訳/u);
      const source = all('//dc:source/@id')[0]!;
      expect(all('//dc:source')).toEqual(['939-17-05-2023']);
      expect(refine(source, 'dcterms:language')).toEqual(['ru']);
      const series = all('//opf:meta[@property="belongs-to-collection"]/@id')[0]!;
      expect(all('//opf:meta[@property="belongs-to-collection"]')).toEqual(['外交インタビュー叢書']);
      expect(refine(series, 'collection-type')).toEqual(['series']);
      expect(refine(series, 'group-position')).toEqual(['2']);
      expect(refine(series, 'file-as')).toEqual(['ガイコウインタビューソウショ']);
    } finally {
      doc.dispose();
    }
  });

  it('leaves the 印刷所 out of the EPUB (an e-book has no printer) but keeps it for print', async () => {
    const { book, parts } = typeset(seedWith(FULL));
    expect(toText(parts.colophon)).toContain('試験印刷');
    const { names, text } = await unpack(await buildEpub(book, parts));
    const xhtml = (await Promise.all(names.filter((name) => name.endsWith('.xhtml')).map(text))).join('');
    expect(xhtml).not.toContain('試験印刷');
    expect(xhtml).toContain('組版太郎');
  });

  it('dates the publication by `published` when given, else by the oldest edition', () => {
    const { book } = typeset(SEED);
    expect(publicationDate(book.meta)).toBe(book.meta.editions[0]!.date);
    expect(publicationDate({ ...book.meta, published: '2030-01-02' })).toBe('2030-01-02');
  });
});
