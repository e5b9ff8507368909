/** The benchmark's long books (`--scale --questions`): the synthetic manuscript, sampled CPU, the table. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOwnCpu } from '../../src/bench/proc.js';
import { longBookTable, type LongBookReport } from '../../src/bench/report.js';
import { syntheticBook } from '../../src/bench/scale.js';
import { parseManuscript } from '../../src/manuscript/parse.js';

const seedPath = 'manuscript/000_723cf04ae7573580.md';
const seed = readFileSync(seedPath, 'utf8');

describe('syntheticBook', () => {
  const original = parseManuscript(seed, seedPath);

  it('makes exactly the questions asked for, in the manuscript’s order and shape, with its front matter and lead once', () => {
    const count = original.questions.length * 2 + 3;
    const book = parseManuscript(syntheticBook(seed, count), 'long.md');
    expect(book.file.messages.filter((message) => message.fatal)).toEqual([]);
    expect(book.questions).toHaveLength(count);
    expect(book.questions.map((question) => question.title)).toEqual(Array.from({ length: count }, (_, index) => original.questions[index % original.questions.length]!.title));
    expect(book.meta).toEqual(original.meta);
    expect(book.lead).toHaveLength(original.lead.length);
    // Each question: the interviewer's opening sentence, then the answer's first two.
    for (const question of book.questions.slice(0, original.questions.length)) {
      const turns = question.blocks.filter((block) => 'speaker' in block);
      expect(turns.map((turn) => ('speaker' in turn ? turn.speaker.role : ''))).toEqual(['interviewer', 'interviewee']);
    }
  });

  it('keeps each question short: the sentences are the manuscript’s own, cut at 。', () => {
    const text = syntheticBook(seed, 1);
    const answer = text.split('\n').find((line) => line.startsWith('**ラブロフ**'))!;
    expect(seed).toContain(answer);
    expect(answer.endsWith('。')).toBe(true);
    expect(answer.match(/。/gu)).toHaveLength(2);
  });

  it('refuses what it cannot make', () => {
    expect(() => syntheticBook(seed, 0)).toThrow(RangeError);
    expect(() => syntheticBook('---\ntitle: x\n---\n\nlead only\n', 2)).toThrow(/no question/);
  });
});

describe('sampled CPU', () => {
  it('reads a process’s own user + system time, even when its name has spaces and parentheses', () => {
    const stat = '4242 (Chrome (renderer) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 56 7 8 20 0 12 0 100 1000 100';
    expect(parseOwnCpu(stat)).toBe((1234 + 56) * 10);
    expect(parseOwnCpu('garbage')).toBeUndefined();
  });
});

describe('the long-book table', () => {
  const book = (questions: number, pages: number, seconds: number, cpu: number): LongBookReport => ({
    questions,
    characters: questions * 150,
    pages,
    runs: [{ wallMs: seconds * 1000, cpuMs: cpu * 1000, pdfStageMs: seconds * 900, peakRssBytes: 512 * 2 ** 20 }],
  });

  it('gives one row per size, smallest first, with seconds and CPU per page', () => {
    const rows = longBookTable([book(1000, 500, 200, 150), book(250, 125, 50, 37.5)]).split('\n');
    expect(rows[0]).toMatch(/questions.*pages.*s\/page.*CPU s\/page/u);
    expect(rows[2]).toMatch(/^\|\s+250 \|\s+125 \|\s+50\.0 s \|\s+0\.40 s \|\s+37\.5 s \|\s+0\.30 s \|/u);
    expect(rows[3]).toMatch(/^\|\s+1000 \|\s+500 \|\s+200\.0 s \|\s+0\.40 s \|\s+150\.0 s \|\s+0\.30 s \|/u);
  });
});
