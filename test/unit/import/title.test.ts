import fc from 'fast-check';
import { loadDefaultJapaneseParser } from 'budoux';
import { describe, expect, it } from 'vitest';
import { phraseBoundaries, shortenAtPhrase } from '../../../src/core/phrases.js';
import { dropTrailingParticle, questionTitle, sentences } from '../../../src/import/title.js';

describe('shortenAtPhrase', () => {
  it('returns short text whole, without a trailing 、 or 。', () => {
    expect(shortenAtPhrase('好きな作曲家はいますか？', 20)).toBe('好きな作曲家はいますか？');
    expect(shortenAtPhrase('はい、', 20)).toBe('はい');
  });

  it('prefers the end of a clause', () => {
    expect(shortenAtPhrase('今、対話は存在するのか、それともすべてが当事者の独白になってしまったのか？', 20)).toBe('今、対話は存在するのか');
    expect(shortenAtPhrase('今回の対談の締めくくりとして、この路線をずっと追求してきた外務省のトップである大臣を', 20)).toBe('今回の対談の締めくくりとして');
  });

  it('cuts only where BudouX sees a phrase boundary', () => {
    const text = 'まずは一番厳しいディベートの質問からさせていただきます';
    const short = shortenAtPhrase(text, 20);
    expect(short.length).toBeLessThanOrEqual(20);
    const phrases = loadDefaultJapaneseParser().parse(text);
    const ends = phrases.map((_, i) => phrases.slice(0, i + 1).join('').length);
    expect(ends).toContain(short.length);
  });

  it('never splits a number, a Latin word or a bracket pair', () => {
    expect(phraseBoundaries('昭和20年の話')).not.toContain(3);
    expect(shortenAtPhrase('「鉄のカーテンが下りてくる」というテーゼに反論できるのか', 12)).toMatch(/^「鉄のカーテンが下りてくる」/);
    expect(shortenAtPhrase('NATODiplomacyConference2023について語る', 10)).toMatch(/^NATODiplomacyConference2023/);
  });

  it('always returns a prefix at an allowed boundary, within max unless the first phrase is longer (property)', () => {
    const unit = fc.constantFrom(...'あいうえお、。漢字外交カタカナ「」AB12'.split(''));
    fc.assert(
      fc.property(fc.string({ unit, minLength: 1, maxLength: 60 }), fc.integer({ min: 4, max: 30 }), (text, max) => {
        const short = shortenAtPhrase(text, max);
        const base = text.replace(/[、，,。．・\s]+$/u, '');
        expect(base.startsWith(short)).toBe(true);
        expect(short).not.toMatch(/[、。]$/);
        const boundaries = phraseBoundaries(base);
        if (short.length < base.length) {
          const end = [...boundaries].reverse().find((b) => base.slice(0, b).replace(/[、，,。．・\s]+$/u, '') === short);
          expect(end).toBeDefined();
          if (short.length > max) expect(end).toBe(boundaries[0]);
        }
      }),
    );
  });
});

describe('questionTitle', () => {
  it('uses a short question sentence when the turn has one', () => {
    expect(questionTitle('今回の対談の締めくくりとして、大臣を理解したいと思います。その強さはどこにあるのですか？そんな当たり前の質問。')).toBe(
      'その強さはどこにあるのですか？',
    );
  });

  it('otherwise shortens the first sentence and drops a dangling particle', () => {
    expect(questionTitle('まずは一番厳しいディベートの質問からさせていただきます。今の世の中。')).toBe('まずは一番厳しいディベート');
    expect(questionTitle('平気で脅すことさえある。')).toBe('平気で脅すことさえある');
  });

  it('skips greetings and self-introductions before what is asked, but never the whole turn', () => {
    expect(questionTitle('受賞おめでとうございます。東都新聞の川村です。今のお気持ちをお聞かせください。')).toBe('今のお気持ちをお聞かせください');
    expect(questionTitle('本日はありがとうございます！まず、経歴から伺います。')).toBe('まず、経歴から伺います');
    expect(questionTitle('本日はよろしくお願いします。')).toBe('本日はよろしくお願いします');
  });

  it('splits sentences after 。？！ and a closing bracket', () => {
    expect(sentences('「そうか？」と聞いた。はい！')).toEqual(['「そうか？」', 'と聞いた。', 'はい！']);
  });
});

describe('dropTrailingParticle', () => {
  it('drops a particle after a word, keeps words that end in one', () => {
    expect(dropTrailingParticle('状況を')).toBe('状況');
    expect(dropTrailingParticle('大臣を務めるのは')).toBe('大臣を務める');
    expect(dropTrailingParticle('「崩壊した」と')).toBe('「崩壊した」');
    expect(dropTrailingParticle('背後にあるもの')).toBe('背後にあるもの');
  });
});
