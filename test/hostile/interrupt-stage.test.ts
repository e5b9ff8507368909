/**
 * Ctrl-C stops a long synchronous stage at once. The import of a 30 MB transcript computes for
 * seconds without returning to the event loop, where Node runs signal handlers; SIGINT is sent
 * once the process has read the transcript (evidence: /proc/PID/io), and the process must be gone
 * well before the import itself would end, with exit code 130 and nothing written. The limit is
 * generous (20 s) because a shared CI machine stretches every process; on a quiet machine the
 * process is gone in well under a second.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { BIN, ROOT } from './helpers.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Bytes the process has read so far (`rchar` of /proc/PID/io). */
function bytesRead(pid: number): number {
  try {
    return Number(/^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

it.runIf(existsSync('/proc/self/io'))('Ctrl-C during the import of a 30 MB transcript ends it at once, writing nothing', { timeout: 600_000 }, async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kumihan-interrupt-'));
  const seed = (await readFile(path.join(ROOT, 'manuscript/000_723cf04ae7573580.txt'), 'utf8')).split('\n');
  const body = seed.slice(6, -2).join('\n');
  const parts = [seed.slice(0, 6).join('\n')];
  let size = 0;
  while (size < 30_000_000) {
    parts.push(body);
    size += Buffer.byteLength(body);
  }
  const transcript = path.join(dir, 'big.txt');
  await writeFile(transcript, parts.join('\n'));
  // An existing output folder: kumihan installs its interrupt handler (cleanup, exit 130) when it probes it.
  await mkdir(path.join(dir, 'out'));

  const child = spawn(process.execPath, [BIN, 'import', 'big.txt', '-o', 'out/big.md'], { cwd: dir, stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // Evidence of progress: the transcript is being read or has been, so the import has started. rchar
  // also counts the modules loaded before it (less with the bundled CLI): the file's size alone is
  // reached only once most of the file is in. A Ctrl-C while it is still reading ends the run too.
  const read = statSync(transcript).size;
  while (bytesRead(child.pid!) < read && child.exitCode === null) await new Promise((resolve) => setImmediate(resolve));
  expect(child.exitCode).toBeNull();
  child.kill('SIGINT');
  const deadline = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 20_000).unref());
  const outcome = await Promise.race([exited, deadline]);
  if (outcome === 'still running') child.kill('SIGKILL');
  expect(outcome).toEqual({ code: 130, signal: null });
  expect((await readdir(dir)).sort()).toEqual(['big.txt', 'out']);
  expect(await readdir(path.join(dir, 'out'))).toEqual([]);
});
