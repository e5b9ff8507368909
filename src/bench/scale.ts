/** Synthetic long books for the scale benchmark, and page counts of built PDFs. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

/**
 * The manuscript with its questions repeated `times` times: front matter and lead once, then every
 * `## ` section again and again. Questions are numbered by position when the book is built, so
 * nothing needs renumbering.
 */
export function repeatQuestions(manuscript: string, times: number): string {
  if (!Number.isInteger(times) || times < 1) throw new RangeError(`repeatQuestions: times must be a positive integer, got ${times}`);
  const first = /^## /mu.exec(manuscript);
  if (!first) throw new Error('repeatQuestions: the manuscript has no question (## heading) to repeat');
  const head = manuscript.slice(0, first.index);
  const questions = `${manuscript.slice(first.index).trimEnd()}\n`;
  return head + Array.from({ length: times }, () => questions).join('\n');
}

/** The page count from `pdfinfo` output (`Pages:          28`). */
export function parsePdfinfoPages(output: string): number | undefined {
  const match = /^Pages:\s+(\d+)\s*$/mu.exec(output);
  return match ? Number(match[1]) : undefined;
}

/** Pages of a PDF: poppler's `pdfinfo` when installed, else pdf-lib. */
export async function pageCount(pdf: string): Promise<number> {
  try {
    const { stdout } = await promisify(execFile)('pdfinfo', [pdf]);
    const pages = parsePdfinfoPages(stdout);
    if (pages !== undefined) return pages;
  } catch {
    // No poppler-utils: fall through to pdf-lib.
  }
  const { PDFDocument } = await import('pdf-lib');
  return (await PDFDocument.load(await readFile(pdf), { updateMetadata: false })).getPageCount();
}

/** A question of the seed reduced to its shape: heading, the interviewer's opening, the answer's opening. */
interface QuestionShape {
  heading: string;
  turns: string[];
}

/** The first `count` sentences (each ending in 。) of a paragraph, or all of it when it has fewer. */
function firstSentences(paragraph: string, count: number): string {
  let end = 0;
  for (let found = 0; found < count; found++) {
    const next = paragraph.indexOf('。', end);
    if (next < 0) return paragraph;
    end = next + 1;
  }
  return paragraph.slice(0, end);
}

/**
 * The manuscript as a book of exactly `questions` questions, shaped like its own: front matter and
 * lead once, then its questions in turn, each cut to the heading, the opening sentence of the
 * first turn and the first two sentences of the second (the exchange of a short interview). A
 * thousand such questions make about 500 A5 pages, the length of a long interview collection,
 * where {@link repeatQuestions} would make 1,700.
 */
export function syntheticBook(manuscript: string, questions: number): string {
  if (!Number.isInteger(questions) || questions < 1) throw new RangeError(`syntheticBook: questions must be a positive integer, got ${questions}`);
  const first = /^## /mu.exec(manuscript);
  if (!first) throw new Error('syntheticBook: the manuscript has no question (## heading) to take the shape from');
  const head = manuscript.slice(0, first.index);
  const shapes: QuestionShape[] = manuscript
    .slice(first.index)
    .split(/^(?=## )/mu)
    .map((section) => {
      const [heading = '', ...paragraphs] = section.split(/\n\s*\n/u).map((paragraph) => paragraph.trim());
      const turns = paragraphs.filter((paragraph) => paragraph.startsWith('**')).slice(0, 2);
      return { heading, turns: turns.map((turn, index) => firstSentences(turn, index + 1)) };
    })
    .filter((shape) => shape.turns.length > 0);
  if (!shapes.length) throw new Error('syntheticBook: no question of the manuscript has a speaker turn');
  const body = Array.from({ length: questions }, (_, index) => {
    const shape = shapes[index % shapes.length]!;
    return [shape.heading, ...shape.turns].join('\n\n');
  });
  return `${head}${body.join('\n\n')}\n`;
}
