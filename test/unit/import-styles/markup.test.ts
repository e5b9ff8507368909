/**
 * Q&A that a web page or Word document marks up instead of labelling: what htmlLines reads off the
 * markup (terms, headings, question classes, name spans), and where a set-off line is no question.
 * Whole pages are in the corpus (test/fixtures/import-styles/web-*.html).
 */
import { describe, expect, it } from 'vitest';
import { importSource } from '../../../src/import/index.js';
import { htmlLines } from '../../../src/import/sources.js';
import { readMarkdown } from '../import/helpers.js';
import { expectEverySentenceKept } from './proof.js';

const page = (body: string) => Buffer.from(`<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>職人に聞く</title></head><body><article><h1>職人に聞く</h1>${body}</article></body></html>`);
const run = async (body: string) => {
  const result = await importSource(page(body), { path: 'page.html', today: '2026-01-01' });
  expectEverySentenceKept(String(result.file.value), result);
  const md = readMarkdown(result.markdown);
  return { result, md, labels: md.paragraphs.filter((p) => p.label).map((p) => p.label) };
};

describe('htmlLines cues', () => {
  it('marks terms, headings and question classes; a name span opens a run like bold', async () => {
    const { lines, emphasis, cues } = await htmlLines(
      '<dl><dt>――一つ目は？</dt><dd><p>答え</p></dd></dl><h3>見出し</h3><p class="interview__q">問い</p><p><span class="name">山田</span>はい</p><div class="speaker">佐藤</div>',
    );
    expect(lines).toEqual(['――一つ目は？', '答え', '見出し', '問い', '山田はい', '佐藤']);
    expect([...cues]).toEqual([
      [1, 'term'],
      [3, 'h3'],
      [4, 'question'],
      [6, 'term'],
    ]);
    expect([...emphasis]).toEqual([[5, 2]]);
  });

  it('takes a line that a <br> ends inside bold for bold to its end', async () => {
    const { lines, emphasis } = await htmlLines('<p><strong>包丁とは何でしょう。<br>一言で。</strong></p><p><b>山田</b><br>はい</p>');
    expect(lines).toEqual(['包丁とは何でしょう。', '一言で。', '山田', 'はい']);
    expect([...emphasis]).toEqual([
      [1, 10],
      [2, 4],
      [3, 2],
    ]);
  });

  it('marks the speaker cell of a two- or three-cell row, not of a header row or a wider table', async () => {
    const { cues } = await htmlLines(
      '<table><tr><th>話者</th><th>発言</th></tr><tr><td>山田</td><td>こんにちは</td></tr></table><table><tr><td>00:01</td><td>山田</td><td>はい</td></tr></table><table><tr><td>1</td><td>2</td><td>3</td><td>4</td></tr></table>',
    );
    expect([...cues]).toEqual([
      [3, 'term'],
      [6, 'term'],
    ]);
  });

  it('does not take a wrapper classed `speaker` around a whole turn for a name', async () => {
    const { cues } = await htmlLines('<div class="speaker"><p>山田：長い答えがここに続きます。とても長い答えです。まだ続きます。</p></div>');
    expect([...cues]).toEqual([]);
  });
});

describe('questions set off by markup', () => {
  it('a labelled question set off whole (<h3>Q. …</h3>) implies the answer after it, printed A', async () => {
    const { result, labels } = await run('<p>読者の質問に答えた。</p><h3>Q. 刺されますか？</h3><p>何度も。</p><h3>Q. 色が違うのは？</h3><p>花が違うからです。</p>');
    expect(result.stats).toMatchObject({ questions: 2, turns: 4 });
    expect(labels).toEqual(['Q', 'A', 'Q', 'A']);
  });

  it('a set-off label alone on its line (<dt>Q</dt><dd>…？</dd>) implies the answer after its text', async () => {
    const { labels } = await run('<p>園長に聞いた。</p><dl><dt>Q</dt><dd>変わったことは？</dd></dl><p>お迎えです。</p><dl><dt>Q</dt><dd>変わらないことは？</dd></dl><p>泥だんごです。</p>');
    expect(labels).toEqual(['Q', 'A', 'Q', 'A']);
  });

  it('a bold question without a dash among dash questions asks too', async () => {
    const { result } = await run('<p><b>――一つ目は？</b></p><p>はい。</p><p><b>――二つ目は？</b></p><p>いいえ。</p><p><b>最後に一言。</b></p><p>ありがとう。</p>');
    expect(result.stats.questions).toBe(3);
  });
});

describe('lines set off by markup that are no questions', () => {
  const interview = '<p>聞き手：最初の作品は？</p><p>山田：木の椅子です。</p><p>聞き手：いまは何を？</p><p>山田：机です。</p>';

  it('leaves a profile <dl> before the interview as text', async () => {
    const { result, md } = await run(`<dl><dt>生年</dt><dd>1970年</dd><dt>出身</dt><dd>京都府</dd></dl>${interview}`);
    expect(result.stats).toMatchObject({ questions: 2, speakers: 2 });
    expect(md.paragraphs.slice(0, 4).map((p) => p.text)).toEqual(['生年', '1970年', '出身', '京都府']);
  });

  it('leaves bold pull quotes inside answers as text', async () => {
    const { result, md } = await run(
      '<p>聞き手：最初の作品は？</p><p>山田：木の椅子です。</p><p><strong>「木は嘘をつかない」</strong></p><p>聞き手：いまは何を？</p><p>山田：机です。</p><p><strong>「道具は手の続き」</strong></p><p>そう思っています。</p>',
    );
    expect(result.stats).toMatchObject({ questions: 2, speakers: 2 });
    expect(md.paragraphs).toContainEqual({ text: '「木は嘘をつかない」' });
    expect(md.paragraphs).toContainEqual({ text: '「道具は手の続き」' });
  });

  it('asks only where at least half of the set-off lines ask', async () => {
    const bold = '<p><strong>工房のこと</strong></p><p>山あいにあります。</p><p><strong>道具のこと</strong></p><p>祖父の鉋を使います。</p><p><strong>いつからですか。</strong></p><p>十年前です。</p>';
    await expect(importSource(page(bold), { path: 'page.html', today: '2026-01-01' })).rejects.toThrow(/no speaker labels found: .*; or, marked up, at least two bold or heading questions/);
  });
});
