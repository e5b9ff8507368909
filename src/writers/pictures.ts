/**
 * Pictures (the front matter `cover` photo and `![caption](path)` figures): read from the
 * manuscript's directory, checked, and re-encoded with sharp (libvips) — never shipped at camera
 * size, never fetched. JPEG, PNG and WebP in; JPEG out (transparency flattened onto white paper).
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Book, Picture } from '../manuscript/parse.js';
import { KumihanError } from '../core/errors.js';

/** A file larger than this is refused before it is decoded. */
export const MAX_PICTURE_BYTES = 50 * 1024 * 1024;
/** A picture with more pixels than this (a 10 000 × 10 000 scan) is refused: decoding it would take gigabytes. */
export const MAX_PICTURE_PIXELS = 100_000_000;
/** Long side of a figure in print: about 300 dpi across a 文庫–A5 text block. */
const PRINT_LONG_SIDE = 2000;
/** Long side of a figure in the EPUB: sharp on a phone, small in the package. */
const EPUB_LONG_SIDE = 1600;
/** The print cover: an A5 page at 300 dpi (1748 × 2480 px) with room for bleed. */
const PRINT_COVER_LONG_SIDE = 2600;
const FORMATS = new Set(['jpeg', 'png', 'webp']);

/** One picture, read and re-encoded for each edition. */
export interface PreparedPicture {
  picture: Picture;
  /** JPEG for the print HTML (gray when asked). */
  print: Buffer;
  /** JPEG for the EPUB (the cover photo: the photo itself; the EPUB cover is drawn from it). */
  epub: Buffer;
  /** Size of the source in pixels, after EXIF rotation. */
  width: number;
  height: number;
}

export interface PictureOptions {
  /** Print in gray (`--color gray`): the print files are converted; the EPUB keeps its colour. */
  gray?: boolean;
}

/**
 * Reads and re-encodes every picture of a book. A missing, unreadable, foreign or huge file, or a
 * path that leads (through a link) out of the manuscript's directory, is an error at the
 * manuscript line that names it; nothing is written before all pictures have been read.
 */
export async function preparePictures(book: Book, options: PictureOptions = {}): Promise<PreparedPicture[]> {
  if (!book.pictures.length) return [];
  const { default: sharp } = await import('sharp');
  const root = await realpath(path.dirname(path.resolve(book.file.path)));
  const prepared: PreparedPicture[] = [];
  for (const picture of book.pictures) {
    const fail = (reason: string): never => {
      const start = picture.position?.start;
      throw new KumihanError(`picture “${picture.src}”: ${reason}`, { file: book.file.path, line: start?.line, column: start?.column });
    };
    let real: string;
    try {
      real = await realpath(picture.file);
    } catch {
      return fail('no such file (the path is relative to the manuscript)');
    }
    if (real !== root && !real.startsWith(root + path.sep)) fail("the file lies outside the manuscript's directory");
    const info = await stat(real);
    if (!info.isFile()) fail('not a file');
    if (info.size > MAX_PICTURE_BYTES) fail(`the file is ${Math.round(info.size / 1024 / 1024)} MB; pictures up to ${MAX_PICTURE_BYTES / 1024 / 1024} MB are read`);
    const input = () => sharp(real, { limitInputPixels: MAX_PICTURE_PIXELS, failOn: 'error' }).rotate();
    let metadata: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
    try {
      metadata = await input().metadata();
    } catch {
      return fail('not a readable JPEG, PNG or WebP image');
    }
    if (!metadata.format || !FORMATS.has(metadata.format)) fail(`${metadata.format ?? 'unknown'} images are not read: use JPEG, PNG or WebP`);
    const width = metadata.width ?? 0;
    const height = metadata.height ?? 0;
    if (!width || !height) fail('the image has no size');
    if (width * height > MAX_PICTURE_PIXELS) fail(`the image is ${width} × ${height} pixels; up to ${MAX_PICTURE_PIXELS / 1_000_000} megapixels are read`);
    const encode = async (longSide: number, gray: boolean) => {
      try {
        let pipeline = input()
          .resize({ width: longSide, height: longSide, fit: 'inside', withoutEnlargement: true })
          .flatten({ background: '#ffffff' });
        if (gray) pipeline = pipeline.grayscale();
        return await pipeline.jpeg({ quality: 85, mozjpeg: true }).toBuffer();
      } catch {
        return fail('the image could not be decoded (a damaged or truncated file?)');
      }
    };
    const isCover = picture.id === 'cover';
    prepared.push({
      picture,
      print: await encode(isCover ? PRINT_COVER_LONG_SIDE : PRINT_LONG_SIDE, options.gray ?? false),
      epub: await encode(isCover ? PRINT_COVER_LONG_SIDE : EPUB_LONG_SIDE, false),
      width,
      height,
    });
  }
  return prepared;
}
