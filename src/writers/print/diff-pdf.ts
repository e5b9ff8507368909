/**
 * Proof sheets of a correction (校正紙): each changed page of the old printing beside the new one,
 * rendered by pdftoppm, compared pixel by pixel (pixelmatch) and the differences tinted red on both.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pixelmatch from 'pixelmatch';
import pngjs from 'pngjs';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { KumihanError } from '../../core/errors.js';
import { savePdf } from './pdf-document.js';

const { PNG } = pngjs;
const run = promisify(execFile);

type Image = InstanceType<typeof PNG>;

/** Renders one page of a PDF to a PNG image (pdftoppm); a page past the end is a blank page of the other's size. */
async function renderPage(pdf: string, page: number, dir: string, tag: string, dpi: number): Promise<Image | undefined> {
  const prefix = path.join(dir, `${tag}-${page}`);
  try {
    await run('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', '-f', String(page), '-l', String(page), path.resolve(pdf), path.resolve(prefix)]);
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { stderr?: string };
    if (failed.code === 'ENOENT') throw new KumihanError('pdftoppm is missing (it renders the pages): apt-get install -y poppler-utils');
    // pdftoppm refuses a first page past the end: that page does not exist in this printing.
    return undefined;
  }
  return PNG.sync.read(await readFile(`${prefix}.png`));
}

function blank(width: number, height: number): Image {
  const image = new PNG({ width, height });
  image.data.fill(255);
  return image;
}

/** The image on a white canvas of the given size (pages of one book share a size; an odd one is padded). */
function padded(image: Image, width: number, height: number): Image {
  if (image.width === width && image.height === height) return image;
  const canvas = blank(width, height);
  PNG.bitblt(image, canvas, 0, 0, Math.min(image.width, width), Math.min(image.height, height), 0, 0);
  return canvas;
}

/** The changed pixels grown by `radius` (a square), so a changed character gets a visible patch. */
function grow(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const across = new Uint8Array(mask.length);
  // Rows, then columns; each in two passes: the nearest marked pixel on either side.
  for (let y = 0; y < height; y++) {
    let last = -Infinity;
    for (let x = 0; x < width; x++) {
      if (mask[y * width + x]) last = x;
      if (x - last <= radius) across[y * width + x] = 1;
    }
    let next = Infinity;
    for (let x = width - 1; x >= 0; x--) {
      if (mask[y * width + x]) next = x;
      if (next - x <= radius) across[y * width + x] = 1;
    }
  }
  const grown = new Uint8Array(mask.length);
  for (let x = 0; x < width; x++) {
    let last = -Infinity;
    for (let y = 0; y < height; y++) {
      if (across[y * width + x]) last = y;
      if (y - last <= radius) grown[y * width + x] = 1;
    }
    let next = Infinity;
    for (let y = height - 1; y >= 0; y--) {
      if (across[y * width + x]) next = y;
      if (next - y <= radius) grown[y * width + x] = 1;
    }
  }
  return grown;
}

/** Tints the marked area: ink turns red, paper turns pink. */
function tint(image: Image, mask: Uint8Array): void {
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const o = i * 4;
    const light = (image.data[o]! + image.data[o + 1]! + image.data[o + 2]!) / 3;
    image.data[o] = 255;
    image.data[o + 1] = Math.round(60 + (light / 255) * 160);
    image.data[o + 2] = Math.round(60 + (light / 255) * 160);
  }
}

/** One page pair: old and new with the differences tinted, side by side (new on the left, old on the right, as a vertical book is read). */
export interface PagePair {
  page: number;
  /** The composite image as PNG bytes. */
  png: Buffer;
  width: number;
  height: number;
  /** Number of pixels that differ. */
  pixels: number;
}

const GAP = 24;

/** Renders page `page` of both printings and composes the pair. */
export async function comparePage(oldPdf: string, newPdf: string, page: number, scratch: string, dpi = 100): Promise<PagePair> {
  const [before, after] = await Promise.all([renderPage(oldPdf, page, scratch, 'old', dpi), renderPage(newPdf, page, scratch, 'new', dpi)]);
  const width = Math.max(before?.width ?? 0, after?.width ?? 0);
  const height = Math.max(before?.height ?? 0, after?.height ?? 0);
  if (!width || !height) throw new KumihanError(`page ${page} is in neither PDF`);
  const old = padded(before ?? blank(width, height), width, height);
  const next = padded(after ?? blank(width, height), width, height);
  const marks = new PNG({ width, height });
  const pixels = pixelmatch(old.data, next.data, marks.data, width, height, { threshold: 0.1, diffMask: true, diffColor: [255, 0, 0], aaColor: [255, 0, 0] });
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) mask[i] = marks.data[i * 4 + 3]! > 0 ? 1 : 0;
  const patch = grow(mask, width, height, Math.round(dpi / 20));
  tint(old, patch);
  tint(next, patch);
  const pair = blank(width * 2 + GAP, height);
  PNG.bitblt(next, pair, 0, 0, width, height, 0, 0);
  PNG.bitblt(old, pair, 0, 0, width, height, width + GAP, 0);
  for (let y = 0; y < height; y++) for (let x = width; x < width + GAP; x++) pair.data.fill(200, (y * pair.width + x) * 4, (y * pair.width + x) * 4 + 3);
  return { page, png: PNG.sync.write(pair), width: pair.width, height: pair.height, pixels };
}

/** The proof sheet PDF: one page per pair, labelled with the page number and which side is which. */
export async function diffPdf(pairs: PagePair[], labels: { old: string; new: string }, dpi = 100): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const scale = 72 / dpi;
  const margin = 28;
  for (const pair of pairs) {
    const image = await document.embedPng(pair.png);
    const width = pair.width * scale;
    const height = pair.height * scale;
    const page = document.addPage([width + margin * 2, height + margin * 2]);
    page.drawImage(image, { x: margin, y: margin, width, height });
    const caption = (text: string, x: number) => page.drawText(text, { x, y: height + margin + 10, size: 10, font, color: rgb(0.2, 0.2, 0.2) });
    caption(`p.${pair.page} new${ascii(labels.new)}`, margin);
    caption(`p.${pair.page} old${ascii(labels.old)}`, margin + width / 2 + (GAP * scale) / 2);
  }
  return savePdf(document, { plain: true });
}

/** Helvetica has no kana: a label (a revision, a file) is shown only when it is ASCII. */
function ascii(text: string): string {
  return /^[\x20-\x7e]+$/.test(text) ? ` (${text})` : '';
}
