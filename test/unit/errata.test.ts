import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManuscript } from '../../src/manuscript/parse.js';
import { compareBooks, splitSentences } from '../../src/errata/compare.js';
import { errataMarkdown } from '../../src/errata/sheet.js';
import { findPage } from '../../src/errata/pages.js';
import { foldForSearch } from '../../src/errata/fold.js';
import { lastEditionNamed } from '../../src/errata/history.js';

const small = readFileSync(new URL('../fixtures/manuscript/small.md', import.meta.url), 'utf8');
const book = (text: string) => parseManuscript(text, 'small.md');

describe('errata', () => {
  it('splits sentences after 。！？ and keeps closing brackets with their sentence', () => {
    expect(splitSentences('「はい。」と言った。本当？そうだ')).toEqual(['「はい。」', 'と言った。', '本当？', 'そうだ']);
  });

  it('lists exactly the one changed sentence, with its question and line', () => {
    const after = small.replace('よく覚えています。', 'よく覚えていません。');
    const corrections = compareBooks(book(small), book(after));
    expect(corrections).toEqual([
      { question: { index: 1, title: '最初の問い' }, line: 33, speaker: '山田', before: 'よく覚えています。', after: 'よく覚えていません。' },
    ]);
  });

  it('reports additions and deletions as corrections with an empty side', () => {
    const after = small.replace('続きの段落です。', '').replace('答えです。', '答えです。付け加えます。');
    const corrections = compareBooks(book(small), book(after));
    expect(corrections.map((c) => [c.question?.index, c.before, c.after])).toEqual([
      [1, '続きの段落です。', ''],
      [2, '', '付け加えます。'],
    ]);
  });

  it('finds nothing when nothing changed', () => {
    expect(compareBooks(book(small), book(small))).toEqual([]);
  });

  it('writes a Markdown table with escaped cells', () => {
    const md = errataMarkdown([{ question: { index: 2, title: 'A|B' }, before: 'x', after: 'y', page: 7 }], {
      meta: book(small).meta,
      since: '初版第1刷',
    });
    expect(md).toContain('| Q2　A\\|B | 7 | — | x | y |');
    expect(md).toContain('初版第1刷 → 初版第2刷（2024-03-01）：1件の訂正');
  });

  it('finds the page of a sentence across width and spacing differences', () => {
    expect(findPage(['ＡＢＣ', 'よく覚えていま す。２０年'].map(foldForSearch), 'よく覚えています。20年')).toBe(2);
    expect(findPage(['ＡＢＣ'], 'よく覚えています。')).toBeUndefined();
  });

  it('reads the newest edition from front matter', () => {
    expect(lastEditionNamed(small)).toBe('初版第2刷');
  });
});
