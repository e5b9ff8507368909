/**
 * File-system helpers that never leave a half-written output behind: every output is written to
 * a temporary sibling, flushed and renamed into place, and an interrupted run (Ctrl-C, SIGTERM)
 * removes its temporaries before it exits. Also the rules of what kumihan may write over
 * ({@link claimOutput}), in-place edits of a user's file ({@link rewriteInPlace}) and a lock file
 * for state several processes update ({@link withLock}).
 */
import type { Stats } from 'node:fs';
import { closeSync, fsyncSync, ftruncateSync, lstatSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { access, chmod, chown, copyFile, link, mkdir, open, readFile, realpath, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
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

/** Removes every temporary this process left in the directories it wrote to, and the locks it holds; synchronous, for signal handlers. */
export function removeTemporaries(): void {
  for (const lock of heldLocks) rmSync(lock, { force: true });
  heldLocks.clear();
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

/**
 * Writes `data` to `target` through a temporary file, flushed to the disk before the rename (and the
 * directory after it): readers see the old or the new file, never a mix, even after a power cut.
 * A failure names `target`, not the temporary.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: { exclusive?: boolean } = {}): Promise<void> {
  await makeDirectory(path.dirname(target));
  const temporary = temporarySibling(target);
  try {
    await writeDurably(temporary, data);
    if (options.exclusive) {
      // `wx` on a hard link would be atomic too, but rename cannot refuse; check just before it.
      const exists = await access(target).then(() => true, () => false);
      if (exists) throw Object.assign(new Error(`${target} already exists`), { code: 'EEXIST', path: target });
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw namingPath(error, target, temporary);
  }
  await syncDirectory(path.dirname(target));
}

/** Flushes a finished temporary file (written by another process, or without {@link writeFileAtomic}) and moves it into place, removing it on failure. */
export async function commitFile(temporary: string, target: string): Promise<void> {
  try {
    const handle = await open(temporary, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw namingPath(error, target, temporary);
  }
  await syncDirectory(path.dirname(target));
}

/** Copies `source` to `target`; a failure (ENOSPC) names the target, where Node's names the source. */
export async function copyOutput(source: string | URL, target: string): Promise<void> {
  try {
    await copyFile(source, target);
  } catch (error) {
    throw Object.assign(error as object, { path: target });
  }
}

/** Reads a file the user named; a failure (EISDIR, ENOENT, EACCES) names it, which Node's `read` errors do not. */
export async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw namingPath(error, file);
  }
}

/**
 * Gives a file-system error the path the user knows: Node's errors from `read` and `write` on an
 * open file (EISDIR, ENOSPC) carry none, and those about a temporary name the temporary.
 */
export function namingPath(error: unknown, file: string, temporary?: string): unknown {
  const system = error as NodeJS.ErrnoException;
  if (system && typeof system === 'object' && typeof system.code === 'string' && (system.path === undefined || system.path === temporary)) system.path = file;
  return error;
}

/** Creates `file` (it must not exist), writes `data` and flushes it to the disk before closing. */
async function writeDurably(file: string, data: string | Uint8Array, mode?: number): Promise<void> {
  const handle = await open(file, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a directory, which makes a rename in it durable; systems that cannot open or flush a directory are left as they are. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  try {
    await handle?.sync();
  } catch {
    // EINVAL/EISDIR where directories cannot be flushed: the rename is as durable as the system makes it.
  } finally {
    await handle?.close();
  }
}

/** Who asks to write a path, for {@link claimOutput}. */
export interface OutputClaim {
  /** The option that named the path (`--timings`, `--out`), for the refusal. */
  option: string;
  /** `--force` was given: an existing file kumihan did not write may be replaced (an input never is). */
  force?: boolean;
  /** Files this run reads or writes besides, with what they are ("the manuscript"): never written over, even with --force. */
  protect?: ReadonlyArray<{ file: string; role: string }>;
  /** True when the file now at the path is one kumihan wrote (a record of the output directory, the file's own form). */
  ours?: (target: string) => boolean | Promise<boolean>;
}

/**
 * Refuses to let `target` be written when that would replace an input or another output of the
 * run (always), something that is not a regular file (always), or a file kumihan did not write
 * (unless --force): one line naming the file and the option. Call it before any work, so a refused
 * run has written nothing.
 */
export async function claimOutput(target: string, claim: OutputClaim): Promise<void> {
  for (const other of claim.protect ?? []) {
    if (await sameFile(target, other.file)) throw new KumihanError(`${claim.option} would write over ${other.role} ${other.file}; name another file`, { file: target });
  }
  const existing = await stat(target).catch(() => undefined);
  if (!existing) return;
  if (existing.isDirectory()) throw new KumihanError(`${claim.option} names a directory, not a file`, { file: target });
  // A device or a pipe (/dev/null, /dev/stdout) would be replaced by a regular file, not written to.
  if (!existing.isFile()) throw new KumihanError(`${claim.option} names something that is not a regular file; kumihan writes only files`, { file: target });
  if (claim.force || (await claim.ours?.(target))) return;
  throw new KumihanError(`exists and was not written by kumihan; ${claim.option} overwrites it only with --force`, { file: target });
}

/** True when two paths name one file: the same inode (a symlink or a hard link), or the same place for a file not there yet. */
export async function sameFile(a: string, b: string): Promise<boolean> {
  const [first, second] = await Promise.all([stat(a).catch(() => undefined), stat(b).catch(() => undefined)]);
  if (first && second) return first.dev === second.dev && first.ino === second.ino;
  return (await canonicalPath(a)) === (await canonicalPath(b));
}

/** The real path of a file, or of its folder joined with its name when it does not exist yet. */
export async function canonicalPath(file: string): Promise<string> {
  const resolved = path.resolve(file);
  return realpath(resolved).catch(async () => path.join(await realpath(path.dirname(resolved)).catch(() => path.dirname(resolved)), path.basename(resolved)));
}

/**
 * Replaces the text of an existing file the way an editor saves it, for `check --fix`: through a
 * symlink the file it points to is changed and the link stays a link, and the file keeps its mode,
 * its owner and every hard link.
 *
 * A file with one name is replaced by rename (atomic: a crash leaves the old or the new text): the
 * new text is written beside the real file, given its owner and mode, flushed, renamed over it. A
 * file with several hard links, or whose owner this process cannot give a new file (someone
 * else's, writable through its group), is rewritten in its own inode instead: the new text is
 * first written and flushed to a temporary (so the disk has room for it), then copied over the
 * old in one synchronous write (no signal handler runs in between), truncated and flushed; on a
 * write error the old text is put back. Extended attributes and ACLs are kept only by the second way.
 */
export async function rewriteInPlace(file: string, data: string | Uint8Array): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  try {
    const real = await realpath(file);
    const before = await stat(real);
    if (!before.isFile()) throw new KumihanError('is not a regular file; kumihan edits only files', { file });
    const temporary = temporarySibling(real);
    try {
      await writeDurably(temporary, bytes, 0o600);
      if (before.nlink === 1 && (await giveOwner(temporary, before))) {
        // After chown, which clears the set-id bits.
        await chmod(temporary, before.mode & 0o7777);
        await rename(temporary, real);
        await syncDirectory(path.dirname(real));
        return;
      }
      overwriteInode(real, bytes);
    } finally {
      await rm(temporary, { force: true });
    }
  } catch (error) {
    throw namingPath(error, file);
  }
}

/** Gives `file` the owner and group of `like`; false when this process may not (not root, someone else's file). */
async function giveOwner(file: string, like: Stats): Promise<boolean> {
  const now = await stat(file);
  if (now.uid === like.uid && now.gid === like.gid) return true;
  try {
    await chown(file, like.uid, like.gid);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPERM') return false;
    throw error;
  }
}

/** Writes `bytes` over the contents of `file` in its own inode, putting the old contents back if the write fails. */
function overwriteInode(file: string, bytes: Uint8Array): void {
  const old = readFileSync(file);
  const fd = openSync(file, 'r+');
  try {
    try {
      writeAll(fd, bytes);
      ftruncateSync(fd, bytes.length);
      fsyncSync(fd);
    } catch (error) {
      try {
        writeAll(fd, old);
        ftruncateSync(fd, old.length);
        fsyncSync(fd);
      } catch {
        // The write's own error is the one to report.
      }
      throw error;
    }
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at, at);
}

/** Locks held by this process (removed by the signal handler too); and per lock, the turn of this process's next holder. */
const heldLocks = new Set<string>();
const turns = new Map<string, Promise<void>>();
/** How long a live holder may keep a lock before a waiter gives up: holders keep it for a file's read and write. */
const LOCK_WAIT_MS = 30_000;
/** An empty lock file is a holder between creating and filling it, unless it is older than this. */
const EMPTY_LOCK_MS = 10_000;

/**
 * Runs `work` while holding `lockFile`, for a read-modify-write of state that several processes
 * share (the output cache). The lock is a file created exclusively (O_CREAT|O_EXCL) holding the
 * holder's process id; one left by a process that died (kill -9) is removed by the next waiter.
 * Holders in this process take turns before they touch the file, since its pid is the same for all.
 */
export async function withLock<T>(lockFile: string, work: () => Promise<T>): Promise<T> {
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const before = turns.get(lockFile) ?? Promise.resolve();
  const turn = before.then(() => finished);
  turns.set(lockFile, turn);
  await before;
  try {
    await acquireLock(lockFile);
    try {
      return await work();
    } finally {
      heldLocks.delete(lockFile);
      await rm(lockFile, { force: true });
    }
  } finally {
    done();
    if (turns.get(lockFile) === turn) turns.delete(lockFile);
  }
}

async function acquireLock(lockFile: string): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let pause = 1; ; pause = Math.min(pause * 2, 100)) {
    const handle = await open(lockFile, 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw namingPath(error, lockFile);
    });
    if (handle) {
      heldLocks.add(lockFile);
      try {
        await handle.writeFile(`${process.pid}\n`);
        return;
      } catch (error) {
        // A lock that cannot say whose it is (ENOSPC) is not left behind.
        heldLocks.delete(lockFile);
        await rm(lockFile, { force: true });
        throw namingPath(error, lockFile);
      } finally {
        await handle.close();
      }
    }
    const holder = await lockHolder(lockFile);
    if (holder === 'gone') continue;
    if (holder === 'dead') {
      await breakLock(lockFile);
      continue;
    }
    if (Date.now() > deadline) {
      throw new KumihanError(`locked by process ${holder} for over ${LOCK_WAIT_MS / 1000} s; remove the file if no kumihan is running`, { file: lockFile });
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/** The pid (or '?') holding a lock, 'dead' when that process no longer runs, 'gone' when the lock was just released. */
async function lockHolder(lockFile: string): Promise<string | 'dead' | 'gone'> {
  const [content, found] = await Promise.all([readFile(lockFile, 'utf8').catch(() => undefined), stat(lockFile).catch(() => undefined)]);
  if (content === undefined || !found) return 'gone';
  const pid = Number(content.trim());
  if (!Number.isInteger(pid) || pid <= 0) return Date.now() - found.mtimeMs > EMPTY_LOCK_MS ? 'dead' : '?';
  try {
    process.kill(pid, 0);
    return String(pid);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? String(pid) : 'dead';
  }
}

/**
 * Removes a dead holder's lock. It is moved aside first and checked: when two waiters break the
 * same lock, the second may have moved the first's fresh one, and puts it back.
 */
async function breakLock(lockFile: string): Promise<void> {
  const stale = await readFile(lockFile, 'utf8').catch(() => undefined);
  if (stale === undefined) return;
  const aside = `${lockFile}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  if (!(await rename(lockFile, aside).then(() => true, () => false))) return;
  if ((await readFile(aside, 'utf8').catch(() => stale)) !== stale) await link(aside, lockFile).catch(() => {});
  await rm(aside, { force: true });
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
      // A directory of a name no other run uses: two builds into one new directory ran into each
      // other's probe ("already exists"), or one removed what the other had just created.
      const probe = path.join(existing, `.kumihan-probe.${process.pid}.${randomBytes(4).toString('hex')}`);
      await mkdir(probe);
      await rmdir(probe);
    }
  } catch (error) {
    // ENOENT although the parent exists: a kernel file system that takes no new entries (/proc).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') refuse(`the system refuses to create anything in ${existing}`);
    refuse(systemReason(error) ?? String(error));
  }
}

/**
 * `mkdir -p` one level at a time, idempotent (a level another process creates meanwhile is fine):
 * Node's own (`recursive: true`) loops forever where the system answers ENOENT for a parent that
 * exists (`/proc/x`).
 */
export async function makeDirectory(dir: string): Promise<void> {
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
