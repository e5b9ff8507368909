import { h } from 'hastscript';
import { describe, expect, it } from 'vitest';
import rehypePunctuation from '../../../src/transform/rehype-punctuation.js';
import { diagnostics, positioned, run, type Fragment } from './helpers.js';

const cases: Array<[string, Fragment, string]> = [
  // ? ! next to Japanese, and the full-width space after them
  ['? after Japanese', '本当?', '<p>本当？</p>'],
  ['space after ？ that continues the sentence', 'これは外交なのか?第一に', '<p>これは外交なのか？\u3000第一に</p>'],
  ['a pair of marks, one space after the pair', '本当!?すごい', '<p>本当！？\u3000すごい</p>'],
  ['no space before a closing bracket', '「なぜ?」と', '<p>「なぜ？」と</p>'],
  ['no space at the end of the paragraph', 'なぜ？', '<p>なぜ？</p>'],
  ['no second space', 'なぜ？\u3000本当', '<p>なぜ？\u3000本当</p>'],
  ['an ASCII space already there stays alone', 'なぜ? 本当', '<p>なぜ？ 本当</p>'],
  ['no space before other punctuation', 'なぜ？、と', '<p>なぜ？、と</p>'],
  ['Latin ? stays', 'What? No.', '<p>What? No.</p>'],
  // parentheses and colons
  ['parentheses around Japanese', '局面(特別軍事作戦の開始前)のずっと', '<p>局面（特別軍事作戦の開始前）のずっと</p>'],
  ['a pair converts together', '日本(Japan) は', '<p>日本（Japan） は</p>'],
  ['Latin parentheses stay', 'f(x) = y', '<p>f(x) = y</p>'],
  ['colon after a label', '質問:まずは', '<p>質問：まずは</p>'],
  ['times keep their colon', '午前10:15に', '<p>午前10:15に</p>'],
  ['colon before a space and Latin stays', 'Q.: では', '<p>Q.: では</p>'],
  // dashes
  ['-- between Japanese', 'です--あなたの同僚も--。', '<p>です――あなたの同僚も――。</p>'],
  ['em dash', 'それは—だ', '<p>それは――だ</p>'],
  ['single horizontal bar doubled', 'それは―だ', '<p>それは――だ</p>'],
  ['a four-em dash keeps its length', 'それは――――だ', '<p>それは――――だ</p>'],
  ['ーー after a kanji is a dash', '拡大ーー、と', '<p>拡大――、と</p>'],
  ['ーー after katakana is a long vowel', 'ラーー', '<p>ラーー</p>'],
  ['ーー after hiragana is a long vowel', 'そうだねーー', '<p>そうだねーー</p>'],
  ['Latin -- stays', 'use --force here', '<p>use --force here</p>'],
  ['single hyphen stays', '939-17', '<p>939-17</p>'],
  // ellipses
  ['three dots', '立場...と', '<p>立場……と</p>'],
  ['one ellipsis', '立場…と', '<p>立場……と</p>'],
  ['three nakaguro', '立場・・・と', '<p>立場……と</p>'],
  ['two ellipses stay', '立場……と', '<p>立場……と</p>'],
  ['Latin dots stay', 'wait... what', '<p>wait... what</p>'],
  // quotes
  ['ASCII quotes around Japanese', '。"ロシアを仕留めなければならない"', '<p>。〝ロシアを仕留めなければならない〟</p>'],
  ['curly quotes around Japanese', '“日本”と', '<p>〝日本〟と</p>'],
  ['quotes around Latin stay', 'ようだ("cackles")。', '<p>ようだ（"cackles"）。</p>'],
  // across and inside markup
  ['across inline elements', h('p', ['なぜ', h('em', '?'), '本当']), '<p>なぜ<em>？</em>\u3000本当</p>'],
  ['code is left alone', h('p', ['コード', h('code', 'a?(b)'), 'です']), '<p>コード<code>a?(b)</code>です</p>'],
  ['ruby readings are left alone', h('p', [h('ruby', ['漢字', h('rt', 'かん...じ')]), '...']), '<p><ruby>漢字<rt>かん...じ</rt></ruby>……</p>'],
  ['a <br> ends the sentence', h('p', ['なぜ？', h('br'), '本当']), '<p>なぜ？<br>本当</p>'],
];

describe('rehype-punctuation', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    const { html, file } = run([rehypePunctuation], input);
    expect(html).toBe(expected);
    expect(file.messages).toEqual([]);
  });

  it('is idempotent', () => {
    for (const [, input] of cases) {
      const once = run([rehypePunctuation], input);
      expect(run([rehypePunctuation], once.tree).html).toBe(once.html);
    }
  });

  it('reports an unpaired quote at its place and leaves it', () => {
    const { tree, file } = positioned('彼は"日本と言った');
    expect(run([rehypePunctuation], tree, file).html).toBe('<p>彼は"日本と言った</p>');
    expect(diagnostics(file)).toEqual(['1:3-1:4: Unpaired `"`: left as is (use 〝…〟 or 「…」 for a quotation)']);
    expect(file.messages[0]?.ruleId).toBe('unpaired-quote');
  });
});
