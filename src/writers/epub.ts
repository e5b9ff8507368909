/**
 * EPUB 3 writer: vertical (縦書き), right-to-left Japanese, reproducible to the byte.
 *
 * epub-gen-memory renders kumihan's own templates (src/writers/epub/templates.ts) and zips them;
 * a repack step then fixes entry order and dates. Chapter bodies bypass the library's HTML
 * normalizer (which would turn all non-ASCII into character references, drop `data-*`
 * attributes and fetch every `<img>`): they travel as a pass-through key and are inserted as
 * given, UTF-8. The only image, the cover, is generated here and put into the package directly, so
 * nothing is fetched.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { shortenAtPhrase } from '../import/title.js';
import type { Chapter, Options } from 'epub-gen-memory';
import type JSZip from 'jszip';
import type { FrontMatter } from '../config/schema.js';
import { KumihanError } from '../core/errors.js';
import { coverAltText, renderCover, renderPhotoCover } from './cover-image.js';
import { repackEpub } from './epub/archive.js';
import { describeBook, newestEdition } from '../config/describe.js';
import { accessibility, modifiedDate, people, rightsStatement } from './epub/metadata.js';
import {
  chapterXhtmlTemplate,
  contentOpfTemplate,
  navXhtmlTemplate,
  tocNcxTemplate,
  type PackageModel,
} from './epub/templates.js';

export { stableIdentifier } from './epub/identifier.js';

export type Landmark = 'cover' | 'titlepage' | 'bodymatter' | 'colophon';

export interface EpubChapter {
  /** ASCII id, also the manifest id: 'cover', 'titlepage', 'lead', 'q01', 'colophon'. */
  id: string;
  /** ASCII file name ending in `.xhtml`: 'q01.xhtml'. */
  fileName: string;
  /** Plain-text title for `<title>`. */
  title: string;
  /** Label in the nav and NCX ('Q1　外交は忘れ去られたのか'); omitted → not in the TOC. */
  navLabel?: string;
  landmark?: Landmark;
  /**
   * Well-formed XHTML for inside `<body>`, from the shared serializer. For the cover chapter an
   * empty body means "the generated cover image" ({@link coverPageXhtml}).
   */
  bodyXhtml: string;
  bodyClass?: string;
}

export interface EpubInput {
  meta: FrontMatter;
  /** `urn:uuid:…`, stable across editions: see {@link stableIdentifier}. */
  identifier: string;
  chapters: EpubChapter[];
  /** Extra CSS appended to styles/epub.css (the build passes styles/typography.css here). */
  css?: string;
  /** A cover photo (JPEG): the cover is drawn over it and stored as JPEG instead of the generated PNG. */
  coverPhoto?: Uint8Array;
  /** Pictures the chapters embed (`<img src="images/fig1.jpg">`), already JPEG. */
  images?: Array<{ id: string; href: string; data: Uint8Array }>;
}

/** File name of the generated cover image inside the package (next to the XHTML files). */
export const COVER_IMAGE_HREF = 'cover.png';
/** File name of the cover drawn over a cover photo. */
export const COVER_PHOTO_HREF = 'cover.jpeg';
const NAV_HREF = 'toc.xhtml';
const NAV_ID = 'nav';
const RESERVED_IDS = new Set([NAV_ID, 'ncx', 'style', 'cover-image']);
const RESERVED_FILES = new Set([NAV_HREF, 'toc.ncx', 'content.opf', 'style.css', COVER_IMAGE_HREF, COVER_PHOTO_HREF]);
const LANDMARK_LABELS: Record<Landmark | 'toc', string> = {
  cover: '表紙',
  titlepage: '扉',
  toc: '目次',
  bodymatter: '本文',
  colophon: '奥付',
};
const GUIDE_TYPES: Record<Landmark | 'toc', string> = {
  cover: 'cover',
  titlepage: 'title-page',
  toc: 'toc',
  bodymatter: 'text',
  colophon: 'colophon',
};

/** Builds the EPUB 3 of one book; the same input always gives the same bytes. */
export async function writeEpub(input: EpubInput): Promise<Uint8Array> {
  const { meta, identifier } = input;
  if (!/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu.test(identifier)) {
    throw new KumihanError(`EPUB identifier must be urn:uuid:…, got ${JSON.stringify(identifier)}`);
  }
  // The cover rasterizes on a libuv thread while the package is put together; the library gets an
  // empty stand-in, replaced in its zip before the repack.
  const coverHref = input.coverPhoto ? COVER_PHOTO_HREF : COVER_IMAGE_HREF;
  const coverImage = input.coverPhoto ? renderPhotoCover(meta, input.coverPhoto) : renderCover(meta);
  coverImage.catch(() => {}); // awaited below; a failure before then must not go unhandled
  const images = input.images ?? [];
  const chapters = withCoverPage(input.chapters, meta, coverHref);
  checkChapters(chapters, new Set([coverHref, ...images.map((image) => image.href)]));
  const frontCount = leadingFrontMatter(chapters);
  const lang = meta.lang || 'ja';

  const model: PackageModel = {
    identifier,
    title: meta.title,
    subtitle: meta.subtitle,
    ...people(meta),
    publisher: meta.publisher,
    date: meta.date,
    modified: modifiedDate(meta),
    version: newestEdition(meta).edition,
    description: describeBook(meta),
    rights: rightsStatement(meta),
    accessibility: accessibility({ hasRuby: chapters.some((chapter) => /<ruby[\s>]/u.test(chapter.bodyXhtml)) }),
    navId: NAV_ID,
    images: images.map(({ id, href }) => ({ id, href })),
    ...landmarks(chapters),
  };

  const content: Array<Chapter & Record<string, unknown>> = chapters.map((chapter, index) => ({
    title: chapter.title || meta.title,
    content: '',
    filename: chapter.fileName,
    excludeFromToc: !chapter.navLabel,
    beforeToc: index < frontCount,
    itemId: chapter.id,
    epubType: chapter.landmark ?? '',
    bodyClass: chapter.bodyClass ?? '',
    properties: /<svg[\s>]/u.test(chapter.bodyXhtml) ? 'svg' : '',
    navLabel: chapter.navLabel ?? '',
    navLabelXhtml: navLabelXhtml(chapter.navLabel ?? ''),
    tocHidden: chapter.landmark === 'cover' || chapter.landmark === 'titlepage',
    usesEpubNamespace: chapter.landmark !== undefined || chapter.bodyXhtml.includes('epub:'),
    body: chapter.bodyXhtml,
  }));
  // One style sheet: an `@charset` rule is only valid at the very start, so appended ones go.
  const extraCss = input.css ? `\n${input.css.replace(/@charset\s+"[^"]*";\s*/giu, '')}` : '';
  const css = (await readFile(new URL('../../styles/epub.css', import.meta.url), 'utf8')) + extraCss;
  const options: Options & { book: PackageModel } = {
    title: meta.title,
    author: model.creators.map((person) => person.name),
    publisher: meta.publisher,
    description: model.description,
    cover: new File([], coverHref, { type: input.coverPhoto ? 'image/jpeg' : 'image/png' }),
    tocTitle: LANDMARK_LABELS.toc,
    tocInTOC: false,
    numberChaptersInTOC: false,
    prependChapterTitles: false,
    lang,
    css,
    contentOPF: contentOpfTemplate,
    tocXHTML: navXhtmlTemplate,
    tocNCX: tocNcxTemplate,
    chapterXHTML: chapterXhtmlTemplate,
    fonts: [],
    version: 3,
    verbose: false,
    book: model,
  };
  // CommonJS: `require` gives the same module.exports in Node and under vitest's loader.
  const { EPub } = createRequire(import.meta.url)('epub-gen-memory') as {
    EPub: new (options: Options, content: Chapter[]) => { render(): Promise<unknown> };
  };
  // render() fills the library's zip without compressing it (its genEpub() would deflate every
  // file only for the repack below to inflate and deflate it again: a 10 000-question book spent
  // most of its time and memory there). The zip is a protected field of the class.
  const generated = new EPub(options, content);
  await generated.render();
  const files = (generated as unknown as { zip: JSZip }).zip;
  files.file(`OEBPS/${coverHref}`, await coverImage);
  for (const image of images) files.file(`OEBPS/${image.href}`, image.data);

  const spineFiles = [
    ...chapters.slice(0, frontCount).map((chapter) => chapter.fileName),
    NAV_HREF,
    ...chapters.slice(frontCount).map((chapter) => chapter.fileName),
  ];
  const order = [
    'META-INF/container.xml',
    'OEBPS/content.opf',
    'OEBPS/toc.ncx',
    'OEBPS/style.css',
    ...spineFiles.map((file) => `OEBPS/${file}`),
    `OEBPS/${coverHref}`,
    ...images.map((image) => `OEBPS/${image.href}`),
  ];
  return repackEpub(files, { date: new Date(model.modified), files: order });
}

/** The cover page body: the generated cover image, full page. */
export function coverPageXhtml(meta: FrontMatter, href = COVER_IMAGE_HREF): string {
  return `<div class="cover-image"><img src="${href}" alt="${escapeXml(coverAltText(meta))}"/></div>`;
}

/**
 * A short TOC label for the question at 0-based `index`: 'Q1　' + the title, cut at a phrase
 * boundary with '…' when longer than `max` characters.
 */
export function shortNavLabel(index: number, title: string, max = 24): string {
  const text = title.replace(/\s+/gu, ' ').trim();
  const label = `Q${index + 1}\u3000`;
  if ([...text].length <= max) return label + text;
  return `${label}${shortenAtPhrase(text, max - 1).replace(/[\s、。・，．]+$/u, '')}…`;
}

/** The chapters with a cover page first: the caller's (empty body → generated image) or a new one. */
function withCoverPage(chapters: EpubChapter[], meta: FrontMatter, coverHref: string): EpubChapter[] {
  const cover = chapters.find((chapter) => chapter.landmark === 'cover');
  if (!cover) {
    return [
      { id: 'cover', fileName: 'cover.xhtml', title: meta.title, navLabel: LANDMARK_LABELS.cover, landmark: 'cover', bodyXhtml: coverPageXhtml(meta, coverHref), bodyClass: 'cover-page' },
      ...chapters,
    ];
  }
  if (cover.bodyXhtml.trim()) return chapters;
  return chapters.map((chapter) =>
    chapter === cover ? { ...chapter, bodyXhtml: coverPageXhtml(meta, coverHref), bodyClass: chapter.bodyClass ?? 'cover-page' } : chapter,
  );
}

/** Throws on ids and file names that would make an invalid or ambiguous package. */
function checkChapters(chapters: EpubChapter[], packaged: Set<string>): void {
  const ids = new Set<string>();
  const files = new Set<string>();
  for (const chapter of chapters) {
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/u.test(chapter.id) || RESERVED_IDS.has(chapter.id) || ids.has(chapter.id)) {
      throw new KumihanError(`EPUB chapter id ${JSON.stringify(chapter.id)} is not a unique ASCII name (reserved: ${[...RESERVED_IDS].join(', ')})`);
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.xhtml$/u.test(chapter.fileName) || RESERVED_FILES.has(chapter.fileName) || files.has(chapter.fileName)) {
      throw new KumihanError(`EPUB chapter file ${JSON.stringify(chapter.fileName)} is not a unique ASCII *.xhtml name`);
    }
    // The package holds no resource but the cover and the book's own pictures: anything else
    // would be fetched by nobody and fail EPUBCheck as a missing or remote resource.
    for (const source of embeddedSources(chapter.bodyXhtml)) {
      if (!packaged.has(source)) {
        throw new KumihanError(`EPUB chapter ${chapter.id} embeds ${JSON.stringify(source)}: only the cover image and the book's pictures (${[...packaged].join(', ')}) are in the package`);
      }
    }
    ids.add(chapter.id);
    files.add(chapter.fileName);
  }
  for (const landmark of ['cover', 'titlepage', 'bodymatter', 'colophon'] as const) {
    if (chapters.filter((chapter) => chapter.landmark === landmark).length > 1) {
      throw new KumihanError(`EPUB chapters carry the ${landmark} landmark more than once`);
    }
  }
}

// A start tag of well-formed XHTML: quoted attribute values may hold `>`, text never holds a raw `<`.
const START_TAG = /<[A-Za-z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>/gu;
const SOURCE_ATTRIBUTE = /\s(?:src|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)')/gu;

/**
 * The `src`/`xlink:href` values of the elements of a body. Only tags are searched: spoken text
 * such as `<img src="x">` arrives escaped and must not read as an embedded resource.
 */
function embeddedSources(xhtml: string): string[] {
  const sources: string[] = [];
  for (const [tag] of xhtml.matchAll(START_TAG)) {
    for (const match of tag.matchAll(SOURCE_ATTRIBUTE)) sources.push(match[1] ?? match[2] ?? '');
  }
  return sources;
}

/** Number of leading cover/title-page chapters: the nav (目次 page) follows them in the spine. */
function leadingFrontMatter(chapters: EpubChapter[]): number {
  let count = 0;
  while (chapters[count]?.landmark === 'cover' || chapters[count]?.landmark === 'titlepage') count++;
  return count;
}

/** Nav landmarks and the EPUB 2 guide: cover, title page, 目次, start of the body, 奥付. */
function landmarks(chapters: EpubChapter[]): Pick<PackageModel, 'landmarks' | 'guide'> {
  const find = (landmark: Landmark) => chapters.find((chapter) => chapter.landmark === landmark);
  const body =
    find('bodymatter') ?? chapters.find((chapter) => chapter.landmark === undefined || chapter.landmark === 'bodymatter');
  const entries: Array<[Landmark | 'toc', string | undefined]> = [
    ['cover', find('cover')?.fileName],
    ['titlepage', find('titlepage')?.fileName],
    ['toc', `${NAV_HREF}#toc`],
    ['bodymatter', body?.fileName],
    ['colophon', find('colophon')?.fileName],
  ];
  const present = entries.filter((entry): entry is [Landmark | 'toc', string] => entry[1] !== undefined);
  return {
    landmarks: present.map(([type, href]) => ({ type, href, label: LANDMARK_LABELS[type] })),
    guide: present.map(([type, href]) => ({ type: GUIDE_TYPES[type], href, title: LANDMARK_LABELS[type] })),
  };
}

/** The label as XHTML for the visible 目次: a leading question number set across the line. */
function navLabelXhtml(label: string): string {
  const number = /^Q\d{1,2}(?=\s|$)/u.exec(label)?.[0];
  if (!number) return escapeXml(label);
  return `<span class="toc-number">${number}</span>${escapeXml(label.slice(number.length))}`;
}

function escapeXml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}
