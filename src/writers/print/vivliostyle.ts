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
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { KumihanError } from '../../core/errors.js';
import { makeScratchDirectory, removeScratchDirectory } from '../../core/fs.js';
import { descendants } from '../../core/processes.js';
import type { WorkerRequest } from './vivliostyle-worker.js';
import { browserEnvironment } from '../../core/assets.js';

/** Vivliostyle's `build()` settings (its inline config), as much of them as kumihan passes. */
export interface VivliostyleConfig {
  cwd: string;
  input: string;
  output: Array<{ path: string; format: 'pdf' }>;
  /** The browser; absent, Vivliostyle downloads one (`--download-browser`). */
  executableBrowser?: string;
  timeout: number;
  [setting: string]: unknown;
}

/** A Vivliostyle process that has started loading; `render` once, or `dispose` when no PDF is needed. */
export interface VivliostyleWorker {
  /** Settles once Vivliostyle is loaded (or the process is gone): CPU-heavy work waits for it rather than slow the loading down. */
  loaded: Promise<void>;
  /**
   * Builds one PDF, starting the browser with `browserFlags` besides Vivliostyle's own; rejects
   * with a one-line KumihanError. Stops everything after exactly `config.timeout`. Settles only
   * once the process, its browser and their temporary directory are gone. `estimatedPages`: the
   * limit is kumihan's default for a book of about so many pages (the time-out message says so).
   */
  render(config: VivliostyleConfig, browserFlags?: string[], estimatedPages?: number): Promise<void>;
  /** Stops the process if it was never asked to render (a failed parse, say); safe to call twice. */
  dispose(): void;
}

/**
 * Starts a Vivliostyle process (vivliostyle-worker.ts); it loads Vivliostyle and then waits for
 * {@link VivliostyleWorker.render}. It dies with this process, however this one ends, and it and
 * its browser write temporary files only into a private directory removed when they are done.
 */
export function startVivliostyle(): VivliostyleWorker {
  const entries = vivliostyleEntries();
  const scratch = makeScratchDirectory();
  // Until the settings arrive the process sits in its scratch directory: no vivliostyle.config.js
  // or Vite config is picked up from the caller's directory.
  const child = spawn(process.execPath, [workerScript(), entries.cli, entries.puppeteer, scratch], {
    cwd: scratch,
    // Chromium inherits it: the book fonts are the only fonts it sees (core/assets.ts); its
    // temporaries go to the scratch directory.
    env: { ...browserEnvironment(), TMPDIR: scratch, TMP: scratch, TEMP: scratch },
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group on POSIX: a terminal's Ctrl-C reaches kumihan alone, which stops the
    // whole tree in order; and the group can be killed at once.
    detached: process.platform !== 'win32',
    windowsHide: true,
  });

  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-16_384);
  });
  // A process that cannot start surfaces in render(); until then the error must not go unhandled.
  let startError: Error | undefined;
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (error) => {
      startError = error;
      resolve({ code: null, signal: null });
    });
    child.once('close', (code, signal) => resolve({ code, signal }));
  }).finally(() => {
    running = false;
  });
  // The scratch directory goes once the process is gone, whatever ended it.
  const cleaned = exited.then(() => removeScratchDirectory(scratch)).catch(() => {});
  // Writing to a process that has already died raises EPIPE on stdin; render() reports the exit instead.
  child.stdin!.on('error', () => {});

  // The worker says `loaded` once Vivliostyle is loaded and `launching` when the browser starts.
  let said = '';
  let loadedResolve!: () => void;
  const loaded = Promise.race([new Promise<void>((resolve) => (loadedResolve = resolve)), exited.then(() => {})]);
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    said += chunk;
    if (said.includes('loaded\n')) loadedResolve();
  });

  /** Stops the process and its browser; the promise `exited` settles once it is gone. */
  const stop = () => {
    // Stdin closed: the worker exits, and puppeteer kills the browser as it does (any OS).
    child.stdin!.end();
    if (!running || !child.pid) return;
    if (!existsSync('/proc/self/stat')) {
      // No process table to read: a worker that does not leave by itself is killed after a while.
      setTimeout(() => running && child.kill('SIGKILL'), 5_000).unref();
      return;
    }
    // Where the process table can be read, the whole tree is killed at once, leaves first (a
    // browser that hangs never reads anything).
    for (const id of [child.pid, ...descendants(child.pid)].reverse()) {
      try {
        process.kill(id, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  let used = false;

  return {
    loaded,
    async render(config, browserFlags = [], estimatedPages) {
      if (used) throw new Error('a Vivliostyle worker renders one PDF');
      used = true;
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        if (startError) throw new KumihanError(`PDF build failed: cannot start Node for Vivliostyle (${startError.message})`);
        const request: WorkerRequest = { config, browserFlags };
        child.stdin!.write(`${JSON.stringify(request)}\n`);
        // The time limit is kumihan's, exactly: Vivliostyle's own timers start later and cover
        // less (not the browser's start, nor the PDF's saving).
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), config.timeout);
        });
        const outcome = await Promise.race([exited, timedOut]);
        const elapsed = performance.now() - started;
        if (outcome === 'timeout') {
          stop();
          await exited;
          throw timeoutError(elapsed, config.timeout, estimatedPages);
        }
        if (outcome.code === 0) return;
        const reason = workerError(stderr) ?? (outcome.signal ? `Vivliostyle was stopped by ${outcome.signal}` : `Vivliostyle exited with code ${outcome.code}`);
        // Chromium's own protocol time-outs follow from the same limit: say which knob to turn.
        if (/timed? ?out/i.test(reason)) throw timeoutError(elapsed, config.timeout, estimatedPages);
        if (!config.executableBrowser && !said.includes('launching\n')) {
          throw new KumihanError(`PDF build failed: --download-browser could not download a browser (${reason}); downloading needs the network — without it, install Chrome or Chromium, or set KUMIHAN_BROWSER`);
        }
        throw new KumihanError(`PDF build failed: ${reason}`);
      } finally {
        clearTimeout(timer);
        stop();
        await cleaned;
      }
    },
    dispose() {
      if (used) return;
      used = true;
      stop();
    },
  };
}

/**
 * The time-out, with the time it really took, the limit (and, for kumihan's default limit, the
 * page count it was worked out for: print-extent.ts) and the option that sets the limit.
 */
export function timeoutError(elapsedMs: number, limitMs: number, estimatedPages?: number): KumihanError {
  const seconds = (ms: number) => (ms >= 10_000 ? String(Math.round(ms / 1000)) : (Math.round(ms / 100) / 10).toFixed(1));
  const limit = estimatedPages === undefined ? `${limitMs / 1000} s` : `${seconds(limitMs)} s, the default for about ${estimatedPages} pages`;
  return new KumihanError(`PDF build timed out after ${seconds(elapsedMs)} s (the limit was ${limit}); raise it with --timeout SECONDS for a longer book`);
}

/** The worker's compiled script. Under vitest this module runs from src/ as TypeScript; the worker always runs from dist/. */
function workerScript(): string {
  const compiled = import.meta.url.endsWith('.ts') ? '../../../dist/writers/print/vivliostyle-worker.js' : './vivliostyle-worker.js';
  return fileURLToPath(new URL(compiled, import.meta.url));
}

/**
 * The ESM entries of @vivliostyle/cli and of the puppeteer-core it loads (their exports have no
 * `require` condition for the former, so go through package.json).
 */
function vivliostyleEntries(): { cli: string; puppeteer: string } {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve('@vivliostyle/cli/package.json');
  } catch {
    throw new KumihanError('@vivliostyle/cli is not installed beside kumihan; run `npm ci` (or `npm run setup`)');
  }
  const entry = (file: string) => {
    const { exports } = require(file) as { exports: { '.': { import: string } } };
    return pathToFileURL(path.join(path.dirname(file), exports['.'].import)).href;
  };
  return { cli: entry(manifest), puppeteer: entry(createRequire(manifest).resolve('puppeteer-core/package.json')) };
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
