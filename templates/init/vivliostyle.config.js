// @ts-check
/**
 * Vivliostyle CLI configuration for looking at the print edition outside kumihan:
 *
 *   npx kumihan build                  # writes output/.work/<name>/print.html
 *   npx vivliostyle preview --executable-browser /path/to/chrome
 *
 * It typesets the print HTML that the last `kumihan build` left in output/.work/<name>/ (or the
 * one named by KUMIHAN_BOOK=<name>), with the copies of kumihan's stylesheets and fonts beside it.
 * The book's PDF is output/<name>.pdf from `kumihan build`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const work = path.join(root, 'output', '.work');

/** The book to show: KUMIHAN_BOOK, else the most recently built print HTML. */
function pickBook() {
  const named = process.env.KUMIHAN_BOOK;
  if (named) return named;
  const built = existsSync(work)
    ? readdirSync(work)
        .filter((name) => !name.startsWith('.') && existsSync(path.join(work, name, 'print.html')))
        .map((name) => ({ name, time: statSync(path.join(work, name, 'print.html')).mtimeMs }))
        .sort((a, b) => b.time - a.time)
    : [];
  if (!built.length) throw new Error('no print HTML in output/.work/: run `kumihan build` first (or set KUMIHAN_BOOK=<name>)');
  return built[0].name;
}

const book = pickBook();
const dir = `output/.work/${book}`;

/** @type {import('@vivliostyle/cli').VivliostyleConfigSchema} */
export default {
  language: 'ja',
  readingProgression: 'rtl',
  entryContext: dir,
  entry: ['print.html'],
  workspaceDir: `output/.work/.vivliostyle/${book}`,
  output: [`${dir}/vivliostyle.pdf`],
};
