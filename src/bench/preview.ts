/**
 * Save → updated pages in `kumihan preview`, as an editor sees it: the preview server runs on a
 * copy of the manuscript, a real headless Chromium (puppeteer-core, the system browser) shows the
 * viewer on a page in the middle of the book, and each round writes a marker into a paragraph on
 * that page and times until a shown page holds it. The server's own rewrite time (its "updated …
 * in N s" line) is kept beside it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeDirectory } from '../core/fs.js';
import { treeCpu } from './proc.js';

/** One round: from the write of the manuscript to the marker on a shown page, and the server's rewrite. */
export interface PreviewRound {
  saveToPagesMs: number;
  serverMs: number;
  /**
   * CPU time the preview server and the browser's processes used from the save to the updated
   * page: the work itself, which a machine busy with other things changes less than the wall clock.
   */
  cpuMs: number;
}

export interface PreviewReport {
  /** The page shown (1-based) and the book's page count in the viewer. */
  page: number;
  pages: number;
  /** From opening the preview page to the viewer's document complete. */
  firstLoadMs: number;
  rounds: PreviewRound[];
}

// Ten distinct ideographs: each round's marker differs from the last, so a stale page never matches.
const STEMS = '甲乙丙丁戊己庚辛壬癸';

/** The marker of round `index`: kanji only, which no typographic rule rewrites or splits. */
export function previewMarker(index: number): string {
  return `校正${STEMS[index % STEMS.length]}${STEMS[Math.floor(index / STEMS.length) % STEMS.length]}`;
}

/**
 * `line` with the marker of this round put where `probe` (text shown on the page) stands, and the
 * marker of an earlier round taken out; undefined when the probe is not in the line once.
 */
export function markLine(line: string, probe: string, marker: string): string | undefined {
  const clean = line.replace(/校正[甲乙丙丁戊己庚辛壬癸]{2}/gu, '');
  const at = clean.indexOf(probe);
  if (at === -1 || clean.indexOf(probe, at + 1) !== -1) return undefined;
  return `${clean.slice(0, at)}${marker}${clean.slice(at)}`;
}

interface Options {
  cli: string;
  manuscript: string;
  browser: string;
  dir: string;
  rounds: number;
  /** The page to proofread (1-based); by default the middle of the book. */
  page?: number;
  log: (message: string) => void;
}

/** Starts `kumihan preview` and resolves with its address once it prints it. */
function startPreview(options: Options, copy: string, onUpdate: (seconds: number) => void): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [options.cli, 'preview', path.basename(copy), '--port', '0', '--out', 'out'], { cwd: path.dirname(copy), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (;;) {
      const end = stderr.indexOf('\n');
      if (end === -1) break;
      const line = stderr.slice(0, end);
      stderr = stderr.slice(end + 1);
      const updated = /^updated \(.*\) in ([\d.]+) s$/u.exec(line);
      if (updated) onUpdate(Number(updated[1]));
      else if (line.trim()) options.log(`preview: ${line}`);
    }
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const found = /preview at (http:\/\/\S+)/u.exec(stdout);
      if (found) resolve({ child, url: found[1]! });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`kumihan preview exited with ${code} before serving`)));
  });
}

/** Runs the preview rounds on a copy of `manuscript` in `dir`. */
export async function benchPreview(options: Options): Promise<PreviewReport> {
  const { default: puppeteer } = await import('puppeteer-core');
  await makeDirectory(options.dir);
  const copy = path.join(options.dir, path.basename(options.manuscript));
  await copyFile(options.manuscript, copy);
  let lastUpdate: number | undefined;
  const { child, url } = await startPreview(options, copy, (seconds) => (lastUpdate = seconds * 1000));
  const stop = () => child.kill('SIGTERM');
  process.once('exit', stop);
  const browser = await puppeteer.launch({ executablePath: options.browser, headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const opened = performance.now();
    await page.goto(url);
    const frame = (await (await page.waitForSelector('#viewer'))!.contentFrame())!;
    const complete = () =>
      frame.waitForFunction(() => document.querySelector('#vivliostyle-viewer-viewport')?.getAttribute('data-vivliostyle-viewer-status') === 'complete', {
        polling: 50,
        timeout: 300_000,
      });
    await complete();
    const firstLoadMs = performance.now() - opened;
    // The middle of the book, where an editor proofreading would be, not the cover.
    const pages = await frame.evaluate(() => document.querySelectorAll('[data-vivliostyle-page-container]').length);
    const target = Math.min(pages, Math.max(1, options.page ?? Math.floor(pages / 2)));
    await frame.evaluate((epage) => (window as unknown as { coreViewer: { navigateToPage(how: string, epage: number): void } }).coreViewer.navigateToPage('epage', epage), target - 1);
    const rounds: PreviewRound[] = [];
    for (let index = 0; index < options.rounds; index++) {
      // A paragraph shown on the page now, and eight characters from the middle of what is shown of it.
      const shown = await frame.waitForFunction(
        () => {
          const shownPage = [...document.querySelectorAll<HTMLElement>('[data-vivliostyle-page-container]')].find(
            (container) => container.getBoundingClientRect().width > 0 && getComputedStyle(container).visibility === 'visible' && container.querySelector('p[data-source-line]'),
          );
          const paragraphs = shownPage ? [...shownPage.querySelectorAll('p[data-source-line]')] : [];
          // Runs of eight characters from the middle outwards: typography may have changed some
          // (widths, 縦中横), and the manuscript is searched for each in turn.
          return paragraphs.flatMap((paragraph) => {
            const text = (paragraph.textContent ?? '').replace(/\s/gu, '');
            const line = Number(paragraph.getAttribute('data-source-line'));
            const middle = Math.floor(text.length / 2);
            const starts = [];
            for (let step = 0; step * 8 < text.length; step++) starts.push(middle + step * 8, middle - (step + 1) * 8);
            return starts.filter((start) => start >= 0 && start + 8 <= text.length).map((start) => ({ line, probe: text.slice(start, start + 8) }));
          });
        },
        { polling: 50, timeout: 60_000 },
      );
      const candidates = (await shown.jsonValue()) as Array<{ line: number; probe: string }>;
      const lines = (await readFile(copy, 'utf8')).split('\n');
      const marker = previewMarker(index);
      const chosen = candidates.map((candidate) => ({ ...candidate, marked: markLine(lines[candidate.line - 1] ?? '', candidate.probe, marker) })).find((candidate) => candidate.marked);
      if (!chosen) throw new Error(`no paragraph on page ${target} whose text the manuscript holds as shown`);
      lines[chosen.line - 1] = chosen.marked!;
      lastUpdate = undefined;
      const roots = [child.pid!, browser.process()!.pid!];
      const cpuBefore = treeCpu(roots);
      const started = performance.now();
      await writeFile(copy, lines.join('\n'));
      await page.waitForFunction(
        (text: string) => {
          // Shown means the viewer's frame too: a page inside a frame kept hidden is not seen.
          const frameElement = document.getElementById('viewer') as HTMLIFrameElement;
          if (getComputedStyle(frameElement).visibility !== 'visible') return false;
          const viewer = frameElement.contentDocument;
          return [...(viewer?.querySelectorAll<HTMLElement>('[data-vivliostyle-page-container]') ?? [])].some(
            (container) => container.getBoundingClientRect().width > 0 && getComputedStyle(container).visibility === 'visible' && (container.textContent ?? '').includes(text),
          );
        },
        { polling: 'raf', timeout: 120_000 },
        marker,
      ).catch((error: Error) => {
        throw new Error(`the saved text never showed on a page shown in 120 s (did the viewer move to another page?): ${error.message}`);
      });
      const saveToPagesMs = performance.now() - started;
      const cpuMs = treeCpu(roots) - cpuBefore;
      // The rest of the book is laid out in the background: let it finish before the next round.
      await complete();
      rounds.push({ saveToPagesMs, serverMs: lastUpdate ?? Number.NaN, cpuMs });
      const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      options.log(`preview: round ${index + 1}/${options.rounds}: save → updated page ${seconds(saveToPagesMs)} (server ${seconds(lastUpdate ?? Number.NaN)}; CPU ${seconds(cpuMs)})`);
    }
    return { page: target, pages, firstLoadMs, rounds };
  } finally {
    await browser.close();
    stop();
    process.off('exit', stop);
  }
}
