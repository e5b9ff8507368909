/** Press output of pictures (src/writers/print/press-images.ts): RGB images re-encoded for gray and CMYK jobs. */
import { PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { convertImages } from '../../src/writers/print/press-images.js';
import { convertColors, outputProfile } from '../../src/writers/print/press.js';

/** A one-page document drawing one 2 × 2 image, red, green, blue and white, as Flate RGB or as a JPEG. */
async function withImage(kind: 'flate' | 'jpeg', extra: Record<string, unknown> = {}) {
  const document = await PDFDocument.create();
  const page = document.addPage([100, 100]);
  const pixels = Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
  const image =
    kind === 'flate'
      ? document.context.flateStream(pixels, { Type: 'XObject', Subtype: 'Image', Width: 2, Height: 2, ColorSpace: 'DeviceRGB', BitsPerComponent: 8, ...extra })
      : document.context.stream(await sharp(pixels, { raw: { width: 2, height: 2, channels: 3 } }).jpeg().toBuffer(), { Type: 'XObject', Subtype: 'Image', Width: 2, Height: 2, ColorSpace: 'DeviceRGB', BitsPerComponent: 8, Filter: 'DCTDecode', ...extra });
  const ref = document.context.register(image);
  page.node.set(PDFName.of('Resources'), document.context.obj({ XObject: { Im1: ref } }));
  page.node.set(PDFName.of('Contents'), document.context.register(document.context.flateStream('q 100 0 0 100 0 0 cm /Im1 Do Q')));
  return { document, image: () => document.context.lookup(ref) as PDFRawStream };
}

const profile = async () => (await outputProfile()).file;

describe('convertImages', () => {
  it.each(['flate', 'jpeg'] as const)('makes a %s RGB picture a DeviceGray JPEG that a gray job draws', async (kind) => {
    const { document, image } = await withImage(kind);
    expect(await convertImages(document, 'gray', profile)).toBe(1);
    expect(image().dict.get(PDFName.of('ColorSpace'))).toBe(PDFName.of('DeviceGray'));
    expect(image().dict.get(PDFName.of('Filter'))).toBe(PDFName.of('DCTDecode'));
    const decoded = await sharp(Buffer.from(image().contents)).metadata();
    expect([decoded.width, decoded.height, decoded.channels]).toEqual([2, 2, 1]);
    expect(() => convertColors(document, 'gray')).not.toThrow();
  });

  it('makes an RGB picture DeviceCMYK through the output profile for a CMYK job', async () => {
    const { document, image } = await withImage('flate');
    expect(await convertImages(document, 'cmyk', profile)).toBe(1);
    expect(image().dict.get(PDFName.of('ColorSpace'))).toBe(PDFName.of('DeviceCMYK'));
    const samples = decodePDFRawStream(image()).decode();
    expect(samples.length).toBe(2 * 2 * 4);
    // White takes no ink; red is mostly magenta and yellow.
    expect([...samples.slice(12, 16)].every((ink) => ink < 8)).toBe(true);
    expect(samples[1]!).toBeGreaterThan(200);
    expect(samples[2]!).toBeGreaterThan(200);
    expect(() => convertColors(document, 'cmyk')).not.toThrow();
  });

  it('leaves a gray picture and a soft-masked one alone; the colour pass refuses the masked one', async () => {
    const gray = await withImage('flate', { ColorSpace: 'DeviceGray' });
    expect(await convertImages(gray.document, 'gray', profile)).toBe(0);
    const masked = await withImage('jpeg');
    const mask = masked.document.context.register(masked.document.context.flateStream(Buffer.from([255, 255, 255, 255]), { Type: 'XObject', Subtype: 'Image', Width: 2, Height: 2, ColorSpace: 'DeviceGray', BitsPerComponent: 8 }));
    masked.image().dict.set(PDFName.of('SMask'), mask);
    const before = masked.image().contents;
    await convertImages(masked.document, 'gray', profile);
    expect(masked.image().contents).toBe(before);
    expect(() => convertColors(masked.document, 'gray')).toThrow(/page 1 draws an image \(\/Im1\) with a transparency mask/);
  });
});
