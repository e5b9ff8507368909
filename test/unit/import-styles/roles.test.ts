/**
 * Roles: who asks, who moderates, who answers; `--speaker` overrides, `--verbose` explanations,
 * and ambiguous transcripts (a warning naming the lines and the override, or a refusal with
 * nothing written) — through the real command line entry (`main`).
 */
import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/program.js';
import { identifySpeakers, type LabelUse } from '../../../src/import/speaker-clustering.js';
import { importTranscript } from '../../../src/import/index.js';
import { readMarkdown } from '../import/helpers.js';
import { closeSandbox, openSandbox } from '../../support/cli-sandbox.js';

const corpus = (name: string) => new URL(`../../fixtures/import-styles/${name}`, import.meta.url);
let dir: string;
let out: string[];
let err: string[];

beforeEach(async () => void ({ dir, out, err } = await openSandbox('kumihan-roles-')));
afterEach(() => closeSandbox(dir));

let line = 0;
const use = (label: string, text = 'そうです。', style: LabelUse['style'] = 'colon'): LabelUse => ({ label, style, line: ++line, column: 1, text });
const roles = (uses: LabelUse[], overrides = []) => identifySpeakers(uses, { overrides }).speakers.map((s) => [s.id, s.role, s.label]);

describe('identifySpeakers', () => {
  it('makes a moderator of 司会 and never merges reporters of different outlets', () => {
    const uses = [use('司会'), use('（東都新聞）（川村）記者'), use('森川外務大臣'), use('（北海タイムズ）（川村）記者'), use('森川外務大臣'), use('司会')];
    expect(roles(uses)).toEqual([
      ['moderator', 'moderator', '司会'],
      ['interviewer', 'interviewer', '川村記者'],
      ['interviewee', 'interviewee', '森川'],
      ['interviewer-2', 'interviewer', '川村記者'],
    ]);
  });

  it('merges a reporter written two ways and keeps the outlet', () => {
    const analysis = identifySpeakers([use('【記者】'.slice(1, 3)), use('（東都新聞）（川村）記者'), use('森川'), use('川村記者'), use('森川')]);
    const kawamura = analysis.speakers.find((s) => s.label === '川村記者')!;
    expect(kawamura).toMatchObject({ outlet: '東都新聞', name: '川村', aliases: ['（東都新聞）（川村）記者', '川村記者'] });
    expect(kawamura.why.join('\n')).toMatch(/merged/);
  });

  it('lets --speaker fix a role, whatever the rules said', () => {
    const uses = [use('質問'), use('山田'), use('質問'), use('山田')];
    expect(roles(uses, [{ label: '山田', role: 'moderator' }] as never)).toEqual([
      ['interviewer', 'interviewer', '質問'],
      ['moderator', 'moderator', '山田'],
    ]);
  });

  it('explains every decision', () => {
    const [asker, answerer] = identifySpeakers([use('Ｑ'), use('セルゲイ・ラブロフ'), use('Ｑ'), use('S. V. ラヴロフ')]).speakers;
    expect(asker!.why).toEqual(['「Ｑ」 names the interviewer’s role', 'prints 「Ｑ」: the role word used most']);
    expect(answerer!.why).toEqual([
      'merged 「セルゲイ・ラブロフ」 and 「S. V. ラヴロフ」: the same family name ラブロフ',
      'answers: a person who is not the interviewer',
      'prints 「ラブロフ」: a person: the family name of the fullest spelling',
    ]);
  });
});

describe('ambiguous transcripts', () => {
  it('warn with the lines and the override when the questions decide among three speakers', () => {
    const text = '三人の対話\n山本：最近どうですか？\n川口：元気です。\n森：私もです。\n山本：仕事は忙しいですか？\n川口：少し。\n森：とても。\n';
    const result = importTranscript(new TextEncoder().encode(text), { path: 'three.txt', today: '2026-01-01' });
    const warning = result.file.messages.find((m) => m.ruleId === 'interviewer-guess')!;
    expect(`${warning.line}:${warning.column}`).toBe('2:1');
    expect(warning.reason).toContain('「山本」 is taken as the interviewer because 100 % of its turns end as a question');
    expect(warning.reason).toContain('「川口」 (line 3), 「森」 (line 4)');
    expect(warning.reason).toContain(`--speaker '川口=interviewer' --speaker '山本=interviewee'`);
    expect(result.stats.questions).toBe(2);
  });

  it('refuse when nothing decides, naming the candidates and the override; nothing is written', async () => {
    const transcript = path.join(dir, 'ambiguous.txt');
    await copyFile(corpus('ambiguous.txt'), transcript);
    const target = path.join(dir, 'ambiguous.md');
    expect(await main(['import', transcript, '-o', target])).toBe(1);
    expect(err.join('')).toBe(
      `kumihan: ${transcript}: cannot tell who asks the questions among 「山本」 (line 2), 「川口」 (line 3), 「森」 (line 4): no label names a role and no one asks more than the others; name the interviewer, e.g. --speaker '山本=interviewer'; nothing written\n`,
    );
    expect(await readdir(dir)).toEqual(['ambiguous.txt']);
  });

  it('import once the override names the interviewer', async () => {
    const transcript = path.join(dir, 'ambiguous.txt');
    await copyFile(corpus('ambiguous.txt'), transcript);
    const target = path.join(dir, 'ambiguous.md');
    expect(await main(['import', transcript, '-o', target, '--speaker', '山本=interviewer'])).toBe(0);
    expect(out.join('')).toBe(`2 questions, 6 turns, 3 speakers → ${target}\n`);
    const speakers = readMarkdown(await readFile(target, 'utf8')).frontMatter.speakers.map((s: { label: string; role: string }) => [s.label, s.role]);
    expect(speakers).toEqual([
      ['山本', 'interviewer'],
      ['川口', 'interviewee'],
      ['森', 'interviewee'],
    ]);
  });
});

describe('kumihan import --speaker and --verbose', () => {
  it('--speaker swaps who asks (repeatable)', async () => {
    const transcript = path.join(dir, 'alias.txt');
    await copyFile(corpus('alias.txt'), transcript);
    const target = path.join(dir, 'alias.md');
    expect(await main(['import', transcript, '-o', target, '--speaker', 'ヴ=interviewer', '--speaker', '小野寺=interviewee'])).toBe(0);
    const fm = readMarkdown(await readFile(target, 'utf8')).frontMatter;
    expect(fm.speakers.map((s: { label: string; role: string }) => [s.label, s.role])).toEqual([
      ['小野寺', 'interviewee'],
      ['ヴォルコフ', 'interviewer'],
    ]);
  });

  it('refuses a malformed --speaker as bad usage (exit 2) and an unknown label as a failure (exit 1), writing nothing', async () => {
    const transcript = path.join(dir, 'alias.txt');
    await copyFile(corpus('alias.txt'), transcript);
    expect(await main(['import', transcript, '-o', path.join(dir, 'a.md'), '--speaker', 'ヴ=boss'])).toBe(2);
    expect(err.join('')).toContain("expected LABEL=ROLE with ROLE one of interviewer, interviewee, moderator, other");
    err.length = 0;
    expect(await main(['import', transcript, '-o', path.join(dir, 'a.md'), '--speaker', '田中=interviewer'])).toBe(1);
    expect(err.join('')).toContain(`--speaker '田中=interviewer': no label 「田中」 in the transcript (labels seen: 「小野寺」「ヴォルコフ外相」「ヴ」); nothing written`);
    expect(await readdir(dir)).toEqual(['alias.txt']);
  });

  it('--verbose says which labels became which speaker and why, and which lines became parts', async () => {
    const transcript = path.join(dir, 'press.txt');
    await copyFile(corpus('bracket-press.txt'), transcript);
    expect(await main(['import', transcript, '-o', path.join(dir, 'press.md'), '--verbose'])).toBe(0);
    const report = err.join('');
    expect(report).toContain(`${transcript}: speaker interviewer (interviewer): printed 「三浦記者」, name 「三浦」, outlet 「北海タイムズ」, seen as 「（北海タイムズ）（三浦）記者」 (2 turns)`);
    expect(report).toContain(`${transcript}:   「（北海タイムズ）（三浦）記者」 carries the outlet 「北海タイムズ」`);
    expect(report).toContain(`${transcript}:   prints 「三浦記者」: a reporter: family name + 記者`);
    expect(report).toContain(`${transcript}: speaker interviewee (interviewee): printed 「森川」, name 「森川外務大臣」`);
    expect(report).toContain(`${transcript}: part 12:1 「◯北欧訪問」 → # 北欧訪問`);
    expect(out.join('')).toBe(`5 parts, 4 questions, 9 turns, 4 speakers → ${path.join(dir, 'press.md')}\n`);
  });

  it('imports a Word document from the command line', async () => {
    const { makeDocx } = await import('./docx.js');
    const transcript = path.join(dir, 'talk.docx');
    await writeFile(transcript, await makeDocx(['対話', '**聞き手**　元気ですか。', '**三宅**　元気です。', '**聞き手**　本当に？', '**三宅**　本当です。']));
    expect(await main(['import', transcript, '-o', path.join(dir, 'talk.md')])).toBe(0);
    expect(out.join('')).toBe(`2 questions, 4 turns, 2 speakers → ${path.join(dir, 'talk.md')}\n`);
  });
});
