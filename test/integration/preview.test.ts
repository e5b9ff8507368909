/**
 * `kumihan preview` in a real browser (puppeteer-core driving the system Chromium): the page loads
 * the viewer with vertical pages, click-to-source names the manuscript line, a save updates the
 * pages, and a broken save shows its error while the last good pages stay.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/cli/bin.js');
const small = path.join(root, 'test/fixtures/manuscript/small.md');
const chromium = process.env.KUMIHAN_BROWSER ?? '/usr/bin/chromium';

describe('kumihan preview in the browser', { timeout: 300_000 }, () => {
  let project: string;
  let child: ChildProcess;
  let browser: Browser;
  let page: Page;
  let viewer: Frame;
  let log = '';
  const manuscript = () => path.join(project, 'book.md');

  beforeAll(async () => {
    project = mkdtempSync(path.join(tmpdir(), 'kumihan-preview-'));
    cpSync(small, manuscript());
    child = spawn('node', [bin, 'preview', 'book.md', '--port', '0', '--out', 'out'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    // The address is printed once the pages are written and the watcher is ready: the evidence to wait on.
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /preview at (http:\/\/\S+)/.exec(out);
        if (found) resolve(found[1]!);
      });
      child.once('exit', (code) => reject(new Error(`preview exited with ${code}: ${log}`)));
    });
    browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage();
    // The viewer opens where `f` says (Vivliostyle's own parameter, as it writes it when pages are
    // turned): the start of the main text (body › 4th element, after cover, title page and 目次).
    await page.goto(`${url}?f=${encodeURIComponent('epubcfi(/2!/4/8)')}`);
    const frame = await (await page.waitForSelector('#viewer'))!.contentFrame();
    viewer = frame!;
    // Until the viewer says the document is complete it lays pages out hidden and lays them out again
    // (zoomed to fit): paragraphs found before that are hidden or replaced, and a click on one
    // lands elsewhere. The viewer's status attribute is the evidence that the pages stay.
    await viewer.waitForFunction(
      () =>
        document.querySelector('#vivliostyle-viewer-viewport')?.getAttribute('data-vivliostyle-viewer-status') === 'complete' &&
        [...document.querySelectorAll('[data-vivliostyle-page-container] p[data-source-line]')].some((element) => element.getBoundingClientRect().width > 0),
      { timeout: 120_000, polling: 250 },
    );
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    child?.kill('SIGTERM');
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('shows vertical pages in the Vivliostyle viewer', async () => {
    const modes = await viewer.$$eval('[data-vivliostyle-page-container] [data-source-line]', (elements) => elements.map((element) => getComputedStyle(element).writingMode));
    expect(modes.length).toBeGreaterThan(0);
    expect(new Set(modes)).toEqual(new Set(['vertical-rl']));
    expect(await viewer.$$eval('[data-vivliostyle-page-container]', (pages) => pages.length)).toBeGreaterThan(0);
  });

  it('names the manuscript line of the text clicked', async () => {
    const lines = readFileSync(manuscript(), 'utf8').split('\n');
    // Widths folded, spaces and the Markdown of a speaker label (`**山田**：`) left out.
    const fold = (text: string) => text.normalize('NFKC').replace(/[\s*:]/g, '');
    // Real mouse clicks on each paragraph on screen: the line named holds that paragraph's text.
    const shown = await viewer.$$('[data-vivliostyle-page-container] p[data-source-line]');
    const frame = await page.$eval('#viewer', (element) => {
      const box = element.getBoundingClientRect();
      return { x: box.left + element.clientLeft, y: box.top + element.clientTop };
    });
    let clicked = 0;
    for (const paragraph of shown) {
      // A point of the paragraph's text inside the viewer's window that the browser confirms is the
      // paragraph's (a tall paragraph's centre can lie below the window, a page can cover another).
      const { line, text, point } = await paragraph.evaluate((element) => {
        const range = document.createRange();
        range.selectNodeContents(element);
        const boxes = [...range.getClientRects(), ...element.getClientRects()];
        let point: { x: number; y: number } | undefined;
        for (const box of boxes) {
          const left = Math.max(0, box.left);
          const right = Math.min(innerWidth, box.right);
          const top = Math.max(0, box.top);
          const bottom = Math.min(innerHeight, box.bottom);
          if (right - left < 1 || bottom - top < 1) continue;
          const x = (left + right) / 2;
          const y = (top + bottom) / 2;
          const hit = document.elementFromPoint(x, y);
          if (hit && element.contains(hit)) {
            point = { x, y };
            break;
          }
        }
        return { line: Number(element.getAttribute('data-source-line')), text: element.textContent ?? '', point };
      });
      if (!point) continue;
      await page.mouse.click(frame.x + point.x, frame.y + point.y);
      await page.waitForFunction((expected) => document.getElementById('source')!.textContent === expected, { polling: 250 }, `book.md:${line}`);
      expect(fold(lines[line - 1] ?? '')).toContain(fold(text).slice(-6));
      expect(await page.$eval('#editor', (link) => link.getAttribute('href'))).toBe(`vscode://file${manuscript()}:${line}`);
      clicked++;
    }
    expect(clicked).toBeGreaterThan(0);
  });

  it('updates the pages after a save, without a reload by hand, on the page the editor was on', async () => {
    // The pages shown (their places among the laid-out pages) and their text, as the editor sees them.
    const shown = () =>
      page.evaluate(() => {
        const viewerDocument = (document.getElementById('viewer') as HTMLIFrameElement).contentDocument;
        const pages = [...(viewerDocument?.querySelectorAll<HTMLElement>('[data-vivliostyle-page-container]') ?? [])];
        const visible = pages.filter((container) => container.getBoundingClientRect().width > 0 && getComputedStyle(container).visibility === 'visible');
        return { places: visible.map((container) => pages.indexOf(container)), text: visible.map((container) => container.textContent ?? '').join('') };
      });
    const before = await shown();
    expect(before.text).toContain('よく覚えています。');
    writeFileSync(manuscript(), readFileSync(manuscript(), 'utf8').replace('よく覚えています。', 'よく覚えていません。'));
    await page.waitForFunction(
      () => {
        const viewerDocument = (document.getElementById('viewer') as HTMLIFrameElement).contentDocument;
        return [...(viewerDocument?.querySelectorAll<HTMLElement>('[data-vivliostyle-page-container]') ?? [])].some(
          (container) => container.getBoundingClientRect().width > 0 && getComputedStyle(container).visibility === 'visible' && container.textContent?.includes('よく覚えていません'),
        );
      },
      { timeout: 120_000, polling: 250 },
    );
    expect((await shown()).places).toEqual(before.places);
  });

  it('shows a broken save with file:line:col in the page and keeps the last good pages', async () => {
    writeFileSync(manuscript(), readFileSync(manuscript(), 'utf8').replace('**山田**：答えです。', '**誰か**：答えです。'));
    await page.waitForSelector('#error:not([hidden])', { timeout: 120_000 });
    expect(await page.$eval('#error', (box) => box.textContent)).toMatch(/book\.md:\d+:\d+: /);
    const text = await page.evaluate(() => (document.getElementById('viewer') as HTMLIFrameElement).contentDocument?.body.textContent ?? '');
    expect(text).toContain('よく覚えていません');
  });
});
