/** Small pieces several subcommands share. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { KumihanError, systemReason } from '../core/errors.js';
import { canonicalPath } from '../core/fs.js';

/**
 * The manuscripts named on the command line, or every `manuscript/*.md`. A named one that is
 * missing or not a file (a directory) is one line naming it, before any work; one named twice
 * (also through a link) counts once.
 */
export async function resolveManuscripts(named: string[], dir = 'manuscript'): Promise<string[]> {
  if (named.length) {
    const seen = new Set<string>();
    const files: string[] = [];
    for (const file of named) {
      const found = await stat(file).catch((error: unknown) => {
        throw new KumihanError(systemReason(error) ?? String(error), { file });
      });
      if (found.isDirectory()) throw new KumihanError('is a directory', { file });
      const real = await canonicalPath(file);
      if (!seen.has(real)) files.push(file);
      seen.add(real);
    }
    return files;
  }
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    throw new KumihanError(`no manuscript given and no ${dir}/ directory here; run \`kumihan import TRANSCRIPT\` first`);
  }
  const found = entries.filter((name) => name.endsWith('.md')).sort().map((name) => path.join(dir, name));
  if (!found.length) throw new KumihanError(`no manuscript found in ${dir}/; run \`kumihan import TRANSCRIPT\` first`);
  return found;
}

/**
 * Runs `work` over `items` with at most `limit` at a time, keeping the results in order. After a
 * failure no new item starts, and the items already running are waited for before the first
 * error is thrown: the caller never returns while work it started still writes files.
 */
export async function runBounded<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const lanes = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  const settled = await Promise.allSettled(lanes);
  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return results;
}
