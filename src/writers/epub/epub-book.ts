/** EPUB edition of a typeset book: one XHTML file per part, fed to the EPUB writer. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element } from 'hast';
import { eachElement, EXIT } from '../../core/tree.js';
import { bookSections, type Book } from '../../manuscript/book.js';
import type { BookParts } from '../../render/parts.js';
import { serialize } from '../../render/serialize.js';
import { stylesDir } from '../../core/assets.js';
import type { PreparedPicture } from '../pictures.js';
import { PICTURE_DIR, pictureFileName } from '../../render/parts.js';
import { fromPage, HREFS } from './layout.js';
import { writeEpub, stableIdentifier, shortNavLabel, type EpubChapter } from './writer.js';

/**
 * The page id (and file name without `.xhtml`) of question `index`: p-001 … as the Denshokyo guide
 * numbers pages, with as many digits as the largest number needs, so that sorted names stay in
 * reading order (the guide: "adjust the names when three digits are not enough").
 */
function pageId(index: number, digits: number): string {
  return `p-${String(index).padStart(digits, '0')}`;
}

/** The TOC label of the lead (the paragraphs before the first question), which has no heading. */
export const LEAD_LABEL = 'リード';

/**
 * The 奥付 for the e-book: without what only a printed book has (`data-output="print"`: the 印刷所),
 * and with `epub:type="colophon"` beside its `role="doc-colophon"` (Ace wants the two together).
 */
function asEpubColophon(part: Element): Element {
  const copy = structuredClone(part);
  copy.properties = { ...copy.properties, 'epub:type': 'colophon' };
  eachElement(copy, (node, index, parent) => {
    if (parent && index !== undefined && node.properties?.dataOutput === 'print') {
      parent.children.splice(index, 1);
      return index;
    }
    return undefined;
  });
  return copy;
}

/** Builds the EPUB bytes of a book whose parts have been typeset. */
export async function buildEpub(book: Book, parts: BookParts, pictures: PreparedPicture[] = [], options: { cover?: Promise<Uint8Array>; coverCacheDir?: string } = {}): Promise<Uint8Array> {
  // Pictures sit in the package's image/ folder, one folder up from the pages (item/xhtml/).
  const xhtml = (node: Element) => serialize(book.pictures.length ? withEpubPictureSources(node) : node, 'xhtml');
  const digits = Math.max(3, String(book.questions.reduce((largest, question) => Math.max(largest, question.index), 0)).length);
  const chapters: EpubChapter[] = [
    // An empty cover body asks the EPUB writer for the generated cover image. Cover and title page
    // have no TOC label: they are landmarks, not entries a reader looks for in the 目次.
    { id: 'p-cover', fileName: 'p-cover.xhtml', title: '表紙', landmark: 'cover', bodyXhtml: '', bodyClass: 'p-cover' },
    { id: 'p-titlepage', fileName: 'p-titlepage.xhtml', title: book.meta.title, landmark: 'titlepage', bodyXhtml: xhtml(parts.titlePage), bodyClass: 'p-titlepage' },
  ];
  // The body starts at the lead: readers that open a book at its bodymatter landmark show it first.
  if (parts.lead) {
    chapters.push({ id: 'p-lead', fileName: 'p-lead.xhtml', title: LEAD_LABEL, navLabel: LEAD_LABEL, landmark: 'bodymatter', bodyXhtml: xhtml(parts.lead) });
  }
  // One file per part head and per question; in the navigation a part holds its questions.
  bookSections(book).forEach((section, position) => {
    const landmark = position === 0 && !parts.lead ? 'bodymatter' : undefined;
    if (section.kind === 'part') {
      const { part } = section;
      const partId = `p-${part.id}`;
      chapters.push({ id: partId, fileName: `${partId}.xhtml`, title: part.title, navLabel: part.title, landmark, bodyXhtml: xhtml(parts.partHeads[part.index - 1]!) });
      return;
    }
    const { question } = section;
    const id = pageId(question.index, digits);
    chapters.push({
      id,
      fileName: `${id}.xhtml`,
      title: `Q${question.index}　${question.title}`,
      navLabel: shortNavLabel(question.index - 1, question.title),
      ...(question.part ? { navParent: `p-${question.part.id}` } : {}),
      landmark,
      bodyXhtml: xhtml(parts.questions[question.index - 1]!),
    });
  });
  chapters.push({
    id: 'p-colophon',
    fileName: 'p-colophon.xhtml',
    title: '奥付',
    navLabel: '奥付',
    landmark: 'colophon',
    bodyXhtml: xhtml(asEpubColophon(parts.colophon)),
    bodyClass: 'p-colophon',
  });
  const stylesheet = (name: string) => readFile(path.join(stylesDir, name), 'utf8');
  // Part and hanging-turn styles only for a book that uses them: any other book keeps its bytes.
  // Notes, figures and addresses likewise (notes-figures.css) only for a book that has them.
  const extra = [
    book.parts.length ? 'epub-parts.css' : '',
    parts.body.some(usesTurnStyles) ? 'epub-turns.css' : '',
    usesNotesOrFigures(book, parts) ? 'notes-figures.css' : '',
  ].filter(Boolean);
  const css = [await stylesheet('typography.css'), ...(await Promise.all(extra.map(stylesheet)))].join('\n');
  const figures = pictures.filter((prepared) => prepared.picture.id !== 'cover');
  return writeEpub({
    meta: book.meta,
    identifier: stableIdentifier(book.meta),
    chapters,
    css,
    coverPhoto: pictures.find((prepared) => prepared.picture.id === 'cover')?.epub,
    images: figures.map((prepared) => ({ id: `img-${prepared.picture.id}`, href: `${HREFS.imageDir}${pictureFileName(prepared.picture)}`, data: prepared.epub })),
    cover: options.cover,
    coverCacheDir: options.coverCacheDir,
  });
}

/** True when a rendered section has hanging (hang-N) or continued (turn-continued) turns. */
function usesTurnStyles(section: Element): boolean {
  return section.children.some(
    (child) => child.type === 'element' && ((child.properties.className as string[] | undefined) ?? []).some((name) => name.startsWith('hang-') || name === 'turn-continued'),
  );
}

/** True when the book has translator's notes, figures or addresses in its text (notes-figures.css styles them). */
function usesNotesOrFigures(book: Book, parts: BookParts): boolean {
  if (book.notes.size || book.pictures.some((picture) => picture.id !== 'cover')) return true;
  let found = false;
  for (const section of [...(parts.lead ? [parts.lead] : []), ...parts.body]) {
    eachElement(section, (node) => {
      if (node.tagName === 'a' && ((node.properties.className as string[] | undefined) ?? []).includes('url')) {
        found = true;
        return EXIT;
      }
      return undefined;
    });
    if (found) return true;
  }
  return false;
}

/**
 * A copy of a section whose pictures link to the EPUB's image folder (`../image/fig1.jpg`) instead
 * of the print work directory's (`images/fig1.jpg`); a section without pictures is returned as is.
 */
function withEpubPictureSources(section: Element): Element {
  const prefix = `${PICTURE_DIR}/`;
  const isPicture = (node: Element) => node.tagName === 'img' && typeof node.properties.src === 'string' && node.properties.src.startsWith(prefix);
  let has = false;
  eachElement(section, (node) => {
    if (!isPicture(node)) return undefined;
    has = true;
    return EXIT;
  });
  if (!has) return section;
  const copy = structuredClone(section);
  eachElement(copy, (node) => {
    if (isPicture(node)) node.properties.src = fromPage(`${HREFS.imageDir}${(node.properties.src as string).slice(prefix.length)}`);
  });
  return copy;
}
