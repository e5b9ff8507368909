/**
 * Transcripts as people have them: a Word document (built here) and a saved web page with
 * navigation, comments and share buttons (test/fixtures/import-styles/web-page.html).
 */
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { KumihanError } from '../../../src/core/errors.js';
import { importSource } from '../../../src/import/index.js';
import { htmlLines } from '../../../src/import/sources.js';
import { parseManuscript } from '../../../src/manuscript/parse.js';
import { expectedBody, readMarkdown } from '../import/helpers.js';
import { expectEverySentenceKept } from './proof.js';
import { makeDocx } from './docx.js';

const run = (bytes: Uint8Array, path: string) => importSource(bytes, { path, today: '2026-01-01' });

/** The nothing-lost proof against the text the source was read as (the vfile's value). */
function expectNothingLost(result: Awaited<ReturnType<typeof run>>) {
  const text = String(result.file.value);
  const { paragraphs } = expectedBody(text, result.account);
  expect(readMarkdown(result.markdown).paragraphs.map((p) => p.text)).toEqual(paragraphs);
  expectEverySentenceKept(text, result);
  const book = parseManuscript(result.markdown, 'x.md');
  expect(book.file.messages.filter((m) => m.fatal).map(String)).toEqual([]);
}

describe('a Word document', () => {
  const paragraphs = [
    '川辺の写真家に聞く',
    '2024年8月1日、スタジオで収録。',
    '**聞き手**　最初に写真を撮ったのはいつですか。',
    '**三宅**　小学生のときです。祖父のカメラを借りました。',
    'フィルムが高くて、一枚撮るのに**勇気**がいりました。',
    '*聞き手*：いまはデジタルですか。',
    '*三宅*：いいえ、今もフィルムです。',
    '聞き手：理由を教えてください。',
    '三宅：待つ時間が好きなんです。',
  ];

  it('reads paragraphs and bold or italic labels without a colon', async () => {
    const result = await run(await makeDocx(paragraphs), 'talk.docx');
    const md = readMarkdown(result.markdown);
    expect(result.encoding).toBe('docx');
    expect(result.stats).toMatchObject({ questions: 3, turns: 6, speakers: 2 });
    expect(md.frontMatter).toMatchObject({ title: '川辺の写真家に聞く', date: '2024-08-01', source: { file: 'talk.docx', format: 'docx' } });
    expect(md.frontMatter.speakers.map((s: { role: string; label: string }) => [s.role, s.label])).toEqual([
      ['interviewer', '聞き手'],
      ['interviewee', '三宅'],
    ]);
    // A bold word inside a sentence is not a label.
    expect(md.paragraphs).toContainEqual({ text: 'フィルムが高くて、一枚撮るのに勇気がいりました。' });
    expectNothingLost(result);
  });

  it('is refused when the ZIP is not a Word document, nothing written', async () => {
    const zip = new JSZip();
    zip.file('hello.txt', 'こんにちは');
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    await expect(run(bytes, 'notes.docx')).rejects.toThrow(KumihanError);
    await expect(run(bytes, 'notes.docx')).rejects.toThrow(/not a Word document/);
  });
});

describe('a saved web page', () => {
  const page = readFileSync(new URL('../../fixtures/import-styles/web-page.html', import.meta.url));

  it('imports the article only: no navigation, comments or share buttons in the body', async () => {
    const result = await run(page, 'web-page.html');
    const md = readMarkdown(result.markdown);
    expect(result.encoding).toBe('html');
    expect(result.stats).toEqual({ questions: 3, turns: 6, speakers: 2, parts: 2 });
    expect(md.headings).toEqual([
      '灯台のあった日々',
      '灯台の明かりが自動になったのはいつですか',
      'そのとき、お父さまはどうされましたか',
      '資料館のこと',
      '資料館には、どんなものが並んでいますか',
    ]);
    expect(md.frontMatter).toMatchObject({ title: '灯台の町で聞く', date: '2024-05-03', source: { format: 'html' } });
    const body = md.paragraphs.map((p) => p.text).join('\n');
    for (const chrome of ['ホーム', 'インタビュー一覧', 'シェア', 'コメント', '父を思い出しました', '人気の記事', '港の朝市', 'フォローしてね', '©']) {
      expect(body).not.toContain(chrome);
    }
    // A <br> inside an answer is a paragraph of its own, continuing the turn.
    expect(md.paragraphs).toContainEqual({ text: '夜になると、父は必ず窓から海を見ていました。' });
    expectNothingLost(result);
  });

  it('lists what it left out in the front matter, so nothing is silently lost', async () => {
    const result = await run(page, 'web-page.html');
    const removed = readMarkdown(result.markdown).frontMatter.removed as { text: string; reason: string }[];
    const texts = removed.map((r) => r.text);
    for (const chrome of ['ホーム', 'ニュース', 'Xでシェア Facebookでシェア LINEで送る', 'とても良い記事でした。父を思い出しました。', '資料館に行ってみたいです。', '港の朝市', '© みなと通信']) {
      expect(texts).toContain(chrome);
    }
    expect(result.removedFromPage).toEqual(texts);
  });

  it('is recognised by its content whatever the file is called', async () => {
    const result = await run(page, 'saved-page.txt');
    expect(result.encoding).toBe('html');
    expect(result.stats.questions).toBe(3);
  });
});

describe('htmlLines', () => {
  it('gives one line per block and per <br>, and the length of an opening bold run', async () => {
    const { lines, emphasis } = await htmlLines('<div><p> <b>山田</b>　こんにちは<br/>元気です</p><ul><li><i>Ｑ</i> 質問</li></ul><pre>一行目\n二行目</pre></div>');
    expect(lines).toEqual(['山田　こんにちは', '元気です', 'Ｑ 質問', '一行目', '二行目']);
    expect([...emphasis]).toEqual([
      [1, 2],
      [3, 1],
    ]);
  });

  it('skips scripts and styles', async () => {
    expect((await htmlLines('<p>本文</p><script>var a = "秘密";</script><style>p{}</style>')).lines).toEqual(['本文']);
  });
});
