/**
 * How long the print edition will be, before Vivliostyle says so: an estimate of its pages from
 * the text alone, the time limit that follows from it, and the one shape of text the typesetter
 * cannot set in reasonable time (a paragraph of hundreds of pages).
 *
 * Measured (docs/performance.md, "Scaling to long books"): once the 目次 no longer re-flows the
 * book (print-html.ts, tocNumberSize), a long book is laid out in parts and Chromium leaves print
 * media alone until the PDF (defer-print-media.ts), Vivliostyle's time grows with the pages, about
 * 0.3 s of CPU per page on this machine, whatever the book's length. One long paragraph costs
 * more per page, the longer it is.
 */
import { toString } from 'mdast-util-to-string';
import type { BlockContent, Paragraph } from 'mdast';
import { KumihanError } from '../core/errors.js';
import { isTurn, type Book } from '../manuscript/parse.js';
import type { PageGeometry } from './print-html.js';

/** Pages before the text: cover, its blank back, 扉 and its back. */
const FRONT_PAGES = 4;
/** Pages after the text at most: a blank to reach a verso, and the 奥付. */
const BACK_PAGES = 2;
/** Lines a question heading takes (四行取り, print.css). */
const HEADING_LINES = 4;
/** Lines the lead's margins take (print.css `.lead`), and the characters its indent costs per line. */
const LEAD_LINES = 3;
const LEAD_INDENT = 3;
/** Characters per line a turn loses to its hanging indent (print.css `.turn`). */
const TURN_INDENT = 1;

/** Lines of the text block each part of the main matter takes: the lead, then every question. */
interface MainMatterLines {
  lead: number;
  questions: number[];
}

/**
 * The lines the lead and each question will take, from the characters of every paragraph and
 * heading — no layout. It does not know where a heading is pushed to the next page, so a page
 * count from it errs low by up to a line per heading.
 */
function mainMatterLines(book: Book, geometry: PageGeometry): MainMatterLines {
  const { chars } = geometry.grid;
  // A paragraph's first line is indented one character (the speaker label plus a space, in a turn).
  const linesOf = (paragraph: BlockContent, indent: number, first = 1) => Math.max(1, Math.ceil((characters(paragraph) + first) / (chars - indent)));
  const lead = book.lead.length ? LEAD_LINES + book.lead.reduce((sum, block) => sum + linesOf(block, LEAD_INDENT), 0) : 0;
  const questions = book.questions.map((question) => {
    // A heading longer than a line wraps: set at 1.15 characters' size after a two-character indent.
    let lines = HEADING_LINES - 1 + Math.ceil(([...question.title].length * 1.15 + 4) / chars);
    for (const block of question.blocks) {
      if (!isTurn(block)) lines += linesOf(block.node, TURN_INDENT);
      else block.paragraphs.forEach((paragraph, index) => (lines += linesOf(paragraph, TURN_INDENT, index ? 1 : [...block.speaker.label].length + 1)));
    }
    return lines;
  });
  return { lead, questions };
}

/**
 * The pages the print edition will take, estimated from its text: within a few per cent of
 * Vivliostyle's count for running text (28 pages set, 31 estimated for the seed; 262 and 259 for
 * 500 short questions).
 */
export function estimatePrintPages(book: Book, geometry: PageGeometry, tocPitch = 0.85): number {
  const { lines, columns } = geometry.grid;
  const main = mainMatterLines(book, geometry);
  const bodyLines = main.questions.reduce((sum, count) => sum + count, main.lead);
  const tocLines = 3 + book.questions.length * tocPitch;
  return FRONT_PAGES + Math.ceil(tocLines / lines) + 1 + Math.ceil(bodyLines / (lines * columns)) + BACK_PAGES;
}

/**
 * About how many pages of the main matter Vivliostyle lays out as one document. In one document,
 * each page costs more than the one before (Vivliostyle 11.0.0 finds the element a page starts
 * with by walking every element from the top of the document): 0.14 s of CPU per page for 134
 * pages, 0.21 s for 262, 0.28 s for 518. Documents of about 50 pages kept it at 0.13–0.14 s
 * whatever the length. Each document starts on a new page, so a part break leaves the rest of a
 * page blank: 80 pages make the breaks rare and keep the cost within about 10 % of the flat rate.
 */
export const PAGES_PER_PART = 80;

/**
 * Where the main matter is cut into documents: the 0-based indexes of the questions that start a
 * part after the first, at the first question boundary past every {@link PAGES_PER_PART} pages
 * (estimated). Empty for a book shorter than that — the whole book stays one document. A single
 * question longer than a part is not cut.
 */
export function partBreaks(book: Book, geometry: PageGeometry, pagesPerPart = PAGES_PER_PART): number[] {
  const { lines, columns } = geometry.grid;
  const limit = pagesPerPart * lines * columns;
  const main = mainMatterLines(book, geometry);
  const breaks: number[] = [];
  let filled = main.lead;
  main.questions.forEach((count, index) => {
    if (filled > 0 && filled + count > limit && index > 0) {
      breaks.push(index);
      filled = 0;
    }
    filled += count;
  });
  return breaks;
}

function characters(node: BlockContent | Paragraph): number {
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
  const paragraphs: BlockContent[] = [...book.lead];
  for (const question of book.questions) {
    for (const block of question.blocks) paragraphs.push(...(isTurn(block) ? block.paragraphs : [block.node]));
  }
  for (const paragraph of paragraphs) {
    // A cheap bound first: most paragraphs are far shorter than the limit in UTF-16 units too.
    const start = paragraph.position?.start.offset;
    const end = paragraph.position?.end.offset;
    if (start !== undefined && end !== undefined && end - start <= MAX_PARAGRAPH_CHARACTERS) continue;
    const length = characters(paragraph);
    if (length <= MAX_PARAGRAPH_CHARACTERS) continue;
    throw new KumihanError(
      `a paragraph of ${length.toLocaleString('en-US')} characters is too long to typeset (the print edition sets at most ${MAX_PARAGRAPH_CHARACTERS.toLocaleString('en-US')} characters in one paragraph, about ${Math.round(MAX_PARAGRAPH_CHARACTERS / 700)} pages): split it into paragraphs with blank lines`,
      { file: book.file.path, line: paragraph.position?.start.line, column: paragraph.position?.start.column },
    );
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
