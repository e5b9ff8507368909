/**
 * Preloaded into the Vivliostyle process (`node --import`, see vivliostyle.ts): Chromium is put
 * into print media just before the PDF is made, not while Vivliostyle lays the pages out.
 *
 * @vivliostyle/cli 11.0.0 switches the page to print media as soon as its viewer has loaded. In
 * print media the viewer's own stylesheet shows every finished page (`display: block !important`
 * on each page container, with a zoom and a transform): each page laid out after that is measured
 * in a document holding all the pages before it, and the time per page grows with the book —
 * measured on 1,000 short questions (527 pages), 0.30 s of CPU per page in the first quarter and
 * 0.67 s in the last, 249 s in all; the same book in screen media took 0.30–0.36 s per page
 * throughout, 171 s. Vivliostyle's layout does not depend on the media (it computes the
 * document's styles itself, media queries included): the seed's PDF is byte for byte the same
 * either way.
 *
 * So `emulateMediaType('print')` is remembered instead of sent, and sent before the PDF is
 * printed. Anything unexpected in puppeteer-core (another version, another shape) leaves it alone:
 * the build is then slower, never wrong.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface PageLike {
  emulateMediaType(type?: string): Promise<void>;
  createPDFStream(...args: unknown[]): Promise<unknown>;
}

const deferred = Symbol('kumihan: print media deferred');

/** Patches puppeteer-core's CDP page, as @vivliostyle/cli resolves it; returns whether it did. */
export async function deferPrintMedia(): Promise<boolean> {
  try {
    // The very module instance the CLI imports: resolved from the CLI's own directory.
    const cli = createRequire(import.meta.url).resolve('@vivliostyle/cli/package.json');
    const manifest = createRequire(cli).resolve('puppeteer-core/package.json');
    const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: { '.': { import: string } } };
    const puppeteer = (await import(pathToFileURL(path.join(path.dirname(manifest), exports['.'].import)).href)) as { CdpPage?: { prototype: PageLike } };
    const page = puppeteer.CdpPage?.prototype;
    if (!page || typeof page.emulateMediaType !== 'function' || typeof page.createPDFStream !== 'function') return false;
    const { emulateMediaType, createPDFStream } = page;
    page.emulateMediaType = async function (this: PageLike & { [deferred]?: boolean }, type?: string) {
      if (type !== 'print') return emulateMediaType.call(this, type);
      this[deferred] = true;
    };
    page.createPDFStream = async function (this: PageLike & { [deferred]?: boolean }, ...args: unknown[]) {
      if (this[deferred]) {
        this[deferred] = false;
        await emulateMediaType.call(this, 'print');
      }
      return createPDFStream.apply(this, args);
    };
    return true;
  } catch {
    return false;
  }
}

await deferPrintMedia();
