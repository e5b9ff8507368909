/** A test's own temporary directory, and what the CLI writes to stdout and stderr while it runs. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';

/** Captures process.stdout and process.stderr writes until `vi.restoreAllMocks()`. */
export function captureOutput(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out, err };
}

/** For beforeEach: a fresh temporary directory named after `prefix`, with the output captured. */
export async function openSandbox(prefix: string): Promise<{ dir: string; out: string[]; err: string[] }> {
  return { dir: await mkdtemp(path.join(os.tmpdir(), prefix)), ...captureOutput() };
}

/** For afterEach: the output released and the directory removed. */
export async function closeSandbox(dir: string): Promise<void> {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
}
