import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { contextOf, isJapanese } from '../../../src/transform/characters.js';
import { applyEdits, collectFlows, plainText } from '../../../src/transform/flow.js';
import { foldForComparison } from '../../../src/transform/typography-fold.js';
import { fragment, positioned } from './helpers.js';
import { pointAt } from '../../../src/transform/source-positions.js';

describe('isJapanese', () => {
  it.each([
    ['あ', true], ['ア', true], ['ー', true], ['・', true], ['漢', true], ['々', true], ['「', true], ['。', true], ['𠮷', true],
    ['a', false], ['1', false], ['？', false], ['１', false], ['（', false], ['\u3000', false], ['―', false], ['…', false],
  ])('%s → %s', (char, expected) => {
    expect(isJapanese(char)).toBe(expected);
  });
});

describe('contextOf', () => {
  const at = (text: string, token: string) => contextOf(text, text.indexOf(token), text.indexOf(token) + token.length);
  it.each([
    ['20年', '20', 'japanese'],
    ['Windows 10 update', '10', 'latin'],
    ['Windows 10は', '10', 'japanese'],
    ['17.05.2023 10:15', '10', 'japanese'],
    ['the NATO summitで', 'NATO', 'latin'],
    ['「NATO」の', 'NATO', 'japanese'],
  ] as const)('%s: %s is %s', (text, token, expected) => {
    expect(at(text, token)).toBe(expected);
  });
});

describe('collectFlows', () => {
  it('joins inline text, keeps blocks and <br> apart, reads ruby as its base, skips readings', () => {
    const tree = fragment([
      h('p', ['前', h('em', ['強', h('ruby', ['漢字', h('rt', 'かんじ')])]), '後', h('br'), '次', h('wbr'), '末']),
      h('div', ['外', h('p', '内'), '外']),
    ]);
    const flows = collectFlows(tree);
    expect(flows.map((flow) => flow.text)).toEqual(['前強漢字後\n次末', '外\n外', '内']);
    expect([...flows[0]!.breaks]).toEqual([7]);
    expect(flows[0]!.segments.filter((s) => !s.editable).map((s) => [s.start, s.end])).toEqual([[2, 4], [5, 6]]);
  });

  it('applies edits inside text nodes and insertions at node boundaries', () => {
    const tree = fragment(h('p', ['ab', h('em', 'cd'), 'ef']));
    const [flow] = collectFlows(tree);
    applyEdits(flow!, [
      { start: 1, end: 2, insert: [h('b', 'B')] },
      { start: 2, end: 2, insert: [h('wbr')] },
      { start: 4, end: 4, insert: [{ type: 'text', value: '|' }] },
    ]);
    expect(toHtml(tree)).toBe('<p>a<b>B</b><em><wbr>cd</em>|ef</p>');
  });

  it('plainText leaves out ruby readings', () => {
    expect(plainText(h('p', [h('ruby', ['漢字', h('rt', 'かんじ')]), 'です']))).toBe('漢字です');
  });
});

describe('pointAt', () => {
  it('follows the source through escapes and line breaks', () => {
    const { tree, file } = positioned('a{b\nc{d', 'a\\{b\nc{d');
    const p = tree.children[0]!;
    const text = p.type === 'element' && p.children[0]!.type === 'text' ? p.children[0] : undefined;
    expect(pointAt(text!, 1, file)).toEqual({ line: 1, column: 2, offset: 1 });
    expect(pointAt(text!, 5, file)).toEqual({ line: 2, column: 2, offset: 6 });
    expect(pointAt(text!, 5)).toBeUndefined(); // without the file the lengths differ: unknown
  });

  it('finds its way when a reader stripped a prefix but kept the old start (a speaker label)', () => {
    // `**ラブロフ**：{漢字` — the label reader removed `：` from the text node, not from its position.
    const { tree, file } = positioned('：{漢字|かんじ}');
    const p = tree.children[0]!;
    const text = p.type === 'element' && p.children[0]!.type === 'text' ? p.children[0] : undefined;
    text!.value = '{漢字|かんじ}';
    expect(pointAt(text!, 1, file)).toEqual({ line: 1, column: 3, offset: 2 });
  });
});

describe('foldForComparison', () => {
  it.each([
    ['widths', '？！（）：１２ＡＢ．', '?!():12AB.'],
    ['dash spellings', ['です――あ', 'です--あ', 'です—あ', 'です―あ', 'ですーーあ'], 'です—あ'],
    ['ellipsis spellings', ['立場……と', '立場...と', '立場…と', '立場・・・と'], '立場…と'],
    ['quotes', ['〝日本〟', '"日本"', '“日本”'], '"日本"'],
    ['the space after ?!', ['か？\u3000第', 'か?第', 'か? 第'], 'か?第'],
  ] as const)('folds %s', (_name, inputs, expected) => {
    for (const input of Array.isArray(inputs) ? inputs : [inputs]) expect(foldForComparison(input)).toBe(expected);
  });

  it('keeps what carries meaning: a single hyphen or long-vowel mark, other letters', () => {
    expect(foldForComparison('939-17 ラーメン')).toBe('939-17 ラーメン');
    expect(foldForComparison('日本')).not.toBe(foldForComparison('日米'));
  });
});
