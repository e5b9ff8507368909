/** The parsed manuscript: a book's parts, questions, turns, notes and pictures, and walks over them. */
import type { BlockContent, FootnoteDefinition, Heading, Image, Paragraph } from 'mdast';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import type { FrontMatter, Speaker } from '../config/schema.js';

/** One speaker turn: the label paragraph and the unlabelled paragraphs that continue it. */
export interface Turn {
  speaker: Speaker;
  /** The label exactly as written in the manuscript (a label or an alias). */
  label: string;
  /** Paragraphs with the label and its colon removed from the first one. */
  paragraphs: Paragraph[];
  position?: Position;
}

/** A block inside a question that is not a turn (a stage direction, a quotation, a list). */
export interface Aside {
  kind: 'aside';
  node: BlockContent;
}

/** One question: its heading (the short title) and what follows up to the next heading. */
export interface Question {
  /** 1-based, running on through the book (parts do not restart it). */
  index: number;
  /** ASCII id used in markup and file names: q1, q2, … */
  id: string;
  /** Plain-text short title (ruby syntax reduced to the base text). */
  title: string;
  heading: Heading;
  blocks: Array<Turn | Aside>;
  /** The part the question belongs to, if the book has parts and the question follows a `#`. */
  part?: Part;
  position?: Position;
}

/**
 * One part (`#` heading): 冒頭発言, 質疑応答, a topic. What follows the heading up to its first
 * question is the part's own (an opening statement is a part with turns and no question).
 */
export interface Part {
  /** 1-based. */
  index: number;
  /** ASCII id used in markup and file names: part1, part2, … */
  id: string;
  title: string;
  heading: Heading;
  blocks: Array<Turn | Aside>;
  questions: Question[];
  position?: Position;
}

/** A parsed manuscript. */
export interface Book {
  meta: FrontMatter;
  /** Blocks before the first question or part. */
  lead: BlockContent[];
  /** Every question in reading order, whatever part it is in. */
  questions: Question[];
  /** The parts, in reading order; empty for a book without `#` headings. */
  parts: Part[];
  /** Translator's notes by identifier, numbered through the book in the order of their first reference. */
  notes: Map<string, Note>;
  /** Pictures the book shows (`![caption](path)` and the front matter `cover`), in manuscript order. */
  pictures: Picture[];
  /** The manuscript file; every diagnostic of every stage is attached to it. */
  file: VFile;
}

/** A translator's note (`[^label]` + `[^label]: …`). */
export interface Note {
  /** 1-based, through the book. */
  number: number;
  definition: FootnoteDefinition;
}

/** A picture the manuscript asks for; the file is read (and refused) by the picture stage. */
export interface Picture {
  /** ASCII id used for file names: cover, fig1, fig2, … */
  id: string;
  /** The path as written in the manuscript. */
  src: string;
  /** Resolved absolute path (inside the manuscript's directory). */
  file: string;
  /** Alternative text: the explicit title (`![caption](path "alt")`) or the caption. */
  alt: string;
  caption: string;
  position?: Position;
  node?: Image;
}

/** A part heading with its own blocks, or a question: the body of a book in reading order. */
export type Section = { kind: 'part'; part: Part } | { kind: 'question'; question: Question };

/**
 * The body in reading order: questions before the first part, then each part followed by its
 * questions. For a book without parts, its questions.
 */
export function bookSections(book: Pick<Book, 'questions' | 'parts'>): Section[] {
  const sections: Section[] = book.questions.filter((q) => !q.part).map((question) => ({ kind: 'question', question }));
  for (const part of book.parts) {
    sections.push({ kind: 'part', part }, ...part.questions.map((question): Section => ({ kind: 'question', question })));
  }
  return sections;
}

/** True when a block is a speaker turn. */
export function isTurn(block: Turn | Aside): block is Turn {
  return !('kind' in block);
}

/** Reduces the ruby syntax `{漢字|かんじ}` to its base text, for plain-text uses (TOC, metadata). */
export function stripRubySyntax(text: string): string {
  return text.replace(/\{([^{}|]+)\|[^{}]*\}/g, '$1');
}
