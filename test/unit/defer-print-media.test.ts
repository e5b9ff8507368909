/** deferPrintMedia (vivliostyle-worker.ts): Chromium enters print media only when the PDF is made. */
import { describe, expect, it } from 'vitest';
import { deferPrintMedia } from '../../src/writers/print/vivliostyle-worker.js';

/** A stand-in for puppeteer's CdpPage that records what reaches the browser. */
function pageClass() {
  const sent: string[] = [];
  class Page {
    async emulateMediaType(type?: string): Promise<void> {
      sent.push(`media ${type}`);
    }
    async createPDFStream(...args: unknown[]): Promise<unknown> {
      sent.push('pdf');
      return args;
    }
  }
  return { Page, sent };
}

describe('deferPrintMedia', () => {
  it('holds print media back until the PDF is made, then sends it first, once', async () => {
    const { Page, sent } = pageClass();
    expect(deferPrintMedia(Page)).toBe(true);
    const page = new Page();
    await page.emulateMediaType('print');
    expect(sent).toEqual([]);
    expect(await page.createPDFStream({ timeout: 5 })).toEqual([{ timeout: 5 }]);
    expect(sent).toEqual(['media print', 'pdf']);
    await page.createPDFStream();
    expect(sent).toEqual(['media print', 'pdf', 'pdf']);
  });

  it('passes any other media type through at once, and a page that never asked for print gets none', async () => {
    const { Page, sent } = pageClass();
    deferPrintMedia(Page);
    const page = new Page();
    await page.emulateMediaType('screen');
    await page.emulateMediaType();
    await page.createPDFStream();
    expect(sent).toEqual(['media screen', 'media undefined', 'pdf']);
  });

  it('leaves a page class of another shape alone', () => {
    expect(deferPrintMedia(undefined)).toBe(false);
    class Other {
      async emulateMediaType(): Promise<void> {}
    }
    const before = Other.prototype.emulateMediaType;
    expect(deferPrintMedia(Other as never)).toBe(false);
    expect(Other.prototype.emulateMediaType).toBe(before);
  });
});
