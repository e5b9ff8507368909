/**
 * Book → hast parts shared by both writers: cover, title page, table of contents, lead,
 * one section per question, colophon. The print HTML strings them into one document; the
 * EPUB gives each its own XHTML file. Typography runs once over all of them (see core/build.ts).
 */
import { h } from 'hastscript';
import { toHast, type Handlers, type State } from 'mdast-util-to-hast';
import { normalizeUri } from 'micromark-util-sanitize-uri';
import type { Element, ElementContent, Root } from 'hast';
import type { BlockContent, FootnoteReference, Image, Link, Paragraph } from 'mdast';
import type { Aside, Book, Note, Part, Picture, Question, Turn } from '../manuscript/book.js';
import { bookSections, isTurn } from '../manuscript/book.js';
import type { Edition, FrontMatter } from '../config/schema.js';
import { coverTitle, formatJapaneseDate, formatSourceTimestamp, intervieweeName, languageName, newestEdition } from '../config/describe.js';

export { formatJapaneseDate };

/** What separates a speaker label from the speech, and a question's number from its title: a full-width space. */
export const SPEAKER_SEPARATOR = '\u3000';

/** The rendered parts of a book, in reading order. */
export interface BookParts {
  cover: Element;
  titlePage: Element;
  toc: Element;
  lead?: Element;
  /** One section per question, in book order (index-aligned with `book.questions`). */
  questions: Element[];
  /** One section per part: its heading and its own turns (index-aligned with `book.parts`). */
  partHeads: Element[];
  /** The main matter after the lead in reading order: part heads and questions; the questions alone in a book without parts. */
  body: Element[];
  colophon: Element;
}

/** Renders every part of the book as hast. */
export function renderBook(book: Book): BookParts {
  const { meta } = book;
  const layout = turnLayout(book);
  // One context renders everything in reading order: a note is set (under its plain ids) at the end
  // of the first section that refers to it, and numbered references stay in that order.
  const context = new RenderContext(book);
  const lead = book.lead.length ? context.section(() => book.lead.map((block) => context.block(block))) : undefined;
  const questions: Element[] = [];
  const partHeads: Element[] = [];
  const body = bookSections(book).map((section) => {
    if (section.kind === 'part') return (partHeads[section.part.index - 1] = renderPartHead(section.part, layout, context));
    return (questions[section.question.index - 1] = renderQuestion(section.question, layout, context));
  });
  return {
    cover: renderCover(meta, book.pictures.find((picture) => picture.id === 'cover')),
    titlePage: renderTitlePage(meta),
    toc: renderToc(book),
    lead: lead ? h('section.lead#lead', { role: 'doc-introduction' }, lead) : undefined,
    questions,
    partHeads,
    body,
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
    // Percent-encoded like every Markdown link (a spoken `<http://x/>` must not make an invalid URI).
    return h('a', { href: normalizeUri(node.url), className: isAddress ? ['url'] : undefined }, children);
  }
}

/** All parts in reading order, as one list (what the print document and the typography pass see). */
export function partsInOrder(parts: BookParts): Element[] {
  return [parts.cover, parts.titlePage, parts.toc, ...(parts.lead ? [parts.lead] : []), ...parts.body, parts.colophon];
}

/** A hast root holding all parts, so one transform pass serves both writers. */
export function partsRoot(parts: BookParts): Root {
  return { type: 'root', children: partsInOrder(parts) };
}

/** The short label of a question, as used in the TOC, the nav and the running head: Q1. */
export function questionNumber(question: Pick<Question, 'index'>): string {
  return `Q${question.index}`;
}

/**
 * The label set for vertical text: Q upright, then the number upright (Q1) or as one 縦中横 unit
 * (Q10), so Q10–Q16 take the same two ems as Q1–Q9 instead of squeezing three letters into one.
 * The text stays `Q10`.
 */
function questionNumberNodes(question: Pick<Question, 'index'>): Element[] {
  const digits = String(question.index);
  return [h('span.upright', 'Q'), h(digits.length === 2 ? 'span.tcy' : 'span.upright', digits)];
}

function renderCover(meta: FrontMatter, photo?: Picture): Element {
  return h(photo ? 'section.cover.cover-photo#cover' : 'section.cover#cover', [
    photo ? h('img.cover-photo-image', { src: `${PICTURE_DIR}/${pictureFileName(photo)}`, alt: '' }) : undefined,
    h('h1.book-title.wrap-phrase', coverTitle(meta.title)),
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

/**
 * The 目次: one entry per question; in a book with parts, each part is an entry whose nested list
 * holds its questions (the PDF outline and the EPUB navigation follow the same nesting).
 */
/** Characters of a short title that always fit one 目次 line, whatever the page size. */
const TOC_LINE = 40;

function renderToc(book: Pick<Book, 'questions' | 'parts'>): Element {
  const entry = (question: Question) =>
    // An entry longer than a line is set as running text: a flex line cannot break over pages.
    h('li.toc-entry', { className: [...question.title].length > TOC_LINE ? ['toc-long'] : undefined }, [
      h('a', { href: `#${question.id}` }, [
        h('span.toc-number', questionNumberNodes(question)),
        h('span.toc-text.wrap-phrase', question.title),
      ]),
    ]);
  const entries = bookSections(book).flatMap((section) => {
    if (section.kind === 'question') return section.question.part ? [] : [entry(section.question)];
    const { part } = section;
    return [
      h('li.toc-entry.toc-part', [
        h('a', { href: `#${part.id}` }, [h('span.toc-part-title.wrap-phrase', part.title)]),
        ...(part.questions.length ? [h('ol.toc-list.toc-part-list', part.questions.map(entry))] : []),
      ]),
    ];
  });
  return h('nav.toc#toc', { role: 'doc-toc', 'aria-labelledby': 'toc-title' }, [h('h2.toc-title#toc-title', '目次'), h('ol.toc-list', entries)]);
}

/** One part: its heading and the turns before its first question (the questions follow as sections of their own). */
function renderPartHead(part: Part, layout: TurnLayout, context: RenderContext): Element {
  return h('section.part', { id: part.id, dataPart: part.index, 'aria-labelledby': `${part.id}-title` }, context.section(() => [
    h('h1.part-title.wrap-phrase', { id: `${part.id}-title` }, [h('span.part-text', context.inline(part.heading.children))]),
    ...renderBlocks(part.blocks, layout, context),
  ]));
}

/** One question: heading (number + short title) and its turns. */
function renderQuestion(question: Question, layout: TurnLayout, context: RenderContext): Element {
  return h('section.question', { id: question.id, dataQuestion: question.index, 'aria-labelledby': `${question.id}-title` }, context.section(() => [
    // The space after the number is text, like the speaker separator: plain text reads 「Q1　…」.
    // The heading keeps the manuscript position of its `##` line (for the preview's click-to-source).
    {
      ...h('h2.question-title.wrap-phrase', { id: `${question.id}-title` }, [
        h('span.question-number', questionNumberNodes(question)),
        SPEAKER_SEPARATOR,
        h('span.question-text', context.inline(question.heading.children)),
      ]),
      position: question.heading.position,
    },
    ...renderBlocks(question.blocks, layout, context),
  ]));
}

/**
 * How turns are set. `run-in`: the label opens the first line, later lines one character in (the
 * two-speaker interview). `hanging`: every line of a turn starts at the same indent, which fits
 * the longest label printed in the book plus a space, at most {@link HANG_MAX} characters; a
 * longer label goes on a line of its own. The default is `hanging` for a book with parts or more
 * than two speakers; `turn_layout:` in the front matter chooses.
 */
export interface TurnLayout {
  /** Indent in characters (label + space), for the hanging layout. */
  hang?: number;
}

/** Widest label, in characters, set beside its text in the hanging layout (docs/import.md). */
export const HANG_MAX = 6;

/** Width of a label in characters: a half-width (Latin, digit) character counts a half. */
export function labelWidth(label: string): number {
  let width = 0;
  for (const char of label) width += /[\u0020-\u007e\uff61-\uff9f]/u.test(char) ? 0.5 : 1;
  return Math.ceil(width);
}

function turnLayout(book: Book): TurnLayout {
  const hanging = book.meta.turn_layout ? book.meta.turn_layout === 'hanging' : book.parts.length > 0 || book.meta.speakers.length > 2;
  if (!hanging) return {};
  // Only labels actually printed count: a speaker who never speaks, or a turn that continues the same speaker's, does not.
  const widths = bookSections(book)
    .flatMap((section) => (section.kind === 'part' ? section.part.blocks : section.question.blocks))
    .filter((block, i, blocks) => isTurn(block) && !continues(blocks, i))
    .map((block) => labelWidth((block as Turn).speaker.label));
  return { hang: Math.min(HANG_MAX, Math.max(1, ...widths)) + 1 };
}

/** True when block `i` is a turn by the same speaker as the turn right before it: its label is not repeated. */
function continues(blocks: Array<Turn | Aside>, i: number): boolean {
  const block = blocks[i]!;
  const before = blocks[i - 1];
  return isTurn(block) && before !== undefined && isTurn(before) && before.speaker.id === block.speaker.id;
}

function renderBlocks(blocks: Array<Turn | Aside>, layout: TurnLayout, context: RenderContext): Element[] {
  return blocks.map((block, i) => (isTurn(block) ? renderTurn(block, layout, continues(blocks, i), context) : context.block(block.node)));
}

/**
 * A turn: the speaker label, then a full-width space in the text itself (not only in CSS), so that
 * copied text, text export, read-aloud and readers without the book's styles read 「質問　まずは…」.
 */
function renderTurn(turn: Turn, layout: TurnLayout, continued: boolean, context: RenderContext): Element {
  const [first, ...rest] = turn.paragraphs.map((paragraph) => context.block(paragraph));
  const classes = ['turn'];
  if (layout.hang) classes.push(`hang-${layout.hang}`);
  if (layout.hang && labelWidth(turn.speaker.label) > HANG_MAX) classes.push('label-line');
  if (continued) classes.push('turn-continued');
  const properties = { className: classes, dataSpeaker: turn.speaker.id, dataRole: turn.speaker.role };
  // A run of turns by one speaker shows the label once, as an editor would set it.
  if (continued) return h('div', properties, [first ?? h('p'), ...rest]);
  const separator = { type: 'text' as const, value: SPEAKER_SEPARATOR };
  // A label on a line of its own keeps the separator inside it: the speech's first line then starts flush.
  const ownLine = classes.includes('label-line');
  const label = h('span.speaker.wrap-phrase', ownLine ? [turn.speaker.label, separator] : turn.speaker.label);
  if (first) first.children.unshift(...(ownLine ? [label] : [label, separator]));
  return h('div', properties, [first ?? h('p', label), ...rest]);
}

/**
 * The 奥付: every row from the front matter, none invented, absent fields left out. Dates are
 * printed as Japanese dates; identifiers and URLs as written (`.verbatim`, which the typography
 * pass leaves alone). Rows only a printed book has carry `data-output="print"` (the EPUB drops them).
 */
function renderColophon(meta: FrontMatter): Element {
  const interview = [meta.date ? formatJapaneseDate(meta.date) : undefined, meta.place].filter(isPresent);
  const source = [
    translatedFrom(meta),
    meta.source?.timestamp ? formatSourceTimestamp(meta.source.timestamp) : undefined,
    meta.source?.document ? h('span.verbatim', meta.source.document) : undefined,
    meta.source?.url ? h('span.verbatim', meta.source.url) : undefined,
  ].filter(isPresent);
  const published = meta.published && !meta.editions.some((edition) => edition.date === meta.published) ? formatJapaneseDate(meta.published) : undefined;
  const rows: Array<[string, Array<string | Element>, ('print' | undefined)?]> = [
    // The heading is the title (書名); only a subtitle needs a row of its own.
    ['副題', [meta.subtitle].filter(isPresent)],
    ['シリーズ', meta.series ? [meta.series_position ? `${meta.series}　第${meta.series_position}巻` : meta.series] : []],
    ['話し手', [intervieweeName(meta)].filter(isPresent)],
    ['聞き手', [meta.outlet, meta.interviewer].filter(isPresent)],
    ['収録', interview],
    ['原文', source],
    ['翻訳者', [meta.translator].filter(isPresent)],
    ['発行日', [published].filter(isPresent)],
    ['発行者', [meta.issuer].filter(isPresent)],
    ['発行所', [meta.publisher].filter(isPresent)],
    ['連絡先', [meta.contact].filter(isPresent)],
    ['印刷所', [meta.printer].filter(isPresent), 'print'],
  ];
  const newest = newestEdition(meta);
  return h('section.colophon#colophon', { role: 'doc-colophon', 'aria-labelledby': 'colophon-title' }, [
    h('h2.colophon-title.wrap-phrase#colophon-title', meta.title),
    h(
      'dl.colophon-list',
      rows
        .filter(([, values]) => values.length > 0)
        .flatMap(([term, values, output]) => {
          const only = output ? { dataOutput: output } : {};
          return [h('dt', only, term), h('dd', only, values.flatMap((value, index) => (index ? ['　', value] : [value])))];
        }),
    ),
    h('h3.editions-title', '版歴'),
    h('ol.editions', meta.editions.map(renderEdition)),
    meta.rights ? h('p.rights', meta.rights) : undefined,
    newest ? h('p.current-edition', `${formatJapaneseDate(newest.date)}　${newest.edition}発行`) : undefined,
  ].filter(isElement));
}

/** 「ロシア語からの翻訳」 when the language of the original is known, 「翻訳」 when only the fact is. */
function translatedFrom(meta: FrontMatter): string | undefined {
  if (meta.source_language) return `${languageName(meta.source_language)}からの翻訳`;
  return meta.translation ? '翻訳' : undefined;
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

function isPresent<T>(value: T | undefined | null | '' | false): value is T {
  return value !== undefined && value !== null && value !== '' && value !== false;
}
