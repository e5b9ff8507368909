/**
 * The real transcript (manuscript/000_723cf04ae7573580.txt) and variants of it the importer has
 * never seen: other line ends, encodings, label styles and names. Expectations are derived from
 * the transcript text itself wherever possible.
 */
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { FrontMatterSchema } from '../../../src/config/schema.js';
import { formatMessage } from '../../../src/core/errors.js';
import { importTranscript } from '../../../src/import/index.js';
import { expectedBody, readMarkdown } from './helpers.js';

const PATH = 'manuscript/000_723cf04ae7573580.txt';
const seed = readFileSync(new URL(`../../../${PATH}`, import.meta.url), 'utf8');
const run = (input: string | Uint8Array, path = PATH) =>
  importTranscript(typeof input === 'string' ? new TextEncoder().encode(input) : input, { path, today: '2026-11-26' });

// Facts read off the transcript with plain regular expressions, independent of the importer.
const seedLines = seed.split('\n').filter((line) => line.trim() !== '');
const INTERVIEWER = /^(質問|Q\.?)\s*:\s*/;
const INTERVIEWEE = /^(セルゲイ・ラブロフ|S\. ?V\. ラヴロフ)\s*:\s*/;
const questionCount = seedLines.filter((line) => INTERVIEWER.test(line)).length;
const answerCount = seedLines.filter((line) => INTERVIEWEE.test(line)).length;

/** Checks that every transcript character is in the Markdown body or accounted for. */
function expectNothingLost(text: string, result: ReturnType<typeof run>) {
  const { paragraphs, moved } = expectedBody(text, result.account);
  const md = readMarkdown(result.markdown);
  expect(md.paragraphs.map((p) => p.text)).toEqual(paragraphs);
  expect(md.paragraphs.filter((p) => p.label).map((p) => p.label)).toEqual(result.account.labels.map((l) => l.label));
  const field = (name: string) => name.split('.').reduce<any>((o, key) => o?.[key], md.frontMatter);
  for (const [to, value] of moved) {
    if (to === 'date') expect(field('date')).toBe(isoOf(value));
    else expect(field(to)).toBe(value);
  }
}

const isoOf = (japanese: string) => {
  const [, y, m, d] = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(japanese)!;
  return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
};

describe('the seed transcript', () => {
  const result = run(seed);
  const md = readMarkdown(result.markdown);

  it('has one question per interviewer turn and one answer per interviewee turn', () => {
    expect(questionCount).toBe(16);
    expect(result.stats).toEqual({ questions: questionCount, turns: questionCount + answerCount, speakers: 2 });
    expect(md.headings).toHaveLength(questionCount);
    expect(md.paragraphs.filter((p) => p.label === '質問')).toHaveLength(questionCount);
    expect(md.paragraphs.filter((p) => p.label === 'ラブロフ')).toHaveLength(answerCount);
  });

  it('writes front matter that validates and states what the header says', () => {
    const fm = md.frontMatter;
    expect(v.safeParse(FrontMatterSchema, fm).success).toBe(true);
    expect(fm.title).toBe('モスクワのツァルグラードTVチャンネルでセルゲイ・ラブロフ・ロシア連邦外務大臣にインタビュー');
    expect(fm).toMatchObject({ outlet: 'ツァルグラードTV', date: '2023-05-17', place: 'モスクワ', lang: 'ja', interviewee: 'セルゲイ・ラブロフ' });
    expect(fm.source).toEqual({ timestamp: '17.05.2023 10:15', document: '939-17-05-2023', file: '000_723cf04ae7573580.txt' });
    expect(fm.speakers).toEqual([
      { id: 'interviewer', label: '質問', role: 'interviewer', aliases: ['質問', 'Q.', 'Q'] },
      { id: 'interviewee', label: 'ラブロフ', name: 'セルゲイ・ラブロフ', role: 'interviewee', aliases: ['セルゲイ・ラブロフ', 'S. V. ラヴロフ', 'S.V. ラヴロフ'] },
    ]);
    expect(fm.editions).toEqual([{ edition: '初版第1刷', date: '2026-11-26', note: '初版' }]);
  });

  it('keeps the lead, drops the platform lines and moves the metadata lines', () => {
    expect(md.paragraphs[0]).toEqual({ text: seedLines[3] });
    expect(result.account.dropped.map((d) => d.text)).toEqual(['見出し画像', '【翻訳】', 'この記事が気に入ったらサポートをしてみませんか?']);
    expect(result.account.moved.map((m) => m.to)).toEqual(['date', 'title', 'source.timestamp', 'source.document']);
    expect(result.markdown).not.toMatch(/サポートをしてみませんか|939-17-05-2023\n\n/);
    // Issue 15: the header picture's placeholder stays as a comment for the editor, never as text.
    expect(result.markdown.match(/見出し画像/g)).toEqual(['見出し画像']);
    expect(result.markdown).toContain('\n<!-- 見出し画像 -->\n');
  });

  it('loses no character of the transcript body', () => {
    expectNothingLost(seed, result);
    // One Markdown paragraph per transcript line that is neither dropped nor moved.
    const wholeLines = new Set([...result.account.dropped, ...result.account.moved].filter((e) => e.column === 1).map((e) => e.line));
    expect(md.paragraphs).toHaveLength(seedLines.length - wholeLines.size);
  });

  it('gives every question a short title cut at a phrase boundary', () => {
    for (const heading of md.headings) {
      expect(heading.length).toBeLessThanOrEqual(20);
      expect(heading).not.toMatch(/[、。]$/);
    }
    expect(md.headings).toContain('今、対話は存在するのか');
    expect(md.headings).toContain('好きな作曲家はいますか？');
  });

  it('normalises half-width punctuation in Japanese text only', () => {
    expect(result.markdown).toContain('局面（特別軍事作戦の開始前）のずっと前');
    expect(result.markdown).toContain('3人の署名者：A・メルケル');
    expect(result.markdown).toContain('存在するのか、それともすべてが当事者の独白になってしまったのか？');
    expect(result.markdown).toContain('timestamp: 17.05.2023 10:15');
    const from = new Set(result.account.normalized.map((n) => n.from));
    expect([...from].sort()).toEqual(['(', ')', ':', '?'].sort());
  });

  it('reports the unbalanced brackets of the transcript where they are', () => {
    const messages = result.file.messages.map((m) => `${m.line}:${m.column}: ${m.reason}`);
    expect(messages).toEqual([
      '66:28: closing 」 has no opening 「',
      '97:115: closing ) has no opening （',
      '134:16: opening 「 is not closed',
      '136:6: closing 」 has no opening 「',
      '190:57: closing 」 has no opening 「',
    ]);
    expect(formatMessage(result.file.messages[0]!)).toBe(`${PATH}:66:28: warning: closing 」 has no opening 「 (kumihan-import:unbalanced-bracket)`);
    // The importer reports; it does not "fix" the text.
    expect(result.markdown).toContain('安上がりだ」というジョーク');
  });
});

/** Rewrites each label of the seed with `rewrite(label, kind, text)`. */
function relabel(rewrite: (label: string, kind: 'q' | 'a', text: string) => string): string {
  return seed
    .split('\n')
    .map((line) => {
      const q = INTERVIEWER.exec(line);
      if (q) return rewrite(q[1]!, 'q', line.slice(q[0].length));
      const a = INTERVIEWEE.exec(line);
      if (a) return rewrite(a[1]!, 'a', line.slice(a[0].length));
      return line;
    })
    .join('\n');
}

describe('variants of the seed the importer has not seen', () => {
  const base = run(seed);
  const variants: Record<string, () => { input: string | Uint8Array; text: string; sameMarkdown: boolean }> = {
    'CRLF line ends': () => text(seed.replace(/\n/g, '\r\n'), true),
    'CR line ends': () => text(seed.replace(/\n/g, '\r'), true),
    'no blank lines': () => text(seed.replace(/\n+/g, '\n'), true),
    'UTF-8 with BOM': () => text(`\ufeff${seed}`, true),
    'Shift_JIS': () => ({ input: iconv.encode(seed, 'cp932'), text: seed, sameMarkdown: true }),
    'UTF-16LE with BOM': () => ({ input: iconv.encode(`\ufeff${seed}`, 'utf-16le'), text: seed, sameMarkdown: true }),
    'full-width colons': () => text(relabel((label, _, rest) => `${label}：${rest}`), true),
    'full-width colons and spaces': () => text(relabel((label, _, rest) => `${label} ： ${rest}`), true),
    'labels on their own line': () => text(relabel((label, _, rest) => `${label}:\n${rest}`), true),
    'labels on their own line, no colon': () => text(relabel((label, _, rest) => `${label}\n${rest}`), true),
    'Ｑ：／Ａ： labels': () => text(relabel((_, kind, rest) => `${kind === 'q' ? 'Ｑ' : 'Ａ'}：${rest}`), false),
    '記者： and インタビュアー：': () => text(relabel((label, kind, rest) => `${kind === 'q' ? (label === '質問' ? '記者' : 'インタビュアー') : label}：${rest}`), false),
    'another interviewee': () =>
      text(relabel((label, kind, rest) => `${kind === 'q' ? label : label.startsWith('セルゲイ') ? 'マリア・ザハロワ' : 'M. V. ザハロヴァ'}:${rest}`), false),
    '―― questions, unlabelled answers': () => text(relabel((_, kind, rest) => (kind === 'q' ? `――${rest}` : rest)), false),
  };
  const text = (input: string, sameMarkdown: boolean) => ({ input, text: input, sameMarkdown });

  for (const [name, make] of Object.entries(variants)) {
    it(`${name}: 16 questions, 2 speakers, nothing lost`, () => {
      const variant = make();
      const result = run(variant.input);
      expect(result.stats.questions).toBe(16);
      expect(result.stats.speakers).toBe(2);
      expect(result.stats.turns).toBe(32);
      expectNothingLost(variant.text, result);
      if (variant.sameMarkdown) expect(result.markdown).toBe(base.markdown);
      const fm = readMarkdown(result.markdown).frontMatter;
      expect(v.safeParse(FrontMatterSchema, fm).success).toBe(true);
    });
  }

  it('prints the label each style implies', () => {
    const labels = (input: string) => readMarkdown(run(input).markdown).frontMatter.speakers.map((s: { label: string }) => s.label);
    expect(labels(relabel((_, kind, rest) => `${kind === 'q' ? 'Ｑ' : 'Ａ'}：${rest}`))).toEqual(['Ｑ', 'Ａ']);
    expect(labels(relabel((label, kind, rest) => `${kind === 'q' ? label : label.startsWith('セルゲイ') ? 'マリア・ザハロワ' : 'M. V. ザハロヴァ'}:${rest}`))).toEqual([
      '質問',
      'ザハロワ',
    ]);
  });
});
