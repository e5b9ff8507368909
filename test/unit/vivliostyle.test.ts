/**
 * The Vivliostyle process without Chromium: an early-started process is stopped when no PDF is
 * wanted (test/unit/vivliostyle-worker.test.ts checks what reaches a stand-in browser).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { chromiumFlags, rendererHeapMiB, startVivliostyle } from '../../src/writers/print/vivliostyle.js';
import { finishDocument } from '../../src/writers/print/pdf.js';
import { descendants } from '../../src/core/processes.js';

const work = mkdtempSync(path.join(tmpdir(), 'kumihan-vivliostyle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the Chromium flags', () => {
  it('bounds the renderer heap, more for a longer book, never below 256 MiB', () => {
    expect(rendererHeapMiB(50_000)).toBe(256);
    expect(rendererHeapMiB(900_000)).toBe(256);
    expect(rendererHeapMiB(2_500_000)).toBeGreaterThan(rendererHeapMiB(900_000));
    expect(rendererHeapMiB(10_000_000)).toBeGreaterThanOrEqual(rendererHeapMiB(2_500_000));
    expect(chromiumFlags(50_000)).toEqual(['--js-flags=--max-old-space-size=256', '--in-process-gpu', '--renderer-process-limit=1']);
  });
});

describe('startVivliostyle', () => {
  it('is stopped by dispose() while it loads, leaving no process behind', async () => {
    // Other test files may run processes of their own: watch only the one this worker started.
    const others = new Set(descendants(process.pid));
    const worker = startVivliostyle();
    const started = descendants(process.pid).filter((pid) => !others.has(pid));
    expect(started.length).toBeGreaterThan(0);
    worker.dispose();
    worker.dispose();
    const alive = () => descendants(process.pid).filter((pid) => started.includes(pid));
    // Polls for the evidence; the deadline is only there to end a failing test.
    for (let waited = 0; waited < 60_000 && alive().length > 0; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive()).toEqual([]);
  });

  it('renders once: a second render is a programming error', async () => {
    const worker = startVivliostyle();
    const config = { cwd: work, input: path.join(work, 'missing.html'), output: [{ path: path.join(work, 'x.pdf'), format: 'pdf' as const }], executableBrowser: '/bin/false', timeout: 600_000 };
    const first = worker.render(config).catch((error: unknown) => error);
    await expect(worker.render(config)).rejects.toThrow(/renders one PDF/);
    const failure = (await first) as Error;
    expect(failure.message).toMatch(/^PDF build failed: /);
    expect(failure.message).not.toContain('\n');
  });
});

describe('finishDocument', () => {
  it('lists named destinations in sorted order, whatever order Chromium wrote them in', async () => {
    const document = await PDFDocument.create({ updateMetadata: false });
    const page = document.addPage();
    const named = PDFDict.withContext(document.context);
    for (const name of ['viv-id-q2', 'viv-id-q10', 'viv-id-q1']) named.set(PDFName.of(name), PDFArray.withContext(document.context));
    named.set(PDFName.of('viv-id-q0'), page.ref);
    document.catalog.set(PDFName.of('Dests'), document.context.register(named));
    finishDocument(document, { metadata: { title: 't' } });
    const keys = document.catalog.lookup(PDFName.of('Dests'), PDFDict).keys().map((key) => key.decodeText());
    expect(keys).toEqual(['viv-id-q0', 'viv-id-q1', 'viv-id-q10', 'viv-id-q2']);
  });
});
