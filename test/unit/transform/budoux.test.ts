import { h } from 'hastscript';
import { describe, expect, it } from 'vitest';
import rehypeBudoux from '../../../src/transform/rehype-budoux.js';
import { run, type Fragment } from './helpers.js';

const cases: Array<[string, Fragment, string]> = [
  ['a heading breaks between phrases', h('h2.wrap-phrase', '外交は忘れ去られたのか'), '<h2 class="wrap-phrase">外交は<wbr>忘れ去られたのか</h2>'],
  ['never inside a number (the model says 昭和2|0年)', h('p.wrap-phrase', '昭和20年の出来事'), '<p class="wrap-phrase">昭和20年の<wbr>出来事</p>'],
  [
    'none after an opening or before a closing bracket',
    h('p.wrap-phrase', '「外交は忘れ去られたのか」と問う'),
    '<p class="wrap-phrase">「外交は<wbr>忘れ去られたのか」と<wbr>問う</p>',
  ],
  [
    'a dash may start a line, but stays whole',
    h('p.wrap-phrase', 'ロシアは中国の属国となったのか？――対話の行方……'),
    '<p class="wrap-phrase">ロシアは<wbr>中国の<wbr>属国と<wbr>なったのか？<wbr>――対話の<wbr>行方……</p>',
  ],
  ['body paragraphs get none by default', h('p', '外交は忘れ去られたのか'), '<p>外交は忘れ去られたのか</p>'],
  [
    'only the labelled span of a paragraph',
    h('p', [h('span.speaker.wrap-phrase', 'モスクワでのインタビュー'), '外交は忘れ去られたのか']),
    '<p><span class="speaker wrap-phrase">モスクワでの<wbr>インタビュー</span>外交は忘れ去られたのか</p>',
  ],
  [
    'across inline elements',
    h('h2.wrap-phrase', ['外交', h('em', 'は忘れ'), '去られたのか']),
    '<h2 class="wrap-phrase">外交<em>は<wbr>忘れ</em>去られたのか</h2>',
  ],
  [
    'across the question number',
    h('h2.question-title.wrap-phrase', [h('span.question-number', 'Q1'), h('span.question-text', '外交は忘れ去られたのか')]),
    '<h2 class="question-title wrap-phrase"><span class="question-number">Q1</span><span class="question-text">外交は<wbr>忘れ去られたのか</span></h2>',
  ],
  [
    'before a 縦中横 span, never inside',
    h('p.wrap-phrase', ['今日は', h('span.tcy', '12'), '日です']),
    '<p class="wrap-phrase">今日は<wbr><span class="tcy">12</span>日です</p>',
  ],
  [
    'ruby base is one unit, readings are not text',
    h('h1.wrap-phrase', [h('ruby', ['外交', h('rt', 'がいこう')]), 'は忘れ去られたのか']),
    '<h1 class="wrap-phrase"><ruby>外交<rt>がいこう</rt></ruby>は<wbr>忘れ去られたのか</h1>',
  ],
];

describe('rehype-budoux', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    expect(run([rehypeBudoux], input).html).toBe(expected);
  });

  it('breaks body paragraphs too with { body: true }', () => {
    expect(run([[rehypeBudoux, { body: true }]], h('p', '外交は忘れ去られたのか')).html).toBe('<p>外交は<wbr>忘れ去られたのか</p>');
  });

  it('is idempotent', () => {
    for (const [, input] of cases) {
      const once = run([[rehypeBudoux, { body: true }]], input);
      expect(run([[rehypeBudoux, { body: true }]], once.tree).html).toBe(once.html);
    }
  });

  it('never adds a zero-width space', () => {
    for (const [, input] of cases) expect(run([rehypeBudoux], input).html).not.toContain('\u200B');
  });
});
