/**
 * Book → hast parts shared by both writers: cover, title page, table of contents, lead,
 * one section per question, colophon. The print HTML strings them into one document; the
 * EPUB gives each its own XHTML file. Typography runs once over all of them (see core/build.ts).
 */
import { h } from 'hastscript';
import { toHast } from 'mdast-util-to-hast';
import type { Element, ElementContent, Root } from 'hast';
import type { BlockContent, Paragraph } from 'mdast';
import type { Book, Question, Turn } from '../manuscript/parse.js';
import { isTurn } from '../manuscript/parse.js';
import type { Edition, FrontMatter } from '../config/schema.js';
import { formatJapaneseDate, newestEdition } from '../config/describe.js';

export { formatJapaneseDate };

/** The rendered parts of a book, in reading order. */
export interface BookParts {
  cover: Element;
  titlePage: Element;
  toc: Element;
  lead?: Element;
  questions: Element[];
  colophon: Element;
}

/** Renders every part of the book as hast. */
export function renderBook(book: Book): BookParts {
  const { meta } = book;
  return {
    cover: renderCover(meta),
    titlePage: renderTitlePage(meta),
    toc: renderToc(book.questions),
    lead: book.lead.length ? h('section.lead#lead', { role: 'doc-introduction' }, book.lead.map(blockToHast)) : undefined,
    questions: book.questions.map(renderQuestion),
    colophon: renderColophon(meta),
  };
}

/** All parts in reading order, as one list (what the print document and the typography pass see). */
export function partsInOrder(parts: BookParts): Element[] {
  return [parts.cover, parts.titlePage, parts.toc, ...(parts.lead ? [parts.lead] : []), ...parts.questions, parts.colophon];
}

/** A hast root holding all parts, so one transform pass serves both writers. */
export function partsRoot(parts: BookParts): Root {
  return { type: 'root', children: partsInOrder(parts) };
}

/** The short label of a question, as used in the TOC, the nav and the running head: Q1. */
export function questionNumber(question: Pick<Question, 'index'>): string {
  return `Q${question.index}`;
}

function renderCover(meta: FrontMatter): Element {
  return h('section.cover#cover', [
    h('h1.book-title.wrap-phrase', meta.title),
    meta.subtitle ? h('p.book-subtitle.wrap-phrase', meta.subtitle) : undefined,
    meta.interviewee ? h('p.book-author.wrap-phrase', meta.interviewee) : undefined,
    meta.date ? h('p.book-date', formatJapaneseDate(meta.date)) : undefined,
  ].filter(isElement));
}

function renderTitlePage(meta: FrontMatter): Element {
  const interview = [meta.outlet, meta.place].filter(Boolean).join('・');
  return h('section.title-page#title-page', [
    h('p.title-page-title.wrap-phrase', meta.title),
    meta.subtitle ? h('p.title-page-subtitle.wrap-phrase', meta.subtitle) : undefined,
    meta.interviewee ? h('p.title-page-author.wrap-phrase', meta.interviewee) : undefined,
    interview ? h('p.title-page-outlet.wrap-phrase', interview) : undefined,
  ].filter(isElement));
}

function renderToc(questions: Question[]): Element {
  return h('nav.toc#toc', { role: 'doc-toc', 'aria-labelledby': 'toc-title' }, [
    h('h2.toc-title#toc-title', '目次'),
    h(
      'ol.toc-list',
      questions.map((question) =>
        h('li.toc-entry', [
          h('a', { href: `#${question.id}` }, [
            h('span.toc-number', questionNumber(question)),
            h('span.toc-text.wrap-phrase', question.title),
          ]),
        ]),
      ),
    ),
  ]);
}

/** One question: heading (number + short title) and its turns. */
function renderQuestion(question: Question): Element {
  return h('section.question', { id: question.id, dataQuestion: question.index, 'aria-labelledby': `${question.id}-title` }, [
    // The heading keeps the manuscript position of its `##` line (for the preview's click-to-source).
    {
      ...h('h2.question-title.wrap-phrase', { id: `${question.id}-title` }, [
        h('span.question-number', questionNumber(question)),
        h('span.question-text', inlineToHast(question.heading.children)),
      ]),
      position: question.heading.position,
    },
    ...question.blocks.map((block) => (isTurn(block) ? renderTurn(block) : blockToHast(block.node))),
  ]);
}

function renderTurn(turn: Turn): Element {
  const [first, ...rest] = turn.paragraphs.map(blockToHast);
  const label = h('span.speaker.wrap-phrase', turn.speaker.label);
  if (first) first.children.unshift(label);
  return h('div.turn', { dataSpeaker: turn.speaker.id, dataRole: turn.speaker.role }, [first ?? h('p', label), ...rest]);
}

function renderColophon(meta: FrontMatter): Element {
  const rows: Array<[string, string | undefined]> = [
    // The heading is the title; only a subtitle needs a row of its own.
    ['副題', meta.subtitle],
    ['話し手', meta.interviewee],
    ['聞き手', [meta.outlet, meta.interviewer].filter(Boolean).join('　') || undefined],
    ['収録', [meta.date ? formatJapaneseDate(meta.date) : undefined, meta.place].filter(Boolean).join('　') || undefined],
    ['原文', [meta.source?.timestamp, meta.source?.document, meta.source?.url].filter(Boolean).join('　') || undefined],
    ['翻訳', meta.translator],
    ['発行', meta.publisher],
  ];
  const newest = newestEdition(meta);
  return h('section.colophon#colophon', { role: 'doc-colophon', 'aria-labelledby': 'colophon-title' }, [
    h('h2.colophon-title.wrap-phrase#colophon-title', meta.title),
    h(
      'dl.colophon-list',
      rows.filter((row): row is [string, string] => Boolean(row[1])).flatMap(([term, value]) => [h('dt', term), h('dd', value)]),
    ),
    h('h3.editions-title', '版歴'),
    h('ol.editions', meta.editions.map(renderEdition)),
    meta.rights ? h('p.rights', meta.rights) : undefined,
    newest ? h('p.current-edition', `${formatJapaneseDate(newest.date)}　${newest.edition}発行`) : undefined,
  ].filter(isElement));
}

function renderEdition(edition: Edition): Element {
  return h('li.edition', [
    h('span.edition-date', formatJapaneseDate(edition.date)),
    '　',
    h('span.edition-name', edition.edition),
    ...(edition.note ? ['　', h('span.edition-note', edition.note)] : []),
  ]);
}

/** Converts one mdast block to a hast element; positions are kept for diagnostics. */
function blockToHast(node: BlockContent | Paragraph): Element {
  const result = toHast(node);
  if (result.type === 'element') return result;
  // toHast returns a root for some nodes; wrap so every part stays an element.
  return h('div', result.type === 'root' ? (result.children as ElementContent[]) : [result as ElementContent]);
}

function inlineToHast(children: Paragraph['children']): ElementContent[] {
  return blockToHast({ type: 'paragraph', children }).children;
}

function isElement(node: Element | undefined): node is Element {
  return node !== undefined;
}
