/** Recording timestamps: which are read as such, and when a transcript is taken to carry them. */
import { describe, expect, it } from 'vitest';
import { importTranscript } from '../../../src/import/index.js';
import { timestampLength } from '../../../src/import/timestamps.js';

const run = (text: string) => importTranscript(Buffer.from(text), { path: 't.txt', today: '2026-01-01' });

describe('a recording timestamp', () => {
  it.each([
    ['[00:12] 山田：', '[00:12] '],
    ['[1:02:03]山田：', '[1:02:03]'],
    ['（00:01:12）山田：', '（00:01:12）'],
    ['【12:05】山田', '【12:05】'],
    ['00:01:40 山田：', '00:01:40 '],
    ['0:05.250\t山田', '0:05.250\t'],
    ['００：１２　山田', '００：１２　'],
  ])('%s starts with %s', (line, stamp) => {
    expect(timestampLength(line)).toBe(stamp.length);
  });

  it.each(['10:15から会議です。', '1:2 の比率', '[00:12 山田', '123:45 山田', '00:12:34:56 山田', '山田：00:12'])('is not read in %s', (line) => {
    expect(timestampLength(line)).toBe(0);
  });
});

describe('a timestamped transcript', () => {
  it('loses its timestamps, each accounted for, and says how many in the front matter', () => {
    const result = run('題\n[00:01] 質問：今日は？\n[00:05] 山田：はい。\n[00:09] 質問：次は？\n[00:12] 山田：いいえ。\n');
    const [, front, body] = result.markdown.split(/^---$/mu);
    expect(body).not.toContain('00:');
    expect(front).toContain('[00:01] … [00:12]');
    expect(front).toContain('4 recording timestamps');
    expect(result.account.dropped.filter((d) => d.reason === 'recording timestamp').map((d) => d.text)).toEqual(['[00:01] ', '[00:05] ', '[00:09] ', '[00:12] ']);
    expect(result.stats.questions).toBe(2);
  });

  it('keeps times that are text: a time in a sentence, or a few times among many lines', () => {
    const turns = Array.from({ length: 6 }, (_, i) => `質問：問い${i}ですか？\n山田：答え${i}です。`).join('\n');
    const result = run(`題\n10:00 開会\n10:15 挨拶\n10:30 質疑\n${turns}\n山田：10:15から始めます。\n`);
    expect(result.markdown).toContain('10:00 開会');
    expect(result.markdown).toContain('10:15から始めます');
    expect(result.account.dropped.some((d) => d.reason === 'recording timestamp')).toBe(false);
  });
});
