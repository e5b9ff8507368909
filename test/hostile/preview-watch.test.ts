/**
 * `kumihan preview` keeps watching a manuscript that is deleted and written again, as editors and
 * `git checkout` do: the next edits rebuild. Every step waits for evidence (a line on stderr),
 * never for a clock.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterEach, expect, it } from 'vitest';
import { BIN, ROOT } from './helpers.js';

let child: ChildProcess | undefined;
let dir: string | undefined;

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Resolves when the child's stderr (or stdout), from now on, has a line matching `pattern`. */
function nextLine(process: ChildProcess, pattern: RegExp, stream: 'stderr' | 'stdout' = 'stderr'): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const found = buffered.split('\n').find((line) => pattern.test(line));
      if (found === undefined) return;
      process[stream]!.off('data', onData);
      resolve(found);
    };
    process[stream]!.on('data', onData);
    process.once('exit', (code) => reject(new Error(`preview exited (${code}) before printing ${pattern}; stderr: ${buffered}`)));
  });
}

async function epubText(file: string): Promise<string> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const texts = await Promise.all(Object.values(zip.files).filter((entry) => entry.name.endsWith('.xhtml')).map((entry) => entry.async('string')));
  // Body text is written with numeric character references.
  return texts.join('').replace(/&#x([0-9a-f]+);/giu, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)));
}

it('rebuilds after the manuscript is deleted, written again and edited', { timeout: 300_000 }, async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kumihan-preview-'));
  const manuscript = path.join(dir, 'book.md');
  const original = await readFile(path.join(ROOT, 'test/fixtures/manuscript/small.md'), 'utf8');
  await writeFile(manuscript, original);
  child = spawn(process.execPath, [BIN, 'preview', 'book.md', '--epub', '--out', 'out', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  // The address is printed once the pages are written and the watcher is ready.
  await nextLine(child, /^preview at \S+ \(book\.md/, 'stdout');
  const epub = path.join(dir, 'out', 'book.epub');

  const removed = nextLine(child, /^book\.md was removed/);
  await unlink(manuscript);
  await removed;

  const recreated = nextLine(child, /^updated \(book\.md\)/);
  await writeFile(manuscript, original.replace('最初の問い', '作り直した問い'));
  await recreated;
  expect(await epubText(epub)).toContain('作り直した問い');

  const edited = nextLine(child, /^updated \(book\.md\)/);
  await writeFile(manuscript, original.replace('最初の問い', '書き直した問い'));
  await edited;
  expect(await epubText(epub)).toContain('書き直した問い');
});
