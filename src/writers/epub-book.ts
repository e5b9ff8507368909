/** EPUB edition of a typeset book: one XHTML file per part, fed to the EPUB writer. */
import { readFile } from 'node:fs/promises';
import type { Element } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import type { Book } from '../manuscript/parse.js';
import type { BookParts } from '../render/parts.js';
import { serialize } from '../render/serialize.js';
import { writeEpub, stableIdentifier, shortNavLabel, type EpubChapter } from './epub.js';

/** File-name number of a question: q01 … q99, q100 … (sorted names stay in reading order up to 99). */
function fileId(index: number): string {
  return `q${String(index).padStart(2, '0')}`;
}

/** A copy of a part without the elements only a printed book has (`data-output="print"`: the 印刷所). */
function withoutPrintOnly(part: Element): Element {
  const copy = structuredClone(part);
  visit(copy, 'element', (node, index, parent) => {
    if (parent && index !== undefined && node.properties?.dataOutput === 'print') {
      parent.children.splice(index, 1);
      return [SKIP, index];
    }
    return undefined;
  });
  return copy;
}

/** Builds the EPUB bytes of a book whose parts have been typeset. */
export async function buildEpub(book: Book, parts: BookParts): Promise<Uint8Array> {
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
  chapters.push({ id: 'colophon', fileName: 'colophon.xhtml', title: '奥付', navLabel: '奥付', landmark: 'colophon', bodyXhtml: xhtml(withoutPrintOnly(parts.colophon)) });
  const css = await readFile(new URL('../../styles/typography.css', import.meta.url), 'utf8');
  return writeEpub({ meta: book.meta, identifier: stableIdentifier(book.meta), chapters, css });
}
