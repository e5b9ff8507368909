import { h } from 'hastscript';
import { toString } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import rehypeTcy from '../../../src/transform/rehype-tcy.js';
import { run, type Fragment } from './helpers.js';

const tcy = (text: string) => `<span class="tcy">${text}</span>`;
const up = (text: string) => `<span class="upright">${text}</span>`;
const num = (html: string) => `<span class="num">${html}</span>`;

const cases: Array<[string, Fragment, string]> = [
  ['two digits: 縦中横', '20年', `<p>${tcy('20')}年</p>`],
  ['one digit: upright, the character kept', 'プーチンを除く3人', `<p>プーチンを除く${up('3')}人</p>`],
  ['three or more digits: upright, never full-width characters or kanji', '2023年5月17日', `<p>${up('2023')}年${up('5')}月${tcy('17')}日</p>`],
  ['hundreds', '200近い国のうち140の国', `<p>${up('200')}近い国のうち${up('140')}の国</p>`],
  ['a date and a time alone on a line', '17.05.2023 10:15', `<p>${up('17.05.2023')} ${num(`${tcy('10')}${up(':')}${tcy('15')}`)}</p>`],
  ['a one-digit hour', '午前9:05に', `<p>午前${num(`${up('9')}${up(':')}${tcy('05')}`)}に</p>`],
  ['a document number: hyphens turn with the line', '939-17-05-2023', `<p>${num(`${up('939')}-${up('17')}-${up('05')}-${up('2023')}`)}</p>`],
  ['a date with slashes', '5/17に', `<p>${num(`${up('5')}/${up('17')}`)}に</p>`],
  ['a decimal', '3.5倍', `<p>${up('3.5')}倍</p>`],
  ['thousands', '1,000人', `<p>${up('1,000')}人</p>`],
  ['percent after two digits', '50%の', `<p>${num(`${tcy('50')}${up('%')}`)}の</p>`],
  ['percent after one digit', '5%の', `<p>${up('5%')}の</p>`],
  ['inside brackets', '(1991年)', `<p>(${up('1991')}年)</p>`],
  ['digits touching Latin letters belong to the word', 'G7諸国とCOVID-19の', '<p>G7諸国とCOVID-19の</p>'],
  ['a Latin phrase keeps its numbers', 'Windows 10 update', '<p>Windows 10 update</p>'],
  ['a number between Latin and Japanese sides with the Japanese it touches', 'NATO 2023年', `<p>NATO ${up('2023')}年</p>`],
  ['full-width pair of marks, kept full-width', '本当！？', `<p>本当${tcy('！？')}</p>`],
  ['half-width pair after Japanese', '本当!!', `<p>本当${tcy('!!')}</p>`],
  ['a single mark stays', '本当？', '<p>本当？</p>'],
  ['three marks stay', '本当？？？', '<p>本当？？？</p>'],
  ['Latin marks stay', 'What?!', '<p>What?!</p>'],
  ['the space after a pair stays after it', '本当！？\u3000すごい', `<p>本当${tcy('！？')}\u3000すごい</p>`],
  ['existing 縦中横 is kept', h('p', [h('span.tcy', '12'), '月']), `<p>${tcy('12')}月</p>`],
  ['code is left alone', h('p', ['値は', h('code', '2023'), 'です']), '<p>値は<code>2023</code>です</p>'],
  ['numbers split by markup are set per part', h('p', [h('em', '20'), '年']), `<p><em>${tcy('20')}</em>年</p>`],
];

describe('rehype-tcy', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    expect(run([rehypeTcy], input).html).toBe(expected);
  });

  it('never changes a character: the text of the output is the input', () => {
    for (const [, input] of cases) {
      if (typeof input !== 'string') continue;
      const { tree } = run([rehypeTcy], input);
      expect(toString(tree)).toBe(input);
    }
  });

  it('is idempotent', () => {
    for (const [, input] of cases) {
      const once = run([rehypeTcy], input);
      expect(run([rehypeTcy], once.tree).html).toBe(once.html);
    }
  });
});
