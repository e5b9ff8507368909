/**
 * Outputs on failure: an output directory that cannot be written is refused before any work with
 * one line and exit 1; an interrupted run removes its temporaries and exits 130 (SIGINT) or 143
 * (SIGTERM). We run as root, so permission bits stop nothing: the unwritable places are a path
 * under a regular file (works everywhere) and /proc, where the kernel refuses new entries.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, runBin, runCli, snapshot } from './helpers.js';

const MANUSCRIPT = new URL('inputs/interview.md', import.meta.url);
const TRANSCRIPT = 'インタビュー\n質問: 始めます?\n山田: はい。\n質問: 次は?\n山田: いいえ。\n';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kumihan-outputs-'));
  await copyFile(MANUSCRIPT, path.join(dir, 'book.md'));
  await writeFile(path.join(dir, 'talk.txt'), TRANSCRIPT);
  await writeFile(path.join(dir, 'file.txt'), 'a regular file\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('an output directory that cannot be written', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['under a regular file', 'file.txt/sub', /^kumihan: file\.txt\/sub: cannot write the output here: file\.txt is a file, not a directory\n$/],
    ['a regular file itself', 'file.txt', /^kumihan: file\.txt: cannot write the output here: it is a file, not a directory\n$/],
  ];
  if (existsSync('/proc/self')) cases.push(['in /proc (no mkdir -p loop)', '/proc/kumihan/out', /^kumihan: \/proc\/kumihan\/out: cannot write the output here: the system refuses to create anything in \/proc\n$/]);

  for (const [name, out, message] of cases) {
    it(`build --out ${name}: exit 1, one line, nothing changed`, async () => {
      const before = await snapshot(dir);
      const result = await runCli(['build', 'book.md', '--epub', '--out', out], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
      expect(await snapshot(dir)).toEqual(before);
    });
  }

  it('import -o under a regular file says so (not “a manuscript already exists”)', async () => {
    const before = await snapshot(dir);
    const result = await runCli(['import', 'talk.txt', '-o', 'file.txt/talk.md'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('kumihan: file.txt: cannot write the output here: it is a file, not a directory\n');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('a bad --timeout is one line and exit 1', async () => {
    const result = await runCli(['build', 'book.md', '--epub', '--out', 'out', '--timeout', 'soon'], dir);
    expect([result.code, result.stderr]).toEqual([1, 'kumihan: --timeout must be a positive number of seconds, not "soon"\n']);
  });
});

/** Starts `node args…`, resolves once its stdout says `ready` (or at once when `ready` is undefined). */
function start(args: string[], cwd: string, ready?: string) {
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  const started = new Promise<void>((resolve) => {
    if (!ready) return resolve();
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes(ready)) resolve();
    });
  });
  return { child, exited, started };
}

describe('an interrupted run', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`removes its own temporaries on ${signal} and exits ${code}; another run's stay`, async () => {
      const run = start([path.join(ROOT, 'test/hostile/interrupt-child.mjs'), ROOT, dir], dir, 'ready');
      await run.started;
      expect((await readdir(dir)).filter((name) => name.endsWith('.tmp') || name.endsWith('.tmp.pdf'))).toHaveLength(3);
      run.child.kill(signal);
      const { code: exitCode } = await run.exited;
      expect(exitCode).toBe(code);
      expect((await readdir(dir)).filter((name) => name.includes('.tmp')).sort()).toEqual(['.book.epub.1.0123abcd.tmp']);
    });
  }

  it('a real build interrupted with Ctrl-C exits 130 and leaves no temporary in the output directory', async () => {
    // Big enough that the build is still running after its first stage (it takes several seconds).
    const questions = Array.from({ length: 1500 }, (_, i) => `## 問${i}\n\n**質問**：第${i}の質問ですか？\n\n**山田**：はい、${i}番目の答えです。\n`);
    const base = (await import('node:fs/promises')).readFile(MANUSCRIPT, 'utf8');
    await writeFile(path.join(dir, 'big.md'), `${(await base).split('\n## ')[0]}\n${questions.join('\n')}`);
    // Evidence, not a clock: the signal goes once the first stage line says the book was read;
    // typesetting and writing 1,500 questions take seconds more.
    const run = start([BIN, 'build', 'big.md', '--epub', '--out', 'out', '--verbose'], dir);
    let stderr = '';
    await new Promise<void>((resolve) => {
      run.child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (/^ {2}parse +[\d.]+ s$/m.test(stderr)) resolve();
      });
      void run.exited.then(() => resolve());
    });
    expect(stderr, 'the build ended before its first stage line').toMatch(/^ {2}parse /m);
    run.child.kill('SIGINT');
    const { code, signal } = await run.exited;
    expect([code, signal]).toEqual([130, null]);
    const left = existsSync(path.join(dir, 'out')) ? await readdir(path.join(dir, 'out'), { recursive: true }) : [];
    expect(left.filter((name) => String(name).includes('.tmp'))).toEqual([]);
  });

  it('end to end, a refused output directory exits 1 from the real binary', async () => {
    const result = await runBin(['build', 'book.md', '--epub', '--out', 'file.txt/sub'], dir);
    expect([result.code, result.stderr]).toEqual([1, 'kumihan: file.txt/sub: cannot write the output here: file.txt is a file, not a directory\n']);
  });
});
