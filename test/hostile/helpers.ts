/** Shared by the hostile-input tests: strict XML parsing, the CLI in-process and as a child, directory snapshots. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { XmlDocument } from 'libxml2-wasm';
import { vi } from 'vitest';
import { main } from '../../src/cli/program.js';

export const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
export const BIN = path.join(ROOT, 'dist', 'cli', 'bin.js');

/** Parses XML with libxml2 and throws on anything not well-formed. */
export function assertWellFormed(xml: string): void {
  XmlDocument.fromString(xml).dispose();
}

/** Runs `kumihan …` in this process; stdout and stderr are captured, not printed. */
export async function runCli(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  const before = process.cwd();
  try {
    if (cwd) process.chdir(cwd);
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.chdir(before);
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

/** Runs `node dist/cli/bin.js …` as a child process: the real exit code, end to end. */
export function runBin(args: string[], cwd: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, timeout: 300_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const failed = error as (NodeJS.ErrnoException & { code?: number | string; signal?: NodeJS.Signals }) | null;
      resolve({ code: failed ? (typeof failed.code === 'number' ? failed.code : null) : 0, signal: failed?.signal ?? null, stdout, stderr });
    });
  });
}

/** SHA-256 of every file below `dir` (dot files too), by relative path: compare before and after a failed run. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch {
    return hashes;
  }
  for (const entry of entries.sort()) {
    const file = path.join(dir, entry);
    const bytes = await readFile(file).catch(() => undefined);
    hashes[entry] = bytes ? createHash('sha256').update(bytes).digest('hex') : 'directory';
  }
  return hashes;
}

const XHTML_NS = { x: 'http://www.w3.org/1999/xhtml' };

/**
 * Parses one XML file strictly (libxml2); for XHTML, returns the names of the elements in its body
 * and its body text without ruby readings (`<rt>` is markup around the text, not the text).
 */
export function readXhtml(xml: string): { elements: string[]; text: string } {
  const document = XmlDocument.fromString(xml);
  try {
    const elements = document.find('//x:body//*', XHTML_NS).map((node) => (node as unknown as { name: string }).name);
    const text = document
      .find('//x:body//text()[not(ancestor::x:rt)]', XHTML_NS)
      .map((node) => node.content)
      .join('');
    return { elements, text };
  } finally {
    document.dispose();
  }
}
