/**
 * Press output: Chromium's RGB PDF → a PDF a print shop accepts, all in pdf-lib.
 *
 * 1. Colours ({@link convertColors}): every colour operator of every page and form is rewritten
 *    (pdf-content.ts). `gray` gives DeviceGray, which a CMYK press prints on the K plate alone;
 *    `cmyk` gives DeviceCMYK with neutral colours on K only (an ICC conversion, as Ghostscript's or
 *    Vivliostyle's press-ready does it, turns RGB black into C72 M67 Y67 K88, about 295 % ink).
 *    The fonts are not touched: Chromium's CID TrueType subsets with their ToUnicode maps stay as
 *    they are, so the text stays extractable (Ghostscript 10.00 re-encoded them and garbled the
 *    text layer). Pictures are re-encoded before (press-images.ts): device gray or CMYK images are
 *    drawn as they are. Shadings and transparency, which the book never makes, are refused.
 * 2. Crop marks ({@link addCropMarks}): Japanese double corner marks and centre marks in the slug
 *    around the bleed, in registration colour (Separation /All) for CMYK, in K for a gray job.
 * 3. PDF/X ({@link finishPdfx}): the OutputIntent with the embedded Japan Color 2001 Coated
 *    profile (its identifier and info read from the profile itself), the version keys, Trapped,
 *    XMP for PDF/X-4, TrimBox/BleedBox on every page, no annotations, PDF 1.3 features only for
 *    X-1a, a trailer ID derived from the content: the same book gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { decodePDFRawStream, PDFArray, PDFBool, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import { KumihanError } from '../../core/errors.js';
import { escapeXml } from '../../core/text.js';
import { ContentStreamError, rewriteContent, type Operation } from '../../core/pdf-content.js';
import { readIccHeader } from '../../core/icc.js';
import type { ColorMode, PdfxVersion } from '../../config/press.js';


export type { ColorMode, PdfxVersion };

/** An output intent profile: its bytes and what the profile says it is. */
export interface OutputProfile {
  file: string;
  bytes: Uint8Array;
  /** The profile's description tag, e.g. "Japan Color 2001 Coated". */
  description: string;
  /** Colour space of the profile's data: 'CMYK'. */
  colorSpace: string;
}

/**
 * Registered characterisation names (ICC registry, color.org) of the profiles kumihan knows: a
 * RIP matches the OutputConditionIdentifier against them.
 */
const REGISTERED: Record<string, string> = {
  'Japan Color 2001 Coated': 'JC200103',
  'Japan Color 2001 Uncoated': 'JC200104',
};

/**
 * Japan Color 2001 Coated (Adobe's profile), as shipped by the `press-ready` package that
 * @vivliostyle/cli installs. `KUMIHAN_ICC` names another CMYK profile.
 */
export async function outputProfile(env: NodeJS.ProcessEnv = process.env): Promise<OutputProfile> {
  const file = env.KUMIHAN_ICC || bundledProfile();
  if (!file || !existsSync(file)) {
    throw new KumihanError(`the Japan Color 2001 Coated ICC profile is missing (${file ?? 'press-ready/assets/JapanColor2001Coated.icc'}); run \`npm ci\` or set KUMIHAN_ICC to a CMYK .icc file`);
  }
  const bytes = new Uint8Array(await readFile(file));
  const { description, colorSpace } = readIccHeader(bytes, file);
  if (colorSpace !== 'CMYK') throw new KumihanError(`${file}: an output intent needs a CMYK profile, not ${colorSpace}`);
  return { file, bytes, description, colorSpace };
}

function bundledProfile(): string | undefined {
  const candidates = [import.meta.url];
  const require = createRequire(import.meta.url);
  try {
    candidates.push(pathToFileURL(require.resolve('@vivliostyle/cli/package.json')).href);
  } catch {
    // Not installed: the error below names the fix.
  }
  for (const from of candidates) {
    try {
      return createRequire(from).resolve('press-ready/assets/JapanColor2001Coated.icc');
    } catch {
      // Try the next place.
    }
  }
  return undefined;
}


/** Where a conversion refused the document, for the one-line error. */
class UnsupportedContent extends KumihanError {}

/**
 * Rewrites every colour of the document to DeviceGray (`gray`) or DeviceCMYK (`cmyk`), in the
 * pages' content streams and in every form XObject they draw. Throws a one-line KumihanError for
 * content a press conversion cannot make faithful: RGB images (convertImages re-encodes them
 * first), shadings, patterns, transparency, colour spaces other than the device ones.
 */
export function convertColors(document: PDFDocument, color: Exclude<ColorMode, 'rgb'>): void {
  const done = new Set<PDFRef | PDFObject>();
  document.getPages().forEach((page, index) => {
    const where = `page ${index + 1}`;
    convertResources(document, page.node.Resources(), where, done);
    const contents = page.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    for (const ref of refs) convertStream(document, ref, color, page.node.Resources(), where, done);
    // A page transparency group means blending; Chromium adds none, but one would be RGB.
    page.node.delete(PDFName.of('Group'));
  });
}

function convertStream(document: PDFDocument, ref: PDFObject, color: Exclude<ColorMode, 'rgb'>, resources: PDFDict | undefined, where: string, done: Set<PDFRef | PDFObject>): void {
  if (done.has(ref)) return;
  done.add(ref);
  const stream = ref instanceof PDFRef ? document.context.lookup(ref) : ref;
  if (!(stream instanceof PDFRawStream)) return;
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  const original = decodeStream(stream);
  let converted: Uint8Array;
  try {
    converted = rewriteContent(original, (operation) => {
      if (operation.operator === 'Do') {
        const name = operation.operands[0]?.slice(1);
        const target = name ? xobjects?.get(PDFName.of(name)) : undefined;
        const form = target ? document.context.lookup(target) : undefined;
        const subtype = form instanceof PDFRawStream ? form.dict.get(PDFName.of('Subtype')) : undefined;
        if (subtype === PDFName.of('Image') && form instanceof PDFRawStream) {
          requirePressImage(form, color, `${where} draws an image (${operation.operands[0]})`);
          return undefined;
        }
        if (subtype !== PDFName.of('Form')) throw new UnsupportedContent(`${where} draws an object (${operation.operands[0]}) press output cannot convert`);
        const own = form instanceof PDFRawStream ? form.dict.lookupMaybe(PDFName.of('Resources'), PDFDict) : undefined;
        convertResources(document, own, `${where}, form ${operation.operands[0]}`, done);
        convertStream(document, target!, color, own ?? resources, `${where}, form ${operation.operands[0]}`, done);
        return undefined;
      }
      return convertOperation(operation, color, where);
    }, CONVERTED_OPERATORS);
  } catch (error) {
    if (error instanceof ContentStreamError) throw new KumihanError(`press output: cannot read the content of ${where}: ${error.message}`);
    throw error;
  }
  // A stream with nothing to convert keeps its bytes.
  if (converted === original || !(ref instanceof PDFRef)) return;
  const dict = stream.dict.clone(document.context);
  dict.delete(PDFName.of('Length'));
  dict.delete(PDFName.of('DecodeParms'));
  dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
  document.context.assign(ref, PDFRawStream.of(dict, deflateSync(converted)));
}

/**
 * An image a press job may draw: device gray, or device CMYK in a CMYK job (press-images.ts
 * re-encodes the pictures so), or a stencil mask painted in the converted fill colour; opaque.
 */
function requirePressImage(image: PDFRawStream, color: Exclude<ColorMode, 'rgb'>, where: string): void {
  if (image.dict.get(PDFName.of('SMask')) || image.dict.get(PDFName.of('Mask'))) throw new UnsupportedContent(`${where} with a transparency mask; press output supports opaque content only`);
  if (image.dict.get(PDFName.of('ImageMask')) === PDFBool.True) return;
  const space = image.dict.get(PDFName.of('ColorSpace'));
  if (space === PDFName.of('DeviceGray') || (color === 'cmyk' && space === PDFName.of('DeviceCMYK'))) return;
  throw new UnsupportedContent(`${where} in ${space?.toString() ?? 'an unknown colour space'}; press output of ${color} needs ${color === 'gray' ? '/DeviceGray' : '/DeviceGray or /DeviceCMYK'} (convertImages re-encodes pictures first)`);
}

/** A stream's decoded bytes: Node's zlib for plain Flate (Chromium's), pdf-lib's decoders otherwise. */
function decodeStream(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (filter === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'))) {
    try {
      return inflateSync(stream.contents);
    } catch {
      // A damaged stream: pdf-lib's decoder is lenient about a missing end.
    }
  }
  return decodePDFRawStream(stream).decode();
}

const number = (value: number) => String(Number(value.toFixed(4)));

/** The operators a conversion looks at: colours, colour spaces, shadings and drawn objects. */
const CONVERTED_OPERATORS = new Set(['rg', 'RG', 'k', 'K', 'cs', 'CS', 'sh', 'Do']);

/** The replacement of one colour operation, or undefined to keep it. */
function convertOperation({ operator, operands }: Operation, color: Exclude<ColorMode, 'rgb'>, where: string): string | undefined {
  switch (operator) {
    case 'rg':
    case 'RG': {
      const [r, g, b] = operands.map(Number) as [number, number, number];
      const stroke = operator === 'RG';
      if (color === 'gray') return `${number(0.299 * r + 0.587 * g + 0.114 * b)} ${stroke ? 'G' : 'g'}`;
      return `${cmykOf(r, g, b).map(number).join(' ')} ${stroke ? 'K' : 'k'}`;
    }
    case 'k':
    case 'K':
      if (color === 'gray') {
        const [c, m, y, k] = operands.map(Number) as [number, number, number, number];
        return `${number(Math.max(0, 1 - Math.min(1, 0.3 * c + 0.59 * m + 0.11 * y + k)))} ${operator === 'K' ? 'G' : 'g'}`;
      }
      return undefined;
    case 'cs':
    case 'CS':
    case 'sc':
    case 'scn':
    case 'SC':
    case 'SCN':
      // Device colour spaces named directly are fine; anything else (ICC, Pattern) would need a real conversion.
      if ((operator === 'cs' || operator === 'CS') && ['/DeviceGray', '/DeviceCMYK'].includes(operands[0] ?? '')) return undefined;
      if (operator !== 'cs' && operator !== 'CS') return undefined;
      throw new UnsupportedContent(`${where} uses the colour space ${operands[0]}; press output supports device colours only`);
    case 'sh':
      throw new UnsupportedContent(`${where} draws a shading (gradient); press output supports flat colours only`);
    default:
      return undefined;
  }
}

/** RGB → CMYK with neutral colours on K alone (grey component replacement); no profile, so flat colours only. */
function cmykOf(r: number, g: number, b: number): [number, number, number, number] {
  const k = 1 - Math.max(r, g, b);
  if (k >= 1) return [0, 0, 0, 1];
  if (r === g && g === b) return [0, 0, 0, k];
  return [(1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k];
}

/**
 * Checks the resources a stream draws with: graphics states without transparency (their PDF 1.4
 * keys dropped when they say "opaque, normal"), no patterns or named colour spaces.
 */
function convertResources(document: PDFDocument, resources: PDFDict | undefined, where: string, done: Set<PDFRef | PDFObject>): void {
  if (!resources || done.has(resources)) return;
  done.add(resources);
  if (resources.lookupMaybe(PDFName.of('Pattern'), PDFDict)?.keys().length) throw new UnsupportedContent(`${where} uses a pattern; press output supports flat colours only`);
  if (resources.lookupMaybe(PDFName.of('Shading'), PDFDict)?.keys().length) throw new UnsupportedContent(`${where} uses a shading (gradient); press output supports flat colours only`);
  const states = resources.lookupMaybe(PDFName.of('ExtGState'), PDFDict);
  for (const [name, value] of states?.entries() ?? []) {
    const state = document.context.lookup(value);
    if (!(state instanceof PDFDict) || done.has(state)) continue;
    done.add(state);
    const opaque = (key: string) => {
      const alpha = state.lookupMaybe(PDFName.of(key), PDFNumber);
      return alpha === undefined || alpha.asNumber() === 1;
    };
    const mask = state.get(PDFName.of('SMask'));
    const blend = state.get(PDFName.of('BM'));
    if (!opaque('CA') || !opaque('ca') || (mask && mask !== PDFName.of('None')) || (blend && blend !== PDFName.of('Normal') && blend !== PDFName.of('Compatible'))) {
      throw new UnsupportedContent(`${where} uses transparency (graphics state ${name.toString()}); press output supports opaque content only`);
    }
    for (const key of ['CA', 'ca', 'SMask', 'BM', 'AIS', 'TK']) state.delete(PDFName.of(key));
  }
}

const MM = 72 / 25.4;
/** Slug around the bleed for the marks, and the length of each mark (Japanese トンボ). */
const SLUG = 13 * MM;
const MARK = 10 * MM;
const MARK_WIDTH = 0.1 * MM;

/**
 * Adds crop marks (トンボ) outside the bleed of every page: the MediaBox grows by a slug around
 * the BleedBox and the marks are drawn there — at each corner a double mark, one line on the trim
 * and one on the bleed (日本式トンボ), and a centre mark on each side. Registration colour
 * (Separation /All) in CMYK, K in a gray job (its only plate), black in RGB. Pages need a TrimBox
 * (Vivliostyle sets one when a bleed is asked for); the page content does not move.
 */
export function addCropMarks(document: PDFDocument, color: ColorMode): void {
  const { context } = document;
  const all =
    color === 'cmyk'
      ? context.register(
          context.obj([
            PDFName.of('Separation'),
            PDFName.of('All'),
            PDFName.of('DeviceCMYK'),
            context.obj({ FunctionType: 2, Domain: [0, 1], C0: [0, 0, 0, 0], C1: [1, 1, 1, 1], N: 1 }),
          ]),
        )
      : undefined;
  const stroke = color === 'cmyk' ? '/KumihanAll CS 1 SCN' : color === 'gray' ? '0 G' : '0 0 0 RG';
  const open = context.register(context.flateStream('q\n'));
  for (const page of document.getPages()) {
    const trim = page.node.lookupMaybe(PDFName.of('TrimBox'), PDFArray) ? page.getTrimBox() : undefined;
    if (!trim) throw new KumihanError('crop marks need a bleed: the pages have no TrimBox');
    const bleed = page.node.lookupMaybe(PDFName.of('BleedBox'), PDFArray) ? page.getBleedBox() : page.getMediaBox();
    const b = Math.max(0, trim.x - bleed.x);
    page.setMediaBox(bleed.x - SLUG, bleed.y - SLUG, bleed.width + 2 * SLUG, bleed.height + 2 * SLUG);
    page.setBleedBox(bleed.x, bleed.y, bleed.width, bleed.height);
    page.node.delete(PDFName.of('CropBox'));
    page.node.delete(PDFName.of('ArtBox'));
    const lines = cropMarkLines(trim.x, trim.y, trim.x + trim.width, trim.y + trim.height, b);
    const path = lines.map(([x1, y1, x2, y2]) => `${number(x1)} ${number(y1)} m ${number(x2)} ${number(y2)} l`).join('\n');
    const marks = context.register(context.flateStream(`Q\nq\n${stroke}\n${number(MARK_WIDTH)} w 0 J [] 0 d\n${path}\nS\nQ\n`));
    if (all) {
      const resources = page.node.Resources() ?? context.obj({});
      page.node.set(PDFName.of('Resources'), resources);
      const spaces = resources.lookupMaybe(PDFName.of('ColorSpace'), PDFDict) ?? context.obj({});
      spaces.set(PDFName.of('KumihanAll'), all);
      resources.set(PDFName.of('ColorSpace'), spaces);
    }
    const contents = page.node.get(PDFName.of('Contents'));
    const existing = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    // The page's own content may leave the graphics state changed: it runs inside q … Q.
    page.node.set(PDFName.of('Contents'), context.obj([open, ...existing, marks]));
  }
}

/**
 * Line segments [x1, y1, x2, y2] of the corner and centre marks around a trim box, `b` the bleed.
 * Every mark stays a line width clear of the BleedBox, so none of its ink falls in the bleed (a
 * preflight renders the BleedBox, and registration colour there is 400 % ink).
 */
export function cropMarkLines(x0: number, y0: number, x1: number, y1: number, b: number): Array<[number, number, number, number]> {
  const lines: Array<[number, number, number, number]> = [];
  const out = b + MARK_WIDTH;
  for (const [x, sx] of [[x0, -1], [x1, 1]] as const) {
    for (const [y, sy] of [[y0, -1], [y1, 1]] as const) {
      // Horizontal: the trim line starts past the bleed, the bleed line reaches back to the trim corner.
      lines.push([x + sx * out, y, x + sx * (b + MARK), y]);
      lines.push([x, y + sy * out, x + sx * (b + MARK), y + sy * out]);
      // Vertical, the same turned.
      lines.push([x, y + sy * out, x, y + sy * (b + MARK)]);
      lines.push([x + sx * out, y, x + sx * out, y + sy * (b + MARK)]);
    }
  }
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const half = MARK / 2;
  for (const [y, sy] of [[y0, -1], [y1, 1]] as const) {
    lines.push([cx, y + sy * out, cx, y + sy * (b + MARK)]);
    lines.push([cx - half, y + sy * (b + half), cx + half, y + sy * (b + half)]);
  }
  for (const [x, sx] of [[x0, -1], [x1, 1]] as const) {
    lines.push([x + sx * out, cy, x + sx * (b + MARK), cy]);
    lines.push([x + sx * (b + half), cy - half, x + sx * (b + half), cy + half]);
  }
  return lines;
}

/** What {@link finishPdfx} needs besides the document. */
export interface PdfxOptions {
  pdfx: PdfxVersion;
  profile: OutputProfile;
  title: string;
  author?: string;
  /** YYYY-MM-DD, the newest edition: CreationDate, ModDate and the XMP dates. */
  date?: string;
}

/** The Info keys and XMP values of each version. */
const VERSION_KEYS: Record<PdfxVersion, { version: string; conformance?: string; pdf: [number, number] }> = {
  '1a': { version: 'PDF/X-1:2001', conformance: 'PDF/X-1a:2001', pdf: [1, 3] },
  '4': { version: 'PDF/X-4', pdf: [1, 6] },
};

/**
 * Makes a colour-converted document PDF/X: OutputIntent, version keys, Trapped, boxes on every
 * page, XMP (PDF/X-4), a trailer ID from the content. Call after the general finishing (metadata,
 * outline, page labels), which it does not repeat.
 */
export function finishPdfx(document: PDFDocument, options: PdfxOptions): void {
  const keys = VERSION_KEYS[options.pdfx];
  const { context, catalog } = document;

  const profile = context.flateStream(options.profile.bytes, { N: 4 });
  const identifier = REGISTERED[options.profile.description] ?? options.profile.description;
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFX',
    OutputConditionIdentifier: PDFString.of(identifier),
    OutputCondition: PDFString.of(options.profile.description),
    Info: PDFString.of(options.profile.description),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: context.register(profile),
  });
  catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));

  const info = context.lookup(context.trailerInfo.Info, PDFDict);
  info.set(PDFName.of('GTS_PDFXVersion'), PDFString.of(keys.version));
  if (keys.conformance) info.set(PDFName.of('GTS_PDFXConformance'), PDFString.of(keys.conformance));
  else info.delete(PDFName.of('GTS_PDFXConformance'));
  info.set(PDFName.of('Trapped'), PDFName.of('False'));

  // PDF/X allows no annotation on the page (links); PDF/X-1a is PDF 1.3, without the tagged structure of 1.4+.
  if (options.pdfx === '1a') {
    catalog.delete(PDFName.of('StructTreeRoot'));
    catalog.delete(PDFName.of('MarkInfo'));
  }
  for (const page of document.getPages()) {
    page.node.delete(PDFName.of('Annots'));
    if (options.pdfx === '1a') {
      page.node.delete(PDFName.of('StructParents'));
      page.node.delete(PDFName.of('Tabs'));
    }
    const media = page.getMediaBox();
    // Without crop marks the page is the finished size: trim = bleed = media.
    if (!page.node.lookupMaybe(PDFName.of('TrimBox'), PDFArray)) page.setTrimBox(media.x, media.y, media.width, media.height);
    if (!page.node.lookupMaybe(PDFName.of('BleedBox'), PDFArray)) page.setBleedBox(media.x, media.y, media.width, media.height);
    page.node.delete(PDFName.of('ArtBox'));
  }

  if (options.pdfx === '4') {
    // UTF-8, uncompressed, as XMP requires (pdf-lib would write a string as Latin-1).
    const xmp = context.stream(new TextEncoder().encode(xmpPacket(options)), { Type: 'Metadata', Subtype: 'XML' });
    catalog.set(PDFName.of('Metadata'), context.register(xmp));
  } else {
    catalog.delete(PDFName.of('Metadata'));
  }
  const id = PDFHexString.of(contentId(document, options));
  context.trailerInfo.ID = context.obj([id, id]);
}

/**
 * The header a PDF/X version requires (`%PDF-1.3` for X-1a, `%PDF-1.6` for X-4). pdf-lib always
 * writes `%PDF-1.7`; the replacement has the same length, so every offset in the file holds.
 */
export function withPdfxHeader(bytes: Uint8Array, pdfx: PdfxVersion): Uint8Array {
  const [major, minor] = VERSION_KEYS[pdfx].pdf;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 8));
  if (!/^%PDF-\d\.\d$/.test(head)) throw new Error('withPdfxHeader: not a PDF header');
  const fixed = new Uint8Array(bytes);
  fixed.set(new TextEncoder().encode(`%PDF-${major}.${minor}`), 0);
  return fixed;
}

/** 16 bytes of hex from the page content and the settings: the same book gives the same ID. */
function contentId(document: PDFDocument, options: PdfxOptions): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ title: options.title, date: options.date, pdfx: options.pdfx, pages: document.getPageCount() }));
  for (const page of document.getPages()) {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => document.context.lookup(ref)) : [contents];
    for (const stream of streams) if (stream instanceof PDFRawStream) hash.update(stream.contents);
  }
  return hash.digest('hex').slice(0, 32).toUpperCase();
}

/** The XMP packet PDF/X-4 requires (ISO 15930-7 6.7.2): version, title, dates, Trapped, rendition. */
function xmpPacket(options: PdfxOptions): string {
  const date = options.date ? `${options.date}T00:00:00+09:00` : '1970-01-01T00:00:00Z';
  const uuid = `uuid:${createHash('sha256').update(`${options.title}\n${options.date ?? ''}`).digest('hex').slice(0, 32).replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, '$1-$2-$3-$4-$5')}`;
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    '  xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '  xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    '  xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    '  xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"',
    '  xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"',
    `  xmp:CreateDate="${date}" xmp:ModifyDate="${date}" xmp:MetadataDate="${date}" xmp:CreatorTool="kumihan"`,
    '  pdf:Producer="kumihan" pdf:Trapped="False"',
    `  xmpMM:DocumentID="${uuid}" xmpMM:InstanceID="${uuid}" xmpMM:VersionID="1" xmpMM:RenditionClass="default"`,
    '  pdfxid:GTS_PDFXVersion="PDF/X-4">',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(options.title)}</rdf:li></rdf:Alt></dc:title>`,
    ...(options.author ? [`<dc:creator><rdf:Seq><rdf:li>${escapeXml(options.author)}</rdf:li></rdf:Seq></dc:creator>`] : []),
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

