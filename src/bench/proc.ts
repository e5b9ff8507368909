/**
 * Runs a command as a child process and measures it from the outside: wall-clock time from spawn
 * to exit, CPU time of the whole process tree (Node, every Chromium process), and its peak
 * resident memory, sampled from /proc — no GNU time or hyperfine needed.
 *
 * CPU time is what a loaded machine does not change much: wall-clock time does. It is read as the
 * growth of this process's "children" times (cutime + cstime in /proc/self/stat), which the kernel
 * adds up for every descendant reaped in turn, so only one command may run at a time.
 *
 * Memory is the largest sum over the tree seen at any sample, of two figures: VmRSS, where pages
 * that Chromium's processes share are counted once per process (an upper bound), and PSS from
 * smaps_rollup, where a shared page is split between its sharers (what the tree really holds).
 * PSS is dearer to read, so it is sampled every third time. A spike shorter than the sampling
 * interval can be missed.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The outcome of one measured run. */
export interface Measurement {
  /** Spawn to exit, in milliseconds. */
  wallMs: number;
  /** User + system CPU time of the whole tree, in milliseconds (NaN without /proc). */
  cpuMs: number;
  /**
   * User + system CPU time summed over every process seen in the tree, each at its last sample
   * (0 without /proc). Unlike `cpuMs` it includes processes nobody reaps in turn — Chromium's
   * renderer, where the typesetting happens — less each process's last sampling interval.
   */
  sampledCpuMs: number;
  /** Largest sampled sum of VmRSS over the process tree, in bytes (0 where /proc is missing). */
  peakRssBytes: number;
  /** Largest sampled sum of PSS over the process tree, in bytes (0 where smaps_rollup is missing). */
  peakPssBytes: number;
  /** How many samples were taken. */
  samples: number;
  stdout: string;
  stderr: string;
}

/** The resident set size in bytes from the text of /proc/PID/status; undefined when absent (kernel threads, zombies). */
export function parseVmRss(status: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB$/mu.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** Linux reports times in clock ticks of 1/100 s (USER_HZ) on every architecture it runs Node on. */
const TICK_MS = 10;

/** CPU time of a process's reaped descendants (cutime + cstime) in ms, from the text of /proc/PID/stat. */
export const parseChildrenCpu = (stat: string): number | undefined => cpuFields(stat, 16);

/** CPU time a process itself has used (utime + stime) in ms, from the text of /proc/PID/stat. */
export const parseOwnCpu = (stat: string): number | undefined => cpuFields(stat, 14);

/** The sum of stat fields `field` and `field + 1` (1-based, clock ticks) in ms. The name in parentheses may hold spaces. */
function cpuFields(stat: string, field: number): number | undefined {
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  // The fields after ") " start with field 3 (the state).
  const fields = stat.slice(close + 2).split(' ');
  const first = Number(fields[field - 3]);
  const second = Number(fields[field - 2]);
  return Number.isFinite(first) && Number.isFinite(second) ? (first + second) * TICK_MS : undefined;
}

/**
 * CPU time used so far by the living processes of the trees under `roots` (long-lived processes such
 * as a server and a browser: the growth between two readings is the work done between them).
 */
export function treeCpu(roots: readonly number[]): number {
  let total = 0;
  for (const pid of roots.flatMap((root) => liveTree(root))) {
    const stat = readText(`/proc/${pid}/stat`);
    total += (stat && parseOwnCpu(stat)) || 0;
  }
  return total;
}

function childrenCpu(): number {
  const stat = readText('/proc/self/stat');
  return (stat === undefined ? undefined : parseChildrenCpu(stat)) ?? Number.NaN;
}

/** The proportional set size in bytes from the text of /proc/PID/smaps_rollup. */
export function parsePss(smapsRollup: string): number | undefined {
  const match = /^Pss:\s+(\d+)\s+kB$/mu.exec(smapsRollup);
  return match ? Number(match[1]) * 1024 : undefined;
}

/**
 * The parent pid from the text of /proc/PID/stat. The command name (field 2, in parentheses) may
 * itself hold spaces and parentheses, so the fields are counted from the last `)`.
 */
export function parseParentPid(stat: string): number | undefined {
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  // After ") ": state, ppid, …
  const ppid = Number(stat.slice(close + 2).split(' ')[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

/** `root` and every process descending from it, given each process's parent. */
export function processTree(root: number, parents: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    if (pid === ppid) continue;
    const siblings = children.get(ppid);
    if (siblings) siblings.push(pid);
    else children.set(ppid, [pid]);
  }
  const tree: number[] = [];
  const queue = [root];
  const seen = new Set<number>();
  while (queue.length) {
    const pid = queue.shift()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // The process ended between listing and reading.
    return undefined;
  }
}

/** `root` and its descendants right now, from /proc; empty without /proc. */
export function liveTree(root: number): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/u.test(name));
  } catch {
    return [];
  }
  const parents = new Map<number, number>();
  for (const pid of pids) {
    const stat = readText(`/proc/${pid}/stat`);
    const ppid = stat === undefined ? undefined : parseParentPid(stat);
    if (ppid !== undefined) parents.set(Number(pid), ppid);
  }
  // A root that is already gone has no tree.
  return parents.has(root) ? processTree(root, parents) : [];
}

/** Sum over processes of a figure read from one of their /proc files, in bytes. */
export function sumOver(pids: readonly number[], file: 'status' | 'smaps_rollup'): number {
  const parse = file === 'status' ? parseVmRss : parsePss;
  let total = 0;
  for (const pid of pids) {
    const text = readText(`/proc/${pid}/${file}`);
    total += (text && parse(text)) || 0;
  }
  return total;
}

/** Runs `command` to its end, sampling the tree's memory every `pollMs`; rejects when it fails. */
export async function measure(command: string, args: readonly string[], options: { cwd?: string; pollMs?: number } = {}): Promise<Measurement> {
  const cpuBefore = childrenCpu();
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let peakRssBytes = 0;
  let peakPssBytes = 0;
  let samples = 0;
  const cpuByPid = new Map<number, number>();
  const sample = () => {
    if (child.pid === undefined || child.exitCode !== null) return;
    const tree = liveTree(child.pid);
    for (const pid of tree) {
      const stat = readText(`/proc/${pid}/stat`);
      const cpu = stat === undefined ? undefined : parseOwnCpu(stat);
      if (cpu !== undefined) cpuByPid.set(pid, Math.max(cpu, cpuByPid.get(pid) ?? 0));
    }
    peakRssBytes = Math.max(peakRssBytes, sumOver(tree, 'status'));
    if (samples % 3 === 0) peakPssBytes = Math.max(peakPssBytes, sumOver(tree, 'smaps_rollup'));
    samples++;
  };
  const timer = setInterval(sample, options.pollMs ?? 100);
  try {
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    const wallMs = performance.now() - started;
    const cpuMs = childrenCpu() - cpuBefore;
    // The exit comes before the last output: wait for the pipes to close.
    if (child.stdout.readable || child.stderr.readable) await new Promise((resolve) => child.once('close', resolve));
    if (exit.code !== 0) {
      const tail = stderr.trim().split('\n').slice(-5).join('\n');
      throw new Error(`${command} ${args.join(' ')} failed (${exit.signal ?? `exit code ${exit.code}`}):\n${tail}`);
    }
    const sampledCpuMs = [...cpuByPid.values()].reduce((sum, cpu) => sum + cpu, 0);
    return { wallMs, cpuMs, sampledCpuMs, peakRssBytes, peakPssBytes, samples, stdout, stderr };
  } finally {
    clearInterval(timer);
  }
}
