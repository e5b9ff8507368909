/**
 * Processes and temporary files of a PDF build, end to end through the real binary. Every run gets
 * a TMPDIR of its own, so what it started is found by its environment (`TMPDIR=<that dir>…`) and
 * what it left there is a directory listing. Nothing waits on a clock: each test waits for
 * evidence (the stand-in browser's pid file, a Chromium process), with a generous deadline that
 * only ends a failing test.
 *
 * - `kill -9` of kumihan mid-build leaves no Vivliostyle or Chromium running and no private
 *   directory; the next build removes what a dead run left (only kumihan's own names).
 * - Chromium's scratch files stay out of $TMPDIR on success, failure, time-out, SIGINT, SIGTERM.
 * - A hanging browser stops at the --timeout given; the message says how long it ran.
 * - A TMPDIR that does not exist, KUMIHAN_BROWSER naming a directory, and --download-browser
 *   without a network are one line each.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN } from './helpers.js';

const haveProc = existsSync('/proc/self/environ');
const chromium = process.env.KUMIHAN_BROWSER ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromium);

let dir: string;
let tmp: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kumihan-processes-'));
  tmp = path.join(dir, 'tmp');
  mkdirSync(tmp);
  await copyFile(new URL('inputs/interview.md', import.meta.url), path.join(dir, 'book.md'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts `kumihan args…` in `dir` with TMPDIR=`tmp` and `env` added. */
function kumihan(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, TMPDIR: tmp, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  let done = false;
  void exited.then(() => (done = true));
  return { child, exited, finished: () => done };
}

/** Polls until `done` holds; the deadline only ends a failing test. */
async function until(done: () => boolean, what: string, deadlineMs = 120_000): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > deadlineMs) throw new Error(`gave up waiting: ${what}`);
    await sleep(50);
  }
}

/**
 * Running processes (zombies excluded) whose TMPDIR lies in `root`, or whose command line names a
 * path in it (Chromium's helpers overwrite their environment with their title, but carry the
 * profile directory): what a run under it started.
 */
function processesUnder(root: string): Array<{ pid: number; cmdline: string }> {
  const found: Array<{ pid: number; cmdline: string }> = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (!environ.some((variable) => variable === `TMPDIR=${root}` || variable.startsWith(`TMPDIR=${root}/`)) && !cmdline.includes(`${root}/`)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') continue;
      found.push({ pid: Number(entry), cmdline });
    } catch {
      // Gone while we looked, or not ours to read.
    }
  }
  return found;
}

/** A stand-in browser in `dir`: writes its pid to `<name>.pid`, then runs `then`. */
function fakeBrowser(name: string, then: string): { file: string; pid: () => number | undefined } {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\necho $$ > "${file}.pid"\n${then}\n`);
  chmodSync(file, 0o755);
  return { file, pid: () => (existsSync(`${file}.pid`) ? Number(readFileSync(`${file}.pid`, 'utf8')) : undefined) };
}

const temporaries = (sub: string) => (existsSync(path.join(dir, sub)) ? readdirSync(path.join(dir, sub), { recursive: true }).map(String).filter((name) => name.includes('.tmp')) : []);

describe.skipIf(!haveProc || process.platform === 'win32')('a PDF build leaves nothing running and nothing in TMPDIR', () => {
  describe.skipIf(!process.env.CI && !haveChromium)('with Chromium', () => {
    it('kill -9 mid-build: Vivliostyle and Chromium die too; the next build removes what the dead run left, and only that', async () => {
      // A book whose PDF takes minutes, with a limit far beyond that: processes left behind would
      // run on for minutes, while those that die with kumihan are gone within a second or two.
      const questions = Array.from({ length: 1500 }, (_, i) => `## 問${i}\n\n**質問**：第${i}の質問ですか？\n\n**山田**：はい、${i}番目の答えです。\n`);
      writeFileSync(path.join(dir, 'big.md'), `${readFileSync(path.join(dir, 'book.md'), 'utf8').split('\n## ')[0]}\n${questions.join('\n')}`);
      const run = kumihan(['build', 'big.md', '--pdf', '--out', 'out', '--timeout', '900']);
      // Evidence that the build is in the middle: Chromium runs, started by it.
      await until(() => run.finished() || processesUnder(tmp).some((process) => process.cmdline.includes('--renderer-process-limit=1')), 'Chromium to start');
      expect(run.finished(), 'the build ended before Chromium was seen').toBe(false);
      // kumihan's flags reached the real browser (no launcher script in between).
      expect(processesUnder(tmp).find((process) => process.cmdline.includes('--renderer-process-limit=1'))!.cmdline).toMatch(/--js-flags=--max-old-space-size=\d+ --in-process-gpu/);
      const dead = run.child.pid!;
      run.child.kill('SIGKILL');
      expect((await run.exited).signal).toBe('SIGKILL');
      await until(() => processesUnder(tmp).length === 0, 'the build’s processes to die with it', 60_000);
      await until(() => readdirSync(tmp).length === 0, 'the private temporary directory to go', 60_000);
      expect(temporaries('out')).toEqual([]);

      // What a run killed harder (its Vivliostyle too) would leave, beside what must stay: another
      // live run's files (this test's pid) and names kumihan never makes.
      const stale = [`out/.big.pdf.${dead}.0123abcd.tmp.pdf`, `out/.book.pdf.${dead}.0123abcd.tmp.pdf`, `out/.work/book/.print.html.${dead}.89abcdef.tmp`];
      const kept = [`out/.book.epub.${process.pid}.0123abcd.tmp`, 'out/.book.pdf.tmp', `out/book.${dead}.0123abcd.tmp`, `out/.notes.${dead}.tmp`];
      mkdirSync(path.join(dir, 'out/.work/book'), { recursive: true });
      for (const file of [...stale, ...kept]) writeFileSync(path.join(dir, file), 'x');
      mkdirSync(path.join(tmp, `kumihan-build-${dead}-AbC123`, 'puppeteer_dev_chrome_profile-x'), { recursive: true });
      mkdirSync(path.join(tmp, `kumihan-build-${process.pid}-Live01`));
      mkdirSync(path.join(tmp, 'kumihan-build-notapid-AbC123'));

      const next = await kumihan(['build', 'book.md', '--pdf', '--out', 'out']).exited;
      expect(next.code, next.stderr).toBe(0);
      expect(next.stderr).toMatch(/^done in [\d.]+ s\n$/);
      expect(next.stdout).toBe('built   out/book.pdf\n');
      for (const file of stale) expect(existsSync(path.join(dir, file)), file).toBe(false);
      for (const file of kept) expect(existsSync(path.join(dir, file)), file).toBe(true);
      expect(readdirSync(tmp).sort()).toEqual([`kumihan-build-${process.pid}-Live01`, 'kumihan-build-notapid-AbC123']);
      expect(processesUnder(tmp)).toEqual([]);
    });
  });

  it('without Chromium too, the next build removes a dead run’s temporaries and private directory, and only those', async () => {
    // A process id that surely belongs to no one now: a child that has exited.
    const done = spawn(process.execPath, ['-e', '']);
    const dead = await new Promise<number>((resolve) => done.on('close', () => resolve(done.pid!)));
    mkdirSync(path.join(dir, 'out'));
    const stale = [`out/.book.epub.${dead}.0123abcd.tmp`, `out/.book.pdf.${dead}.89abcdef.tmp.pdf`];
    const kept = [`out/.book.epub.${process.pid}.0123abcd.tmp`, `out/.book.epub.${dead}.tmp`, `out/book.epub.${dead}.0123abcd.tmp`];
    for (const file of [...stale, ...kept]) writeFileSync(path.join(dir, file), 'x');
    mkdirSync(path.join(tmp, `kumihan-build-${dead}-AbC123`));
    mkdirSync(path.join(tmp, `kumihan-build-${process.pid}-Live01`));
    // A browser that fails at once: the build gets as far as making its private directory.
    const browser = fakeBrowser('broken-stale', 'exit 3');
    const { code } = await kumihan(['build', 'book.md', '--out', 'out'], { KUMIHAN_BROWSER: browser.file }).exited;
    expect(code).toBe(1);
    for (const file of stale) expect(existsSync(path.join(dir, file)), file).toBe(false);
    for (const file of kept) expect(existsSync(path.join(dir, file)), file).toBe(true);
    expect(readdirSync(tmp)).toEqual([`kumihan-build-${process.pid}-Live01`]);
  });

  it('a browser that hangs stops at --timeout: one line with the time it ran and the option, nothing left', async () => {
    const browser = fakeBrowser('hanging', 'exec sleep 1000');
    const { code, stdout, stderr } = await kumihan(['build', 'book.md', '--pdf', '--out', 'out', '--timeout', '2'], { KUMIHAN_BROWSER: browser.file }).exited;
    expect([code, stdout]).toEqual([1, '']);
    const [, seconds] = /^kumihan: PDF build timed out after (\d+(?:\.\d)?) s \(the limit was 2 s\); raise it with --timeout SECONDS for a longer book\n$/.exec(stderr) ?? [];
    expect(seconds, stderr).toBeDefined();
    // The time reported is the time it ran: never less than the limit.
    expect(Number(seconds)).toBeGreaterThanOrEqual(2);
    await until(() => processesUnder(tmp).length === 0, 'the hanging browser to be killed');
    expect(readdirSync(tmp)).toEqual([]);
    expect(temporaries('out')).toEqual([]);
  });

  it('a browser that fails to start: one line, nothing left', async () => {
    const browser = fakeBrowser('broken', 'exit 3');
    const { code, stderr } = await kumihan(['build', 'book.md', '--pdf', '--out', 'out'], { KUMIHAN_BROWSER: browser.file }).exited;
    expect(code).toBe(1);
    expect(stderr).toMatch(/^kumihan: PDF build failed: Failed to launch the browser process[^\n]*\n$/);
    expect(processesUnder(tmp)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  for (const [signal, exitCode] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} while the browser runs: exit ${exitCode}, the browser killed, TMPDIR and the output directory clean`, async () => {
      const browser = fakeBrowser(`hanging-${signal}`, 'exec sleep 1000');
      const run = kumihan(['build', 'book.md', '--pdf', '--out', 'out'], { KUMIHAN_BROWSER: browser.file });
      await until(() => run.finished() || browser.pid() !== undefined, 'the stand-in browser to start');
      expect(run.finished()).toBe(false);
      expect(readdirSync(tmp)).toHaveLength(1);
      run.child.kill(signal);
      expect((await run.exited).code).toBe(exitCode);
      await until(() => processesUnder(tmp).length === 0, 'the browser to be killed');
      expect(readdirSync(tmp)).toEqual([]);
      expect(temporaries('out')).toEqual([]);
    });
  }
});

describe.skipIf(process.platform === 'win32')('one clear line', () => {
  it('a TMPDIR that does not exist is named, not “spawn node ENOENT”', async () => {
    const missing = path.join(dir, 'no-such-dir');
    const { code, stderr } = await kumihan(['build', 'book.md', '--pdf', '--out', 'out'], { TMPDIR: missing }).exited;
    expect([code, stderr]).toEqual([1, `kumihan: the temporary directory ${missing} (TMPDIR) does not exist; create it or set TMPDIR to a directory that exists\n`]);
    expect(existsSync(path.join(dir, 'out', 'book.pdf'))).toBe(false);
  });

  it('a TMPDIR that is a file is named too', async () => {
    const file = path.join(dir, 'book.md');
    const { code, stderr } = await kumihan(['build', 'book.md', '--pdf', '--out', 'out'], { TMPDIR: file }).exited;
    expect([code, stderr]).toEqual([1, `kumihan: the temporary directory ${file} (TMPDIR) is not a directory; create it or set TMPDIR to a directory that exists\n`]);
  });

  it('KUMIHAN_BROWSER naming a directory is the variable and the path, not “Code: 126”', async () => {
    const { code, stderr } = await kumihan(['build', 'book.md', '--pdf', '--out', 'out'], { KUMIHAN_BROWSER: dir }).exited;
    expect([code, stderr]).toEqual([1, `kumihan: KUMIHAN_BROWSER=${dir} is a directory, not an executable file; point it at Chromium or unset it\n`]);
  });

  // Linux only: there XDG_CACHE_HOME moves Vivliostyle's browser cache, so no browser downloaded before is found.
  it.skipIf(process.platform !== 'linux')('--download-browser without a network says that downloading needs one', async () => {
    // A proxy that refuses every connection: offline, whatever this machine's network.
    const proxy = 'http://127.0.0.1:9';
    const offline = { HTTPS_PROXY: proxy, https_proxy: proxy, HTTP_PROXY: proxy, http_proxy: proxy, NO_PROXY: '', no_proxy: '', XDG_CACHE_HOME: path.join(dir, 'cache') };
    const { code, stderr } = await kumihan(['build', 'book.md', '--pdf', '--out', 'out', '--download-browser'], offline).exited;
    expect(code).toBe(1);
    expect(stderr).toMatch(/^kumihan: PDF build failed: --download-browser could not download a browser \([^\n]+\); downloading needs the network — without it, install Chrome or Chromium, or set KUMIHAN_BROWSER\n$/);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
