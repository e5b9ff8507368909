/**
 * `kumihan check --preflight`: a good PDF/X file passes every check; each deliberately bad file
 * fails the check it breaks (and only names what it broke). Files are made with pdf-lib here;
 * the ink check renders them with the real Ghostscript.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preflight, type PreflightOptions, type PreflightResult } from '../../src/check/preflight.js';
import { finishPdfx, outputProfile, withPdfxHeader, type OutputProfile } from '../../src/writers/print/press.js';
import type { PdfxVersion } from '../../src/config/press.js';
import { main } from '../../src/cli/program.js';

const work = mkdtempSync(path.join(tmpdir(), 'kumihan-preflight-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const A5: [number, number] = [419.53, 595.28];
let profile: OutputProfile;
beforeAll(async () => {
  profile = await outputProfile();
});

interface Variant {
  pages?: number;
  /** Content of every page (PDF operators). */
  content?: string;
  pdfx?: PdfxVersion | null;
  configure?: (document: PDFDocument) => void | Promise<void>;
  /** After the PDF/X finishing. */
  after?: (document: PDFDocument) => void;
}

/** Writes a small PDF: a K rectangle on each page, PDF/X-1a unless told otherwise. */
async function makePdf(name: string, variant: Variant = {}): Promise<string> {
  const document = await PDFDocument.create({ updateMetadata: false });
  document.setTitle('preflight');
  for (let k = 0; k < (variant.pages ?? 4); k++) {
    const page = document.addPage(A5);
    const stream = document.context.flateStream(variant.content ?? '0 g 40 40 100 100 re f 0 G 1 w 40 200 m 200 200 l S');
    page.node.set(PDFName.of('Contents'), document.context.register(stream));
  }
  await variant.configure?.(document);
  const pdfx = variant.pdfx === undefined ? '1a' : variant.pdfx;
  if (pdfx) finishPdfx(document, { pdfx, profile, title: 'preflight', date: '2024-01-10' });
  variant.after?.(document);
  const bytes = await document.save({ useObjectStreams: false });
  const file = path.join(work, `${name}.pdf`);
  writeFileSync(file, pdfx ? withPdfxHeader(bytes, pdfx) : bytes);
  return file;
}

const byCheck = (results: PreflightResult[]) => Object.fromEntries(results.map((result) => [result.check, result]));
const failed = (results: PreflightResult[]) => results.filter((result) => !result.ok).map((result) => result.check);

async function check(name: string, variant: Variant = {}, options: PreflightOptions = {}) {
  const results = await preflight(await makePdf(name, variant), options);
  return { results, checks: byCheck(results), failed: failed(results) };
}

describe('preflight of a good file', () => {
  it('passes every check of a PDF/X-1a file, K only', async () => {
    const { results, checks, failed } = await check('good', {}, { kOnly: true });
    expect(failed).toEqual([]);
    expect(results.map((result) => result.check)).toEqual(['PDF/X version', 'OutputIntent', 'Page boxes', 'Fonts', 'Colour spaces', 'Transparency', 'Annotations', 'Ink coverage', 'Plates', 'Page count']);
    expect(checks['PDF/X version']!.detail).toMatch(/^PDF\/X-1a:2001 \(PDF 1\.3, Trapped False\)/);
    expect(checks.OutputIntent!.detail).toBe('JC200103, Japan Color 2001 Coated (embedded CMYK profile)');
    expect(checks['Ink coverage']!.detail).toMatch(/^maximum 100 %/);
    expect(checks.Plates!.detail).toMatch(/K only on every page/);
  });

  it('passes a PDF/X-4 file', async () => {
    const { failed, checks } = await check('good-x4', { pdfx: '4' });
    expect(failed).toEqual([]);
    expect(checks['PDF/X version']!.detail).toMatch(/^PDF\/X-4 \(PDF 1\.6/);
  });
});

describe('preflight of deliberately bad files', () => {
  it('a plain PDF: no version key, no output intent, no boxes', async () => {
    const { failed } = await check('plain', { pdfx: null });
    expect(failed).toEqual(['PDF/X version', 'OutputIntent', 'Page boxes']);
  });

  it('RGB colour', async () => {
    const { failed, checks } = await check('rgb', { content: '1 0 0 rg 40 40 100 100 re f' });
    expect(failed).toEqual(['Colour spaces']);
    expect(checks['Colour spaces']!.detail).toMatch(/RGB colour: p\.1: rg/);
  });

  it('rich black: four plates, over a tight ink limit, not a one-colour job', async () => {
    const content = '0.72 0.67 0.67 0.88 k 40 40 100 100 re f';
    expect((await check('rich', { content })).failed).toEqual([]);
    const { failed, checks } = await check('rich-tight', { content }, { maxInk: 250, kOnly: true });
    expect(failed).toEqual(['Ink coverage', 'Plates']);
    expect(checks['Ink coverage']!.detail).toMatch(/^maximum 29[45] % \(limit 250 %\)/);
  });

  it('a placeholder output intent that does not name its profile', async () => {
    const { failed, checks } = await check('placeholder', {
      after: (document) => {
        const intents = document.catalog.lookup(PDFName.of('OutputIntents'));
        const intent = document.context.lookup((intents as unknown as { get(i: number): never }).get(0)) as unknown as { set(k: PDFName, v: unknown): void };
        intent.set(PDFName.of('Info'), PDFString.of('test'));
        intent.set(PDFName.of('OutputConditionIdentifier'), PDFString.of('U001'));
      },
    });
    expect(failed).toEqual(['OutputIntent']);
    expect(checks.OutputIntent!.detail).toBe('Info "test" does not name the embedded profile "Japan Color 2001 Coated"');
  });

  it('a page without a TrimBox', async () => {
    const { failed, checks } = await check('no-trim', { after: (document) => document.getPage(2).node.delete(PDFName.of('TrimBox')) });
    expect(failed).toEqual(['Page boxes']);
    expect(checks['Page boxes']!.detail).toBe('p.3 has no TrimBox');
  });

  it('transparency: a failure in PDF/X-1a, allowed in PDF/X-4', async () => {
    const configure = (document: PDFDocument) => {
      for (const page of document.getPages()) {
        page.node.set(PDFName.of('Resources'), document.context.obj({ ExtGState: { GS1: { Type: 'ExtGState', ca: 0.5 } } }));
      }
    };
    const content = '/GS1 gs 0 g 40 40 100 100 re f';
    const x1a = await check('transparent', { content, configure });
    expect(x1a.failed).toEqual(['Transparency']);
    expect(x1a.checks.Transparency!.detail).toMatch(/p\.1 \/GS1: opacity 0\.5/);
    const x4 = await check('transparent-x4', { content, configure, pdfx: '4' });
    expect(x4.failed).toEqual([]);
    expect(x4.checks.Transparency!.warning).toBe(true);
  });

  it('fonts: one not embedded, one Type 3', async () => {
    const configure = async (document: PDFDocument) => {
      const helvetica = await document.embedFont(StandardFonts.Helvetica);
      const type3 = document.context.register(
        document.context.obj({ Type: 'Font', Subtype: 'Type3', FontBBox: [0, 0, 1, 1], FontMatrix: [1, 0, 0, 1, 0, 0], CharProcs: {}, Encoding: { Type: 'Encoding', Differences: [] }, FirstChar: 0, LastChar: 0, Widths: [0] }),
      );
      for (const page of document.getPages()) {
        page.node.set(PDFName.of('Resources'), document.context.obj({ Font: { F1: helvetica.ref, F2: type3 } }));
      }
    };
    const { failed, checks } = await check('fonts', { content: '0 g BT /F1 12 Tf 50 50 Td (Hello) Tj /F2 12 Tf (A) Tj ET', configure });
    expect(failed).toEqual(['Fonts']);
    expect(checks.Fonts!.detail).toContain('Helvetica is not embedded');
    expect(checks.Fonts!.detail).toMatch(/is Type 3/);
  });

  it('a link on the page of a PDF/X file', async () => {
    const { failed } = await check('link', {
      after: (document) => {
        const link = document.context.register(document.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [10, 10, 50, 50] }));
        document.getPage(0).node.set(PDFName.of('Annots'), document.context.obj([link]));
      },
    });
    expect(failed).toEqual(['Annotations']);
  });

  it('page count: 6 pages cannot be saddle-stitched, but can be perfect-bound', async () => {
    const file = await makePdf('six', { pages: 6 });
    expect(failed(await preflight(file))).toEqual(['Page count']);
    expect(byCheck(await preflight(file))['Page count']!.detail).toBe('6 pages; 中綴じ (saddle stitch) needs a multiple of 4: add 2 blank pages where the design allows');
    expect(failed(await preflight(file, { binding: 'perfect' }))).toEqual([]);
  });
});

describe('kumihan check --preflight', () => {
  it('exits 0 for a good file and 1 for a bad one, one line per check', async () => {
    const good = await makePdf('cli-good');
    const bad = await makePdf('cli-bad', { content: '1 0 0 rg 40 40 100 100 re f', pages: 3 });
    const out: string[] = [];
    const write = process.stdout.write;
    const errWrite = process.stderr.write;
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      process.exitCode = undefined;
      expect(await main(['check', '--preflight', good])).toBe(0);
      expect(out.join('')).not.toMatch(/FAIL/);
      out.length = 0;
      expect(await main(['check', '--preflight', bad])).toBe(1);
      expect(out.join('').split('\n').filter((line) => line.includes(' FAIL '))).toEqual([
        `${bad}: FAIL Colour spaces: RGB colour: p.1: rg; p.2: rg; p.3: rg`,
        `${bad}: FAIL Page count: 3 pages; 中綴じ (saddle stitch) needs a multiple of 4: add 1 blank page where the design allows`,
      ]);
    } finally {
      process.stdout.write = write;
      process.stderr.write = errWrite;
      process.exitCode = undefined;
    }
  });

  it('a file that is not a PDF is one line and exit 1', async () => {
    const file = path.join(work, 'not.pdf');
    writeFileSync(file, 'hello');
    const err: string[] = [];
    const errWrite = process.stderr.write;
    process.stderr.write = ((chunk: string) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      expect(await main(['check', '--preflight', file])).toBe(1);
    } finally {
      process.stderr.write = errWrite;
      process.exitCode = undefined;
    }
    expect(err.join('')).toMatch(new RegExp(`^kumihan: ${file}: not a readable PDF`));
  });
});
