/**
 * Every regex on user text is linear, and so is every reader around it.
 *
 * 1. Static: every regex literal in src/ is free of super-linear backtracking and of the
 *    "move" shape (`/\s+$/`, retried from every start), as analysed by scslre; a `new RegExp`
 *    is allowed only where listed below with the reason it is safe.
 * 2. Dynamic: each entry point (import, manuscript reader, typography and writers, errata) reads
 *    runs of every special character class at 4,000 and 32,000 characters, in a child process
 *    that reports its CPU time. Linear work grows about 8×; quadratic work grows 64× (the old
 *    EDGE_SPACE and label regexes gave 60×+). No clock limit is asserted but the ratio; a case
 *    that runs for minutes is killed and named.
 * 3. The rewritten scans match, on random strings, what the regexes they replaced matched.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@babel/parser';
import fc from 'fast-check';
import { analyse } from 'scslre';
import { describe, expect, it } from 'vitest';
import { joinLines } from '../../src/core/scan.js';
import { splitSentences } from '../../src/errata/compare.js';
import { findOutletAndPlace, findSeparator } from '../../src/import/front-matter.js';
import { findDeclarations, isLabelShaped, splitAtFirst } from '../../src/import/lexer.js';
import { splitLines } from '../../src/import/lines.js';
import { findUrls } from '../../src/import/normalize.js';
import { ROOT } from './helpers.js';

const SRC = path.join(ROOT, 'src');

// `new RegExp` sites: built from constants, anchored or without ambiguous quantifiers (checked by hand and by the runs below).
const DYNAMIC_REGEXPS: Record<string, { count: number; why: string }> = {
  'import/lexer.ts': { count: 8, why: 'label, title and part-heading patterns: anchored or of fixed words, every repetition bounded (scslre-clean as built)' },
  'import/lines.ts': { count: 4, why: 'anchored timestamps of bounded digits; "translated from": fixed language names and words, no repetition' },
  'manuscript/checks.ts': { count: 1, why: 'a single character class' },
  'transform/rehype-tcy.ts': { count: 1, why: 'digits bounded by lookarounds, one attempt per start' },
};

interface RegexSite {
  file: string;
  line: number;
  pattern?: string;
  flags?: string;
}

function regexSites(): RegexSite[] {
  const sites: RegexSite[] = [];
  for (const file of readdirSync(SRC, { recursive: true }) as string[]) {
    if (!file.endsWith('.ts') || file.startsWith('bench/')) continue;
    const ast = parse(readFileSync(path.join(SRC, file), 'utf8'), { sourceType: 'module', plugins: ['typescript'] });
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as { type?: string; pattern?: string; flags?: string; loc?: { start: { line: number } }; callee?: { type: string; name?: string } };
      if (n.type === 'RegExpLiteral') sites.push({ file, line: n.loc!.start.line, pattern: n.pattern, flags: n.flags });
      if ((n.type === 'NewExpression' || n.type === 'CallExpression') && n.callee?.type === 'Identifier' && n.callee.name === 'RegExp') {
        sites.push({ file, line: n.loc!.start.line });
      }
      for (const [key, value] of Object.entries(node)) {
        if (key === 'loc') continue;
        if (Array.isArray(value)) value.forEach(walk);
        else walk(value);
      }
    };
    walk(ast.program);
  }
  return sites;
}

describe('regexes in src/', () => {
  let found: RegexSite[] | undefined;
  const sites = () => (found ??= regexSites());

  it('has no literal with super-linear worst-case time (scslre: backtracking or a retried run)', () => {
    const literals = sites().filter((site) => site.pattern !== undefined);
    expect(literals.length).toBeGreaterThan(50);
    const reports = literals.flatMap((site) =>
      analyse({ source: site.pattern!, flags: site.flags! }).reports.map(
        (report) => `${site.file}:${site.line}: /${site.pattern}/${site.flags} is ${report.type === 'Move' ? 'retried from every start' : 'backtracking'} on a run of ${JSON.stringify(report.character.pick)}`,
      ),
    );
    expect(reports).toEqual([]);
  });

  it('builds a RegExp at run time only where the list above says why it is safe', () => {
    const counts: Record<string, number> = {};
    for (const site of sites()) if (site.pattern === undefined) counts[site.file] = (counts[site.file] ?? 0) + 1;
    expect(counts).toEqual(Object.fromEntries(Object.entries(DYNAMIC_REGEXPS).map(([file, { count }]) => [file, count])));
  });
});

/** Runs one entry point's cases in a child; resolves with its `done` lines, or the case it had to kill. */
function runCases(entry: string): Promise<{ results: Array<{ id: string; small: number; large: number }>; killed?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'test/hostile/linear-child.mjs'), ROOT, entry, '4000', '32000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const results: Array<{ id: string; small: number; large: number }> = [];
    let current: string | undefined;
    let killed: string | undefined;
    let watchdog: NodeJS.Timeout | undefined;
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        clearTimeout(watchdog);
        if (line.startsWith('start ')) {
          current = line.slice(6);
          // A linear case takes well under a second of CPU; minutes mean it is not linear (or the machine is stuck).
          watchdog = setTimeout(() => {
            killed = current;
            child.kill('SIGKILL');
          }, 180_000);
        } else if (line.startsWith('done ')) {
          const [id, small, large] = line.slice(5).split('\t');
          results.push({ id: id!, small: Number(small), large: Number(large) });
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(watchdog);
      if (code !== 0 && !killed) reject(new Error(`linear-child ${entry} exited with ${code}`));
      else resolve({ results, killed });
    });
  });
}

describe.concurrent('every entry point reads long runs of each character class in linear time', () => {
  for (const entry of ['import', 'parse', 'typeset', 'errata']) {
    it(entry, { timeout: 1_800_000 }, async () => {
      const { results, killed } = await runCases(entry);
      expect(killed, `${killed} did not finish`).toBeUndefined();
      expect(results.length).toBeGreaterThan(30);
      // 8× the text: linear work takes about 8× the CPU time, quadratic 64×. Below 5 ms the small run is noise.
      const superlinear = results
        .filter((result) => result.large / Math.max(result.small, 5) > 24)
        .map((result) => `${result.id}: ${result.small} ms at 4,000 characters → ${result.large} ms at 32,000`);
      expect(superlinear).toEqual([]);
    });
  }
});

describe('the scans that replaced regexes match what the regexes matched', () => {
  const strings = (alphabet: string[]) => fc.array(fc.constantFrom(...alphabet), { maxLength: 24 }).map((parts) => parts.join(''));
  const runs = { numRuns: 3000 };

  it('URLs', () => {
    const URL = /[a-z][a-z0-9+.-]*:\/\/[^\s\u3000「」『』（）、。]+|www\.[^\s\u3000「」『』（）、。]+/giu;
    fc.assert(
      fc.property(strings(['h', 't', ':', '/', 'w', '.', 'a', '1', ' ', '、', 'W', '+', '「', 'ſ']), (text) => {
        expect(findUrls(text)).toEqual([...text.matchAll(URL)].map((m) => ({ index: m.index, length: m[0].length })));
      }),
      runs,
    );
  });

  it('headline separators', () => {
    const SEPARATOR = /[\s\u3000]*(?:[―—]{2}|─{2})[\s\u3000]*|[\s\u3000]+[-–—][\s\u3000]+/;
    fc.assert(
      fc.property(strings(['a', ' ', '\u3000', '―', '—', '─', '-', '–']), (text) => {
        const match = SEPARATOR.exec(text);
        expect(findSeparator(text)).toEqual(match ? { index: match.index, text: match[0] } : undefined);
      }),
      runs,
    );
  });

  it('outlets', () => {
    const OUTLET = /[\p{Script=Katakana}\p{Script=Han}A-Za-zＡ-Ｚａ-ｚ0-9０-９ー・]+?(?:TV|ＴＶ|テレビ|ラジオ|新聞|通信|放送|タイムズ|ポスト|ジャーナル)(?:チャンネル|局)?/u;
    fc.assert(
      fc.property(strings(['A', 'T', 'V', 'テ', 'レ', 'ビ', 'の', '局', 'チャンネル', '、', 'モ', '𠀋', 'x', ' ']), (text) => {
        expect(findOutletAndPlace(text).outlet).toEqual(OUTLET.exec(text)?.[0].replace(/(?:チャンネル|局)$/u, ''));
      }),
      runs,
    );
  });

  it('transcript lines', () => {
    fc.assert(
      fc.property(strings(['a', ' ', '\u200b', '\t', '\n', '\r', '\u3000', '\u00a0']), (text) => {
        const expected: Array<{ line: number; column: number; text: string }> = [];
        text.split(/\r\n|\r|\n/).forEach((raw, index) => {
          const trimmed = raw.replace(/^[\s\u200b]+|[\s\u200b]+$/g, '');
          if (trimmed !== '') expected.push({ line: index + 1, column: (/^[\s\u200b]*/.exec(raw)?.[0].length ?? 0) + 1, text: trimmed });
        });
        expect(splitLines(text)).toEqual(expected);
      }),
      runs,
    );
  });

  it('label splits (outlet and person)', () => {
    fc.assert(
      fc.property(strings(['a', '・', ' ', '\u3000', '/', '／', '\n', '\u2028', '𠀋']), (text) => {
        const match = /^(.+?)[・ \u3000/／](.+)$/u.exec(text);
        expect(splitAtFirst(text, '・ \u3000/／')).toEqual(match ? [match[1], match[2]] : undefined);
      }),
      runs,
    );
  });

  it('declared names (`……外相（以下、ラ）`)', () => {
    // The lexer's function as it was with the end-anchored pattern.
    const before = (text: string) => {
      const found = [];
      for (const match of text.matchAll(/[（(]以下[、，,]?[ \u3000]*[「『]?([^（）()「」『』、，,\s]{1,12})[」』]?[）)]/gu)) {
        const lead = text.slice(Math.max(0, match.index - 24), match.index);
        let full = /[^\s\u3000、。，．,「」『』（）()【】：:]*$/u.exec(lead)![0].replace(/(?:さん|様|氏|くん|君|ちゃん)$/u, '');
        full = full.replace(/^.*[はがをにでとのへもや](?=[^\p{Script=Hiragana}])/u, '');
        if (full !== '' && isLabelShaped(full)) found.push({ full, abbreviation: match[1]!, line: 1, column: 1 + match.index });
      }
      return found;
    };
    fc.assert(
      fc.property(strings(['ラ', '外相', ' ', '\u3000', '、', '：', '（以下、ラ）', '(以下ラ)', 'は', '氏', '\t', '「']), (text) => {
        expect(findDeclarations(text, 1, 1)).toEqual(before(text));
      }),
      runs,
    );
  });

  it('errata sentences and table cells', () => {
    fc.assert(
      fc.property(strings(['あ', '。', '！', '?', '」', ')', '〟', ' ', '\n', '\t']), (text) => {
        expect(splitSentences(text)).toEqual(text.split(/(?<=[。！？!?][」』）)〟]*)(?![」』）)〟])/u).map((s) => s.trim()).filter(Boolean));
        expect(joinLines(text)).toEqual(text.replace(/\s*\n\s*/g, ' '));
      }),
      runs,
    );
  });
});
