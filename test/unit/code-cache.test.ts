/**
 * The bundle's V8 code cache (src/cli/code-cache.ts): a run takes the cache its command saved, a run
 * with new options saves it again holding both, a changed bundle or a damaged cache is never taken,
 * and a cache that cannot be written costs nothing but the speed.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBundle, runShape } from '../../src/cli/code-cache.cjs';

let dir: string;
let bundle: string;
const cacheOf = (command: string) => path.join(dir, `kumihan.${command}.cache`);
/** The option sets a cache says it holds (its second line). */
const seenIn = (command: string) => readFileSync(cacheOf(command), 'utf8').split('\n')[1]!.split('\t');

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kumihan-code-cache-'));
  bundle = path.join(dir, 'kumihan.cjs');
  writeFileSync(bundle, 'exports.twice = (n) => n * 2;\nexports.where = __filename;\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('runShape', () => {
  it('names the command and the options, not their values or the files', () => {
    expect(runShape(['build', '--epub', '--out', 'x', '--force', 'a.md'])).toEqual({ command: 'build', options: '--epub --force --out' });
    expect(runShape(['import', 'a.txt', '-o', 'a.md', '-f'])).toEqual({ command: 'import', options: '-f -o' });
    expect(runShape(['build', '--out=dir', '--epub', '--epub'])).toEqual({ command: 'build', options: '--epub --out' });
  });

  it('puts a run without a command word, or with a strange one, under one name', () => {
    expect(runShape(['--help']).command).toBe('cli');
    expect(runShape(['../../etc/passwd']).command).toBe('cli');
    expect(runShape(['BUILD']).command).toBe('cli');
  });
});

describe('loadBundle', () => {
  it('runs the bundle as a CommonJS module, then takes the cache its first run saved', () => {
    const first = loadBundle(bundle, ['build', '--epub']);
    expect((first.exports.twice as (n: number) => number)(21)).toBe(42);
    expect(first.exports.where).toBe(bundle);
    expect(first.cacheUsed).toBe(false);
    first.saveCache();
    expect(seenIn('build')).toEqual(['--epub']);

    const second = loadBundle(bundle, ['build', '--epub', 'other.md']);
    expect(second.cacheUsed).toBe(true);
    const saved = statSync(cacheOf('build')).mtimeMs;
    second.saveCache();
    expect(statSync(cacheOf('build')).mtimeMs).toBe(saved);
    expect(readdirSync(dir).sort()).toEqual(['kumihan.build.cache', 'kumihan.cjs']);
  });

  it('saves again after a run with options the cache has not seen, and keeps one cache per command', () => {
    loadBundle(bundle, ['build', '--epub']).saveCache();
    const other = loadBundle(bundle, ['build', '--pdf']);
    expect(other.cacheUsed).toBe(true);
    other.saveCache();
    expect(seenIn('build')).toEqual(['--epub', '--pdf']);

    const imported = loadBundle(bundle, ['import', 'a.txt']);
    expect(imported.cacheUsed).toBe(false);
    imported.saveCache();
    expect(seenIn('import')).toEqual(['']);
  });

  it('never takes the cache of another bundle', () => {
    loadBundle(bundle, ['build']).saveCache();
    // The same length, which is all V8 checks: the bundle's time tells them apart.
    const { mtime } = statSync(bundle);
    writeFileSync(bundle, 'exports.twice = (n) => n * 3;\nexports.where = __filename;\n');
    utimesSync(bundle, mtime, new Date(mtime.getTime() + 1000));
    const changed = loadBundle(bundle, ['build']);
    expect(changed.cacheUsed).toBe(false);
    expect((changed.exports.twice as (n: number) => number)(2)).toBe(6);
  });

  it('runs without a damaged cache', () => {
    writeFileSync(cacheOf('build'), 'not a cache at all');
    const loaded = loadBundle(bundle, ['build']);
    expect(loaded.cacheUsed).toBe(false);
    expect((loaded.exports.twice as (n: number) => number)(4)).toBe(8);
  });

  it('leaves nothing behind when the cache cannot be written', () => {
    // A folder where the cache would go: the rename fails, as on a read-only install.
    mkdirSync(cacheOf('build'));
    const loaded = loadBundle(bundle, ['build']);
    expect(() => loaded.saveCache()).not.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['kumihan.build.cache', 'kumihan.cjs']);
    expect(statSync(cacheOf('build')).isDirectory()).toBe(true);
  });
});

describe('loadBundle, many option sets', () => {
  it('stops saving a command’s cache after a number of option sets', () => {
    const dir2 = mkdtempSync(path.join(tmpdir(), 'kumihan-code-cache-'));
    try {
      const file = path.join(dir2, 'kumihan.cjs');
      writeFileSync(file, 'exports.ok = true;\n');
      const cache = path.join(dir2, 'kumihan.build.cache');
      let sets = 0;
      for (let i = 0; i < 40; i++) {
        loadBundle(file, ['build', `--option-${i}`]).saveCache();
        const now = readFileSync(cache, 'utf8').split('\n')[1]!.split('\t').length;
        if (now === sets) break;
        sets = now;
      }
      expect(sets).toBeGreaterThan(1);
      expect(sets).toBeLessThan(40);
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  });
});
