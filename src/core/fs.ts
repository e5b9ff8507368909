/**
 * File-system helpers that never leave a half-written output behind: every output is written to
 * a temporary sibling and renamed into place, and an interrupted run (Ctrl-C, SIGTERM) removes
 * its temporaries before it exits.
 */
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { access, mkdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { KumihanError, systemReason } from './errors.js';
import { isAlive, stopDescendants } from './processes.js';

/**
 * Directories this process writes temporaries into. Temporaries carry the process id in their
 * name, so an interrupted run removes its own and never another run's; they are found by
 * listing these directories, which also catches those a worker thread (the PDF) created.
 */
const temporaryDirs = new Set<string>();
/** Private temporary directories of child processes ({@link makeScratchDirectory}), removed whole on an interrupt. */
const scratchDirs = new Set<string>();
let cleanupInstalled = false;

/** A temporary sibling's name: `.<base>.<pid>.<8 hex>.tmp`, and Vivliostyle's PDF adds `.pdf`. */
const TEMPORARY = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp(?:\.[a-z]+)?$/;
/** A scratch directory's name in the system's temporary directory: `kumihan-build-<pid>-XXXXXX`. */
const SCRATCH = /^kumihan-build-(\d+)-[A-Za-z0-9]{6}$/;

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
  const resolved = path.resolve(dir);
  if (temporaryDirs.has(resolved)) return;
  temporaryDirs.add(resolved);
  // What a killed run (kill -9, a power cut) left here goes now, the first time this run writes here.
  removeStale(resolved, TEMPORARY, (file) => lstatSync(file).isFile());
  installCleanup();
}

function installCleanup(): void {
  // Signals reach the main thread only; a worker's temporaries are found by the listing.
  if (cleanupInstalled || !isMainThread) return;
  cleanupInstalled = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      // Children first (Vivliostyle writes the PDF's temporary itself): none may write after the cleanup.
      stopDescendants();
      removeTemporaries();
      for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
      process.exit(code);
    });
  }
}

/**
 * Removes the entries of `dir` named by `pattern` (its first group a process id) whose process is
 * gone, when `owned` agrees. Only kumihan's own names match, and never a live run's.
 */
function removeStale(dir: string, pattern: RegExp, owned: (file: string) => boolean): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    const file = path.join(dir, name);
    try {
      if (owned(file)) rmSync(file, { recursive: true, force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

/**
 * Makes a private temporary directory for one build's child processes, to be their TMPDIR (TMP,
 * TEMP): Chromium's profile and scratch files land there and go with it — on success, failure,
 * time-out and interrupt alike ({@link removeScratchDirectory}). Those of killed runs are removed
 * first. A system temporary directory that is missing or unusable is one line naming TMPDIR.
 */
export function makeScratchDirectory(): string {
  const parent = os.tmpdir();
  const variable = process.platform === 'win32' ? 'TEMP' : 'TMPDIR';
  removeStale(parent, SCRATCH, (dir) => lstatSync(dir).isDirectory());
  let dir: string;
  try {
    dir = mkdtempSync(path.join(parent, `kumihan-build-${process.pid}-`));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : `cannot be written (${systemReason(error) ?? code})`;
    throw new KumihanError(`the temporary directory ${parent} (${variable}) ${why}; create it or set ${variable} to a directory that exists`);
  }
  scratchDirs.add(dir);
  installCleanup();
  return dir;
}

/** Removes a scratch directory once nothing runs in it any more. */
export async function removeScratchDirectory(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  scratchDirs.delete(dir);
}

/** Removes every temporary this process left in the directories it wrote to; synchronous, for signal handlers. */
export function removeTemporaries(): void {
  for (const dir of temporaryDirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) if (Number(TEMPORARY.exec(name)?.[1]) === process.pid) rmSync(path.join(dir, name), { force: true });
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
