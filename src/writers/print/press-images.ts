/**
 * Press output of the book's pictures (figures, a cover photo): Chromium embeds them as RGB
 * (ICCBased sRGB, JPEG or Flate). Before the colour operators are rewritten (press.ts), every
 * image is re-encoded with sharp in the job's colour: a gray job gets DeviceGray JPEG (one plate,
 * K), a CMYK job DeviceCMYK samples converted through the output profile (Japan Color 2001 Coated
 * unless KUMIHAN_ICC names another), kept lossless (Flate) so no CMYK JPEG convention is involved.
 * An image with a soft mask (transparency) is left alone, and press.ts refuses it.
 */
import { deflateSync } from 'node:zlib';
import { decodePDFRawStream, PDFArray, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';
import { KumihanError } from '../../core/errors.js';
import type { ColorMode } from '../../config/press.js';

/** JPEG quality of a gray picture: the print copies are quality 85 already (pictures.ts); a second pass at 92 loses no visible detail. */
const GRAY_QUALITY = 92;

/**
 * Re-encodes every image of `document` for a `gray` or `cmyk` job; returns how many it changed.
 * `profile` gives the CMYK output profile's file (asked for only when a CMYK job has an RGB
 * picture). Images that already are device gray (or CMYK in a CMYK job), stencil masks and
 * soft-masked images keep their bytes.
 */
export async function convertImages(document: PDFDocument, color: Exclude<ColorMode, 'rgb'>, profile: () => Promise<string>): Promise<number> {
  const images = document.context.enumerateIndirectObjects().filter((entry): entry is [PDFRef, PDFRawStream] => {
    const [, object] = entry;
    return object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image');
  });
  if (!images.length) return 0;
  const { default: sharp } = await import('sharp');
  let converted = 0;
  for (const [ref, image] of images) {
    const { dict } = image;
    if (dict.get(PDFName.of('ImageMask')) || dict.get(PDFName.of('SMask')) || dict.get(PDFName.of('Mask'))) continue;
    const space = spaceName(document, dict.get(PDFName.of('ColorSpace')));
    if (space === 'DeviceGray' || (color === 'cmyk' && space === 'DeviceCMYK')) continue;
    const width = dict.lookup(PDFName.of('Width'), PDFNumber).asNumber();
    const height = dict.lookup(PDFName.of('Height'), PDFNumber).asNumber();
    const input = sourceOf(image, width, height, space, sharp);
    let out: PDFRawStream;
    try {
      if (color === 'gray') {
        const jpeg = await input.toColourspace('b-w').jpeg({ quality: GRAY_QUALITY, mozjpeg: true }).toBuffer();
        out = imageStream(document, width, height, 'DeviceGray', 'DCTDecode', jpeg);
      } else {
        const samples = await input.withIccProfile(await profile()).toColourspace('cmyk').raw().toBuffer();
        out = imageStream(document, width, height, 'DeviceCMYK', 'FlateDecode', deflateSync(samples));
      }
    } catch (error) {
      if (error instanceof KumihanError) throw error;
      throw new KumihanError(`press output: a picture (${ref.toString()}) could not be converted to ${color}: ${(error as Error).message}`);
    }
    document.context.assign(ref, out);
    converted++;
  }
  return converted;
}

type Sharp = (typeof import('sharp'))['default'];

/** The sharp input of an image XObject: a JPEG as it is, other filters decoded to 8-bit samples. */
function sourceOf(image: PDFRawStream, width: number, height: number, space: string | undefined, sharp: Sharp) {
  const filter = image.dict.get(PDFName.of('Filter'));
  if (filter === PDFName.of('DCTDecode')) return sharp(Buffer.from(image.contents));
  const bits = image.dict.lookupMaybe(PDFName.of('BitsPerComponent'), PDFNumber)?.asNumber();
  const channels = space === 'DeviceGray' ? 1 : space === 'DeviceCMYK' ? 4 : 3;
  if (bits !== 8) throw new KumihanError(`press output: a picture with ${bits ?? 'unknown'}-bit samples cannot be converted`);
  const samples = decodePDFRawStream(image).decode();
  if (samples.length < width * height * channels) throw new KumihanError('press output: a picture’s samples are shorter than its size');
  return sharp(Buffer.from(samples), { raw: { width, height, channels: channels as 1 | 3 | 4 } });
}

/** The family of an image colour space: DeviceRGB, DeviceGray, DeviceCMYK, or the device space an ICCBased one stands for. */
function spaceName(document: PDFDocument, value: PDFObject | undefined): string | undefined {
  const space = value instanceof PDFRef ? document.context.lookup(value) : value;
  if (space instanceof PDFName) return space.decodeText();
  if (space instanceof PDFArray && space.get(0) === PDFName.of('ICCBased')) {
    const stream = document.context.lookup(space.get(1));
    const components = stream instanceof PDFRawStream ? stream.dict.lookupMaybe(PDFName.of('N'), PDFNumber)?.asNumber() : undefined;
    return components === 1 ? 'ICCGray' : components === 4 ? 'ICCCMYK' : 'ICCRGB';
  }
  return undefined;
}

function imageStream(document: PDFDocument, width: number, height: number, space: string, filter: string, bytes: Uint8Array): PDFRawStream {
  const dict = document.context.obj({
    Type: 'XObject',
    Subtype: 'Image',
    Width: width,
    Height: height,
    ColorSpace: space,
    BitsPerComponent: 8,
    Filter: filter,
    Length: bytes.length,
  });
  return PDFRawStream.of(dict, bytes);
}
