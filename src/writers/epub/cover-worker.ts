/**
 * The cover's drawing: resvg rasterizes the SVG and encodes the PNG. An EPUB-only build runs it on a
 * worker thread started while the book is still being read, so that the main thread does not spend
 * the PNG's encoding (about 0.1 s) nor wait for the rasterizing.
 */
import { isMainThread, parentPort, workerData, Worker } from 'node:worker_threads';

/** What resvg is given: the SVG, the font files and the family of text that names none. */
export interface CoverDrawing {
  svg: string;
  fontFiles: string[];
  defaultFontFamily: string;
}

/** Draws the cover as PNG bytes, on this thread (rasterizing on a libuv thread, encoding here). */
export async function drawCoverPng({ svg, fontFiles, defaultFontFamily }: CoverDrawing): Promise<Uint8Array<ArrayBuffer>> {
  // Loaded only to draw (a native addon, 15–20 ms): a kept cover needs none of it.
  const { renderAsync } = await import('@resvg/resvg-js');
  const image = await renderAsync(svg, {
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily },
    fitTo: { mode: 'original' },
  });
  return new Uint8Array(image.asPng());
}

/** Draws the cover on a worker thread: the same bytes as {@link drawCoverPng}; `stop()` ends the thread (`png` then rejects). */
export function drawCoverPngInWorker(drawing: CoverDrawing): { png: Promise<Uint8Array<ArrayBuffer>>; stop(): void } {
  const worker = new Worker(workerScript(), { workerData: { kumihanCover: drawing } });
  const png = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    worker.once('message', (bytes: Uint8Array<ArrayBuffer>) => resolve(bytes));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the cover's worker thread exited (${code}) without a cover`)));
  });
  return { png, stop: () => void worker.terminate() };
}

/** The worker's compiled script. Under vitest this module runs from src/ as TypeScript; the worker always runs from dist/ (or the bundle beside it). */
function workerScript(): URL {
  return new URL(import.meta.url.endsWith('.ts') ? '../../../dist/writers/epub/cover-worker.js' : './cover-worker.js', import.meta.url);
}

const request = isMainThread ? undefined : (workerData as { kumihanCover?: CoverDrawing } | undefined)?.kumihanCover;
if (request && parentPort) {
  const port = parentPort;
  // No top-level await: the CLI's bundle holds this module too (for drawCoverPng), and it is CommonJS.
  // A failure is an unhandled rejection, which ends the thread with an 'error' as a throw would.
  void drawCoverPng(request).then((png) => port.postMessage(png, [png.buffer]));
}
