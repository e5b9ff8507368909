import { h } from 'hastscript';
import { describe, expect, it } from 'vitest';
import rehypeRuby from '../../../src/transform/rehype-ruby.js';
import { diagnostics, positioned, run, type Fragment } from './helpers.js';

const cases: Array<[string, Fragment, string]> = [
  ['group ruby', '{漢字|かんじ}を読む', '<p><ruby>漢字<rt>かんじ</rt></ruby>を読む</p>'],
  ['per-character ruby', '{漢字|かん|じ}', '<p><ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby></p>'],
  ['astral base character counts once', '{𠮷野|よし|の}家', '<p><ruby>𠮷<rt>よし</rt>野<rt>の</rt></ruby>家</p>'],
  ['two in one text', '{東京|とうきょう}と{大阪|おおさか}', '<p><ruby>東京<rt>とうきょう</rt></ruby>と<ruby>大阪<rt>おおさか</rt></ruby></p>'],
  ['inside inline markup', h('p', [h('em', '{外交|がいこう}')]), '<p><em><ruby>外交<rt>がいこう</rt></ruby></em></p>'],
  ['escaped brace is literal (full-width, so a second pass keeps it)', '\\{漢字|かんじ}', '<p>｛漢字|かんじ}</p>'],
  ['code is left alone', h('p', [h('code', '{a|b}')]), '<p><code>{a|b}</code></p>'],
  ['no braces, no change', '漢字かな交じり文', '<p>漢字かな交じり文</p>'],
];

describe('rehype-ruby', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    const { html, file } = run([rehypeRuby], input);
    expect(html).toBe(expected);
    expect(file.messages).toEqual([]);
  });

  it('is idempotent', () => {
    for (const [, input] of cases) {
      const once = run([rehypeRuby], input);
      expect(run([rehypeRuby], once.tree).html).toBe(once.html);
    }
  });

  it('leaves malformed annotations as text and points at them', () => {
    const { tree, file } = positioned('前{漢字|かんじ後\n{注}と{漢字|か|ん|じ}と{漢字|}');
    const { html } = run([rehypeRuby], tree, file);
    expect(html).toBe('<p>前{漢字|かんじ後\n{注}と{漢字|か|ん|じ}と{漢字|}</p>');
    expect(diagnostics(file)).toEqual([
      '1:2-1:3: Unclosed `{`: ruby is written `{漢字|かんじ}`; write `\\{` for a literal brace. Left as text',
      '2:1-2:2: `{注}` is not ruby (expected `{漢字|かんじ}`); write `\\{` for a literal brace. Left as text',
      '2:5-2:15: Per-character ruby `{漢字|か|ん|じ}` has 2 base characters but 3 readings; left as text',
      '2:16-2:17: `{漢字|}` is not ruby (expected `{漢字|かんじ}`); write `\\{` for a literal brace. Left as text',
    ]);
    expect(file.messages.every((m) => m.ruleId === 'ruby-syntax' && m.source === 'kumihan-typography')).toBe(true);
  });

  it('keeps a brace escaped in the Markdown source literal, though the tree shows it bare', () => {
    // remark turns `\{` into `{`; the plugin looks at the file to see it was escaped.
    const { tree, file } = positioned('前{漢字|かんじ}と{漢字|かんじ}', '前\\{漢字|かんじ}と{漢字|かんじ}');
    const { html } = run([rehypeRuby], tree, file);
    expect(html).toBe('<p>前｛漢字|かんじ}と<ruby>漢字<rt>かんじ</rt></ruby></p>');
    expect(file.messages).toEqual([]);
    const p = tree.children[0];
    const ruby = p?.type === 'element' ? p.children[1] : undefined;
    expect(ruby?.position).toEqual({ start: { line: 1, column: 12, offset: 11 }, end: { line: 1, column: 20, offset: 19 } });
  });
});
