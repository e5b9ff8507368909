/**
 * Imported document → manuscript Markdown (syntax in docs/architecture.md). Built as mdast and
 * serialised by remark-stringify, so spoken `*`, `_`, `<`, `[`, `{` or a leading `#` come out
 * escaped by construction instead of turning into markup.
 */
import { unified } from 'unified';
import remarkStringify from 'remark-stringify';
import remarkFrontmatter from 'remark-frontmatter';
import { Document, isSeq, visit } from 'yaml';
import type { Paragraph, Root, RootContent } from 'mdast';
import type { ImportedDocument, ImportedQuestion, ImportedTurn, SourceParagraph } from './model.js';

/** Serialises an imported document as manuscript Markdown with YAML front matter. */
export function toMarkdown(doc: ImportedDocument): string {
  const children: RootContent[] = [{ type: 'yaml', value: frontMatterYaml(doc.frontMatter) }];
  children.push(...doc.lead.map(plainParagraph));
  for (const turn of doc.leadTurns) children.push(...turnParagraphs(turn));
  const pushQuestion = (question: ImportedQuestion) => {
    children.push({ type: 'heading', depth: 2, children: [{ type: 'text', value: question.title }] });
    for (const turn of question.turns) children.push(...turnParagraphs(turn));
  };
  doc.questions.forEach(pushQuestion);
  for (const part of doc.parts) {
    children.push({ type: 'heading', depth: 1, children: [{ type: 'text', value: part.title }] });
    children.push(...part.paragraphs.map(plainParagraph));
    for (const turn of part.turns) children.push(...turnParagraphs(turn));
    part.questions.forEach(pushQuestion);
  }
  const tree: Root = { type: 'root', children };
  // `{` opens ruby in a manuscript (`{漢字|かんじ}`); a brace the speaker's text contains is text,
  // so it is written `\{` like every other character Markdown would read as syntax.
  return unified().use(remarkFrontmatter, ['yaml']).use(remarkStringify, { unsafe: [{ character: '{' }] }).stringify(tree);
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
