/**
 * Vivliostyle in a child Node process, started before the PDF is asked for.
 *
 * Vivliostyle runs in a child process for three reasons measured here: after a failed build its
 * Vite server stays open and keeps the process alive; importing it installs SIGINT/SIGTERM
 * handlers that call process.exit; and a hung Chromium can only be stopped by killing it.
 *
 * Loading @vivliostyle/cli takes about 1.5 s of CPU, as long as reading, typesetting and writing
 * the print HTML of a short book together. So the child is started first and loads Vivliostyle
 * while this process prepares the HTML; the build settings follow on its stdin. A bare
 * `vivliostyle build` pays the same 1.5 s, so kumihan's own work hides inside it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { KumihanError } from '../core/errors.js';
import { writeFileAtomic } from '../core/fs.js';
import { descendants } from '../core/processes.js';

/** Vivliostyle's `build()` settings (its inline config), as much of them as kumihan passes. */
export interface VivliostyleConfig {
  cwd: string;
  input: string;
  output: Array<{ path: string; format: 'pdf' }>;
  executableBrowser: string;
  timeout: number;
  [setting: string]: unknown;
}

/** A Vivliostyle process that has started loading; `render` once, or `dispose` when no PDF is needed. */
export interface VivliostyleWorker {
  /** Settles once Vivliostyle is loaded (or the process is gone): CPU-heavy work waits for it rather than slow the loading down. */
  loaded: Promise<void>;
  /** Builds one PDF; rejects with a one-line KumihanError. Stops the process after `timeout` plus a backstop. */
  render(config: VivliostyleConfig): Promise<void>;
  /** Stops the process if it was never asked to render (a failed parse, say); safe to call twice. */
  dispose(): void;
}

/** Browser start and PDF saving come on top of the typesetting time Vivliostyle measures. */
const BACKSTOP_MS = 30_000;

// The worker: load Vivliostyle at once and say so on stdout, then wait for the settings (one JSON
// document, stdin closed after it). Stdin closed with nothing on it means no PDF is wanted after all.
const WORKER = `
const [cli] = process.argv.slice(1);
try {
  const { build } = await import(cli);
  process.stdout.write('loaded\\n');
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  if (!input.trim()) process.exit(0);
  const config = JSON.parse(input);
  process.chdir(config.cwd);
  await build(config);
  process.exit(0);
} catch (error) {
  process.stderr.write('\\n' + JSON.stringify({ error: String(error?.message ?? error) }) + '\\n');
  process.exit(1);
}
`;

/** Starts a Vivliostyle process; it loads Vivliostyle and then waits for {@link VivliostyleWorker.render}. */
export function startVivliostyle(): VivliostyleWorker {
  // Until the settings arrive the process sits in the temporary directory: no vivliostyle.config.js
  // or Vite config is picked up from the caller's directory.
  // defer-print-media.js: Chromium in print media only for the PDF, not while pages are laid out.
  const child = spawn(process.execPath, ['--import', new URL('./defer-print-media.js', import.meta.url).href, '--input-type=module', '-e', WORKER, vivliostyleEntry()], {
    cwd: os.tmpdir(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });

  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-16_384);
  });
  // A process that cannot start surfaces in render(); until then the error must not go unhandled.
  let startError: Error | undefined;
  child.once('error', (error) => {
    startError = error;
  });
  // Writing to a process that has already died raises EPIPE on stdin; render() reports the exit instead.
  child.stdin!.on('error', () => {});
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const loaded = Promise.race([new Promise<void>((resolve) => child.stdout!.once('data', () => resolve())), exited.then(() => {})]);
  // Vivliostyle logs nothing (logLevel silent), but the pipe must not fill up if it ever did.
  child.stdout!.resume();
  let used = false;

  return {
    loaded,
    async render(config) {
      if (used) throw new Error('a Vivliostyle worker renders one PDF');
      used = true;
      if (startError) throw new KumihanError(`PDF build failed: cannot start Node for Vivliostyle (${startError.message})`);
      child.stdin!.end(JSON.stringify(config));
      const limit = config.timeout + BACKSTOP_MS;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          killTree(child);
          reject(new KumihanError(`PDF build timed out after ${Math.round(limit / 1000)} s (Chromium did not finish); raise the timeout for a longer book`));
        }, limit);
      });
      try {
        const { code, signal } = await Promise.race([exited, timedOut]);
        if (code === 0) return;
        const reason = workerError(stderr) ?? (signal ? `Vivliostyle was stopped by ${signal}` : `Vivliostyle exited with code ${code}`);
        // Chromium's own protocol time-outs follow from Vivliostyle's `timeout`: say which knob to turn.
        if (/timed? ?out/i.test(reason)) throw new KumihanError(`PDF build timed out after ${config.timeout / 1000} s; raise --timeout for a longer book`);
        throw new KumihanError(`PDF build failed: ${reason}`);
      } finally {
        clearTimeout(timer);
      }
    },
    dispose() {
      if (used) return;
      used = true;
      // Still loading Vivliostyle, or waiting: nothing of Chromium's to stop yet.
      child.kill('SIGKILL');
    },
  };
}

/** The ESM entry of @vivliostyle/cli (its exports have no `require` condition, so go through package.json). */
function vivliostyleEntry(): string {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve('@vivliostyle/cli/package.json');
  } catch {
    throw new KumihanError('@vivliostyle/cli is not installed beside kumihan; run `npm ci` (or `npm run setup`)');
  }
  const { exports } = require(manifest) as { exports: { '.': { import: string } } };
  return pathToFileURL(path.join(path.dirname(manifest), exports['.'].import)).href;
}

/** The error the worker reported, else the last line it printed. */
function workerError(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean).reverse();
  for (const line of lines) {
    if (!line.startsWith('{"error"')) continue;
    const message = (JSON.parse(line) as { error: string }).error;
    return message.split('\n').map((part) => part.trim()).find(Boolean)?.replace(/\s+/g, ' ');
  }
  return lines[0];
}

/** Kills a process and everything it started (Chromium runs in its own process group), leaves first. */
function killTree(child: ChildProcess): void {
  if (!child.pid) return;
  for (const id of [child.pid, ...descendants(child.pid)].reverse()) {
    try {
      process.kill(id, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/**
 * The V8 heap limit for Chromium's renderer, in MiB. Left alone, V8 lets the page's heap grow as
 * long as memory is plentiful: typesetting a 460-page book (0.9 MB of print HTML), the renderer's
 * garbage alone took 0.8 GB and the whole build 2.0 GB. Vivliostyle's live data is far smaller:
 * that book typesets under a 128 MiB limit too. So the limit is 256 MiB per MB of print HTML
 * (twice what was needed), and never below 256 MiB.
 */
export function rendererHeapMiB(htmlBytes: number): number {
  return Math.max(256, Math.ceil(((htmlBytes / 1_000_000) * 256) / 64) * 64);
}

/**
 * Chromium flags kumihan adds to Vivliostyle's own: the renderer's heap limit, the GPU service
 * inside the browser process and one renderer process for everything (headless Chromium otherwise
 * keeps a WebUI renderer and a spare one beside the page's). Each process maps Chromium's 200 MB of
 * code and data again: on the 460-page book the last two flags took the summed RSS of the process
 * tree from 1950 to 1823 MiB in the same time (PSS 1278 → 1271 MiB). Measured and left out:
 * --no-zygote (more memory), --disable-gpu (no change), --single-process (2.5 GiB, 40 % slower).
 */
export function chromiumFlags(htmlBytes: number): string[] {
  return [`--js-flags=--max-old-space-size=${rendererHeapMiB(htmlBytes)}`, '--in-process-gpu', '--renderer-process-limit=1'];
}

/**
 * Vivliostyle has no setting for extra browser flags, so it is given a launcher instead of the
 * browser: a shell script in `dir` that starts `browser` with `flags` before Vivliostyle's own.
 * Returns the launcher's path.
 */
export async function writeBrowserLauncher(browser: string, dir: string, flags: string[]): Promise<string> {
  const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
  const launcher = path.join(dir, 'chromium.sh');
  const script = ['#!/bin/sh', '# Written by kumihan (src/writers/vivliostyle.ts): Chromium with the flags Vivliostyle cannot pass.', `exec ${[browser, ...flags].map(quote).join(' ')} "$@"`, ''];
  await writeFileAtomic(launcher, script.join('\n'));
  await chmod(launcher, 0o755);
  return launcher;
}
