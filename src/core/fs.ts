/**
 * File-system helpers that never leave a half-written output behind: every output is written to
 * a temporary sibling and renamed into place, and an interrupted run (Ctrl-C, SIGTERM) removes
 * its temporaries before it exits.
 */
import { readdirSync, rmSync } from 'node:fs';
import { access, mkdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { KumihanError, systemReason } from './errors.js';
import { stopDescendants } from './processes.js';

/**
 * Directories this process writes temporaries into. Temporaries carry the process id in their
 * name, so an interrupted run removes its own and never another run's; they are found by
 * listing these directories, which also catches those a worker thread (the PDF) created.
 */
const temporaryDirs = new Set<string>();
let cleanupInstalled = false;

/** Path of a fresh temporary sibling of `target`, on the same file system so rename is atomic. */
export function temporarySibling(target: string): string {
  const { dir, base } = path.parse(target);
  removeTemporariesOnExit(dir || '.');
  return path.join(dir, `.${base}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Makes an interrupt (SIGINT, SIGTERM) stop this process's children and remove its temporaries in
 * `dir` before exiting with 130 or 143. Call it for a directory other threads or processes write
 * into (the output directory).
 */
export function removeTemporariesOnExit(dir: string): void {
  temporaryDirs.add(path.resolve(dir));
  // Signals reach the main thread only; a worker's temporaries are found by the listing.
  if (cleanupInstalled || !isMainThread) return;
  cleanupInstalled = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      // Children first (Vivliostyle writes the PDF's temporary itself): none may write after the cleanup.
      stopDescendants();
      removeTemporaries();
      process.exit(code);
    });
  }
}

/** Removes every temporary this process left in the directories it wrote to; synchronous, for signal handlers. */
export function removeTemporaries(): void {
  const mine = new RegExp(`^\\..+\\.${process.pid}\\.[0-9a-f]{8}\\.tmp(?:\\.[a-z]+)?$`);
  for (const dir of temporaryDirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) if (mine.test(name)) rmSync(path.join(dir, name), { force: true });
  }
}

/** Writes `data` to `target` through a temporary file and a rename: readers see the old or the new file, never a mix. */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: { exclusive?: boolean } = {}): Promise<void> {
  await makeDirectory(path.dirname(target));
  const temporary = temporarySibling(target);
  try {
    await writeFile(temporary, data);
    if (options.exclusive) {
      // `wx` on a hard link would be atomic too, but rename cannot refuse; check just before it.
      const exists = await access(target).then(() => true, () => false);
      if (exists) throw Object.assign(new Error(`${target} already exists`), { code: 'EEXIST', path: target });
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Moves a finished temporary file into place, removing the temporary on failure. */
export async function commitFile(temporary: string, target: string): Promise<void> {
  try {
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Refuses, before any work, an output directory that cannot be written: one under a file, on a
 * read-only mount, or where the system refuses to create it (`/proc/x`). Probes by creating and
 * removing what a build would create, so a failed build leaves nothing behind — and permission
 * bits, which do not stop root, are not what it relies on.
 */
export async function requireWritableDirectory(dir: string): Promise<void> {
  const wanted = path.resolve(dir);
  let existing = wanted;
  while (!(await stat(existing).catch(() => undefined))) {
    if (path.dirname(existing) === existing) break;
    existing = path.dirname(existing);
  }
  const refuse = (why: string): never => {
    throw new KumihanError(`cannot write the output here: ${why}`, { file: dir });
  };
  if (!(await stat(existing)).isDirectory()) refuse(`${existing === wanted ? 'it' : path.relative(process.cwd(), existing)} is a file, not a directory`);
  try {
    if (existing === wanted) {
      const probe = temporarySibling(path.join(wanted, 'probe'));
      await writeFile(probe, '');
      await rm(probe, { force: true });
    } else {
      const first = path.join(existing, path.relative(existing, wanted).split(path.sep)[0]!);
      await mkdir(first);
      await rmdir(first);
    }
  } catch (error) {
    // ENOENT although the parent exists: a kernel file system that takes no new entries (/proc).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') refuse(`the system refuses to create anything in ${existing}`);
    refuse(systemReason(error) ?? String(error));
  }
}

/**
 * `mkdir -p` one level at a time: Node's own (`recursive: true`) loops forever where the system
 * answers ENOENT for a parent that exists (`/proc/x`).
 */
async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !(await stat(at).catch(() => undefined)); at = path.dirname(at)) {
    if (path.dirname(at) === at) break;
    missing.unshift(at);
  }
  for (const level of missing) {
    await mkdir(level).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  const found = await stat(dir);
  if (!found.isDirectory()) throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR', path: dir });
}
