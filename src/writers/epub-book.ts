/** EPUB edition of a typeset book: one XHTML file per part, fed to the EPUB writer. */
import { readFile } from 'node:fs/promises';
import type { Book } from '../manuscript/parse.js';
import type { BookParts } from '../render/parts.js';
import { serialize } from '../render/serialize.js';
import type { PreparedPicture } from './pictures.js';
import { PICTURE_DIR, pictureFileName } from '../render/parts.js';
import { writeEpub, stableIdentifier, shortNavLabel, type EpubChapter } from './epub.js';

/** File-name number of a question: q01 … q99, q100 … (sorted names stay in reading order up to 99). */
function fileId(index: number): string {
  return `q${String(index).padStart(2, '0')}`;
}

/** Builds the EPUB bytes of a book whose parts have been typeset. */
export async function buildEpub(book: Book, parts: BookParts, pictures: PreparedPicture[] = []): Promise<Uint8Array> {
  const xhtml = (node: Parameters<typeof serialize>[0]) => serialize(node, 'xhtml');
  const chapters: EpubChapter[] = [
    // An empty cover body asks the EPUB writer for the generated cover image.
    { id: 'cover', fileName: 'cover.xhtml', title: '表紙', navLabel: '表紙', landmark: 'cover', bodyXhtml: '' },
    { id: 'titlepage', fileName: 'titlepage.xhtml', title: book.meta.title, navLabel: '扉', landmark: 'titlepage', bodyXhtml: xhtml(parts.titlePage) },
  ];
  if (parts.lead) chapters.push({ id: 'lead', fileName: 'lead.xhtml', title: book.meta.title, bodyXhtml: xhtml(parts.lead) });
  book.questions.forEach((question, position) => {
    const id = fileId(question.index);
    chapters.push({
      id,
      fileName: `${id}.xhtml`,
      title: `Q${question.index}　${question.title}`,
      navLabel: shortNavLabel(position, question.title),
      landmark: position === 0 ? 'bodymatter' : undefined,
      bodyXhtml: xhtml(parts.questions[position]!),
    });
  });
  chapters.push({ id: 'colophon', fileName: 'colophon.xhtml', title: '奥付', navLabel: '奥付', landmark: 'colophon', bodyXhtml: xhtml(parts.colophon) });
  const css = (await Promise.all(['typography.css', 'notes-figures.css'].map((name) => readFile(new URL(`../../styles/${name}`, import.meta.url), 'utf8')))).join('\n');
  const figures = pictures.filter((prepared) => prepared.picture.id !== 'cover');
  return writeEpub({
    meta: book.meta,
    identifier: stableIdentifier(book.meta),
    chapters,
    css,
    coverPhoto: pictures.find((prepared) => prepared.picture.id === 'cover')?.epub,
    images: figures.map((prepared) => ({ id: `img-${prepared.picture.id}`, href: `${PICTURE_DIR}/${pictureFileName(prepared.picture)}`, data: prepared.epub })),
  });
}
