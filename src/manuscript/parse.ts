/**
 * Reader: manuscript Markdown → Book.
 *
 * The manuscript is plain CommonMark with YAML front matter (syntax in docs/architecture.md).
 * Problems become vfile messages with manuscript positions; fatal ones stop the build.
 */
import path from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import { LineCounter, parseDocument, isNode, visit as visitYaml, type Document } from 'yaml';
import * as v from 'valibot';
import { VFile } from 'vfile';
import type { BlockContent, FootnoteDefinition, Heading, Image, Paragraph, PhrasingContent, Root, RootContent, Strong } from 'mdast';
import type { Processor } from 'unified';
import type { Point, Position } from 'unist';
import { FrontMatterSchema, type FrontMatter, type Speaker } from '../config/schema.js';
import { COVER_TITLE_MAX } from '../config/describe.js';
import { describeCharacter, NOT_XML_CHAR, decodeUtf8, pointAtOffset, pointsIn, printable, quoteText } from '../core/text.js';
import { KumihanError, limitMessages } from '../core/errors.js';
import { interruptible } from '../core/interrupt.js';

const SOURCE = 'kumihan-manuscript';

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

/**
 * Manuscript bytes → text. A manuscript is UTF-8 (a BOM is allowed); a byte that is not — an
 * editor that saved Shift_JIS or Latin-1 — is an error at its line and column, never a silent U+FFFD.
 */
export function decodeManuscript(bytes: Uint8Array, path: string): string {
  const decoded = decodeUtf8(bytes);
  if ('text' in decoded) return decoded.text;
  const { line, column, byte } = decoded.error;
  throw new KumihanError(`the manuscript is not UTF-8: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} is not a UTF-8 character; save it as UTF-8`, { file: path, line, column });
}

/** Parses a manuscript; fatal problems are messages with `fatal: true` on `book.file`. */
export function parseManuscript(text: string, path: string): Book {
  return interruptible(() => readManuscript(text, path));
}

function readManuscript(text: string, path: string): Book {
  const file = limitMessages(new VFile({ path, value: text }));
  checkCharacters(text, file);
  if (!checkEmphasisRuns(text, file)) return { meta: emptyMeta(), lead: [], questions: [], parts: [], notes: new Map(), pictures: [], file };
  const tree = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkManuscriptSyntax).parse(file) as Root;
  checkResources(tree, file);
  const meta = readFrontMatter(tree, file);
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

/**
 * Characters no edition can carry: XML (the EPUB) forbids C0 controls, lone surrogates and
 * U+FFFE/U+FFFF, and a printer cannot show them. Each is an error at its position — deleting
 * them quietly would lose text the editor cannot see.
 */
function checkCharacters(text: string, file: VFile): void {
  if (!NOT_XML_CHAR.test(text)) return;
  const pointAt = pointsIn(text);
  for (const match of text.matchAll(new RegExp(NOT_XML_CHAR.source, 'gu'))) {
    fail(file, `${describeCharacter(match[0])} cannot be printed or put in an EPUB: delete it`, pointAt(match.index), 'invalid-character');
  }
}

/** Longest run of `*` the reader accepts: emphasis takes at most three, and the Markdown parser's time grows with the square of longer runs. */
const MAX_ASTERISKS = 64;

/** Refuses runs of more than MAX_ASTERISKS asterisks (a 4,000-asterisk paragraph took 25 s to parse); false when there is one. */
function checkEmphasisRuns(text: string, file: VFile): boolean {
  let pointAt: ((offset: number) => { line: number; column: number }) | undefined;
  let clean = true;
  for (let start = text.indexOf('*'); start >= 0; start = text.indexOf('*', start)) {
    let end = start;
    while (text[end] === '*') end++;
    if (end - start > MAX_ASTERISKS) {
      pointAt ??= pointsIn(text);
      fail(file, `a run of ${end - start} asterisks: emphasis takes at most three; write \\* for a literal asterisk`, pointAt(start), 'asterisks');
      clean = false;
    }
    start = end;
  }
  return clean;
}

/** http(s) and mailto links work in an EPUB and read as text in print; anything else would be a broken or unsafe reference. */
const LINK_SCHEMES = /^(?:https?:\/\/|mailto:)/i;

/**
 * The Markdown kumihan reads beyond CommonMark: footnotes (translator's notes) and bare URLs and
 * e-mail addresses as links (GFM autolink literals). Not the rest of GFM: `~` and `|` are common
 * in spoken text and must not turn into strikethrough or tables.
 */
function remarkManuscriptSyntax(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmFootnote(), gfmAutolinkLiteral());
  (data.fromMarkdownExtensions ??= []).push(gfmFootnoteFromMarkdown(), gfmAutolinkLiteralFromMarkdown());
}

/**
 * Links must be absolute http(s) or mailto: a relative link points at a file the EPUB does not
 * contain, and `javascript:` or `file:` has no place in a book. A picture is read from the
 * manuscript's own directory, never fetched: a URL or a path leading out of it is refused here;
 * whether the file exists and is a usable image is the picture stage's question.
 */
function checkResources(tree: Root, file: VFile): void {
  visit(tree, (node, _index, parent) => {
    if (node.type === 'image') {
      const problem = picturePathProblem(node.url);
      if (problem) fail(file, `picture “${printable(node.url)}”: ${problem}`, node.position, 'image');
      else if (!parent || parent.type !== 'paragraph' || parent.children.some((child) => child !== node && !(child.type === 'text' && !child.value.trim()))) {
        fail(file, `picture “${printable(node.url)}” must stand in a paragraph of its own (a blank line before and after it)`, node.position, 'image-inline');
      }
    } else if (node.type === 'link' && !LINK_SCHEMES.test(node.url)) {
      fail(file, `link to ${quoteText(node.url)}: only http://, https:// and mailto: links are allowed`, node.position, 'link');
    }
  });
}

/** Why a picture path cannot be used, or undefined: no URL, no absolute path, nothing outside the manuscript's directory. */
function picturePathProblem(src: string): string | undefined {
  if (!src.trim()) return 'the path is empty';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/u.test(src) || src.startsWith('//')) return 'pictures are never fetched: copy the file next to the manuscript and give its relative path';
  if (path.isAbsolute(src) || /^[\\/]/u.test(src)) return 'give a path relative to the manuscript, inside its directory';
  const normal = path.posix.normalize(src.replace(/\\/gu, '/'));
  if (normal === '..' || normal.startsWith('../')) return 'the path leads outside the manuscript\'s directory';
  return undefined;
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
  visit(tree, 'image', (node) => {
    if (picturePathProblem(node.url)) return;
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
  visit(tree, 'footnoteDefinition', (node) => {
    const first = definitions.get(node.identifier);
    if (first) fail(file, `note [^${node.label ?? node.identifier}] is defined twice (first at line ${first.position?.start.line ?? '?'})`, node.position, 'note-duplicate');
    else definitions.set(node.identifier, node);
  });
  const notes = new Map<string, Note>();
  visit(tree, (node) => {
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
  visit(tree, 'html', (node, index, parent) => {
    if (!parent || index === undefined || parent.type === 'root') return;
    file.message('raw HTML is set as text, not markup', { place: node.position, ruleId: 'raw-html', source: SOURCE });
    (parent.children as PhrasingContent[])[index] = { type: 'text', value: node.value, position: node.position };
  });
}

/** Reads and validates the YAML front matter; schema problems point at the offending key. */
function readFrontMatter(tree: Root, file: VFile): FrontMatter {
  const yamlNode = tree.children.find((node: RootContent) => node.type === 'yaml');
  if (!yamlNode || yamlNode.type !== 'yaml') {
    if (/^\ufeff?---[ \t]*\r?$/m.test(String(file.value).split('\n', 1)[0] ?? '')) {
      fail(file, 'the front matter opened here is never closed: end it with a line `---`', { line: 1, column: 1 }, 'front-matter');
      return emptyMeta();
    }
    fail(file, 'the manuscript needs YAML front matter (--- title: … ---); run `kumihan import` to create one', { line: 1, column: 1 }, 'front-matter');
    return emptyMeta();
  }
  // The YAML value starts on the line after the opening `---`.
  const yamlStart = (yamlNode.position?.start.line ?? 1) + 1;
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlNode.value, { lineCounter, prettyErrors: false });
  const at = (offset: number | undefined): Point => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { line: line + yamlStart - 1, column: col };
  };
  for (const error of document.errors) {
    fail(file, `front matter: ${error.message.split('\n')[0]}`, at(error.pos[0]), 'front-matter-yaml');
  }
  if (document.errors.length) return emptyMeta();

  // A YAML escape (`"\f"`, `"\uD800"`) can produce what the raw-text check cannot see.
  const rawTextClean = !file.messages.some((message) => message.ruleId === 'invalid-character');
  visitYaml(document, {
    Scalar(_, node) {
      // A YAML 1.1 timestamp (`%YAML 1.1`, `!!timestamp`) would roll 2023-02-30 over to March 2:
      // the schema checks the date as written instead.
      if (node.value instanceof Date && node.source !== undefined) node.value = node.source;
      const invalid = rawTextClean && typeof node.value === 'string' ? NOT_XML_CHAR.exec(node.value) : null;
      if (invalid) fail(file, `front matter: ${describeCharacter(invalid[0])} cannot be printed or put in an EPUB`, at(node.range?.[0]), 'invalid-character');
    },
  });
  const data = frontMatterData(document);
  if ('alias' in data) {
    fail(file, 'front matter: its aliases (*name) expand to too much data (a YAML alias bomb): write the values out', at(data.alias), 'front-matter-yaml');
    return emptyMeta();
  }
  const result = v.safeParse(FrontMatterSchema, data.value ?? {});
  if (result.success) {
    checkSpeakerIds(result.output, file, yamlNode.position);
    const titleLength = [...result.output.title].length;
    if (titleLength > COVER_TITLE_MAX) {
      const node = document.get('title', true);
      file.message(`the title is ${titleLength} characters long: the covers show its first ${COVER_TITLE_MAX} (cut at a phrase) and the title page all of it; shorten it, or move the rest to subtitle`, {
        place: at(isNode(node) ? node.range?.[0] : undefined),
        ruleId: 'long-title',
        source: SOURCE,
      });
    }
    return result.output;
  }
  for (const issue of result.issues) {
    const keys = issue.path?.map((item) => item.key as string | number) ?? [];
    const node = keys.length ? document.getIn(keys, true) : undefined;
    const range = isNode(node) ? node.range : undefined;
    const name = keys.join('.') || 'front matter';
    fail(file, `front matter: ${name}: ${issue.message}`, range ? at(range[0]) : yamlNode.position?.start, 'front-matter-schema');
  }
  return emptyMeta();
}

/** A front matter needs few aliases, if any; this many is an alias bomb, whose expansion would exhaust memory. */
export const MAX_YAML_ALIASES = 100;

/**
 * The front matter as plain data, or the offset of its first alias when expanding the aliases
 * would pass `MAX_YAML_ALIASES` (yaml then throws a ReferenceError instead of expanding them).
 */
export function frontMatterData(document: Document): { value: unknown } | { alias: number } {
  try {
    return { value: document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    let alias = 0;
    visitYaml(document, {
      Alias(_, node) {
        alias = node.range?.[0] ?? 0;
        return visitYaml.BREAK;
      },
    });
    return { alias };
  }
}

function checkSpeakerIds(meta: FrontMatter, file: VFile, place: Position | undefined): void {
  const seen = new Set<string>();
  for (const speaker of meta.speakers) {
    if (seen.has(speaker.id)) fail(file, `front matter: speaker id “${speaker.id}” is used twice`, place, 'front-matter-schema');
    seen.add(speaker.id);
  }
}

function emptyMeta(): FrontMatter {
  return { title: '', lang: 'ja', speakers: [], editions: [], size: 'A5', columns: 1 };
}

function fail(file: VFile, reason: string, place: Position | Point | undefined, ruleId: string): void {
  const message = file.message(reason, { place, ruleId, source: SOURCE });
  message.fatal = true;
}
