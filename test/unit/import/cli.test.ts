/** `kumihan import` through the real command line entry (`main`), on temporary files. */
import { mkdir, readFile, readdir, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/program.js';
import { localToday } from '../../../src/import/front-matter.js';
import { closeSandbox, openSandbox } from '../../support/cli-sandbox.js';

const SEED = new URL('../../../manuscript/000_723cf04ae7573580.txt', import.meta.url);
let dir: string;
let out: string[];
let err: string[];

beforeEach(async () => void ({ dir, out, err } = await openSandbox('kumihan-import-')));
afterEach(() => closeSandbox(dir));

describe('kumihan import', () => {
  it('writes the manuscript, prints a one-line summary and the diagnostics', async () => {
    const transcript = path.join(dir, 'seed.txt');
    const target = path.join(dir, 'out', 'seed.md');
    await copyFile(SEED, transcript);
    expect(await main(['import', transcript, '-o', target])).toBe(0);
    expect(out.join('')).toBe(`16 questions, 32 turns, 2 speakers → ${target}\n`);
    const warnings = err.join('').trimEnd().split('\n');
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toBe(`${transcript}:66:28: warning: closing 」 has no opening 「 (kumihan-import:unbalanced-bracket)`);
    const markdown = await readFile(target, 'utf8');
    expect(markdown).toMatch(/^---\ntitle: /);
    expect(markdown).toContain(`date: ${localToday()}`);
  });

  it('defaults to manuscript/<name>.md and reports what it did with --verbose', async () => {
    await copyFile(SEED, path.join(dir, 'talk.txt'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await main(['import', 'talk.txt', '--verbose'])).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(out.join('')).toBe(`16 questions, 32 turns, 2 speakers → ${path.join('manuscript', 'talk.md')}\n`);
    expect(await readFile(path.join(dir, 'manuscript', 'talk.md'), 'utf8')).toContain('## ');
    const verbose = err.join('');
    expect(verbose).toContain('talk.txt: encoding: utf-8');
    expect(verbose).toContain('talk.txt: dropped 1:1 「見出し画像」');
    expect(verbose).toContain('talk.txt: moved 5:1 「17.05.2023 10:15」 → source.timestamp');
    expect(verbose).toMatch(/normalised: .*\?→？ ×\d+/);
  });

  it('never clobbers an existing manuscript unless --force', async () => {
    const transcript = path.join(dir, 'seed.txt');
    const target = path.join(dir, 'seed.md');
    await copyFile(SEED, transcript);
    await writeFile(target, 'edited by hand\n');
    expect(await main(['import', transcript, '-o', target])).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toBe(`kumihan: ${target}: a manuscript already exists here (it may hold edits); use --force to overwrite it\n`);
    expect(await readFile(target, 'utf8')).toBe('edited by hand\n');

    expect(await main(['import', transcript, '-o', target, '--force'])).toBe(0);
    expect(await readFile(target, 'utf8')).toMatch(/^---\ntitle: /);
    expect((await readdir(dir)).sort()).toEqual(['seed.md', 'seed.txt']);
  });

  it('refuses to overwrite the transcript itself, even with --force', async () => {
    const transcript = path.join(dir, 'seed.txt');
    await copyFile(SEED, transcript);
    expect(await main(['import', transcript, '-o', transcript, '--force'])).toBe(1);
    expect(await readFile(transcript)).toEqual(await readFile(SEED));
  });

  const refusals: [string, string | Uint8Array, RegExp][] = [
    ['empty', '', /the transcript is empty/],
    ['whitespace-only', '  \n\u3000\n\r\n', /only whitespace/],
    ['PNG', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), /PNG image/],
    ['label-less', '今日は晴れです。\n明日も晴れるでしょう。\n', /no speaker labels found/],
    ['one-speaker', '山田：こんにちは。\n山田：さようなら。\n', /only one speaker/],
  ];
  for (const [name, content, message] of refusals) {
    it(`refuses ${name} input with exit code 1, a one-line message, and writes nothing`, async () => {
      const transcript = path.join(dir, 'in.txt');
      await writeFile(transcript, content);
      const target = path.join(dir, 'manuscript', 'in.md');
      await mkdir(path.dirname(target));
      expect(await main(['import', transcript, '-o', target])).toBe(1);
      const printed = err.join('');
      expect(printed).toMatch(message);
      expect(printed).toMatch(new RegExp(`^kumihan: ${transcript.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*nothing written\n$`));
      expect(out).toEqual([]);
      expect(await readdir(path.dirname(target))).toEqual([]);
    });
  }

  it('says so when the transcript does not exist', async () => {
    expect(await main(['import', path.join(dir, 'missing.txt')])).toBe(1);
    expect(err.join('')).toMatch(/missing\.txt: cannot read the transcript: no such file/);
  });
});
