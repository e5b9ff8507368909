/**
 * How long the print edition will be, before Vivliostyle says so: an estimate of its pages from
 * the text alone, the time limit that follows from it, and the one shape of text the typesetter
 * cannot set in reasonable time (a paragraph of hundreds of pages).
 *
 * Measured (docs/performance.md, "Scaling to long books"): once the 目次 no longer re-flows the
 * book (print-html.ts, tocNumberSize), a long book is laid out in parts and Chromium leaves print
 * media alone until the PDF (deferPrintMedia in vivliostyle-worker.ts), Vivliostyle's time grows with the pages, about
 * 0.3 s of CPU per page on this machine, whatever the book's length. One long paragraph costs
 * more per page, the longer it is.
 */
import { toString } from 'mdast-util-to-string';
import type { Nodes, Paragraph } from 'mdast';
import { eachNode, SKIP } from '../../core/tree.js';
import { KumihanError } from '../../core/errors.js';
import { bookSections, isTurn, type Aside, type Book, type Turn } from '../../manuscript/book.js';
import type { PageGeometry } from './print-html.js';

/** Pages before the text: cover, its blank back, 扉 and its back. */
const FRONT_PAGES = 4;
/** Pages after the text at most: a blank to reach a recto, the 奥付 and 表4 (pages.ts pads after that, without Vivliostyle). */
const BACK_PAGES = 3;
/** Lines a question heading takes (四行取り, print.css), and its type size in characters. */
const HEADING_LINES = 4;
const HEADING_SIZE = 1.15;
/** Lines a part heading takes (three blank, two for the heading, one after: print.css `.part-title`), and its type size. */
const PART_HEADING_LINES = 6;
const PART_HEADING_SIZE = 1.4;
/** Lines the lead's margins take (print.css `.lead`), and the characters its indent costs per line. */
const LEAD_LINES = 3;
const LEAD_INDENT = 3;
/** Characters per line a turn loses to its hanging indent (print.css `.turn`). */
const TURN_INDENT = 1;
/** Notes are set at 0.85 of the body size with a three-character hanging indent (notes-figures.css). */
const NOTE_SIZE = 0.85;
const NOTE_INDENT = 3;

/** Lines of the text block the main matter takes: the lead, then each section of `bookSections` (parts and questions). */
interface MainMatterLines {
  lead: number;
  sections: number[];
}

/**
 * The lines the lead and each section will take, from the characters of every paragraph, heading
 * and note, and half a page for each figure (print.css sets a picture at most half the text block
 * wide) — no layout. It does not know where a heading is pushed to the next page, so a page count
 * from it errs low by up to a line per heading.
 */
function mainMatterLines(book: Book, geometry: PageGeometry): MainMatterLines {
  const { chars, lines: pageLines } = geometry.grid;
  // A paragraph's first line is indented one character (the speaker label plus a space, in a turn).
  const linesOf = (paragraph: Nodes, indent: number, first = 1, size = 1) =>
    Math.max(1, Math.ceil(((characters(paragraph) + first) * size) / (chars - indent)));
  const headingLines = (title: string, lines: number, size: number) => lines - 1 + Math.ceil(([...title].length * size + 4) / chars);
  const figureLines = (node: Nodes) => {
    let figures = 0;
    eachNode(node, (child) => void (child.type === 'image' && figures++));
    return figures * Math.ceil(pageLines / 2);
  };
  // A note is set in each section that refers to it (render/parts.ts), at the foot of a page.
  const noteLines = (blocks: ReadonlyArray<Turn | Aside>) => {
    const seen = new Set<string>();
    let lines = 0;
    for (const block of blocks) {
      eachNode<Nodes>(isTurn(block) ? { type: 'root', children: block.paragraphs } : block.node, (reference) => {
        if (reference.type !== 'footnoteReference') return;
        const note = book.notes.get(reference.identifier);
        if (!note || seen.has(reference.identifier)) return;
        seen.add(reference.identifier);
        for (const child of note.definition.children) lines += linesOf(child, NOTE_INDENT, 3, NOTE_SIZE);
      });
    }
    return lines;
  };
  const blockLines = (blocks: ReadonlyArray<Turn | Aside>) => {
    let lines = noteLines(blocks);
    for (const block of blocks) {
      if (!isTurn(block)) lines += linesOf(block.node, TURN_INDENT) + figureLines(block.node);
      else {
        block.paragraphs.forEach((paragraph, index) => (lines += linesOf(paragraph, TURN_INDENT, index ? 1 : [...block.speaker.label].length + 1) + figureLines(paragraph)));
      }
    }
    return lines;
  };
  const lead = book.lead.length ? LEAD_LINES + book.lead.reduce((sum, block) => sum + linesOf(block, LEAD_INDENT) + figureLines(block), 0) : 0;
  const sections = bookSections(book).map((section) =>
    section.kind === 'part'
      ? headingLines(section.part.title, PART_HEADING_LINES, PART_HEADING_SIZE) + blockLines(section.part.blocks)
      : // A heading longer than a line wraps, after a two-character indent.
        headingLines(section.question.title, HEADING_LINES, HEADING_SIZE) + blockLines(section.question.blocks),
  );
  return { lead, sections };
}

/**
 * The pages the print edition will take, estimated from its text: within a few per cent of
 * Vivliostyle's count for running text (28 pages set, 31 estimated for the seed; 262 and 259 for
 * 500 short questions). `tocPitch`: the 目次 entries' pitch in lines (print-html.ts, tocPitch).
 */
export function estimatePrintPages(book: Book, geometry: PageGeometry, tocPitch = 0.85): number {
  const { lines, columns } = geometry.grid;
  const main = mainMatterLines(book, geometry);
  const bodyLines = main.sections.reduce((sum, count) => sum + count, main.lead);
  const tocLines = 3 + (book.questions.length + book.parts.length) * tocPitch;
  return FRONT_PAGES + Math.ceil(tocLines / lines) + 1 + Math.ceil(bodyLines / (lines * columns)) + BACK_PAGES;
}

/**
 * About how many pages of the main matter Vivliostyle lays out as one document. In one document,
 * each page costs more than the one before (Vivliostyle 11.0.0 finds the element a page starts
 * with by walking every element from the top of the document): 0.14 s of CPU per page for 134
 * pages, 0.21 s for 262, 0.28 s for 518. Documents of about 50 pages kept it at 0.13–0.14 s
 * whatever the length. Each document starts on a new page, so a cut leaves the rest of a page
 * blank: 80 pages make the cuts rare and keep the cost within about 10 % of the flat rate.
 */
export const PAGES_PER_PART = 80;

/**
 * Where the main matter is cut into documents: the 0-based indexes into `bookSections(book)` (and
 * so into `BookParts.body`) of the sections that start a document after the first, at the first
 * section boundary past every {@link PAGES_PER_PART} pages (estimated). A part heading stays with
 * what follows it: the cut goes before the heading, not after it. Empty for a book shorter than
 * that — the whole book stays one document. A single section longer than a part is not cut.
 */
export function partBreaks(book: Book, geometry: PageGeometry, pagesPerPart = PAGES_PER_PART): number[] {
  const { lines, columns } = geometry.grid;
  const limit = pagesPerPart * lines * columns;
  const main = mainMatterLines(book, geometry);
  const kinds = bookSections(book).map((section) => section.kind);
  const breaks: number[] = [];
  let filled = main.lead;
  main.sections.forEach((count, index) => {
    if (filled > 0 && filled + count > limit && index > 0) {
      // Before the part heading this section follows, unless that would leave nothing before it.
      const cut = kinds[index - 1] === 'part' && index - 1 > (breaks.at(-1) ?? 0) ? index - 1 : index;
      breaks.push(cut);
      filled = cut < index ? main.sections[cut]! : 0;
    }
    filled += count;
  });
  return breaks;
}

function characters(node: Nodes): number {
  // Code points: a surrogate pair is one character on the page.
  let count = 0;
  for (const _ of toString(node)) count++;
  return count;
}

/**
 * The longest paragraph the print edition sets: 40,000 characters, about 60 A5 pages of one
 * paragraph. Chromium's renderer took 0.5 s of CPU per page for a paragraph of 10,000
 * characters, 0.83 s at 40,000 and 0.92 s at 80,000 — three times an ordinary page — and a
 * 2 MB paragraph (700,000 characters) ran for seven minutes, the renderer at 4.8 GB, before it
 * failed. No book needs a paragraph of sixty pages; a typesetter would ask for it to be split.
 */
export const MAX_PARAGRAPH_CHARACTERS = 40_000;

/**
 * Refuses a book with a paragraph longer than {@link MAX_PARAGRAPH_CHARACTERS}, at the
 * paragraph's line, before Vivliostyle is asked to grind on it. The EPUB has no such limit (a
 * reading system pages it on demand).
 */
export function checkParagraphLengths(book: Book): void {
  const blocks: Nodes[] = [...book.lead];
  const sections = [...book.questions, ...book.parts];
  sections.sort((a, b) => (a.position?.start.offset ?? 0) - (b.position?.start.offset ?? 0));
  for (const section of sections) {
    blocks.push(section.heading);
    for (const block of section.blocks) blocks.push(...(isTurn(block) ? block.paragraphs : [block.node]));
  }
  for (const note of book.notes.values()) blocks.push(note.definition);
  for (const block of blocks) {
    // Every paragraph and heading inside, a list's or a quotation's too: each is one run of text.
    eachNode<Nodes>(block, (node) => {
      if (node.type !== 'paragraph' && node.type !== 'heading') return;
      const paragraph = node as Paragraph;
      // A cheap bound first: most paragraphs are far shorter than the limit in UTF-16 units too.
      const start = paragraph.position?.start.offset;
      const end = paragraph.position?.end.offset;
      if (start !== undefined && end !== undefined && end - start <= MAX_PARAGRAPH_CHARACTERS) return SKIP;
      const length = characters(paragraph);
      if (length <= MAX_PARAGRAPH_CHARACTERS) return SKIP;
      throw new KumihanError(
        `a paragraph of ${length.toLocaleString('en-US')} characters is too long to typeset (the print edition sets at most ${MAX_PARAGRAPH_CHARACTERS.toLocaleString('en-US')} characters in one paragraph, about ${Math.round(MAX_PARAGRAPH_CHARACTERS / 700)} pages): split it into paragraphs with blank lines`,
        { file: book.file.path, line: paragraph.position?.start.line, column: paragraph.position?.start.column },
      );
    });
  }
}

/** The fixed part of the PDF time limit: Vivliostyle and Chromium starting, the PDF being saved, a slow machine. */
const BASE_TIMEOUT_MS = 60_000;
/**
 * The time limit per page. Measured: 0.3–0.45 s of CPU per page on two shared cores, 1.3–1.8 s
 * of wall time per page while other builds loaded the machine twenty-fold. A limit is there to
 * stop a build that hangs, not one that is slow: two seconds a page.
 */
const TIMEOUT_PER_PAGE_MS = 2_000;

/** The default PDF time limit for a book of about `pages` pages (see {@link estimatePrintPages}). */
export function pdfTimeLimit(pages: number): number {
  return BASE_TIMEOUT_MS + (Number.isFinite(pages) ? Math.ceil(Math.max(0, pages)) : 0) * TIMEOUT_PER_PAGE_MS;
}
