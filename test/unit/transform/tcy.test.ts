import { h } from 'hastscript';
import { describe, expect, it } from 'vitest';
import rehypeTcy from '../../../src/transform/rehype-tcy.js';
import { run, type Fragment } from './helpers.js';

const tcy = (text: string) => `<span class="tcy">${text}</span>`;

const cases: Array<[string, Fragment, string]> = [
  ['two digits: 縦中横', '20年', `<p>${tcy('20')}年</p>`],
  ['one digit: full-width', 'プーチンを除く3人', '<p>プーチンを除く３人</p>'],
  ['three or more digits: full-width, never kanji', '2023年5月17日', `<p>２０２３年５月${tcy('17')}日</p>`],
  ['hundreds', '200近い国のうち140の国', '<p>２００近い国のうち１４０の国</p>'],
  ['a date and a time alone on a line', '17.05.2023 10:15', `<p>１７．０５．２０２３ ${tcy('10')}：${tcy('15')}</p>`],
  ['a one-digit hour', '午前9:05に', `<p>午前９：${tcy('05')}に</p>`],
  ['a document number', '939-17-05-2023', '<p>９３９－１７－０５－２０２３</p>'],
  ['a decimal', '3.5倍', '<p>３．５倍</p>'],
  ['thousands', '1,000人', '<p>１，０００人</p>'],
  ['percent', '50%の', `<p>${tcy('50')}％の</p>`],
  ['inside brackets', '(1991年)', `<p>(１９９１年)</p>`],
  ['digits touching Latin letters belong to the word', 'G7諸国とCOVID-19の', '<p>G7諸国とCOVID-19の</p>'],
  ['a Latin phrase keeps its numbers', 'Windows 10 update', '<p>Windows 10 update</p>'],
  ['a number between Latin and Japanese sides with the Japanese it touches', 'NATO 2023年', '<p>NATO ２０２３年</p>'],
  ['full-width pair of marks', '本当！？', `<p>本当${tcy('!?')}</p>`],
  ['half-width pair after Japanese', '本当!!', `<p>本当${tcy('!!')}</p>`],
  ['a single mark stays', '本当？', '<p>本当？</p>'],
  ['three marks stay', '本当？？？', '<p>本当？？？</p>'],
  ['Latin marks stay', 'What?!', '<p>What?!</p>'],
  ['the space after a pair stays after it', '本当！？\u3000すごい', `<p>本当${tcy('!?')}\u3000すごい</p>`],
  ['existing 縦中横 is kept', h('p', [h('span.tcy', '12'), '月']), `<p>${tcy('12')}月</p>`],
  ['code is left alone', h('p', ['値は', h('code', '2023'), 'です']), '<p>値は<code>2023</code>です</p>'],
  ['numbers split by markup are set per part', h('p', [h('em', '20'), '年']), `<p><em>${tcy('20')}</em>年</p>`],
];

describe('rehype-tcy', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    expect(run([rehypeTcy], input).html).toBe(expected);
  });

  it('is idempotent', () => {
    for (const [, input] of cases) {
      const once = run([rehypeTcy], input);
      expect(run([rehypeTcy], once.tree).html).toBe(once.html);
    }
  });
});
