/**
 * Runs the bundled CLI, one CommonJS file (dist/bundle/kumihan.cjs, scripts/bundle.mjs), with a V8
 * code cache beside it: a short command then skips compiling the code it ran before, most of its
 * start-up after Node's own. Node 20 caches no compiled ES modules (`module.enableCompileCache` is
 * Node 22), hence one CommonJS file compiled through `vm.Script` (docs/performance.md). CommonJS
 * itself, like the bin (kumihan.cts), so that a command never starts Node's ES module loader.
 *
 * One cache per command (`kumihan.build.cache`) holds the functions that command ran. It is saved
 * after a run that succeeded when there was none, when it was stale, or when the run used options
 * the cache has not seen (`build --epub` after `build --pdf`): then it holds what both ran. Saving
 * takes some 50 ms, so a run like one before saves nothing, and after 16 option sets none does.
 * The cache records the bundle's size and time and Node's version, so a new bundle never takes an
 * old cache, and is written through a temporary file renamed into place. It is only ever a
 * speed-up: missing, rejected by V8 or unwritable (a read-only install), the bundle compiles as it
 * would without it.
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export interface LoadedBundle {
  /** What the bundle exports. */
  exports: Record<string, unknown>;
  /** Whether V8 took a cache (false: none, stale or rejected). */
  cacheUsed: boolean;
  /** Saves the cache when this run adds to it (see above); never throws. */
  saveCache(): void;
}

const VERSION = 'kumihan-v8-cache 1';
/** After this many option sets a cache holds nearly all its command runs: a test suite's hundreds of combinations save no more. */
const MAX_OPTION_SETS = 16;

/**
 * The command a run's cache belongs to and the options that shape what it runs: `build` and
 * `--epub --force` for `build --epub --out x --force a.md`. Values and file names do not count.
 */
export function runShape(argv: readonly string[]): { command: string; options: string } {
  const word = argv.find((arg) => !arg.startsWith('-'));
  const command = word && /^[a-z][a-z-]{0,31}$/.test(word) ? word : 'cli';
  const flags = new Set(argv.filter((arg) => /^--?[A-Za-z][\w-]*(?:=|$)/.test(arg)).map((arg) => arg.split('=')[0]!));
  return { command, options: [...flags].sort().join(' ') };
}

/** Compiles and runs the CommonJS bundle as Node's own loader would, with the cache of `argv`'s command when it holds. */
export function loadBundle(bundle: string, argv: readonly string[]): LoadedBundle {
  const { command, options } = runShape(argv);
  const file = path.join(path.dirname(bundle), `kumihan.${command}.cache`);
  const { size, mtimeMs } = statSync(bundle);
  // V8 itself checks little more than the source's length.
  const key = `${VERSION} ${process.version} ${size} ${mtimeMs}`;
  const cache = readCache(file, key);
  // The bundle is ASCII (scripts/bundle.mjs): read as Latin-1, a string of one byte a character.
  const bytes = readFileSync(bundle);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData: cache?.data,
  });
  const cacheUsed = cache !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
  return {
    exports: module.exports,
    cacheUsed,
    saveCache: () => {
      const seen = cacheUsed ? cache.seen : [];
      if (seen.includes(options) || seen.length >= MAX_OPTION_SETS) return;
      writeCache(file, `${key}\n${[...seen, options].join('\t')}\n`, script.createCachedData());
    },
  };
}

/** The cache in `file` when made for this bundle (`key`): V8's data and the option sets of the runs it holds. */
function readCache(file: string, key: string): { data: Buffer; seen: string[] } | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const first = bytes.indexOf(10);
  const second = bytes.indexOf(10, first + 1);
  if (first < 0 || second < 0 || bytes.toString('utf8', 0, first) !== key) return undefined;
  return { data: bytes.subarray(second + 1), seen: bytes.toString('utf8', first + 1, second).split('\t') };
}

function writeCache(file: string, header: string, data: Buffer): void {
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(header), data]), { flag: 'wx' });
    renameSync(temporary, file);
  } catch {
    // Only a speed-up: a read-only install or a full disk runs without it.
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * Runs the CLI bundled in `bundle` on `argv` with its command's cache, sets the exit code, and
 * saves the cache when the run succeeded and adds to it.
 */
export function runBundle(bundle: string, argv: string[]): void {
  const loaded = loadBundle(bundle, argv);
  const { main } = loaded.exports as { main: (argv: string[]) => Promise<number> };
  process.once('exit', (code) => {
    if (code === 0) loaded.saveCache();
  });
  void main(argv).then((code) => {
    process.exitCode = code;
  });
}
