/**
 * What changed between two editions of a manuscript, sentence by sentence, with the question
 * each change sits in: the content of a 正誤表 (errata sheet).
 */
import { diffArrays } from 'diff';
import { toString } from 'mdast-util-to-string';
import type { BlockContent, Paragraph } from 'mdast';
import { interruptible } from '../core/interrupt.js';
import type { PrintedPlace } from './layout.js';
import { bookSections, isTurn, stripRubySyntax, type Book } from '../manuscript/book.js';

/** Where a sentence stands: a question (by number and short title) or the lead. */
export interface Place {
  question?: { index: number; title: string };
  /** Manuscript line of the paragraph, for the editor. */
  line?: number;
}

/** One sentence of the book with its place. */
export interface Passage extends Place {
  text: string;
  /** The printed speaker label, on the first sentence of a turn (not part of the printed text). */
  speaker?: string;
}

/** One correction: the text before and after (either may be empty for a deletion or an addition). */
export interface Correction extends Place {
  before: string;
  after: string;
  /** Speaker label of the turn the correction starts in, when it starts a turn. */
  speaker?: string;
  /** Page of the old edition's PDF where the old text stands, when known. */
  page?: number;
  /** Page, line (and 段) of the old printing where the old text stands, or where an addition goes. */
  printed?: PrintedPlace;
  /** For an addition: the old sentence it is inserted before (to find its place in the old printing). */
  following?: string;
}

/** Splits a paragraph into sentences after 。！？ (keeping closing brackets with their sentence). */
export function splitSentences(text: string): string[] {
  // One pass; a split on a lookbehind re-read a long run of closing brackets at every position.
  const sentences: string[] = [];
  let start = 0;
  let afterStop = false;
  for (let i = 1; i < text.length; i++) {
    const previous = text[i - 1]!;
    afterStop = SENTENCE_END.has(previous) || (afterStop && CLOSERS.has(previous));
    if (afterStop && !CLOSERS.has(text[i]!)) {
      sentences.push(text.slice(start, i));
      start = i;
    }
  }
  sentences.push(text.slice(start));
  return sentences.map((sentence) => sentence.trim()).filter(Boolean);
}
const SENTENCE_END = new Set('。！？!?');
const CLOSERS = new Set('」』）)〟');

/** Every sentence of a book in reading order, each with the question it belongs to. */
export function bookPassages(book: Book): Passage[] {
  const passages: Passage[] = [];
  const add = (node: BlockContent | Paragraph, question?: Place['question'], label?: string) => {
    const text = stripRubySyntax(toString(node));
    const sentences = splitSentences(text);
    sentences.forEach((sentence, index) =>
      passages.push({ question, line: node.position?.start.line, text: sentence, speaker: index === 0 ? label : undefined }),
    );
  };
  for (const block of book.lead) add(block);
  for (const section of bookSections(book)) {
    // A part's own turns (an opening statement) belong to no question.
    const { blocks, place } =
      section.kind === 'question'
        ? { blocks: section.question.blocks, place: { index: section.question.index, title: section.question.title } }
        : { blocks: section.part.blocks, place: undefined };
    for (const block of blocks) {
      if (isTurn(block)) block.paragraphs.forEach((paragraph, index) => add(paragraph, place, index === 0 ? block.speaker.label : undefined));
      else add(block.node, place);
    }
  }
  return passages;
}

/** The corrections that turn `before` into `after`; unchanged sentences are left out. */
export function compareBooks(before: Book, after: Book): Correction[] {
  return interruptible(() => corrections(before, after));
}

function corrections(before: Book, after: Book): Correction[] {
  const old = bookPassages(before);
  const next = bookPassages(after);
  const changes = diffArrays(
    old.map((passage) => passage.text),
    next.map((passage) => passage.text),
  );
  const corrections: Correction[] = [];
  let oldIndex = 0;
  let newIndex = 0;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    if (!change.added && !change.removed) {
      oldIndex += change.count ?? change.value.length;
      newIndex += change.count ?? change.value.length;
      continue;
    }
    // A removal directly followed by an addition is one replacement.
    const removed = change.removed ? change.value : [];
    const following = changes[i + 1];
    const added = change.added ? change.value : following?.added && change.removed ? following.value : [];
    if (change.removed && following?.added) i++;
    const anchor = next[newIndex] ?? old[oldIndex] ?? next[next.length - 1];
    const place = added.length ? next[newIndex] : old[oldIndex];
    const at = place ?? anchor;
    corrections.push({
      question: at?.question,
      line: at?.line,
      ...(at?.speaker ? { speaker: at.speaker } : {}),
      before: removed.join(''),
      after: added.join(''),
      ...(removed.length === 0 && old[oldIndex] ? { following: old[oldIndex]!.text } : {}),
    });
    oldIndex += removed.length;
    newIndex += added.length;
  }
  return corrections;
}
