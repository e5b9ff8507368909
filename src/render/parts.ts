/**
 * Book → hast parts shared by both writers: cover, title page, table of contents, lead,
 * one section per question, colophon. The print HTML strings them into one document; the
 * EPUB gives each its own XHTML file. Typography runs once over all of them (see core/build.ts).
 */
import { h } from 'hastscript';
import { toHast, type Handlers, type State } from 'mdast-util-to-hast';
import type { Element, ElementContent, Root } from 'hast';
import type { BlockContent, FootnoteReference, Image, Link, Paragraph } from 'mdast';
import type { Book, Note, Picture, Question, Turn } from '../manuscript/parse.js';
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
  const context = new RenderContext(book);
  const lead = book.lead.length ? context.section(() => book.lead.map((block) => context.block(block))) : undefined;
  return {
    cover: renderCover(meta, book.pictures.find((picture) => picture.id === 'cover')),
    titlePage: renderTitlePage(meta),
    toc: renderToc(book.questions),
    lead: lead ? h('section.lead#lead', { role: 'doc-introduction' }, lead) : undefined,
    questions: book.questions.map((question) => renderQuestion(question, context)),
    colophon: renderColophon(meta),
  };
}

/** Where the picture files sit relative to the document (print work directory and EPUB package alike). */
export const PICTURE_DIR = 'images';

/** The file name of a prepared picture: always re-encoded as JPEG. */
export function pictureFileName(picture: Pick<Picture, 'id'>): string {
  return `${picture.id}.jpg`;
}

/**
 * mdast → hast with kumihan's own forms of the constructs the book treats specially: note
 * references (numbered through the book, with the notes set at the end of the section that first
 * refers to them), pictures as figures, links marked for their typesetting.
 */
interface PlacedNote {
  note: Note;
  /** '' where the note is first set, `-2`, `-3` … where a later section sets it again. */
  suffix: string;
  references: number;
}

class RenderContext {
  private pending: PlacedNote[] = [];
  /** How many sections have set each note so far, by note number. */
  private placed = new Map<number, number>();
  private readonly handlers: Handlers;

  constructor(private readonly book: Book) {
    this.handlers = {
      footnoteReference: (_state: State, node: FootnoteReference) => this.noteReference(node),
      image: (_state: State, node: Image) => this.figure(node),
      paragraph: (state: State, node: Paragraph) => this.paragraph(state, node),
      link: (state: State, node: Link) => this.link(state, node),
    };
  }

  /** Renders a section's content and appends the notes it referred to first. */
  section(render: () => Element[]): Element[] {
    this.pending = [];
    const children = render();
    if (this.pending.length) children.push(this.notes(this.pending));
    this.pending = [];
    return children;
  }

  block(node: BlockContent | Paragraph): Element {
    const result = toHast(node, { handlers: this.handlers });
    if (result.type === 'element') return result;
    return h('div', result.type === 'root' ? (result.children as ElementContent[]) : [result as ElementContent]);
  }

  inline(children: Paragraph['children']): ElementContent[] {
    return this.block({ type: 'paragraph', children }).children;
  }

  /**
   * A note reference. A note is set at the end of every section that refers to it (the first
   * time with the plain ids, again under ids with the section's count), so its link stays inside
   * one EPUB file and one print section.
   */
  private noteReference(node: FootnoteReference): Element {
    const note = this.book.notes.get(node.identifier);
    if (!note) return h('span', `[^${node.label ?? node.identifier}]`);
    let placed = this.pending.find((entry) => entry.note === note);
    if (!placed) {
      const times = (this.placed.get(note.number) ?? 0) + 1;
      this.placed.set(note.number, times);
      placed = { note, suffix: times === 1 ? '' : `-${times}`, references: 0 };
      this.pending.push(placed);
    }
    placed.references++;
    const id = `noteref-${note.number}${placed.suffix}${placed.references === 1 ? '' : `-r${placed.references}`}`;
    return h('a.noteref', { href: `#note-${note.number}${placed.suffix}`, id, role: 'doc-noteref', 'epub:type': 'noteref' }, `注${note.number}`);
  }

  /** The notes at the end of a section (後注): each an aside the reading systems can pop up, with a link back. */
  private notes(notes: PlacedNote[]): Element {
    return h(
      'section.notes',
      { 'aria-label': '注' },
      notes.map(({ note, suffix }) => {
        const blocks = note.definition.children.map((child) => this.block(child as BlockContent));
        const back = h('a.note-number', { href: `#noteref-${note.number}${suffix}`, role: 'doc-backlink' }, `注${note.number}`);
        const first = blocks[0];
        if (first && first.tagName === 'p') first.children.unshift(back, { type: 'text', value: '　' });
        else blocks.unshift(h('p', back));
        return h('aside.note', { id: `note-${note.number}${suffix}`, role: 'doc-footnote', 'epub:type': 'footnote' }, blocks);
      }),
    );
  }

  /** A paragraph that is only a picture is the figure itself, not a paragraph around it. */
  private paragraph(state: State, node: Paragraph): Element {
    const images = node.children.filter((child) => child.type === 'image');
    if (images.length === 1 && node.children.every((child) => child.type === 'image' || (child.type === 'text' && !child.value.trim()))) {
      return this.figure(images[0] as Image);
    }
    const result: Element = { type: 'element', tagName: 'p', properties: {}, children: state.all(node) };
    state.patch(node, result);
    return state.applyData(node, result);
  }

  private figure(node: Image): Element {
    const picture = this.book.pictures.find((candidate) => candidate.node === node);
    if (!picture) return h('span', node.alt ?? '');
    return h('figure.figure', { id: picture.id }, [
      h('img', { src: `${PICTURE_DIR}/${pictureFileName(picture)}`, alt: picture.alt }),
      picture.caption ? h('figcaption.wrap-phrase', picture.caption) : undefined,
    ].filter(isElement));
  }

  /** A link whose text is its address (a bare URL or e-mail in the text) is typeset as an address. */
  private link(state: State, node: Link): Element {
    const children = state.all(node);
    const text = children.map((child) => (child.type === 'text' ? child.value : '')).join('');
    const address = node.url.replace(/^mailto:/iu, '');
    const isAddress = text === node.url || text === address || `http://${text}` === node.url;
    return h('a', { href: node.url, className: isAddress ? ['url'] : undefined }, children);
  }
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

function renderCover(meta: FrontMatter, photo?: Picture): Element {
  return h(photo ? 'section.cover.cover-photo#cover' : 'section.cover#cover', [
    photo ? h('img.cover-photo-image', { src: `${PICTURE_DIR}/${pictureFileName(photo)}`, alt: '' }) : undefined,
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
function renderQuestion(question: Question, context: RenderContext): Element {
  return h(
    'section.question',
    { id: question.id, dataQuestion: question.index, 'aria-labelledby': `${question.id}-title` },
    context.section(() => [
      h('h2.question-title.wrap-phrase', { id: `${question.id}-title` }, [
        h('span.question-number', questionNumber(question)),
        h('span.question-text', context.inline(question.heading.children)),
      ]),
      ...question.blocks.map((block) => (isTurn(block) ? renderTurn(block, context) : context.block(block.node))),
    ]),
  );
}

function renderTurn(turn: Turn, context: RenderContext): Element {
  const [first, ...rest] = turn.paragraphs.map((paragraph) => context.block(paragraph));
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

function isElement(node: Element | undefined): node is Element {
  return node !== undefined;
}
