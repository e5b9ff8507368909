/**
 * Pictures (the front matter `cover` photo and `![caption](path)` figures): read from the
 * manuscript's directory, checked, and re-encoded with sharp (libvips) — never shipped at camera
 * size, never fetched. JPEG, PNG and WebP in; JPEG out (transparency flattened onto white paper).
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Book, Picture } from '../manuscript/book.js';
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

/** Why a picture cannot be used: the reason the build stops on and `kumihan check` reports. */
class PictureProblem extends Error {}

type Sharp = (typeof import('sharp'))['default'];

/** A picture's file found and its header read: its real path and size in pixels (after EXIF rotation). */
interface OpenedPicture {
  input: () => ReturnType<Sharp>;
  width: number;
  height: number;
}

/**
 * Finds a picture's file and reads its header: missing, outside the manuscript's directory (through
 * a link too), not a file, too large, not an image, another format or too many pixels is a
 * {@link PictureProblem}.
 */
async function openPicture(picture: Picture, root: string, sharp: Sharp): Promise<OpenedPicture> {
  let real: string;
  try {
    real = await realpath(picture.file);
  } catch {
    throw new PictureProblem('no such file (the path is relative to the manuscript)');
  }
  if (real !== root && !real.startsWith(root + path.sep)) throw new PictureProblem("the file lies outside the manuscript's directory");
  const info = await stat(real);
  if (!info.isFile()) throw new PictureProblem('not a file');
  if (info.size > MAX_PICTURE_BYTES) throw new PictureProblem(`the file is ${Math.round(info.size / 1024 / 1024)} MB; pictures up to ${MAX_PICTURE_BYTES / 1024 / 1024} MB are read`);
  const input = () => sharp(real, { limitInputPixels: MAX_PICTURE_PIXELS, failOn: 'error' }).rotate();
  let metadata: Awaited<ReturnType<ReturnType<Sharp>['metadata']>>;
  try {
    // The header only, without the pixel limit: a picture too large is told so by its size below.
    metadata = await sharp(real, { limitInputPixels: false }).metadata();
  } catch {
    throw new PictureProblem('not a readable JPEG, PNG or WebP image');
  }
  if (!metadata.format || !FORMATS.has(metadata.format)) throw new PictureProblem(`${metadata.format ?? 'unknown'} images are not read: use JPEG, PNG or WebP`);
  // EXIF orientations 5–8 turn the picture a quarter: its width is the stored height.
  const turned = (metadata.orientation ?? 1) >= 5;
  const width = (turned ? metadata.height : metadata.width) ?? 0;
  const height = (turned ? metadata.width : metadata.height) ?? 0;
  if (!width || !height) throw new PictureProblem('the image has no size');
  if (width * height > MAX_PICTURE_PIXELS) throw new PictureProblem(`the image is ${width} × ${height} pixels; up to ${MAX_PICTURE_PIXELS / 1_000_000} megapixels are read`);
  return { input, width, height };
}

const UNDECODABLE = 'the image could not be decoded (a damaged or truncated file?)';

/** The root the pictures of a book must lie in: the manuscript's directory, links resolved. */
async function pictureRoot(book: Book): Promise<string> {
  return realpath(path.dirname(path.resolve(book.file.path)));
}

/**
 * Reads every picture of a book as the build would, without writing anything: each problem the
 * build stops on (a missing, unreadable, foreign, huge or damaged file, a path that leads out of
 * the manuscript's directory) becomes an error message at the manuscript line that names the
 * picture, with the build's words. For `kumihan check`.
 */
export async function checkPictures(book: Book): Promise<void> {
  if (!book.pictures.length) return;
  const { default: sharp } = await import('sharp');
  const root = await pictureRoot(book);
  for (const picture of book.pictures) {
    let reason: string | undefined;
    try {
      const opened = await openPicture(picture, root, sharp);
      // Decoding a small copy reads every pixel, as the build's re-encoding does.
      await opened
        .input()
        .resize({ width: 64, height: 64, fit: 'inside' })
        .raw()
        .toBuffer()
        .catch(() => {
          throw new PictureProblem(UNDECODABLE);
        });
    } catch (error) {
      if (!(error instanceof PictureProblem)) throw error;
      reason = error.message;
    }
    if (reason === undefined) continue;
    const message = book.file.message(`picture “${picture.src}”: ${reason}`, { place: picture.position, ruleId: 'picture', source: 'kumihan-pictures' });
    message.fatal = true;
  }
}

/**
 * Reads and re-encodes every picture of a book. A missing, unreadable, foreign or huge file, or a
 * path that leads (through a link) out of the manuscript's directory, is an error at the
 * manuscript line that names it; nothing is written before all pictures have been read.
 */
export async function preparePictures(book: Book, options: PictureOptions = {}): Promise<PreparedPicture[]> {
  if (!book.pictures.length) return [];
  const { default: sharp } = await import('sharp');
  const root = await pictureRoot(book);
  const prepared: PreparedPicture[] = [];
  for (const picture of book.pictures) {
    const fail = (reason: string): never => {
      const start = picture.position?.start;
      throw new KumihanError(`picture “${picture.src}”: ${reason}`, { file: book.file.path, line: start?.line, column: start?.column });
    };
    let opened: OpenedPicture;
    try {
      opened = await openPicture(picture, root, sharp);
    } catch (error) {
      if (error instanceof PictureProblem) return fail(error.message);
      throw error;
    }
    const encode = async (longSide: number, gray: boolean) => {
      try {
        let pipeline = opened
          .input()
          .resize({ width: longSide, height: longSide, fit: 'inside', withoutEnlargement: true })
          .flatten({ background: '#ffffff' });
        if (gray) pipeline = pipeline.grayscale();
        return await pipeline.jpeg({ quality: 85, mozjpeg: true }).toBuffer();
      } catch {
        return fail(UNDECODABLE);
      }
    };
    const isCover = picture.id === 'cover';
    prepared.push({
      picture,
      print: await encode(isCover ? PRINT_COVER_LONG_SIDE : PRINT_LONG_SIDE, options.gray ?? false),
      epub: await encode(isCover ? PRINT_COVER_LONG_SIDE : EPUB_LONG_SIDE, false),
      width: opened.width,
      height: opened.height,
    });
  }
  return prepared;
}
