/**
 * A print shop's intake preflight of a finished PDF (`kumihan check --preflight FILE.pdf`): what a
 * 印刷所 checks before it accepts a file, each as one result line.
 *
 * - PDF/X: the version key (GTS_PDFXVersion, and GTS_PDFXConformance for X-1a), a header no newer
 *   than the version allows, XMP naming the version for PDF/X-4.
 * - OutputIntent: /S /GTS_PDFX, an OutputConditionIdentifier, an embedded CMYK profile whose own
 *   description matches the intent's Info (no placeholders such as "U001"/"(test)").
 * - Boxes: a TrimBox and a BleedBox on every page, trim within bleed within media, one trim size.
 * - Fonts: every font embedded, none Type 3 (a font drawn as outlines has no font to check).
 * - Colour: no RGB anywhere (operators, colour spaces, images); for X-1a no transparency.
 * - Ink: Ghostscript renders every page inside its BleedBox as CMYK (less the boundary pixels, which
 *   straddle the box edge); the maximum total area
 *   coverage (TAC) of any pixel against the limit, and which plates carry ink (`--k-only` for a
 *   one-colour job); plus the average coverage per plate, as Ghostscript's inkcov reports it.
 * - Pages: the page count the binding needs (中綴じ: a multiple of 4; 無線綴じ: even).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, PDFString, type PDFObject } from 'pdf-lib';
import { KumihanError } from '../core/errors.js';
import { readIccHeader } from '../core/icc.js';
import { ContentStreamError, rewriteContent } from '../core/pdf-content.js';

const run = promisify(execFile);

/** How the book is bound, for the page-count rule. */
export type Binding = 'saddle' | 'perfect';

export interface PreflightOptions {
  binding?: Binding;
  /** Total area coverage limit in percent (Japan Color 2001 Coated: 350 %). */
  maxInk?: number;
  /** A one-colour (K) job: any C, M or Y inside the bleed is a failure. */
  kOnly?: boolean;
  /** Render resolution of the ink check, dpi. */
  resolution?: number;
}

export interface PreflightResult {
  check: string;
  ok: boolean;
  /** A warning is reported but does not fail the file. */
  warning?: boolean;
  detail: string;
}

const VERSIONS: Record<string, { header: number; name: string }> = {
  'PDF/X-1:2001': { header: 1.3, name: 'PDF/X-1a:2001' },
  'PDF/X-1a:2003': { header: 1.4, name: 'PDF/X-1a:2003' },
  'PDF/X-3:2002': { header: 1.3, name: 'PDF/X-3:2002' },
  'PDF/X-3:2003': { header: 1.4, name: 'PDF/X-3:2003' },
  'PDF/X-4': { header: 1.6, name: 'PDF/X-4' },
};

/** Runs every check on one PDF file. */
export async function preflight(file: string, options: PreflightOptions = {}): Promise<PreflightResult[]> {
  const bytes = new Uint8Array(await readFile(file).catch(() => {
    throw new KumihanError(`${file}: cannot read the file`);
  }));
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
  } catch (error) {
    throw new KumihanError(`${file}: not a readable PDF (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  const version = checkVersion(document, bytes);
  const pdfx = version.key;
  const scan = scanContent(document);
  return [
    version.result,
    checkOutputIntent(document),
    checkBoxes(document),
    checkFonts(document, scan),
    checkRgb(scan),
    checkTransparency(scan, pdfx),
    checkAnnotations(document, pdfx),
    ...(await checkInk(file, options)),
    checkPageCount(document.getPageCount(), options.binding ?? 'saddle'),
  ];
}

function text(object: PDFObject | undefined): string | undefined {
  if (object instanceof PDFString || object instanceof PDFHexString) return object.decodeText();
  if (object instanceof PDFName) return object.decodeText();
  return undefined;
}

function info(document: PDFDocument): PDFDict | undefined {
  const ref = document.context.trailerInfo.Info;
  const dict = ref ? document.context.lookup(ref) : undefined;
  return dict instanceof PDFDict ? dict : undefined;
}

function checkVersion(document: PDFDocument, bytes: Uint8Array): { key?: string; result: PreflightResult } {
  const check = 'PDF/X version';
  const header = Number(/^%PDF-(\d\.\d)/.exec(new TextDecoder('latin1').decode(bytes.subarray(0, 16)))?.[1] ?? NaN);
  const key = text(info(document)?.get(PDFName.of('GTS_PDFXVersion')));
  if (!key) return { result: { check, ok: false, detail: 'no GTS_PDFXVersion in the document information: not a PDF/X file' } };
  const known = VERSIONS[key];
  if (!known) return { key, result: { check, ok: false, detail: `unknown GTS_PDFXVersion ${JSON.stringify(key)}` } };
  if (key === 'PDF/X-1:2001' && text(info(document)?.get(PDFName.of('GTS_PDFXConformance'))) !== 'PDF/X-1a:2001') {
    return { key, result: { check, ok: false, detail: 'PDF/X-1:2001 without GTS_PDFXConformance (PDF/X-1a:2001)' } };
  }
  if (!(header <= known.header)) return { key, result: { check, ok: false, detail: `${known.name} allows PDF ${known.header} at most, the header says ${header}` } };
  const trapped = text(info(document)?.get(PDFName.of('Trapped')));
  if (trapped !== 'True' && trapped !== 'False') return { key, result: { check, ok: false, detail: `${known.name}: Trapped must be True or False, not ${trapped ?? 'missing'}` } };
  if (key === 'PDF/X-4') {
    const xmp = document.catalog.lookupMaybe(PDFName.of('Metadata'), PDFStream);
    const packet = xmp instanceof PDFRawStream ? new TextDecoder().decode(decodePDFRawStream(xmp).decode()) : '';
    if (!/pdfxid:GTS_PDFXVersion(="PDF\/X-4"|>PDF\/X-4<)/.test(packet)) return { key, result: { check, ok: false, detail: 'PDF/X-4 without pdfxid:GTS_PDFXVersion in its XMP metadata' } };
  }
  return { key, result: { check, ok: true, detail: `${known.name} (PDF ${header.toFixed(1)}, Trapped ${trapped})` } };
}

function checkOutputIntent(document: PDFDocument): PreflightResult {
  const check = 'OutputIntent';
  const intents = document.catalog.lookupMaybe(PDFName.of('OutputIntents'), PDFArray);
  const intent = intents?.asArray().map((item) => document.context.lookup(item)).find((item): item is PDFDict => item instanceof PDFDict && item.get(PDFName.of('S')) === PDFName.of('GTS_PDFX'));
  if (!intent) return { check, ok: false, detail: 'no GTS_PDFX output intent' };
  const identifier = text(intent.get(PDFName.of('OutputConditionIdentifier')));
  const condition = text(intent.get(PDFName.of('Info'))) ?? text(intent.get(PDFName.of('OutputCondition')));
  if (!identifier) return { check, ok: false, detail: 'the output intent has no OutputConditionIdentifier' };
  const profile = intent.lookupMaybe(PDFName.of('DestOutputProfile'), PDFStream);
  if (!(profile instanceof PDFRawStream)) return { check, ok: false, detail: `${identifier}: no embedded DestOutputProfile` };
  let description: string;
  let colorSpace: string;
  try {
    ({ description, colorSpace } = readIccHeader(decodePDFRawStream(profile).decode(), 'DestOutputProfile'));
  } catch (error) {
    return { check, ok: false, detail: `${identifier}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (colorSpace !== 'CMYK') return { check, ok: false, detail: `${identifier}: the profile is ${colorSpace}, a press needs CMYK` };
  if (condition !== description) return { check, ok: false, detail: `Info ${JSON.stringify(condition)} does not name the embedded profile ${JSON.stringify(description)}` };
  return { check, ok: true, detail: `${identifier}, ${description} (embedded ${colorSpace} profile)` };
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function box(page: PDFDict, key: string): Box | undefined {
  const array = page.lookupMaybe(PDFName.of(key), PDFArray);
  if (!array || array.size() !== 4) return undefined;
  const [a, b, c, d] = array.asArray().map((item) => (item instanceof PDFNumber ? item.asNumber() : NaN)) as [number, number, number, number];
  return { x0: Math.min(a, c), y0: Math.min(b, d), x1: Math.max(a, c), y1: Math.max(b, d) };
}

const within = (inner: Box, outer: Box) => inner.x0 >= outer.x0 - 0.01 && inner.y0 >= outer.y0 - 0.01 && inner.x1 <= outer.x1 + 0.01 && inner.y1 <= outer.y1 + 0.01;
const mm = (points: number) => ((points * 25.4) / 72).toFixed(1);

function checkBoxes(document: PDFDocument): PreflightResult {
  const check = 'Page boxes';
  const problems: string[] = [];
  const sizes = new Set<string>();
  document.getPages().forEach((page, index) => {
    const media = box(page.node, 'MediaBox') ?? inherited(page.node, 'MediaBox');
    const trim = box(page.node, 'TrimBox');
    const bleed = box(page.node, 'BleedBox');
    if (!trim) problems.push(`p.${index + 1} has no TrimBox`);
    if (!bleed) problems.push(`p.${index + 1} has no BleedBox`);
    if (trim && bleed && !within(trim, bleed)) problems.push(`p.${index + 1}: TrimBox outside BleedBox`);
    if (bleed && media && !within(bleed, media)) problems.push(`p.${index + 1}: BleedBox outside MediaBox`);
    if (trim) sizes.add(`${mm(trim.x1 - trim.x0)} × ${mm(trim.y1 - trim.y0)} mm`);
  });
  if (sizes.size > 1) problems.push(`trim sizes differ: ${[...sizes].join(', ')}`);
  if (problems.length) return { check, ok: false, detail: summarise(problems) };
  const bleedMm = (() => {
    const page = document.getPage(0).node;
    const trim = box(page, 'TrimBox')!;
    const bleed = box(page, 'BleedBox')!;
    return mm(trim.x0 - bleed.x0);
  })();
  return { check, ok: true, detail: `TrimBox and BleedBox on all ${document.getPageCount()} pages, trim ${[...sizes][0]}, bleed ${bleedMm} mm` };
}

function inherited(node: PDFDict, key: string): Box | undefined {
  for (let at: PDFDict | undefined = node; at; at = at.lookupMaybe(PDFName.of('Parent'), PDFDict)) {
    const found = box(at, key);
    if (found) return found;
  }
  return undefined;
}

function summarise(problems: string[]): string {
  return problems.length > 4 ? `${problems.slice(0, 4).join('; ')}; … (${problems.length} in all)` : problems.join('; ');
}

/** What the content of every page draws with: colour spaces, images, fonts, graphics states. */
interface Scan {
  rgb: string[];
  images: string[];
  fonts: Map<PDFDict, string>;
  states: Array<{ where: string; state: PDFDict }>;
  groups: string[];
  unreadable: string[];
}

function scanContent(document: PDFDocument): Scan {
  const scan: Scan = { rgb: [], images: [], fonts: new Map(), states: [], groups: [], unreadable: [] };
  const seen = new Set<PDFObject>();
  const visit = (streams: PDFObject[], resources: PDFDict | undefined, where: string) => {
    const spaces = resources?.lookupMaybe(PDFName.of('ColorSpace'), PDFDict);
    const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    for (const [name, value] of resources?.lookupMaybe(PDFName.of('Font'), PDFDict)?.entries() ?? []) {
      const font = document.context.lookup(value);
      if (font instanceof PDFDict && !scan.fonts.has(font)) scan.fonts.set(font, `${where} ${name.toString()}`);
    }
    for (const [name, value] of resources?.lookupMaybe(PDFName.of('ExtGState'), PDFDict)?.entries() ?? []) {
      const state = document.context.lookup(value);
      if (state instanceof PDFDict) scan.states.push({ where: `${where} ${name.toString()}`, state });
    }
    for (const [name, value] of spaces?.entries() ?? []) {
      if (isRgbSpace(document, document.context.lookup(value))) scan.rgb.push(`${where}: colour space ${name.toString()}`);
    }
    for (const ref of streams) {
      if (seen.has(ref)) continue;
      seen.add(ref);
      const stream = ref instanceof PDFRef ? document.context.lookup(ref) : ref;
      if (!(stream instanceof PDFRawStream)) continue;
      try {
        rewriteContent(decodePDFRawStream(stream).decode(), ({ operator, operands }) => {
          if (operator === 'rg' || operator === 'RG') scan.rgb.push(`${where}: ${operator}`);
          if ((operator === 'cs' || operator === 'CS') && operands[0] === '/DeviceRGB') scan.rgb.push(`${where}: ${operator} /DeviceRGB`);
          if (operator === 'Do' && operands[0]) {
            const target = xobjects?.get(PDFName.of(operands[0].slice(1)));
            const object = target ? document.context.lookup(target) : undefined;
            if (!(object instanceof PDFRawStream) || seen.has(object)) return undefined;
            const subtype = object.dict.get(PDFName.of('Subtype'));
            if (subtype === PDFName.of('Image')) {
              seen.add(object);
              scan.images.push(`${where} ${operands[0]}`);
              const space = object.dict.get(PDFName.of('ColorSpace'));
              if (space && isRgbSpace(document, document.context.lookup(space))) scan.rgb.push(`${where}: image ${operands[0]}`);
              if (object.dict.get(PDFName.of('SMask'))) scan.groups.push(`${where}: image ${operands[0]} with a soft mask`);
            } else if (subtype === PDFName.of('Form')) {
              const group = object.dict.lookupMaybe(PDFName.of('Group'), PDFDict);
              if (group?.get(PDFName.of('S')) === PDFName.of('Transparency')) scan.groups.push(`${where}: form ${operands[0]} is a transparency group`);
              visit([target!], object.dict.lookupMaybe(PDFName.of('Resources'), PDFDict) ?? resources, `${where} form ${operands[0]}`);
            }
          }
          return undefined;
        }, SCANNED_OPERATORS);
      } catch (error) {
        if (!(error instanceof ContentStreamError)) throw error;
        scan.unreadable.push(`${where}: ${error.message}`);
      }
    }
  };
  document.getPages().forEach((page, index) => {
    const where = `p.${index + 1}`;
    const contents = page.node.get(PDFName.of('Contents'));
    const group = page.node.lookupMaybe(PDFName.of('Group'), PDFDict);
    if (group?.get(PDFName.of('S')) === PDFName.of('Transparency')) scan.groups.push(`${where} is a transparency group`);
    visit(contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [], page.node.Resources(), where);
  });
  return scan;
}

const SCANNED_OPERATORS = new Set(['rg', 'RG', 'cs', 'CS', 'Do']);

function isRgbSpace(document: PDFDocument, space: PDFObject | undefined): boolean {
  if (!space) return false;
  if (space instanceof PDFName) return space === PDFName.of('DeviceRGB') || space === PDFName.of('CalRGB');
  if (!(space instanceof PDFArray)) return false;
  const family = space.get(0);
  if (family === PDFName.of('CalRGB')) return true;
  if (family === PDFName.of('ICCBased')) {
    const profile = document.context.lookup(space.get(1));
    return profile instanceof PDFRawStream && profile.dict.lookupMaybe(PDFName.of('N'), PDFNumber)?.asNumber() === 3;
  }
  if (family === PDFName.of('Indexed')) return isRgbSpace(document, document.context.lookup(space.get(1)));
  // The alternate space of a spot colour is what a device without that ink prints.
  if (family === PDFName.of('Separation') || family === PDFName.of('DeviceN')) return isRgbSpace(document, document.context.lookup(space.get(2)));
  return false;
}

function checkFonts(document: PDFDocument, scan: Scan): PreflightResult {
  const check = 'Fonts';
  const problems: string[] = [];
  const names: string[] = [];
  for (const [font, where] of scan.fonts) {
    const name = text(font.get(PDFName.of('BaseFont'))) ?? where;
    if (font.get(PDFName.of('Subtype')) === PDFName.of('Type3')) {
      problems.push(`${name} is Type 3`);
      continue;
    }
    const descendant = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray);
    const actual = descendant ? document.context.lookup(descendant.get(0)) : font;
    const descriptor = actual instanceof PDFDict ? actual.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict) : undefined;
    const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor?.has(PDFName.of(key)));
    if (!embedded) problems.push(`${name} is not embedded`);
    else names.push(name.replace(/^[A-Z]{6}\+/, ''));
  }
  if (problems.length) return { check, ok: false, detail: summarise(problems) };
  return { check, ok: true, detail: names.length ? `${names.length} embedded, none Type 3: ${[...new Set(names)].join(', ')}` : 'no fonts (text drawn as outlines or none)' };
}

function checkRgb(scan: Scan): PreflightResult {
  const check = 'Colour spaces';
  if (scan.unreadable.length) return { check, ok: false, detail: `content not checked: ${summarise(scan.unreadable)}` };
  if (scan.rgb.length) return { check, ok: false, detail: `RGB colour: ${summarise([...new Set(scan.rgb)])}` };
  return { check, ok: true, detail: `no RGB (${scan.images.length ? `${scan.images.length} images checked` : 'no images'})` };
}

function checkTransparency(scan: Scan, pdfx: string | undefined): PreflightResult {
  const check = 'Transparency';
  const found = [...scan.groups];
  for (const { where, state } of scan.states) {
    const alpha = (key: string) => state.lookupMaybe(PDFName.of(key), PDFNumber)?.asNumber() ?? 1;
    const mask = state.get(PDFName.of('SMask'));
    const blend = state.get(PDFName.of('BM'));
    if (alpha('CA') < 1 || alpha('ca') < 1) found.push(`${where}: opacity ${Math.min(alpha('CA'), alpha('ca'))}`);
    if (mask && mask !== PDFName.of('None')) found.push(`${where}: soft mask`);
    const mode = blend instanceof PDFArray ? blend.get(0) : blend;
    if (mode && mode !== PDFName.of('Normal') && mode !== PDFName.of('Compatible')) found.push(`${where}: blend mode ${mode.toString()}`);
  }
  if (!found.length) return { check, ok: true, detail: 'none' };
  // PDF/X-4 allows live transparency; every other version forbids it.
  if (pdfx === 'PDF/X-4') return { check, ok: true, warning: true, detail: `allowed in PDF/X-4: ${summarise(found)}` };
  return { check, ok: false, detail: summarise(found) };
}

function checkAnnotations(document: PDFDocument, pdfx: string | undefined): PreflightResult {
  const check = 'Annotations';
  const found: string[] = [];
  document.getPages().forEach((page, index) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (const item of annots?.asArray() ?? []) {
      const annot = document.context.lookup(item);
      const subtype = annot instanceof PDFDict ? annot.get(PDFName.of('Subtype')) : undefined;
      if (subtype === PDFName.of('TrapNet') || subtype === PDFName.of('PrinterMark')) continue;
      found.push(`p.${index + 1} ${subtype?.toString() ?? 'annotation'}`);
    }
  });
  if (!found.length) return { check, ok: true, detail: 'none on the pages' };
  return { check, ok: !pdfx, warning: !pdfx, detail: `${pdfx ? 'PDF/X allows none on the page: ' : ''}${summarise(found)}` };
}

/** Ink per plate and the largest total of any pixel, from a CMYK rendering of each page's BleedBox. */
async function checkInk(file: string, options: PreflightOptions): Promise<PreflightResult[]> {
  const limit = options.maxInk ?? 350;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kumihan-preflight-'));
  try {
    try {
      await run('gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-sDEVICE=pamcmyk32', `-r${options.resolution ?? 72}`, '-dUseBleedBox', `-sOutputFile=${path.join(dir, 'p%05d.pam')}`, path.resolve(file)], { maxBuffer: 16 << 20, timeout: 600_000, killSignal: 'SIGKILL' });
    } catch (error) {
      const failed = error as NodeJS.ErrnoException & { stderr?: string };
      if (failed.code === 'ENOENT') throw new KumihanError('the ink check needs Ghostscript (gs); run `apt-get install -y ghostscript`');
      return [{ check: 'Ink', ok: false, detail: `Ghostscript cannot render the file: ${(failed.stderr ?? failed.message).split('\n').find((line) => line.trim()) ?? ''}` }];
    }
    let max = 0;
    let maxPage = 0;
    const plates: [number, number, number, number] = [0, 0, 0, 0];
    const coloured: number[] = [];
    const pages = (await readdir(dir)).filter((name) => name.endsWith('.pam')).sort();
    for (const [index, name] of pages.entries()) {
      const { data, width, height } = readPam(await readFile(path.join(dir, name)));
      let pageMax = 0;
      const sums: [number, number, number, number] = [0, 0, 0, 0];
      // The outermost pixels straddle the box edge (a BleedBox of 436.54 pt is 437 pixels at 72 dpi)
      // and pick up the crop marks beyond it: they are left out.
      const pixels = Math.max(1, (width - 2) * (height - 2));
      for (let i = 0; i < width * height * 4; i += 4) {
        const column = (i / 4) % width;
        const row = Math.floor(i / 4 / width);
        if (column === 0 || row === 0 || column === width - 1 || row === height - 1) continue;
        const total = data[i]! + data[i + 1]! + data[i + 2]! + data[i + 3]!;
        if (total > pageMax) pageMax = total;
        sums[0] += data[i]!;
        sums[1] += data[i + 1]!;
        sums[2] += data[i + 2]!;
        sums[3] += data[i + 3]!;
      }
      sums.forEach((sum, plate) => (plates[plate] = Math.max(plates[plate]!, sum / (255 * pixels))));
      if (sums[0] + sums[1] + sums[2] > 0) coloured.push(index + 1);
      if (pageMax > max) {
        max = pageMax;
        maxPage = index + 1;
      }
    }
    const percent = Math.round((max / 255) * 100);
    const coverage = plates.map((value, plate) => `${'CMYK'[plate]} ${(value * 100).toFixed(2)} %`).join(', ');
    const results: PreflightResult[] = [
      { check: 'Ink coverage', ok: percent <= limit, detail: `maximum ${percent} % (limit ${limit} %)${maxPage ? ` on p.${maxPage}` : ''}; page average at most ${coverage}` },
    ];
    const plateUse = coloured.length ? `C, M or Y on ${coloured.length} page${coloured.length === 1 ? '' : 's'} (p.${coloured.slice(0, 8).join(', p.')}${coloured.length > 8 ? ', …' : ''})` : 'K only on every page';
    results.push({ check: 'Plates', ok: !options.kOnly || !coloured.length, detail: options.kOnly ? `one-colour job: ${plateUse}` : plateUse });
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A PAM (netpbm P7) CMYK image: its samples and size. */
function readPam(bytes: Uint8Array): { data: Uint8Array; width: number; height: number } {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 512)));
  const end = head.indexOf('ENDHDR\n');
  const width = Number(/WIDTH (\d+)/.exec(head)?.[1]);
  const height = Number(/HEIGHT (\d+)/.exec(head)?.[1]);
  if (end < 0 || !width || !height || !/DEPTH 4/.test(head)) throw new Error('unexpected Ghostscript PAM output');
  return { data: bytes.subarray(end + 'ENDHDR\n'.length), width, height };
}

function checkPageCount(count: number, binding: Binding): PreflightResult {
  const check = 'Page count';
  const rule = binding === 'saddle' ? 4 : 2;
  const name = binding === 'saddle' ? '中綴じ (saddle stitch)' : '無線綴じ (perfect binding)';
  const ok = count % rule === 0 && count >= rule;
  const missing = rule - (count % rule || rule);
  return { check, ok, detail: `${count} pages; ${name} needs a multiple of ${rule}${ok ? '' : `: add ${missing} blank page${missing === 1 ? '' : 's'} where the design allows`}` };
}
