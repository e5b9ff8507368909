/** The label lexer: every style of the issue, what a label says about its speaker, part headings. */
import { describe, expect, it } from 'vitest';
import { findDeclarations, matchEmphasisLabel, matchLabel, matchPartMarker, readLabelParts, stripTitle } from '../../../src/import/lexer.js';

const label = (text: string) => {
  const found = matchLabel(text);
  return found && { label: found.label, style: found.style, rest: found.rest, ...(found.declares ? { declares: found.declares } : {}) };
};

describe('matchLabel', () => {
  it('reads colon labels, with half- or full-width colons and spaces', () => {
    expect(label('名前：はい')).toEqual({ label: '名前', style: 'colon', rest: 'はい' });
    expect(label('名前:はい')).toEqual({ label: '名前', style: 'colon', rest: 'はい' });
    expect(label('名前 : はい')).toEqual({ label: '名前', style: 'colon', rest: 'はい' });
    expect(label('記者（東都新聞・川村）：伺います')).toEqual({ label: '記者（東都新聞・川村）', style: 'colon', rest: '伺います' });
    expect(label('名前：')).toEqual({ label: '名前', style: 'own-line', rest: '' });
  });

  it('reads bracketed labels, outlet and person included, with or without a colon', () => {
    expect(label('【記者】伺います')).toEqual({ label: '記者', style: 'bracket', rest: '伺います' });
    expect(label('【森川外務大臣】おはようございます')).toEqual({ label: '森川外務大臣', style: 'bracket', rest: 'おはようございます' });
    expect(label('【（東都新聞）（川村）記者】伺います')).toEqual({ label: '（東都新聞）（川村）記者', style: 'bracket', rest: '伺います' });
    expect(label('［司会］：始めます')).toEqual({ label: '司会', style: 'bracket', rest: '始めます' });
    expect(label('〔問〕なぜですか')).toEqual({ label: '問', style: 'bracket', rest: 'なぜですか' });
    expect(label('【記者】')).toEqual({ label: '記者', style: 'bracket', rest: '' });
    // Brackets must pair.
    expect(label('【記者］伺います')).toBeUndefined();
  });

  it('reads parenthesised labels without a colon, but not stage directions or numbers', () => {
    expect(label('（問）なぜですか')).toEqual({ label: '問', style: 'paren', rest: 'なぜですか' });
    expect(label('(答)そうです')).toEqual({ label: '答', style: 'paren', rest: 'そうです' });
    expect(label('（外務大臣）お答えします')).toEqual({ label: '外務大臣', style: 'paren', rest: 'お答えします' });
    expect(label('（記者）東都新聞の川村です')).toEqual({ label: '記者', style: 'paren', rest: '東都新聞の川村です' });
    expect(label('（笑）そうですね')).toBeUndefined();
    expect(label('（拍手）')).toBeUndefined();
    expect(label('（中略）')).toBeUndefined();
    expect(label('（1）北欧訪問について')).toBeUndefined();
  });

  it('reads Q and A letters, numbered or not, with or without a space', () => {
    for (const [text, expected] of [
      ['Q. 朝は', 'Q.'],
      ['Q.朝は', 'Q.'],
      ['Ｑ．朝は', 'Ｑ．'],
      ['Q：朝は', 'Q'],
      ['Q: 朝は', 'Q'],
      ['Q1. 朝は', 'Q.'],
      ['Q1：朝は', 'Q'],
      ['Q12 朝は', 'Q'],
      ['A 六時です', 'A'],
      ['Ａ．六時です', 'Ａ．'],
      ['問1：なぜ', '問'],
    ] as const) {
      expect(label(text), text).toMatchObject({ label: expected, style: 'letter' });
    }
    // `Q.:` (the seed's) stays a colon label; Latin prose and A型 are no labels.
    expect(label('Q.: まず')).toEqual({ label: 'Q.', style: 'colon', rest: 'まず' });
    expect(label('A.I.の時代')?.style).not.toBe('letter');
    expect(label('A型です、たぶん')).toBeUndefined();
  });

  it('reads the magazine dash and a declared abbreviation', () => {
    expect(label('――今日は')).toMatchObject({ label: '――', style: 'dash' });
    expect(label('──今日は')).toMatchObject({ label: '──', style: 'dash' });
    expect(label('—今日は')).toMatchObject({ label: '—', style: 'dash' });
    expect(label('ラブロフ外相（以下、ラ）：今日は')).toEqual({ label: 'ラブロフ外相', style: 'colon', rest: '今日は', declares: 'ラ' });
    expect(label('【ラブロフ外相（以下「ラ」）】今日は')).toEqual({ label: 'ラブロフ外相', style: 'bracket', rest: '今日は', declares: 'ラ' });
  });

  it('refuses times, dates, URLs, sentences and topic words', () => {
    expect(label('10:15 会見開始')).toBeUndefined();
    expect(label('2024年4月12日 10時05分　於：本省会見室')).toBeUndefined();
    expect(label('https://example.com')).toBeUndefined();
    expect(label('つまり、これは:')).toBeUndefined();
    expect(label('テーマ：日中関係')).toBeUndefined();
    expect(label('【テーマ】日中関係')).toBeUndefined();
  });

  it('stays linear on pathological lines', () => {
    const spaces = ' '.repeat(200_000);
    for (const text of [`a${spaces}b`, `Q${spaces}x`, `Q${spaces}:`, `【記者${spaces}】`, `（${spaces}）`, `名前${spaces}:${spaces}`, `ラ（以下、${'ラ'.repeat(200_000)}`, `◯${spaces}`, '記者（'.repeat(50_000)]) {
      matchLabel(text);
      matchPartMarker(text);
      findDeclarations(text, 1, 1);
      matchEmphasisLabel(text, 12);
    }
  });
});

describe('what a label says', () => {
  it('keeps outlet and person apart', () => {
    expect(readLabelParts('（東都新聞）（川村）記者')).toEqual({ outlet: '東都新聞', person: '川村', roleHint: 'interviewer' });
    expect(readLabelParts('記者（東都新聞・川村）')).toEqual({ outlet: '東都新聞', person: '川村', roleHint: 'interviewer' });
    expect(readLabelParts('記者（NHK）')).toEqual({ outlet: 'NHK', roleHint: 'interviewer' });
    expect(readLabelParts('東都新聞 川村記者')).toEqual({ outlet: '東都新聞', person: '川村記者', roleHint: 'interviewer' });
    expect(readLabelParts('NHK記者')).toEqual({ outlet: 'NHK', roleHint: 'interviewer' });
    expect(readLabelParts('川村（東都新聞）')).toEqual({ person: '川村', outlet: '東都新聞' });
  });

  it('tells titles and offices apart from names', () => {
    expect(readLabelParts('森川外務大臣')).toEqual({ person: '森川外務大臣' });
    expect(readLabelParts('山田議長')).toEqual({ person: '山田議長', roleHint: 'moderator' });
    expect(readLabelParts('内閣広報官')).toEqual({ person: '内閣広報官', roleHint: 'moderator' });
    expect(stripTitle('森川外務大臣')).toBe('森川');
    expect(stripTitle('ラブロフ外相')).toBe('ラブロフ');
    expect(stripTitle('内閣広報官')).toBe('内閣広報官');
    expect(stripTitle('外務大臣')).toBe('外務大臣');
  });

  it('finds abbreviations declared in running text', () => {
    expect(findDeclarations('今日はセルゲイ・ラブロフ外相（以下、ラ）に聞いた。', 3, 1)).toEqual([{ full: 'セルゲイ・ラブロフ外相', abbreviation: 'ラ', line: 3, column: 15 }]);
    expect(findDeclarations('作家の村瀬ゆう子さん（以下「ム」）への取材', 1, 1)).toMatchObject([{ full: '村瀬ゆう子', abbreviation: 'ム' }]);
  });

  it('reads a bold run opening a paragraph as a label when it is shaped like one', () => {
    expect(matchEmphasisLabel('三宅　小学生のときです。', 2)).toMatchObject({ label: '三宅', style: 'emphasis', marker: '三宅　', rest: '小学生のときです。' });
    expect(matchEmphasisLabel('三宅：小学生のときです。', 3)).toMatchObject({ label: '三宅', marker: '三宅：' });
    expect(matchEmphasisLabel('これは大事なことです。だから', 11)).toBeUndefined();
  });
});

describe('matchPartMarker', () => {
  it('reads section lines, decorated or not', () => {
    for (const [text, title] of [
      ['冒頭発言', '冒頭発言'],
      ['質疑応答', '質疑応答'],
      ['【質疑応答】', '質疑応答'],
      ['■質疑応答（要旨）', '質疑応答（要旨）'],
      ['【高原総理冒頭発言】', '高原総理冒頭発言'],
      ['第2部　質疑応答', '第2部　質疑応答'],
    ]) {
      expect(matchPartMarker(text), text).toEqual({ title, kind: 'section' });
    }
  });

  it('reads decorated and テーマ lines as headings wherever they stand', () => {
    for (const [text, title] of [
      ['◯日中関係', '日中関係'],
      ['○日中関係', '日中関係'],
      ['■工房のこと', '工房のこと'],
      ['【テーマ】書き始めたころ', '書き始めたころ'],
      ['テーマ：書き始めたころ', '書き始めたころ'],
      ['【テーマ：書き始めたころ】', '書き始めたころ'],
    ]) {
      expect(matchPartMarker(text), text).toEqual({ title, kind: 'section' });
    }
  });

  it('reads numbered and bracketed lines as topics, parts only before a turn', () => {
    for (const [text, title] of [
      ['（1）北欧訪問について', '北欧訪問について'],
      ['＜ウクライナ情勢＞', 'ウクライナ情勢'],
      ['【ウクライナ情勢】', 'ウクライナ情勢'],
    ]) {
      expect(matchPartMarker(text), text).toEqual({ title, kind: 'topic' });
    }
  });

  it('leaves sentences, long lines and plain words alone', () => {
    expect(matchPartMarker('活発な質疑')).toBeUndefined();
    expect(matchPartMarker('◯これは文です。')).toBeUndefined();
    expect(matchPartMarker('テーマパークに行った')).toBeUndefined();
    expect(matchPartMarker(`■${'あ'.repeat(60)}`)).toBeUndefined();
  });
});
