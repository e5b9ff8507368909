import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePunctuation } from '../../../src/import/normalize.js';

const n = (text: string) => normalizePunctuation(text).text;

describe('normalizePunctuation', () => {
  it('turns half-width ? ! ( ) : in Japanese text full-width', () => {
    expect(n('これは外交なのか?第一に')).toBe('これは外交なのか？第一に');
    expect(n('本当か!?')).toBe('本当か！？');
    expect(n('局面(特別軍事作戦の開始前)の')).toBe('局面（特別軍事作戦の開始前）の');
    expect(n('署名者:A・メルケル')).toBe('署名者：A・メルケル');
  });

  it('converts parentheses as a pair, also around Latin content in Japanese text', () => {
    expect(n('諸国(EUやNATO)との')).toBe('諸国（EUやNATO）との');
    expect(n('同盟(NATO)は')).toBe('同盟（NATO）は');
    expect(n('ようだ(「cackles but no morning」)。')).toBe('ようだ（「cackles but no morning」）。');
  });

  it('leaves times, ratios, URLs and Latin-only text alone', () => {
    expect(n('17.05.2023 10:15')).toBe('17.05.2023 10:15');
    expect(n('比率は2:1だった')).toBe('比率は2:1だった');
    expect(n('詳細はhttps://example.com/a?b=1(x)を参照')).toBe('詳細はhttps://example.com/a?b=1(x)を参照');
    expect(n('He said: "Really? (yes)!"')).toBe('He said: "Really? (yes)!"');
    expect(n('「Hello!」と言った')).toBe('「Hello!」と言った');
  });

  it('reports each replacement with its index', () => {
    expect(normalizePunctuation('か?(はい)').replacements).toEqual([
      { index: 1, from: '?', to: '？' },
      { index: 2, from: '(', to: '（' },
      { index: 5, from: ')', to: '）' },
    ]);
  });

  it('changes nothing but the replaced characters (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'あア漢a1 ?!():「」/.'.split('')) }), (text) => {
        const { text: out, replacements } = normalizePunctuation(text);
        expect(out.length).toBe(text.length);
        const changed = [...text].flatMap((c, i) => (c !== out[i] ? [i] : []));
        expect(changed).toEqual(replacements.map((r) => r.index));
      }),
    );
  });
});
