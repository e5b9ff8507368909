/** EPUB edition of a typeset book: one XHTML file per part, fed to the EPUB writer. */
import { readFile } from 'node:fs/promises';
import type { Element } from 'hast';
import { bookSections, type Book } from '../manuscript/parse.js';
import type { BookParts } from '../render/parts.js';
import { serialize } from '../render/serialize.js';
import { writeEpub, stableIdentifier, shortNavLabel, type EpubChapter } from './epub.js';

/** File-name number of a question: q01 … q99, q100 … (sorted names stay in reading order up to 99). */
function fileId(index: number): string {
  return `q${String(index).padStart(2, '0')}`;
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
  // One file per part head and per question; in the navigation a part holds its questions.
  bookSections(book).forEach((section, position) => {
    const landmark = position === 0 ? 'bodymatter' : undefined;
    if (section.kind === 'part') {
      const { part } = section;
      chapters.push({ id: part.id, fileName: `${part.id}.xhtml`, title: part.title, navLabel: part.title, landmark, bodyXhtml: xhtml(parts.partHeads[part.index - 1]!) });
      return;
    }
    const { question } = section;
    const id = fileId(question.index);
    chapters.push({
      id,
      fileName: `${id}.xhtml`,
      title: `Q${question.index}　${question.title}`,
      navLabel: shortNavLabel(question.index - 1, question.title),
      ...(question.part ? { navParent: question.part.id } : {}),
      landmark,
      bodyXhtml: xhtml(parts.questions[question.index - 1]!),
    });
  });
  chapters.push({ id: 'colophon', fileName: 'colophon.xhtml', title: '奥付', navLabel: '奥付', landmark: 'colophon', bodyXhtml: xhtml(parts.colophon) });
  const stylesheet = (name: string) => readFile(new URL(`../../styles/${name}`, import.meta.url), 'utf8');
  // Part and hanging-turn styles only for a book that uses them: any other book keeps its bytes.
  const extra = [book.parts.length ? 'epub-parts.css' : '', parts.body.some(usesTurnStyles) ? 'epub-turns.css' : ''].filter(Boolean);
  const css = [await stylesheet('typography.css'), ...(await Promise.all(extra.map(stylesheet)))].join('\n');
  return writeEpub({ meta: book.meta, identifier: stableIdentifier(book.meta), chapters, css });
}

/** True when a rendered section has hanging (hang-N) or continued (turn-continued) turns. */
function usesTurnStyles(section: Element): boolean {
  return section.children.some(
    (child) => child.type === 'element' && ((child.properties.className as string[] | undefined) ?? []).some((name) => name.startsWith('hang-') || name === 'turn-continued'),
  );
}
