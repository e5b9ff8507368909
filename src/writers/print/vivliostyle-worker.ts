/**
 * The Vivliostyle process that vivliostyle.ts starts: it loads @vivliostyle/cli, says `loaded` on
 * stdout, reads one line of settings from stdin and builds the PDF.
 *
 * Its stdin stays open for as long as the build is wanted. When it closes — kumihan asked the
 * build to stop, or kumihan died (even by `kill -9`: the system closes the pipe) — this process
 * exits at once; on exit puppeteer kills the browser's process group (`taskkill /T` on Windows),
 * and then the private temporary directory the browser wrote into is removed. So no Vivliostyle or
 * Chromium outlives kumihan, on any OS, without /proc.
 *
 * It imports nothing of kumihan's: it must load fast and alone.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The one line kumihan sends: Vivliostyle's `build()` settings and what kumihan adds to the browser launch. */
export interface WorkerRequest {
  config: { cwd: string; timeout: number; [setting: string]: unknown };
  /** Chromium flags Vivliostyle has no setting for. */
  browserFlags: string[];
}

/** The part of puppeteer's browser launcher that is wrapped: the class whose `launch` starts Chromium. */
interface Launcher {
  prototype: { launch(options?: { args?: string[]; timeout?: number; [option: string]: unknown }): Promise<unknown> };
}

/**
 * Makes every browser puppeteer starts get `flags` after Vivliostyle's own arguments, and gives
 * its start-up the same time limit as the whole build instead of puppeteer's fixed 30 s. Returns
 * false when the launcher does not have the expected shape (a puppeteer upgrade): the build then
 * runs without the flags, which only save memory.
 */
export function addLaunchOptions(launcher: Launcher | undefined, flags: string[], timeoutMs: number, onLaunch: () => void = () => {}): boolean {
  const original = launcher?.prototype?.launch;
  if (typeof original !== 'function') return false;
  launcher!.prototype.launch = function (this: unknown, options = {}) {
    onLaunch();
    return original.call(this, { ...options, args: [...(options.args ?? []), ...flags], timeout: timeoutMs });
  };
  return true;
}

/** The part of puppeteer's page class that is wrapped to defer print media. */
interface PageClass {
  prototype: {
    emulateMediaType(type?: string): Promise<void>;
    createPDFStream(...args: unknown[]): Promise<unknown>;
  };
}

const deferred = Symbol('kumihan: print media deferred');

/**
 * Puts Chromium into print media just before the PDF is made, not while Vivliostyle lays the
 * pages out. @vivliostyle/cli 11.0.0 switches the page to print media as soon as its viewer has
 * loaded; in print media the viewer's own stylesheet shows every finished page (`display: block
 * !important` on each page container, with a zoom and a transform), so each page laid out after
 * that is measured in a document holding all the pages before it, and the time per page grows
 * with the book — measured on 1,000 short questions (527 pages), 0.30 s of CPU per page in the
 * first quarter and 0.67 s in the last, 249 s in all; in screen media 0.30–0.36 s per page
 * throughout, 171 s. Vivliostyle computes the document's styles itself, media queries included,
 * so its layout does not depend on the media: the seed's PDF is byte for byte the same either way.
 *
 * So `emulateMediaType('print')` is remembered instead of sent, and sent before the PDF is
 * printed. Returns false, and changes nothing, when the class lacks the expected shape (another
 * puppeteer): the build is then slower, never wrong.
 */
export function deferPrintMedia(page: PageClass | undefined): boolean {
  const prototype = page?.prototype;
  if (!prototype || typeof prototype.emulateMediaType !== 'function' || typeof prototype.createPDFStream !== 'function') return false;
  const { emulateMediaType, createPDFStream } = prototype;
  type Deferring = PageClass['prototype'] & { [deferred]?: boolean };
  prototype.emulateMediaType = async function (this: Deferring, type?: string) {
    if (type !== 'print') return emulateMediaType.call(this, type);
    this[deferred] = true;
  };
  prototype.createPDFStream = async function (this: Deferring, ...args: unknown[]) {
    if (this[deferred]) {
      this[deferred] = false;
      await emulateMediaType.call(this, 'print');
    }
    return createPDFStream.apply(this, args);
  };
  return true;
}

/** Runs the worker: `node vivliostyle-worker.js <@vivliostyle/cli URL> <puppeteer-core URL> <scratch dir>`. */
export async function runWorker([cliUrl, puppeteerUrl, scratch]: string[]): Promise<void> {
  let request = '';
  let started = false;
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    if (started) return;
    request += chunk;
    const end = request.indexOf('\n');
    if (end < 0) return;
    started = true;
    void build(JSON.parse(request.slice(0, end)) as WorkerRequest);
  });
  // Stdin closed: stop. Registered now, after puppeteer's own exit handler (added when it launched
  // the browser), so the browser is dead before its temporary files go.
  process.stdin.on('end', () => {
    process.on('exit', () => {
      if (!scratch) return;
      process.chdir(path.dirname(scratch));
      rmSync(scratch, { recursive: true, force: true });
    });
    process.exit(started ? 1 : 0);
  });

  // Loading takes seconds of CPU; the settings may arrive before it is done.
  const loading = import(cliUrl!) as Promise<{ build(config: unknown): Promise<unknown> }>;
  loading.then(() => process.stdout.write('loaded\n'), fail);

  async function build({ config, browserFlags }: WorkerRequest): Promise<void> {
    try {
      const vivliostyle = await loading;
      const puppeteer = (await import(puppeteerUrl!)) as { ChromeLauncher?: Launcher; CdpPage?: PageClass };
      addLaunchOptions(puppeteer.ChromeLauncher, browserFlags, config.timeout, () => process.stdout.write('launching\n'));
      deferPrintMedia(puppeteer.CdpPage);
      process.chdir(config.cwd);
      await vivliostyle.build(config);
      process.exit(0);
    } catch (error) {
      fail(error);
    }
  }
}

/** Reports an error as one JSON line on stderr (Vivliostyle may have printed before it) and exits 1. */
function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`\n${JSON.stringify({ error: message })}\n`);
  process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runWorker(process.argv.slice(2));
