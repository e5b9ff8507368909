import { h } from 'hastscript';
import { describe, expect, it } from 'vitest';
import rehypeUprightLatin from '../../../src/transform/rehype-upright-latin.js';
import { run, type Fragment } from './helpers.js';

const up = (text: string) => `<span class="upright">${text}</span>`;

const cases: Array<[string, Fragment, string]> = [
  ['acronym inside a word', 'ツァルグラードTVチャンネル', `<p>ツァルグラード${up('TV')}チャンネル</p>`],
  ['two acronyms', '(EUやNATO)との接触', `<p>(${up('EU')}や${up('NATO')})との接触</p>`],
  ['five capitals', 'ASEAN諸国', `<p>${up('ASEAN')}諸国</p>`],
  ['six capitals stay sideways', 'NASDAQ市場', '<p>NASDAQ市場</p>'],
  ['acronyms of the transcript', 'EAEU、CISとNGOとCSTO', `<p>${up('EAEU')}、${up('CIS')}と${up('NGO')}と${up('CSTO')}</p>`],
  ['a single capital touching Japanese', 'Uターン、X線', `<p>${up('U')}ターン、${up('X')}線</p>`],
  ['initial with nakaguro', 'A・メルケル元首相', `<p>${up('A')}・メルケル元首相</p>`],
  ['initial with a period, kept as written', 'J.ボレルが', `<p>${up('J.')}ボレルが</p>`],
  ['initials with spaces', 'S. V. ラヴロフ', `<p>${up('S.')} ${up('V.')} ラヴロフ</p>`],
  ['initials without spaces', '大使P.Y.ヴルブレフスキー', `<p>大使${up('P.')}${up('Y.')}ヴルブレフスキー</p>`],
  ['initials of a Latin name stay with it', '。M.V.Podolyakは', '<p>。M.V.Podolyakは</p>'],
  ['mixed case words stay sideways', 'iPhoneを使うcacklesと', '<p>iPhoneを使うcacklesと</p>'],
  ['an acronym in a Latin phrase stays', 'the NATO summitで', '<p>the NATO summitで</p>'],
  ['a lone capital in English stays', 'I think so', '<p>I think so</p>'],
  ['digits with letters are left as a word', 'G7諸国', '<p>G7諸国</p>'],
  ['existing upright span is kept', h('p', [h('span.upright', 'TV'), 'で']), `<p>${up('TV')}で</p>`],
  ['code is left alone', h('p', ['値', h('code', 'NULL'), 'です']), '<p>値<code>NULL</code>です</p>'],
];

describe('rehype-upright-latin', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    expect(run([rehypeUprightLatin], input).html).toBe(expected);
  });

  it('is idempotent', () => {
    for (const [, input] of cases) {
      const once = run([rehypeUprightLatin], input);
      expect(run([rehypeUprightLatin], once.tree).html).toBe(once.html);
    }
  });
});
