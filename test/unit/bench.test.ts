/** The benchmark's pure helpers: statistics, the Markdown table, /proc parsing, synthetic books. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseChildrenCpu, parseParentPid, parsePss, parseVmRss, processTree } from '../../src/bench/proc.js';
import { scaleTable, summarize, type BookReport, type Round } from '../../src/bench/report.js';
import { parsePdfinfoPages, repeatQuestions } from '../../src/bench/scale.js';
import { formatRatio, formatSeconds, markdownTable, median, pairedRatio } from '../../src/bench/stats.js';
import { parseManuscript } from '../../src/manuscript/parse.js';

const seed = 'manuscript/000_723cf04ae7573580.md';

describe('median and paired ratio', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('ignores NaN (a stage a round did not run) and does not reorder its input', () => {
    const values = [5, Number.NaN, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, Number.NaN, 1, 3]);
  });

  it('compares rounds pairwise, so one slow round moves neither side alone', () => {
    // Round 2 ran while the machine was busy: both sides slowed down together.
    expect(pairedRatio([11, 22, 12], [10, 20, 10])).toBeCloseTo(1.1);
    expect(pairedRatio([1, 2], [0, 2])).toBe(1);
  });
});

describe('formatting', () => {
  it('formats seconds and ratios, with a dash for what was not measured', () => {
    expect(formatSeconds(12_345)).toBe('12.35 s');
    expect(formatSeconds(Number.NaN)).toBe('–');
    expect(formatRatio(1.0449)).toBe('1.04×');
    expect(formatRatio(undefined)).toBe('–');
  });

  it('writes a Markdown table with aligned columns and escaped pipes', () => {
    const table = markdownTable(['stage', 'time'], [['parse', '0.19 s'], ['a|b', '12.00 s']], ['left', 'right']);
    expect(table.split('\n')).toEqual([
      '| stage |    time |',
      '|-------|--------:|',
      '| parse |  0.19 s |',
      '| a\\|b  | 12.00 s |',
    ]);
  });
});

describe('/proc parsing', () => {
  it('reads VmRSS and PSS in bytes, and nothing from a kernel thread', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1298180 kB\nVmRSS:\t  153460 kB\nRssAnon:\t   99100 kB\n';
    expect(parseVmRss(status)).toBe(153_460 * 1024);
    expect(parseVmRss('Name:\tkthreadd\nState:\tS (sleeping)\n')).toBeUndefined();
    expect(parsePss('55d0c0de0000-7ffd1b9e5000 ---p 00000000 00:00 0 [rollup]\nRss:              170968 kB\nPss:              115053 kB\n')).toBe(115_053 * 1024);
  });

  it('finds the parent pid and the children CPU time even when the command name has spaces and parentheses', () => {
    const stat = '4242 (chromium (re) x) S 4200 4242 4200 0 -1 4194560 100 0 0 0 120 30 250 75 20 0 12 0 900 0 0';
    expect(parseParentPid(stat)).toBe(4200);
    // cutime 250 + cstime 75 ticks of 10 ms.
    expect(parseChildrenCpu(stat)).toBe(3250);
    expect(parseParentPid('garbage')).toBeUndefined();
  });

  it('collects a process and all its descendants, and nothing else', () => {
    const parents = new Map([
      [1, 0],
      [100, 1],
      [101, 100],
      [102, 100],
      [103, 102],
      [200, 1],
    ]);
    expect(processTree(100, parents).sort()).toEqual([100, 101, 102, 103]);
    expect(processTree(999, parents)).toEqual([999]);
  });
});

describe('synthetic long books', () => {
  const text = readFileSync(seed, 'utf8');
  const questions = parseManuscript(text, seed).questions;

  it('repeats every question, keeps the front matter and lead once, and parses as a manuscript', () => {
    const book = parseManuscript(repeatQuestions(text, 5), 'x5.md');
    expect(book.file.messages.filter((message) => message.fatal)).toEqual([]);
    expect(book.questions).toHaveLength(questions.length * 5);
    expect(book.questions.map((question) => question.title)).toEqual(Array.from({ length: 5 }, () => questions.map((question) => question.title)).flat());
    expect(repeatQuestions(text, 5).match(/^title:/gmu)).toHaveLength(1);
    expect(repeatQuestions(text, 1)).toBe(`${text.replace(/\s+$/u, '')}\n`);
  });

  it('refuses what it cannot repeat', () => {
    expect(() => repeatQuestions(text, 0)).toThrow(RangeError);
    expect(() => repeatQuestions('---\ntitle: x\n---\n\nlead only\n', 2)).toThrow(/no question/);
  });

  it('reads the page count from pdfinfo', () => {
    expect(parsePdfinfoPages('Title:           x\nPages:           28\nEncrypted:       no\n')).toBe(28);
    expect(parsePdfinfoPages('Syntax Error: not a PDF\n')).toBeUndefined();
  });
});

describe('summaries', () => {
  const round = (kumihanMs: number, floorMs: number): Round => ({
    first: 'kumihan',
    kumihanMs,
    kumihanCpuMs: kumihanMs / 2,
    kumihanRssBytes: 2 ** 30,
    kumihanPssBytes: 2 ** 29,
    startupMs: 150,
    stagesMs: { parse: 100, pdf: kumihanMs - 1000 },
    floorMs,
    floorCpuMs: floorMs / 2,
    floorRssBytes: 2 ** 30,
    floorPssBytes: 2 ** 29,
    pdfOnlyMs: kumihanMs - 500,
    pdfOnlyCpuMs: kumihanMs / 2 - 500,
  });

  it('takes medians per stage and the largest peak memory', () => {
    const summary = summarize([round(11_000, 10_000), round(13_000, 10_000), { ...round(12_000, 10_000), kumihanRssBytes: 3 * 2 ** 30 }], 30);
    expect(summary.kumihanMs).toBe(12_000);
    expect(summary.ratio).toBeCloseTo(1.2);
    expect(summary.stagesMs).toEqual({ parse: 100, pdf: 11_000 });
    expect(summary.msPerPage).toBe(400);
    expect(summary.peakRssBytes).toBe(3 * 2 ** 30);
    expect(summary.epubMs).toBeUndefined();
  });

  it('gives the marginal time per page between book sizes', () => {
    const book = (factor: number, pages: number, ms: number): BookReport => ({
      label: `×${factor}`,
      factor,
      manuscript: `x${factor}.md`,
      characters: 0,
      pages,
      rounds: [round(ms, ms)],
      summary: summarize([round(ms, ms)], pages),
    });
    const rows = scaleTable([book(5, 120, 40_000), book(1, 28, 12_000)]).split('\n');
    // Smallest book first; (40 000 − 12 000) ms / (120 − 28) pages = 304 ms per extra page.
    expect(rows[2]).toMatch(/^\| ×1 /u);
    expect(rows[3]).toMatch(/\| +304 ms \|/u);
  });
});
