/**
 * Imported document → manuscript Markdown (syntax in docs/architecture.md). Built as mdast and
 * serialised by remark-stringify, so spoken `*`, `_`, `<`, `[`, `{` or a leading `#` come out
 * escaped by construction instead of turning into markup.
 */
import { pushAll } from '../core/scan.js';
import { unified, type Processor } from 'unified';
import remarkStringify from 'remark-stringify';
import remarkFrontmatter from 'remark-frontmatter';
import { Document, isSeq, visit } from 'yaml';
import { gfmFootnoteToMarkdown } from 'mdast-util-gfm-footnote';
import type { FootnoteDefinition, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import type { ImportedDocument, ImportedQuestion, ImportedTurn, SourceParagraph } from './model.js';

/** Serialises an imported document as manuscript Markdown with YAML front matter. */
export function toMarkdown(doc: ImportedDocument, options: { headerImage?: boolean } = {}): string {
  const children: RootContent[] = [{ type: 'yaml', value: frontMatterYaml(doc.frontMatter) }];
  // The article's header picture is not in the transcript: a comment keeps its place for the editor.
  if (options.headerImage) children.push({ type: 'html', value: `<!-- ${HEADER_IMAGE} -->` });
  pushAll(children, doc.lead.map(plainParagraph));
  for (const turn of doc.leadTurns) pushAll(children, turnParagraphs(turn));
  const pushQuestion = (question: ImportedQuestion) => {
    children.push({ type: 'heading', depth: 2, children: [{ type: 'text', value: question.title }] });
    for (const turn of question.turns) pushAll(children, turnParagraphs(turn));
  };
  doc.questions.forEach(pushQuestion);
  for (const part of doc.parts) {
    children.push({ type: 'heading', depth: 1, children: [{ type: 'text', value: part.title }] });
    pushAll(children, part.paragraphs.map(plainParagraph));
    for (const turn of part.turns) pushAll(children, turnParagraphs(turn));
    part.questions.forEach(pushQuestion);
  }
  pushAll(children, extractNotes(children));
  const tree: Root = { type: 'root', children };
  // `{` opens ruby in a manuscript (`{漢字|かんじ}`); a brace the speaker's text contains is text,
  // so it is written `\{` like every other character Markdown would read as syntax.
  return unified()
    .use(remarkFrontmatter, ['yaml'])
    .use(function footnotes(this: Processor) {
      (this.data().toMarkdownExtensions ??= []).push(gfmFootnoteToMarkdown());
    })
    .use(remarkStringify, { unsafe: [{ character: '{' }] })
    .stringify(tree);
}

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
 * end), numbered in reading order: the note's text moves verbatim, and moving it back undoes it.
 */
function extractNotes(blocks: RootContent[]): FootnoteDefinition[] {
  const definitions: FootnoteDefinition[] = [];
  for (const block of blocks) {
    if (block.type !== 'paragraph') continue;
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
  }
  return definitions;
}

function plainParagraph(paragraph: SourceParagraph): Paragraph {
  return { type: 'paragraph', children: [{ type: 'text', value: paragraph.text }] };
}

/** `**LABEL**：first paragraph`, then the continuation paragraphs unlabelled. */
function turnParagraphs(turn: ImportedTurn): Paragraph[] {
  const [first, ...rest] = turn.paragraphs;
  const labelled: Paragraph = {
    type: 'paragraph',
    children: [
      { type: 'strong', children: [{ type: 'text', value: turn.speaker.label }] },
      { type: 'text', value: `：${first?.text ?? ''}` },
    ],
  };
  return [labelled, ...rest.map(plainParagraph)];
}
