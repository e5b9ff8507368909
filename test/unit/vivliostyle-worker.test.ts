/**
 * The Vivliostyle process with stand-in browsers (shell scripts; no Chromium needed): kumihan's
 * flags and the private temporary directory reach the browser, the time limit is exactly
 * `config.timeout` (no fixed backstop on top), and nothing is left running or on disk afterwards.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { startVivliostyle, type VivliostyleConfig } from '../../src/writers/print/vivliostyle.js';
import { addLaunchOptions } from '../../src/writers/print/vivliostyle-worker.js';
import { isAlive } from '../../src/core/processes.js';

const work = mkdtempSync(path.join(tmpdir(), 'kumihan-worker-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
});

/** A stand-in browser: records its arguments, environment and pid in `<name>.*`, then runs `then`. */
function fakeBrowser(name: string, then: string): { file: string; args: () => string[]; env: () => string; pid: () => number } {
  const file = path.join(work, name);
  writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "$@" > "${file}.args"\nenv > "${file}.env"\necho $$ > "${file}.pid"\n${then}\n`);
  chmodSync(file, 0o755);
  return {
    file,
    args: () => readFileSync(`${file}.args`, 'utf8').split('\n').filter(Boolean),
    env: () => readFileSync(`${file}.env`, 'utf8'),
    pid: () => Number(readFileSync(`${file}.pid`, 'utf8')),
  };
}

function config(browser: string, timeout: number): VivliostyleConfig {
  const input = path.join(work, 'book.html');
  writeFileSync(input, '<!doctype html><html lang="ja"><title>t</title><p>本文</p></html>');
  return { cwd: work, input, output: [{ path: path.join(work, 'book.pdf'), format: 'pdf' }], executableBrowser: browser, logLevel: 'silent', timeout };
}

/** Polls (not a timed assertion: a generous deadline for a loaded machine) until `done` holds. */
async function until(done: () => boolean, what: string, deadlineMs = 120_000): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > deadlineMs) throw new Error(`gave up waiting: ${what}`);
    await sleep(50);
  }
}

/** The kumihan-build-* directories this process made in the system's temporary directory. */
const scratchDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`kumihan-build-${process.pid}-`));

/** Whether a process runs (a zombie, killed but not yet reaped, does not). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return isAlive(pid) && !existsSync('/proc/self');
  }
}

describe('addLaunchOptions', () => {
  it('appends the flags to every launch, sets the start-up limit and reports the launch', async () => {
    const seen: unknown[] = [];
    class Launcher {
      async launch(options: Record<string, unknown> = {}) {
        seen.push(options);
        return 'browser';
      }
    }
    let launches = 0;
    expect(addLaunchOptions(Launcher, ['--a', '--b=c d'], 7_000, () => launches++)).toBe(true);
    expect(await new Launcher().launch({ args: ['--headless'], timeout: 30_000, headless: true })).toBe('browser');
    await new Launcher().launch();
    expect(seen).toEqual([
      { args: ['--headless', '--a', '--b=c d'], timeout: 7_000, headless: true },
      { args: ['--a', '--b=c d'], timeout: 7_000 },
    ]);
    expect(launches).toBe(2);
  });

  it('fits the puppeteer-core that Vivliostyle loads, and leaves a launcher of another shape alone', async () => {
    const { ChromeLauncher } = (await import('puppeteer-core')) as unknown as { ChromeLauncher: { prototype: { launch: () => Promise<unknown> } } };
    const original = ChromeLauncher.prototype.launch;
    expect(addLaunchOptions(ChromeLauncher, [], 1_000)).toBe(true);
    ChromeLauncher.prototype.launch = original;
    expect(addLaunchOptions(undefined, [], 1_000)).toBe(false);
    expect(addLaunchOptions({ prototype: {} } as never, [], 1_000)).toBe(false);
  });
});

describe('startVivliostyle with a stand-in browser', () => {
  it('starts the browser with kumihan’s flags after Vivliostyle’s, its profile and TMPDIR in a private directory removed afterwards', async () => {
    const browser = fakeBrowser('crashing', 'exit 3');
    const worker = startVivliostyle();
    const [scratch] = scratchDirs();
    expect(scratch).toBeDefined();
    const failure = await worker.render(config(browser.file, 120_000), ['--js-flags=--max-old-space-size=256', '--renderer-process-limit=1']).catch((error: Error) => error);
    expect((failure as Error).message).toMatch(/^PDF build failed: Failed to launch the browser process/);
    const args = browser.args();
    // Vivliostyle's own arguments end with --no-startup-window; puppeteer adds its pipe and profile last.
    const own = args.indexOf('--no-startup-window');
    expect(own).toBeGreaterThan(0);
    expect(args.slice(own + 1, own + 3)).toEqual(['--js-flags=--max-old-space-size=256', '--renderer-process-limit=1']);
    expect(args).toContain('--no-sandbox');
    const profile = args.find((arg) => arg.startsWith('--user-data-dir='));
    expect(profile).toMatch(new RegExp(`^--user-data-dir=${tmpdir()}/${scratch}/puppeteer_dev_chrome_profile-`));
    expect(browser.env()).toContain(`TMPDIR=${path.join(tmpdir(), scratch!)}\n`);
    // render() settles once everything is gone: no wait needed.
    expect(existsSync(path.join(tmpdir(), scratch!))).toBe(false);
  });

  it('stops after exactly config.timeout — no backstop on top — killing the browser, with the real time in the message', async () => {
    const browser = fakeBrowser('hanging', 'exec sleep 1000');
    // Only kumihan's timer is faked; the Vivliostyle process runs in real time, with the same
    // limit for puppeteer's start-up (10 minutes), so nothing but that timer can end this render.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const worker = startVivliostyle();
    const [scratch] = scratchDirs();
    const limit = 600_000;
    const rendering = worker.render(config(browser.file, limit)).catch((error: Error) => error);
    await until(() => existsSync(`${browser.file}.pid`), 'the stand-in browser to start');
    const hung = browser.pid();
    expect(running(hung)).toBe(true);
    vi.advanceTimersByTime(limit);
    const failure = (await rendering) as Error;
    expect(failure.message).toMatch(/^PDF build timed out after \d+(?:\.\d)? s \(the limit was 600 s\); raise it with --timeout SECONDS for a longer book$/);
    await until(() => !running(hung), 'the stand-in browser to die');
    expect(existsSync(path.join(tmpdir(), scratch!))).toBe(false);
  });

  it('dispose() before render stops the process and removes its directory', async () => {
    const worker = startVivliostyle();
    const [scratch] = scratchDirs();
    worker.dispose();
    worker.dispose();
    await until(() => !existsSync(path.join(tmpdir(), scratch!)), 'the scratch directory to go');
  });
});
