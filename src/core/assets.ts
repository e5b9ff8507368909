/**
 * kumihan's own files, shipped beside dist/ in the repository and in the npm package alike:
 * the stylesheets, the fonts the books are set in, the proofreading configuration and the
 * template of a new book project. Always found relative to this module, never to process.cwd().
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { copyFile, link, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KumihanError } from './errors.js';
import { commitFile, copyOutput, makeDirectory, temporarySibling } from './fs.js';

/** The package root: the folder holding package.json, dist/ and styles/. */
export const packageRoot = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));

/** The stylesheets (print, EPUB, errata) and, in fonts/, the fonts they load. */
export const stylesDir = path.join(packageRoot, 'styles');

/** The vendored BIZ UD fonts (SIL OFL 1.1, see styles/fonts/README.md). */
export const fontsDir = path.join(stylesDir, 'fonts');

/**
 * The fonts every edition is set in: file name, PostScript name (what a PDF calls the font) and
 * family name (what the cover's SVG asks for). The stylesheets load them by
 * `url("fonts/<file>")`; nothing is taken from the system.
 */
export const BOOK_FONTS = {
  mincho: { file: 'BIZUDMincho-Regular.ttf', postscript: 'BIZUDMincho-Regular', family: 'BIZ UDMincho' },
  gothic: { file: 'BIZUDGothic-Regular.ttf', postscript: 'BIZUDGothic-Regular', family: 'BIZ UDGothic' },
  gothicBold: { file: 'BIZUDGothic-Bold.ttf', postscript: 'BIZUDGothic-Bold', family: 'BIZ UDGothic' },
} as const;

/** The digits of the 隠しノンブル drawn after Vivliostyle (DejaVu Sans; see styles/fonts/README.md). */
export const NOMBRE_FONT_FILE = path.join(fontsDir, 'DejaVuSans.ttf');

/** Absolute paths of the book fonts. */
export function bookFontFiles(): string[] {
  return Object.values(BOOK_FONTS).map((font) => path.join(fontsDir, font.file));
}

/**
 * The environment for the browser that typesets a book: on Linux, fontconfig sees only the book
 * fonts, with fixed rendering settings (styles/fonts/fonts.conf), so the PDF is the same whatever
 * fonts and font settings the machine has, or none. Browsers on macOS and Windows ignore it.
 */
export function browserEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, FONTCONFIG_FILE: path.join(fontsDir, 'fonts.conf') };
}

const REINSTALL = 'reinstall kumihan (or restore styles/fonts/ in the repository)';

/**
 * Refuses to go on when a shipped font is missing or is not a TrueType file (a damaged install,
 * or a Git LFS pointer in its place): never a system package, which the book does not use.
 */
export function requireFonts(): void {
  for (const file of bookFontFiles()) {
    const head = Buffer.alloc(4);
    try {
      const handle = openSync(file, 'r');
      try {
        readSync(handle, head, 0, 4, 0);
      } finally {
        closeSync(handle);
      }
    } catch {
      throw new KumihanError(`kumihan's font ${path.basename(file)} is missing from ${fontsDir}: ${REINSTALL}`);
    }
    // sfnt version 1.0 or 'true': a TrueType font.
    if (head.readUInt32BE(0) !== 0x00010000 && head.toString('latin1') !== 'true') {
      throw new KumihanError(`kumihan's font ${path.basename(file)} in ${fontsDir} is not a TrueType font: ${REINSTALL}`);
    }
  }
}

/**
 * Copies `stylesheets` (names in styles/) into `dir` and puts the book fonts in `dir/fonts/`, so
 * that the copies' `url("fonts/…")` resolve below the folder Vivliostyle serves. Fonts are hard
 * links where the file system allows (no 15 MB copy per book), copies otherwise, and are left
 * alone when already there.
 */
export async function stageStyles(dir: string, stylesheets: string[]): Promise<void> {
  const fontDir = path.join(dir, 'fonts');
  await makeDirectory(fontDir);
  await Promise.all([
    // copyOutput: a full disk names the stylesheet's target, not the packaged source.
    ...stylesheets.map((name) => copyOutput(path.join(stylesDir, name), path.join(dir, name))),
    ...bookFontFiles().map((file) => placeFont(file, path.join(fontDir, path.basename(file)))),
  ]);
}

async function placeFont(source: string, target: string): Promise<void> {
  const [from, to] = await Promise.all([stat(source), stat(target).catch(() => undefined)]);
  // A hard link, or a copy made after the font last changed.
  if (to && (to.ino === from.ino || (to.size === from.size && to.mtimeMs >= from.mtimeMs))) return;
  // Through a temporary and a rename: a build running beside this one never sees half a font.
  const temporary = temporarySibling(target);
  try {
    await link(source, temporary);
  } catch {
    await copyFile(source, temporary);
  }
  await commitFile(temporary, target);
}
