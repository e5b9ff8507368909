/** The structure of a manuscript: its tree → the book's lead, parts, questions and speaker turns, notes and pictures. */
import path from 'node:path';
import type { BlockContent, FootnoteDefinition, Heading, Nodes, Paragraph, PhrasingContent, Root, Strong } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import type { Position } from 'unist';
import { eachNode } from '../core/tree.js';
import type { VFile } from 'vfile';
import type { FrontMatter, Speaker } from '../config/schema.js';
import { pointAtOffset, printable, quoteText } from '../core/text.js';
import { isTurn, stripRubySyntax, type Aside, type Book, type Note, type Part, type Picture, type Question, type Turn } from './book.js';
import { picturePathProblem } from './checks.js';
import { fail, SOURCE } from './diagnostics.js';

/**
 * The book a manuscript's tree holds: its notes and pictures, then (when the front matter names
 * speakers) the lead, the parts and the questions with their turns, in reading order.
 */
export function structureBook(tree: Root, meta: FrontMatter, file: VFile): Book {
  const book: Book = { meta, lead: [], questions: [], parts: [], notes: numberNotes(tree, file), pictures: [], file };
  book.pictures = collectPictures(tree, meta, file);
  if (!meta.speakers.length) return book;

  const labels = labelIndex(meta.speakers);
  let part: Part | undefined;
  let question: Question | undefined;
  let turn: Turn | undefined;
  // Where blocks go: the current question, else the current part, else (undefined) the lead.
  const target = () => question?.blocks ?? part?.blocks;

  for (const node of tree.children) {
    if (node.type === 'yaml') continue;
    if (node.type === 'heading' && node.depth === 1) {
      part = startPart(node, book.parts.length + 1, file);
      book.parts.push(part);
      question = undefined;
      turn = undefined;
      continue;
    }
    if (node.type === 'heading' && node.depth === 2) {
      question = startQuestion(node, book.questions.length + 1, file);
      if (part) {
        question.part = part;
        part.questions.push(question);
      }
      book.questions.push(question);
      turn = undefined;
      continue;
    }
    if (node.type === 'heading') {
      fail(file, `only \`##\` headings are allowed (one per question) besides \`#\` parts; found a level-${node.depth} heading`, node.position, 'heading-depth');
      continue;
    }
    if (node.type === 'html' && isComment(node.value)) continue;
    if (node.type === 'html') {
      // Raw HTML in a manuscript is text the speaker said (or a paste accident): keep it as text.
      file.message('raw HTML is set as text, not markup', { place: node.position, ruleId: 'raw-html', source: SOURCE });
      const paragraph: Paragraph = { type: 'paragraph', children: [{ type: 'text', value: node.value }], position: node.position };
      turn = placeParagraph(paragraph, book, target(), turn, labels, file);
      continue;
    }
    if (node.type === 'paragraph') {
      turn = placeParagraph(node, book, target(), turn, labels, file);
      continue;
    }
    if (node.type === 'definition' || node.type === 'footnoteDefinition') continue;
    const block = node as BlockContent;
    const blocks = target();
    if (blocks) blocks.push({ kind: 'aside', node: block });
    else book.lead.push(block);
    turn = undefined;
  }

  for (const q of book.questions) {
    if (!q.blocks.some(isTurn)) fail(file, `question ${quoteText(q.title)} has no speaker turns`, q.heading.position, 'empty-question');
  }
  neutraliseRawHtml(tree, file);
  return book;
}

function startPart(heading: Heading, index: number, file: VFile): Part {
  const title = stripRubySyntax(toString(heading)).trim();
  if (!title) fail(file, 'a part heading (`#`) needs a title', heading.position, 'empty-heading');
  return { index, id: `part${index}`, title, heading, blocks: [], questions: [], position: heading.position };
}

function startQuestion(heading: Heading, index: number, file: VFile): Question {
  const title = stripRubySyntax(toString(heading)).trim();
  if (!title) fail(file, 'a question heading needs a short title', heading.position, 'empty-heading');
  return { index, id: `q${index}`, title, heading, blocks: [], position: heading.position };
}

/** Adds a paragraph to the right place: a new turn, the current turn, the question or part (`blocks`), or the lead. */
function placeParagraph(
  paragraph: Paragraph,
  book: Book,
  blocks: Array<Turn | Aside> | undefined,
  turn: Turn | undefined,
  labels: Map<string, Speaker>,
  file: VFile,
): Turn | undefined {
  const label = takeLabel(paragraph);
  if (label) {
    const speaker = labels.get(normaliseLabel(label.text));
    if (!speaker) {
      fail(file, `unknown speaker label ${quoteText(label.text)}: add it to a speaker's aliases in the front matter`, label.position, 'unknown-speaker');
      return turn;
    }
    if (isBlank(paragraph)) file.message(`empty turn: ${quoteText(label.text)} says nothing`, { place: label.position, ruleId: 'empty-turn', source: SOURCE });
    const next: Turn = { speaker, label: label.text, paragraphs: [paragraph], position: paragraph.position };
    if (blocks) blocks.push(next);
    else {
      file.message('a speaker turn before the first `##` question heading is set as part of the lead', {
        place: paragraph.position,
        ruleId: 'turn-in-lead',
        source: SOURCE,
      });
      book.lead.push(paragraph);
    }
    return blocks ? next : undefined;
  }
  if (turn) {
    turn.paragraphs.push(paragraph);
    return turn;
  }
  if (blocks) blocks.push({ kind: 'aside', node: paragraph });
  else book.lead.push(paragraph);
  return undefined;
}

/**
 * Removes a leading `**LABEL**：` from a paragraph and returns the label.
 * The colon may be full-width or ASCII and may sit inside or after the strong.
 */
function takeLabel(paragraph: Paragraph): { text: string; position?: Position } | undefined {
  const [first, second] = paragraph.children;
  if (!first || first.type !== 'strong') return undefined;
  const strongText = toString(first as Strong).trim();
  // Ends and trims by hand: `/\s*[：:]\s*$/` retried a long run of spaces from every position in it.
  const colonInside = strongText.endsWith('：') || strongText.endsWith(':');
  const rest = second && second.type === 'text' ? second.value : '';
  const colonAfter = /^\s*[：:]/.test(rest);
  if (!colonInside && !colonAfter) return undefined;
  const text = colonInside ? strongText.slice(0, -1).trimEnd() : strongText;
  if (!text) return undefined;
  paragraph.children.shift();
  if (colonAfter && second && second.type === 'text') {
    second.value = rest.replace(/^\s*[：:]\s*/, '');
    // Keep the text's position on its first remaining character, so later diagnostics point right.
    const removed = rest.length - second.value.length;
    const start = second.position?.start;
    if (start) second.position!.start = { line: start.line, column: start.column + removed, offset: start.offset === undefined ? undefined : start.offset + removed };
    if (!second.value) paragraph.children.shift();
  }
  if (paragraph.children[0]?.type === 'text') paragraph.children[0].value = paragraph.children[0].value.replace(/^\s+/, '');
  return { text, position: first.position };
}

function isBlank(paragraph: Paragraph): boolean {
  return toString(paragraph).trim() === '';
}

/** Labels compare after folding widths and spaces, so `Q.` and `Ｑ．` or `S.V.` and `S. V.` meet. */
export function normaliseLabel(label: string): string {
  return label.normalize('NFKC').replace(/\s+/g, '');
}

function labelIndex(speakers: Speaker[]): Map<string, Speaker> {
  const index = new Map<string, Speaker>();
  for (const speaker of speakers) {
    for (const label of [speaker.label, ...(speaker.aliases ?? [])]) index.set(normaliseLabel(label), speaker);
  }
  return index;
}

/** The pictures of a book: the front matter cover, then every `![caption](path)` in order. */
function collectPictures(tree: Root, meta: FrontMatter, file: VFile): Picture[] {
  const dir = path.dirname(path.resolve(file.path));
  const pictures: Picture[] = [];
  if (meta.cover !== undefined) {
    const text = String(file.value);
    const key = /^cover[ \t]*:/mu.exec(text);
    const position = key ? pointAtOffset(text, key.index) : { line: 1, column: 1 };
    const problem = picturePathProblem(meta.cover);
    if (problem) fail(file, `front matter: cover “${printable(meta.cover)}”: ${problem}`, position, 'image');
    else pictures.push({ id: 'cover', src: meta.cover, file: path.resolve(dir, meta.cover), alt: meta.title, caption: '', position: { start: position, end: position } });
  }
  let count = 0;
  eachNode<Nodes>(tree, (node) => {
    if (node.type !== 'image' || picturePathProblem(node.url)) return;
    const caption = node.alt ?? '';
    count++;
    pictures.push({ id: `fig${count}`, src: node.url, file: path.resolve(dir, node.url), alt: node.title || caption, caption, position: node.position, node });
  });
  return pictures;
}

/** An HTML comment block (`<!-- 見出し画像 -->`): an editor's note, not text of the book. */
function isComment(html: string): boolean {
  return /^<!--[^]*-->\s*$/u.test(html.trim()) && !html.trim().slice(4, -3).includes('-->');
}

/**
 * Numbers the notes in the order of their first reference and reports what cannot be set: a
 * reference whose note is missing (micromark leaves it as text `[^x]`), a label defined twice,
 * and a note nobody refers to.
 */
function numberNotes(tree: Root, file: VFile): Map<string, Note> {
  const definitions = new Map<string, FootnoteDefinition>();
  eachNode<Nodes>(tree, (node) => {
    if (node.type !== 'footnoteDefinition') return;
    const first = definitions.get(node.identifier);
    if (first) fail(file, `note [^${node.label ?? node.identifier}] is defined twice (first at line ${first.position?.start.line ?? '?'})`, node.position, 'note-duplicate');
    else definitions.set(node.identifier, node);
  });
  const notes = new Map<string, Note>();
  eachNode<Nodes>(tree, (node) => {
    if (node.type === 'footnoteReference') {
      const definition = definitions.get(node.identifier);
      if (definition && !notes.has(node.identifier)) notes.set(node.identifier, { number: notes.size + 1, definition });
    } else if (node.type === 'text' && node.value.includes('[^')) {
      const start = node.position?.start.offset;
      const source = start === undefined ? node.value : String(file.value).slice(start, node.position!.end.offset);
      for (const match of source.matchAll(/\[\^([^\]\s]{1,100})\]/gu)) {
        if (definitions.has(normalizeIdentifier(match[1]!)) || source[match.index - 1] === '\\') continue;
        const place = start === undefined ? node.position : pointAtOffset(String(file.value), start + match.index);
        fail(file, `note reference [^${match[1]}] has no note: add a line \`[^${match[1]}]: …\``, place, 'note-missing');
      }
    }
  });
  for (const [identifier, definition] of definitions) {
    if (!notes.has(identifier)) {
      file.message(`note [^${definition.label ?? identifier}] is never referenced and is left out of the book`, { place: definition.position, ruleId: 'note-unreferenced', source: SOURCE });
    }
  }
  return notes;
}

/** Inline raw HTML (`<b>`, `<script>`) in a paragraph stays text too. */
function neutraliseRawHtml(tree: Root, file: VFile): void {
  eachNode<Nodes>(tree, (node, index, parent) => {
    if (node.type !== 'html' || !parent || index === undefined || parent.type === 'root') return;
    file.message('raw HTML is set as text, not markup', { place: node.position, ruleId: 'raw-html', source: SOURCE });
    (parent.children as PhrasingContent[])[index] = { type: 'text', value: node.value, position: node.position };
  });
}
