/** Earlier versions of a manuscript: by edition name (searched in git history), git revision or file. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseDocument } from 'yaml';
import { KumihanError } from '../core/errors.js';
import { readInput } from '../core/fs.js';

const run = promisify(execFile);

async function git(args: string[], cwd: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 256 << 20 });
    return stdout;
  } catch {
    return undefined;
  }
}

/** The newest edition named in a manuscript's front matter, read leniently (old versions may not validate). */
export function newestEdition(text: string): string | undefined {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match) return undefined;
  const meta = parseDocument(match[1] ?? '').toJS() as { editions?: Array<{ edition?: string }> } | null;
  const editions = meta?.editions ?? [];
  return editions[editions.length - 1]?.edition;
}

/**
 * The text of `manuscript` as it was at `since`: an edition name of its history (the last commit
 * in which that edition was the newest), a git revision, or the path of an older manuscript file.
 */
export async function manuscriptAt(manuscript: string, since: string): Promise<{ text: string; label: string }> {
  if (existsSync(since) && since !== manuscript) return { text: (await readInput(since)).toString('utf8'), label: since };
  const dir = path.dirname(path.resolve(manuscript));
  const name = `./${path.basename(manuscript)}`;
  const commits = (await git(['log', '--format=%H', '--', name], dir))?.split('\n').filter(Boolean);
  if (commits === undefined) throw new KumihanError(`${manuscript} is not in a git repository, so --since ${since} can only be the path of an older manuscript file`);
  for (const commit of commits) {
    const text = await git(['show', `${commit}:${name}`], dir);
    if (text !== undefined && newestEdition(text) === since) return { text, label: `${since} (${commit.slice(0, 7)})` };
  }
  const atRevision = await git(['show', `${since}:${name}`], dir);
  if (atRevision !== undefined) return { text: atRevision, label: since };
  throw new KumihanError(`--since ${since}: no edition of that name in the history of ${manuscript}, and no git revision or file of that name`);
}
