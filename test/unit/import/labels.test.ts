import { describe, expect, it } from 'vitest';
import { familyName, labelKey } from '../../../src/import/label-keys.js';
import { matchLabel } from '../../../src/import/lexer.js';
import { identifySpeakers, type LabelUse } from '../../../src/import/speaker-clustering.js';

describe('matchLabel', () => {
  it('finds a short label before a half- or full-width colon, with or without spaces', () => {
    expect(matchLabel('質問:まずは')).toMatchObject({ label: '質問', style: 'colon', marker: '質問:', rest: 'まずは' });
    expect(matchLabel('S. V. ラヴロフ: 作曲家')).toMatchObject({ label: 'S. V. ラヴロフ', marker: 'S. V. ラヴロフ: ', rest: '作曲家' });
    expect(matchLabel('Ｑ　：　はい')).toMatchObject({ label: 'Ｑ', rest: 'はい' });
    expect(matchLabel('インタビュアー：どうですか')).toMatchObject({ label: 'インタビュアー' });
  });

  it('sees a label alone on its line, and the magazine dash', () => {
    expect(matchLabel('質問：')).toMatchObject({ label: '質問', style: 'own-line', rest: '' });
    expect(matchLabel('セルゲイ・ラブロフ')).toMatchObject({ style: 'bare' });
    expect(matchLabel('――今日は')).toMatchObject({ label: '――', style: 'dash', rest: '今日は' });
  });

  it('is not fooled by times, URLs, sentences or short replies', () => {
    expect(matchLabel('10:15 会見開始')).toBeUndefined();
    expect(matchLabel('午前10:15に始まった')).toBeUndefined();
    expect(matchLabel('https://example.com')).toBeUndefined();
    expect(matchLabel('呪文」を繰り返し続けている:ウクライナに')).toBeUndefined();
    expect(matchLabel('つまり、これは:')).toBeUndefined();
    expect(matchLabel('そうですね')).toBeUndefined();
    expect(matchLabel('これは事実である。')).toBeUndefined();
  });
});

describe('label keys', () => {
  it('fold widths, spaces, dots and ヴ/ワ spellings', () => {
    expect(labelKey('S. V. ラヴロフ')).toBe(labelKey('S.V.ラブロフ'));
    expect(labelKey('Ｑ．')).toBe('q');
    expect(labelKey('ザハロヴァ')).toBe(labelKey('ザハロワ'));
  });

  it('find the family name: last part, or first of a spaced kanji name', () => {
    expect(familyName('セルゲイ・ラブロフ')).toBe('ラブロフ');
    expect(familyName('S.V. ラヴロフ')).toBe('ラヴロフ');
    expect(familyName('山田 太郎')).toBe('山田');
    expect(familyName('Q.')).toBe('');
  });
});

let line = 0;
const use = (label: string, text = 'そうです。', style: LabelUse['style'] = 'colon'): LabelUse => ({ label, style, line: ++line, column: 1, text });
const summary = (uses: LabelUse[]) =>
  identifySpeakers(uses).speakers.map((s) => ({ id: s.id, role: s.role, label: s.label, name: s.name, aliases: s.aliases }));

describe('identifySpeakers', () => {
  it('merges the seed’s variants into an interviewer and an interviewee', () => {
    const uses = [use('質問'), use('セルゲイ・ラブロフ'), use('Q.'), use('S. V. ラヴロフ'), use('Q'), use('S.V. ラヴロフ'), use('質問'), use('セルゲイ・ラブロフ')];
    expect(summary(uses)).toEqual([
      { id: 'interviewer', role: 'interviewer', label: '質問', name: undefined, aliases: ['質問', 'Q.', 'Q'] },
      { id: 'interviewee', role: 'interviewee', label: 'ラブロフ', name: 'セルゲイ・ラブロフ', aliases: ['セルゲイ・ラブロフ', 'S. V. ラヴロフ', 'S.V. ラヴロフ'] },
    ]);
  });

  it('finds the interviewer by who asks when no label says so', () => {
    const uses = [use('佐藤', '最近どうですか？'), use('山田 太郎'), use('佐藤', 'それはなぜですか。'), use('山田'), use('佐藤', '本当か？'), use('山田')];
    expect(summary(uses)).toEqual([
      { id: 'interviewer', role: 'interviewer', label: '佐藤', name: undefined, aliases: ['佐藤'] },
      { id: 'interviewee', role: 'interviewee', label: '山田', name: '山田 太郎', aliases: ['山田 太郎', '山田'] },
    ]);
  });

  it('treats Ａ as the answering side and prints role labels as written', () => {
    expect(summary([use('Ｑ'), use('Ａ'), use('Ｑ'), use('Ａ')]).map((s) => [s.role, s.label])).toEqual([
      ['interviewer', 'Ｑ'],
      ['interviewee', 'Ａ'],
    ]);
  });

  it('merges a title suffix with the name (ラブロフ外相 / ラブロフ)', () => {
    expect(summary([use('記者'), use('ラブロフ外相'), use('記者'), use('ラブロフ')])[1]!.aliases).toEqual(['ラブロフ外相', 'ラブロフ']);
  });

  it('keeps a one-off label as text and reports it; a repeated third speaker is "other"', () => {
    const uses = [use('質問'), use('山田'), use('注'), use('通訳'), use('質問'), use('山田'), use('通訳')];
    const analysis = identifySpeakers(uses);
    expect(analysis.speakers.map((s) => [s.role, s.label])).toEqual([
      ['interviewer', '質問'],
      ['interviewee', '山田'],
      ['other', '通訳'],
    ]);
    expect(analysis.rejected.map((r) => [r.use.label, r.report])).toEqual([['注', true]]);
  });

  it('ignores dashes when the interviewer has a colon label, trusts them otherwise', () => {
    expect(identifySpeakers([use('質問'), use('――', 'x', 'dash'), use('山田'), use('――', 'y', 'dash'), use('山田')]).byVariant.has('――')).toBe(false);
    expect(identifySpeakers([use('――', 'x', 'dash'), use('――', 'y', 'dash')]).speakers.map((s) => [s.role, s.label])).toEqual([['interviewer', '質問']]);
  });

  it('assumes the first speaker asks when nothing tells, and says so', () => {
    const analysis = identifySpeakers([use('山田'), use('佐藤'), use('山田'), use('佐藤')]);
    expect(analysis.guessedInterviewer?.label).toBe('山田');
  });
});
