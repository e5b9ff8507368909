/**
 * Word documents whose Q&A is in the layout: questions in bold paragraphs or in a heading style,
 * and transcripts kept as a table (speaker | text, or time | speaker | text). Built here (docx.ts).
 */
import { describe, expect, it } from 'vitest';
import { importSource } from '../../../src/import/index.js';
import { parseManuscript } from '../../../src/manuscript/parse.js';
import { expectedBody, readMarkdown } from '../import/helpers.js';
import { makeDocx, type DocxBlock } from './docx.js';
import { expectEverySentenceKept } from './proof.js';

async function run(blocks: (string | DocxBlock)[]) {
  const result = await importSource(await makeDocx(blocks), { path: 'talk.docx', today: '2026-01-01' });
  const text = String(result.file.value);
  const md = readMarkdown(result.markdown);
  // Nothing lost: the body is the text read, less what the account explains; the reader accepts it.
  expect(md.paragraphs.map((p) => p.text)).toEqual(expectedBody(text, result.account).paragraphs);
  expectEverySentenceKept(text, result);
  expect(parseManuscript(result.markdown, 'talk.md').file.messages.filter((m) => m.fatal).map(String)).toEqual([]);
  return { result, md, labels: md.paragraphs.filter((p) => p.label).map((p) => p.label) };
}

const header = ['鍛冶屋の四代目に聞く', '2024年9月2日', '包丁を打ち続けて四十年、新井さんの工房を訪ねた。'];

describe('a Word document with questions set off by layout', () => {
  it('reads whole bold paragraphs as questions, the plain ones after as the answer', async () => {
    const { result, md, labels } = await run([
      ...header,
      '**家業を継ごうと思ったのはいつですか。**',
      '二十歳のときです。',
      '最初は嫌々でした。',
      '**いまはどうですか？**',
      '毎朝、火を入れるのが楽しみです。',
      '**若い人に伝えたいことは。**',
      '手を動かすことです。',
    ]);
    expect(result.stats).toMatchObject({ questions: 3, turns: 6, speakers: 2 });
    expect(labels).toEqual(['質問', '回答', '質問', '回答', '質問', '回答']);
    expect(md.paragraphs).toContainEqual({ text: '最初は嫌々でした。' });
  });

  it('reads Heading 2 paragraphs as questions and Heading 1 as parts', async () => {
    const { result, md } = await run([
      ...header,
      { style: 'Heading1', text: '家業のこと' },
      { style: 'Heading2', text: '家業を継ごうと思ったのはいつですか' },
      '二十歳のときです。',
      { style: 'Heading2', text: 'いまはどうですか' },
      '毎朝、火を入れるのが楽しみです。',
      { style: 'Heading1', text: 'これから' },
      { style: 'Heading2', text: '若い人にひと言お願いします' },
      '手を動かすことです。',
    ]);
    expect(result.stats).toMatchObject({ questions: 3, parts: 2 });
    expect(md.headings).toEqual(['家業のこと', '家業を継ごうと思ったのはいつですか', 'いまはどうですか', 'これから', '若い人にひと言お願いします']);
  });

  it('reads the heading styles of Japanese Word (style 2 named heading 2) and a paragraph style named 質問', async () => {
    for (const style of [
      { style: '2', name: 'heading 2' },
      { style: 'a5', name: '質問' },
      { style: 'Question', name: 'Question' },
    ]) {
      const { result, labels } = await run([...header, { ...style, text: '家業を継ごうと思ったのはいつですか。' }, '二十歳のときです。', { ...style, text: 'いまはどうですか。' }, '楽しみです。']);
      expect(result.stats.questions, style.name).toBe(2);
      expect(labels, style.name).toEqual(['質問', '回答', '質問', '回答']);
    }
  });
});

describe('a Word document kept as a table', () => {
  it('reads speaker | text rows: a row without a name goes on with the turn above', async () => {
    const { result, md, labels } = await run([
      ...header,
      {
        table: [
          ['聞き手', '家業を継ごうと思ったのはいつですか。'],
          ['新井', '二十歳のときです。'],
          ['', '最初は嫌々でした。'],
          ['聞き手', 'いまはどうですか。'],
          ['新井', '楽しみです。'],
        ],
      },
    ]);
    expect(result.stats).toMatchObject({ questions: 2, turns: 4, speakers: 2 });
    expect(labels).toEqual(['聞き手', '新井', '聞き手', '新井']);
    expect(md.paragraphs).toContainEqual({ text: '最初は嫌々でした。' });
  });

  it('reads time | speaker | text rows, the times left out and counted', async () => {
    const { result, md, labels } = await run([
      ...header,
      {
        table: [
          ['00:00:05', '聞き手', '家業を継ごうと思ったのはいつですか。'],
          ['00:00:12', '新井', '二十歳のときです。'],
          ['00:01:02', '聞き手', 'いまはどうですか。'],
          ['00:01:09', '新井', '楽しみです。'],
        ],
      },
    ]);
    expect(result.stats).toMatchObject({ questions: 2, turns: 4, speakers: 2 });
    expect(labels).toEqual(['聞き手', '新井', '聞き手', '新井']);
    expect(md.paragraphs.map((p) => p.text).join('')).not.toContain('00:0');
  });
});
