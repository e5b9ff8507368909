/**
 * The PDF under stress (real Chromium, so skipped where there is none, never under CI): a
 * Vivliostyle timeout is one line and exit 1 with the previous PDF byte-identical; Ctrl-C during
 * the PDF exits 130 and leaves no temporary and no Vivliostyle or Chromium process behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runBin, snapshot } from './helpers.js';

const haveChromium = existsSync(process.env.KUMIHAN_BROWSER ?? '/usr/bin/chromium');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kumihan-pdf-'));
  await copyFile(new URL('inputs/interview.md', import.meta.url), path.join(dir, 'book.md'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Processes whose working directory is inside `root`: what a build started there and left running. */
function processesUnder(root: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readlinkSync(`/proc/${entry}/cwd`).startsWith(root);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe.skipIf(!process.env.CI && !haveChromium)('PDF', () => {
  it('--timeout 0.001: one line naming the timeout, exit 1, the previous PDF byte-identical', async () => {
    const first = await runBin(['build', 'book.md', '--pdf', '--out', 'out'], dir);
    expect(first.code, first.stderr).toBe(0);
    const before = await snapshot(path.join(dir, 'out'));
    const timedOut = await runBin(['build', 'book.md', '--pdf', '--out', 'out', '--timeout', '0.001', '--force'], dir);
    expect(timedOut.code).toBe(1);
    expect(timedOut.stderr).toMatch(/^kumihan: PDF build (?:timed out|failed)[^\n]*timed? ?out[^\n]*\n$/i);
    expect(await snapshot(path.join(dir, 'out'))).toEqual(before);
  });

  it('Ctrl-C while Vivliostyle runs: exit 130, no temporary, no process left behind', async () => {
    const child = spawn(process.execPath, [BIN, 'build', 'book.md', '--pdf', '--out', 'interrupted'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Vivliostyle starts once the book is typeset (well under a second for this one); Chromium then needs seconds.
    // Evidence, not a clock: the deadline only ends a failing test (a loaded machine needs long).
    let gone = false;
    void exited.then(() => (gone = true));
    for (const until = Date.now() + 300_000; !gone && Date.now() < until && !processesUnder(path.join(dir, 'interrupted')).length; ) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(processesUnder(path.join(dir, 'interrupted')).length, 'Vivliostyle did not start').toBeGreaterThan(0);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    // Evidence, not a clock: wait until nothing runs there any more (the deadline only ends a
    // failing test); whatever still ran could have written its temporary PDF until then.
    for (const until = Date.now() + 60_000; Date.now() < until && processesUnder(path.join(dir, 'interrupted')).length; ) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(processesUnder(path.join(dir, 'interrupted'))).toEqual([]);
    const left = (await readdir(path.join(dir, 'interrupted'), { recursive: true })).map(String);
    expect(left.filter((name) => name.includes('.tmp'))).toEqual([]);
    expect(left).not.toContain('book.pdf');
  }, 600_000);
});
