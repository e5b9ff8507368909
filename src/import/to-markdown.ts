/**
 * Imported document → manuscript Markdown (syntax in docs/architecture.md). Built as mdast and
 * serialised by remark-stringify, so spoken `*`, `_`, `<`, `[`, `{` or a leading `#` come out
 * escaped by construction instead of turning into markup.
 */
import { unified, type Processor } from 'unified';
import remarkStringify from 'remark-stringify';
import remarkFrontmatter from 'remark-frontmatter';
import { Document, isSeq, visit } from 'yaml';
import { gfmFootnoteToMarkdown } from 'mdast-util-gfm-footnote';
import type { FootnoteDefinition, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import type { ImportedDocument, ImportedQuestion, ImportedTurn, SourceParagraph } from './model.js';

/** Serialises an imported document as manuscript Markdown with YAML front matter. */
export function toMarkdown(doc: ImportedDocument, options: { headerImage?: boolean } = {}): string {
  const writer = blockWriter();
  const notes: FootnoteDefinition[] = [];
  // A paragraph only becomes mdast when it needs more than its text (a note, an escape): most
  // of a long transcript goes straight to text (see serializeBlocks).
  const paragraph = (text: string) => writer.paragraph(text) || writer.block(withNotes(plainParagraph({ text }), notes));
  const turn = (turn: ImportedTurn) => {
    const [first, ...rest] = turn.paragraphs;
    const text = first?.text ?? '';
    if (!writer.turn(turn.speaker.label, text)) writer.block(withNotes(turnParagraph(turn.speaker.label, text), notes));
    for (const continued of rest) paragraph(continued.text);
  };
  writer.block({ type: 'yaml', value: frontMatterYaml(doc.frontMatter) });
  // The article's header picture is not in the transcript: a comment keeps its place for the editor.
  if (options.headerImage) writer.block({ type: 'html', value: `<!-- ${HEADER_IMAGE} -->` });
  for (const { text } of doc.lead) paragraph(text);
  doc.leadTurns.forEach(turn);
  const question = (question: ImportedQuestion) => {
    writer.block({ type: 'heading', depth: 2, children: [{ type: 'text', value: question.title }] });
    question.turns.forEach(turn);
  };
  doc.questions.forEach(question);
  for (const part of doc.parts) {
    writer.block({ type: 'heading', depth: 1, children: [{ type: 'text', value: part.title }] });
    for (const { text } of part.paragraphs) paragraph(text);
    part.turns.forEach(turn);
    part.questions.forEach(question);
  }
  notes.forEach(writer.block);
  return writer.finish();
}

/**
 * The processor that serialises manuscript Markdown. `{` opens ruby in a manuscript
 * (`{漢字|かんじ}`); a brace the speaker's text contains is text, so it is written `\{` like every
 * other character Markdown would read as syntax.
 */
function markdownProcessor(): Processor<undefined, undefined, undefined, Root, string> {
  return unified()
    .use(remarkFrontmatter, ['yaml'])
    .use(function footnotes(this: Processor) {
      (this.data().toMarkdownExtensions ??= []).push(gfmFootnoteToMarkdown());
    })
    .use(remarkStringify, { unsafe: [{ character: '{' }] }) as unknown as Processor<undefined, undefined, undefined, Root, string>;
}

/** Serialises blocks exactly as remark-stringify does: every block is written the same wherever it stands, and blocks are separated by one blank line. */
export function referenceMarkdown(children: RootContent[]): string {
  return markdownProcessor().stringify({ type: 'root', children });
}

/** A separator paragraph after a run of blocks serialised by remark-stringify, so that where the run ends is unambiguous. */
const SENTINEL = 'あ';

/**
 * Serialises blocks byte for byte as `referenceMarkdown`, without paying remark-stringify's cost
 * (a few dozen escape patterns tried on every text node: minutes for a 10 MB transcript) for the
 * blocks that need no escaping: text made only of letters, digits and characters beyond ASCII,
 * in which no escape pattern can match. Every other block is serialised by remark-stringify, a run
 * of them at a time; a speaker's label is serialised by it once per label.
 */
export function serializeBlocks(children: RootContent[]): string {
  const writer = blockWriter();
  children.forEach(writer.block);
  return writer.finish();
}

/** Collects blocks in order, writing what it can itself (`paragraph`, `turn` return false when they cannot). */
function blockWriter() {
  const processor = markdownProcessor();
  const stringify = (blocks: RootContent[]) => {
    const sentinel: Paragraph = { type: 'paragraph', children: [{ type: 'text', value: SENTINEL }] };
    const out = processor.stringify({ type: 'root', children: [...blocks, sentinel] });
    return out.slice(0, out.length - `\n\n${SENTINEL}\n`.length);
  };
  const labels = new Map<string, string | undefined>();
  const labelPrefix = (label: string): string | undefined => {
    if (!labels.has(label)) {
      const probe = stringify([turnParagraph(label, SENTINEL)]);
      labels.set(label, probe.endsWith(`：${SENTINEL}`) ? probe.slice(0, probe.length - `：${SENTINEL}`.length) : undefined);
    }
    return labels.get(label);
  };
  const out: string[] = [];
  let pending: RootContent[] = [];
  const write = (written: string) => {
    if (pending.length) out.push(stringify(pending));
    pending = [];
    out.push(written);
    return true;
  };
  // Text with an inline translator's note becomes a footnote: not written as it stands.
  const plain = (text: string) => INERT.test(text) && !text.includes('訳注');
  const paragraph = (text: string): boolean => text !== '' && plain(text) && write(text);
  const turn = (label: string, text: string): boolean => {
    const prefix = plain(text) ? labelPrefix(label) : undefined;
    return prefix !== undefined && write(`${prefix}：${text}`);
  };
  const block = (node: RootContent): void => {
    if (node.type === 'paragraph') {
      const [first, second, ...more] = node.children;
      if (first?.type === 'text' && !second && paragraph(first.value)) return;
      const label = first?.type === 'strong' && first.children.length === 1 && first.children[0]!.type === 'text' ? first.children[0]!.value : undefined;
      if (label !== undefined && second?.type === 'text' && !more.length && second.value.startsWith('：') && turn(label, second.value.slice(1))) return;
    } else if (node.type === 'heading' && node.children.length === 1) {
      const [text] = node.children;
      if (text!.type === 'text' && text!.value && INERT.test(text!.value) && write(`${'#'.repeat(node.depth)} ${text!.value}`)) return;
    }
    pending.push(node);
  };
  const finish = (): string => {
    if (pending.length) out.push(stringify(pending));
    pending = [];
    const result = out.join('\n\n');
    return result && !/[\r\n]$/.test(result) ? `${result}\n` : result;
  };
  return { block, paragraph, turn, finish };
}

/** Text no escape pattern of remark-stringify can touch: ASCII letters and digits, and characters beyond ASCII (no pattern names one). */
const INERT = /^[A-Za-z0-9\u0080-\uffff]*$/;

/** YAML for the front matter: block style, but alias lists on one line as in the architecture example. */
export function frontMatterYaml(frontMatter: Record<string, unknown>): string {
  const document = new Document(frontMatter);
  visit(document, {
    Pair(_, pair) {
      if (isSeq(pair.value) && (pair.key as { value?: unknown } | null)?.value === 'aliases') pair.value.flow = true;
    },
  });
  // lineWidth 0: never fold a long title or alias over two lines.
  return document.toString({ lineWidth: 0, flowCollectionPadding: false }).trimEnd();
}

/** The placeholder line note.com leaves where an article's header picture was. */
export const HEADER_IMAGE = '見出し画像';

/** A translator's note typed inline: 〔訳注：…〕 or （訳注：…）, full- or half-width colon. */
// The spaces around the text are trimmed in code: `\s*` on both sides of a lazy group backtracks.
const INLINE_NOTE = /〔訳注[：:]([^〔〕]*)〕|（訳注[：:]([^（）]*)）/gu;

/**
 * Turns inline translator's notes into Markdown footnotes (`[^1]` in the text, `[^1]: …` at the
 * end), numbered in reading order (`definitions` collects them): the note's text moves verbatim,
 * and moving it back undoes it.
 */
function withNotes(block: Paragraph, definitions: FootnoteDefinition[]): Paragraph {
  block.children = block.children.flatMap((child): PhrasingContent[] => {
    if (child.type !== 'text' || !child.value.includes('訳注')) return [child];
    const pieces: PhrasingContent[] = [];
    let last = 0;
    for (const match of child.value.matchAll(INLINE_NOTE)) {
      const body = (match[1] ?? match[2] ?? '').trim();
      if (!body) continue; // 〔訳注：〕 with nothing in it stays as written
      const label = String(definitions.length + 1);
      if (match.index > last) pieces.push({ type: 'text', value: child.value.slice(last, match.index) });
      pieces.push({ type: 'footnoteReference', identifier: label, label });
      definitions.push({ type: 'footnoteDefinition', identifier: label, label, children: [{ type: 'paragraph', children: [{ type: 'text', value: body }] }] });
      last = match.index + match[0].length;
    }
    if (last < child.value.length) pieces.push({ type: 'text', value: child.value.slice(last) });
    return pieces;
  });
  return block;
}

function plainParagraph(paragraph: Pick<SourceParagraph, 'text'>): Paragraph {
  return { type: 'paragraph', children: [{ type: 'text', value: paragraph.text }] };
}

/** `**LABEL**：first paragraph`; the continuation paragraphs follow it unlabelled. */
function turnParagraph(label: string, text: string): Paragraph {
  return {
    type: 'paragraph',
    children: [
      { type: 'strong', children: [{ type: 'text', value: label }] },
      { type: 'text', value: `：${text}` },
    ],
  };
}
