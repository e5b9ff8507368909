/** Earlier versions of a manuscript: by edition name (searched in git history), git revision or file. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseDocument } from 'yaml';
import { KumihanError } from '../core/errors.js';
import { MAX_YAML_ALIASES } from '../manuscript/front-matter.js';
import { printable } from '../core/text.js';
import { readInput } from '../core/fs.js';

const run = promisify(execFile);

/**
 * Runs git; undefined when it fails. Every user value (a revision, a path) comes after
 * `--end-of-options` (git ≥ 2.24), so a value such as `--output=FILE` is never read as an option.
 */
async function git(command: string, options: string[], values: string[], cwd: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', [command, ...options, '--end-of-options', ...values], { cwd, maxBuffer: 256 << 20 });
    return stdout;
  } catch {
    return undefined;
  }
}

/** The last edition listed in a manuscript's front matter, read leniently (old versions may not validate). */
export function lastEditionNamed(text: string): string | undefined {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match) return undefined;
  let meta: { editions?: Array<{ edition?: string }> } | null;
  try {
    // An alias bomb in an old revision throws (ReferenceError) instead of expanding: that revision names no edition.
    meta = parseDocument(match[1] ?? '').toJS({ maxAliasCount: MAX_YAML_ALIASES }) as typeof meta;
  } catch {
    return undefined;
  }
  const editions = meta?.editions ?? [];
  return editions[editions.length - 1]?.edition;
}

/**
 * The text of `manuscript` as it was at `since`: an edition name of its history (the last commit
 * in which that edition was the newest), a git revision, or the path of an older manuscript file.
 */
export async function manuscriptAt(manuscript: string, since: string): Promise<{ text: string; label: string }> {
  if (existsSync(since) && since !== manuscript) return { text: (await readInput(since)).toString('utf8'), label: since };
  // An edition name or a revision never starts with a dash; such a value could only be read as an option.
  if (since.startsWith('-')) throw new KumihanError(`--since ${printable(since)}: an edition, a git revision or a file, not an option (a revision never starts with "-")`);
  const dir = path.dirname(path.resolve(manuscript));
  const name = `./${path.basename(manuscript)}`;
  const commits = (await git('log', ['--format=%H'], ['--', name], dir))?.split('\n').filter(Boolean);
  if (commits === undefined) throw new KumihanError(`${manuscript} is not in a git repository, so --since ${printable(since)} can only be the path of an older manuscript file`);
  for (const commit of commits) {
    const text = await git('show', [], [`${commit}:${name}`], dir);
    if (text !== undefined && lastEditionNamed(text) === since) return { text, label: `${since} (${commit.slice(0, 7)})` };
  }
  const atRevision = await git('show', [], [`${since}:${name}`], dir);
  if (atRevision !== undefined) return { text: atRevision, label: since };
  throw new KumihanError(`--since ${printable(since)}: no edition of that name in the history of ${manuscript}, and no git revision or file of that name`);
}
