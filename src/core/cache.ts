/**
 * Content-hash cache for fast rebuilds: an output is fresh when it was built from the same
 * manuscript file (its real path) and the hash of everything it is made from (manuscript content,
 * styles, kumihan's own code, dependency lock, fonts, options) matches the hash recorded when it
 * was built, and the file on disk is still the one that build wrote.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalPath, readInput, withLock, writeFileAtomic } from './fs.js';
import { bookFontFiles } from './assets.js';
import type { Format } from './paths.js';

const CACHE_FILE = '.kumihan-cache.json';
const codeFile = fileURLToPath(import.meta.url);
const codeRoot = path.dirname(path.dirname(codeFile));
const projectRoot = path.dirname(codeRoot);
/** Running from the bundle (scripts/bundle.mjs: the CLI in one CommonJS file), not the compiled modules. */
const bundled = codeFile.endsWith('.cjs');

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every file below `dir` whose name passes `keep`, sorted so the hash is stable. */
function listFiles(dir: string, keep: (name: string) => boolean): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return entries.filter(keep).map((entry) => path.join(dir, entry)).sort();
}

let environmentHash: string | undefined;

/** Hash of what every build shares: kumihan's code, styles, dependency lock and fonts. Computed once per process. */
function environmentFingerprint(): string {
  if (environmentHash) return environmentHash;
  const hash = createHash('sha256');
  // kumihan's code: the compiled modules and the dependency lock, read; or, run from the bundle,
  // the bundle's files by size and time. Each bundling writes them anew, and a bundle is made again
  // after every install (src/cli/bundled.cts), so they stand for the modules and the lock.
  const code = bundled
    ? { read: [], stamped: listFiles(path.dirname(codeFile), (name) => /\.c?js$/.test(name)) }
    : { read: [...listFiles(codeRoot, (name) => /\.(js|ts)$/.test(name) && !name.startsWith('bundle')), path.join(projectRoot, 'package-lock.json')], stamped: [] };
  const files = [...code.read, ...listFiles(path.join(projectRoot, 'styles'), (name) => name.endsWith('.css'))];
  for (const file of files) {
    hash.update(file);
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update('missing');
    }
  }
  for (const file of [...code.stamped, ...bookFontFiles()]) {
    try {
      const stat = statSync(file);
      hash.update(`${file}:${stat.size}:${stat.mtimeMs}`);
    } catch {
      hash.update(`${file}:missing`);
    }
  }
  environmentHash = hash.digest('hex');
  return environmentHash;
}

/**
 * Hash of the picture files a manuscript names (`cover:` and `![…](path)`), read before the
 * manuscript is parsed: a changed photo must rebuild the book. A name this rough scan catches
 * wrongly only costs a hash; one it misses cannot happen for a path the parser accepts.
 */
async function picturesFingerprint(manuscriptPath: string, bytes: Uint8Array): Promise<string> {
  const text = Buffer.from(bytes).toString('utf8');
  const names = [...text.matchAll(/!\[[^\]\n]*\]\(\s*<?([^\s)>]+)/gu)].map((match) => match[1]!);
  // The value is trimmed and unquoted in code: a pattern doing it would backtrack on runs of spaces.
  const cover = /^cover[ \t]*:([^\n]*)$/mu.exec(text)?.[1]!.trim().replace(/^["']/u, '').replace(/["']$/u, '').trim();
  if (cover) names.push(cover);
  if (!names.length) return '';
  const hash = createHash('sha256');
  const dir = path.dirname(manuscriptPath);
  for (const name of names) {
    hash.update(name);
    try {
      hash.update(await readInput(path.resolve(dir, name)));
    } catch {
      hash.update('missing');
    }
  }
  return hash.digest('hex');
}

/** The build options that change the print outputs (PDF and booklet), as their hashes take them. */
export interface PrintInputs {
  size?: string;
  columns?: number;
  cropMarks?: boolean;
  bleed?: string;
  pressReady?: boolean;
  pdfx?: string;
  color?: string;
  profile?: string;
  binding?: string;
  sheet?: string;
  creep?: number;
  browser?: string;
}

/** The input hash of each output format of one manuscript. */
export async function inputFingerprint(manuscriptPath: string, options: PrintInputs): Promise<Record<Format, string>> {
  const manuscript = await readInput(manuscriptPath);
  const common = sha256(environmentFingerprint() + sha256(manuscript) + (await picturesFingerprint(manuscriptPath, manuscript)));
  const print = JSON.stringify({
    size: options.size ?? null,
    columns: options.columns ?? null,
    cropMarks: options.cropMarks ?? false,
    bleed: options.bleed ?? null,
    pressReady: options.pressReady ?? false,
    pdfx: options.pdfx ?? null,
    color: options.color ?? null,
    profile: options.profile ?? null,
    binding: options.binding ?? null,
    sheet: options.sheet ?? null,
    creep: options.creep ?? 0,
    browser: options.browser ?? null,
  });
  return {
    epub: sha256(`epub${common}`),
    pdf: sha256(`pdf${common}${print}`),
    booklet: sha256(`booklet${common}${print}`),
  };
}

/**
 * One output file as its build left it: the manuscript it was built from (its real path, relative
 * to the output directory so a moved project keeps its cache), the hash of everything it was made
 * from (the manuscript's content among them) and the hash of the bytes written.
 */
interface Entry {
  target: string;
  manuscript: string;
  inputs: string;
  output: string;
}

interface Manifest {
  version: 2;
  entries: Record<string, Entry>;
}

/**
 * The record of what was built from what, kept beside the outputs (`.kumihan-cache.json`). It also
 * says which files of the directory kumihan wrote: a file whose hash is recorded for its name is
 * kumihan's, and may be rebuilt without --force (src/core/fs.ts `claimOutput`).
 *
 * Several processes may build into one directory at once: each record is a read-modify-write of
 * the file under a lock (`.kumihan-cache.json.lock`), so every build's entries survive.
 */
export class BuildCache {
  private constructor(
    private readonly dir: string,
    private entries: Record<string, Entry>,
  ) {}

  /** Loads the cache of an output directory; a missing or damaged cache is an empty one. */
  static async open(outDir: string): Promise<BuildCache> {
    return new BuildCache(outDir, await readEntries(path.join(outDir, CACHE_FILE)));
  }

  /** True when `target` was built from this manuscript and these inputs, and is still the file that build wrote. */
  async isFresh(target: string, manuscript: string, inputs: string): Promise<boolean> {
    const entry = this.entries[await this.key(target, manuscript)];
    if (!entry || entry.inputs !== inputs) return false;
    return (await hashFile(target)) === entry.output;
  }

  /** True when the file at `target` is one kumihan wrote there (its hash is the one recorded for its name). */
  async wrote(target: string): Promise<boolean> {
    const name = path.basename(target);
    const recorded = Object.values(this.entries).filter((entry) => entry.target === name);
    if (!recorded.length) return false;
    const hash = await hashFile(target);
    return recorded.some((entry) => entry.output === hash);
  }

  /**
   * Records that `target` now holds `written` (or the file on disk), built from `manuscript` with
   * `inputs`, replacing any entry for the same file; saved at once, so an interrupted build keeps
   * the record of what it finished. `inputs` is '' for outputs never skipped (the errata sheet).
   */
  async record(target: string, manuscript: string, inputs: string, written?: string | Uint8Array): Promise<void> {
    const entry: Entry = {
      target: path.basename(target),
      manuscript: await this.manuscriptId(manuscript),
      inputs,
      output: written === undefined ? ((await hashFile(target)) ?? '') : sha256(written),
    };
    const key = await this.key(target, manuscript);
    const file = path.join(this.dir, CACHE_FILE);
    await withLock(`${file}.lock`, async () => {
      const entries = await readEntries(file);
      for (const [other, recorded] of Object.entries(entries)) if (recorded.target === entry.target) delete entries[other];
      entries[key] = entry;
      const manifest: Manifest = { version: 2, entries };
      await writeFileAtomic(file, `${JSON.stringify(manifest, null, 2)}\n`);
      this.entries = entries;
    });
  }

  private async key(target: string, manuscript: string): Promise<string> {
    return `${await this.manuscriptId(manuscript)} → ${path.basename(target)}`;
  }

  private async manuscriptId(manuscript: string): Promise<string> {
    return path.relative(await canonicalPath(this.dir), await canonicalPath(manuscript));
  }
}

/** The entries of a cache file; the format before version 2 (keyed by output name) still says which files kumihan wrote. */
async function readEntries(file: string): Promise<Record<string, Entry>> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return {};
  }
  if (!data || typeof data !== 'object') return {};
  if ((data as Partial<Manifest>).version === 2) return { ...(data as Manifest).entries };
  const entries: Record<string, Entry> = {};
  for (const [name, old] of Object.entries(data as Record<string, { inputs?: string; output?: string }>)) {
    if (typeof old?.output === 'string') entries[`? → ${name}`] = { target: name, manuscript: '', inputs: '', output: old.output };
  }
  return entries;
}

async function hashFile(file: string): Promise<string | undefined> {
  try {
    return sha256(await readFile(file));
  } catch {
    return undefined;
  }
}
