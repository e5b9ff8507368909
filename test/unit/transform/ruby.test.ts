import { describe, expect, it } from 'vitest';
import rehypeRuby from '../../../src/transform/rehype-ruby.js';
import { diagnostics, positioned, run } from './helpers.js';

// The cases of input and output: test/fixtures/transform/ruby/ (fixtures.test.ts). Here: positions in Markdown source.
describe('rehype-ruby', () => {
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
