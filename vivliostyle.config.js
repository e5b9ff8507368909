// @ts-check
/**
 * Vivliostyle CLI configuration for looking at (and debugging) the print edition outside kumihan:
 *
 *   npx kumihan build                                   # writes output/.work/<name>/print.html
 *   npx vivliostyle preview --executable-browser /usr/bin/chromium
 *   npx vivliostyle build   --executable-browser /usr/bin/chromium
 *
 * It typesets the print HTML that the last `kumihan build` left in output/.work/<name>/ (or the
 * one named by KUMIHAN_BOOK=<name>): print.html, or for a long book the documents its
 * publication.json lists. The stylesheets of styles/ are added as the theme, after the
 * copies the HTML links, so edits to styles/*.css show on the next preview reload without a
 * rebuild (page size, margins and grid stay those the HTML was built with). The PDF goes to
 * output/.work/<name>/vivliostyle.pdf: the book's PDF (with its metadata, outline labels and
 * fixed dates) is output/<name>.pdf from `kumihan build`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
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
// A long book is typeset in parts (src/writers/print/print-html.ts, printDocuments): its documents, in order.
const manifest = path.join(root, dir, 'publication.json');
const entry = existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).readingOrder.map((/** @type {{ url: string }} */ item) => item.url) : ['print.html'];

/** @type {import('@vivliostyle/cli').VivliostyleConfigSchema} */
export default {
  language: 'ja',
  readingProgression: 'rtl',
  entryContext: dir,
  entry,
  // Vivliostyle copies the entry here and empties the directory on every build: keep it in output/.
  workspaceDir: `output/.work/.vivliostyle/${book}`,
  // Linked after the document's own stylesheets (and its generated grid): the live files win.
  theme: ['styles/typography.css', 'styles/print.css'],
  output: [`${dir}/vivliostyle.pdf`],
};
