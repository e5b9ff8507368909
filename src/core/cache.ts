/**
 * Content-hash cache for fast rebuilds: an output is fresh when the hash of everything it is made
 * from (manuscript, styles, kumihan's own code, dependency lock, fonts, options) matches the hash
 * recorded when it was built, and the file on disk is still the one that build wrote.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from './fs.js';
import { FONTS } from './environment.js';
import type { BuildOptions } from './build.js';
import type { Format } from './paths.js';

const CACHE_FILE = '.kumihan-cache.json';
const codeRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const projectRoot = path.dirname(codeRoot);

interface Entry {
  inputs: string;
  output: string;
}

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
  const files = [
    ...listFiles(codeRoot, (name) => /\.(js|ts)$/.test(name)),
    ...listFiles(path.join(projectRoot, 'styles'), (name) => name.endsWith('.css')),
    path.join(projectRoot, 'package-lock.json'),
  ];
  for (const file of files) {
    hash.update(file);
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update('missing');
    }
  }
  for (const font of Object.values(FONTS)) {
    try {
      const stat = statSync(font.file);
      hash.update(`${font.file}:${stat.size}:${stat.mtimeMs}`);
    } catch {
      hash.update(`${font.file}:missing`);
    }
  }
  environmentHash = hash.digest('hex');
  return environmentHash;
}

/** The input hash of each output format of one manuscript. */
export async function inputFingerprint(manuscriptPath: string, options: BuildOptions): Promise<Record<Format, string>> {
  const common = sha256(environmentFingerprint() + sha256(await readFile(manuscriptPath)));
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

/** The record of what was built from what, kept beside the outputs. */
export class BuildCache {
  private constructor(
    private readonly file: string,
    private readonly entries: Record<string, Entry>,
  ) {}

  /** Loads the cache of an output directory; a missing or damaged cache is an empty one. */
  static async open(outDir: string): Promise<BuildCache> {
    const file = path.join(outDir, CACHE_FILE);
    try {
      return new BuildCache(file, JSON.parse(await readFile(file, 'utf8')) as Record<string, Entry>);
    } catch {
      return new BuildCache(file, {});
    }
  }

  /** True when `target` was built from these inputs and has not been changed since. */
  isFresh(target: string, inputs: string): boolean {
    const entry = this.entries[path.basename(target)];
    if (!entry || entry.inputs !== inputs) return false;
    try {
      return sha256(readFileSync(target)) === entry.output;
    } catch {
      return false;
    }
  }

  /** Remembers that `target` (now on disk) was built from `inputs`. */
  async record(target: string, inputs: string): Promise<void> {
    this.entries[path.basename(target)] = { inputs, output: sha256(await readFile(target)) };
  }

  /** Writes the cache back (atomically, like every output). */
  async save(): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(this.entries, null, 2)}\n`);
  }
}
