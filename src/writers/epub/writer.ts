/**
 * EPUB 3 writer: vertical (縦書き), right-to-left Japanese, in the Denshokyo (電書協) guide's package
 * layout, reproducible to the byte.
 *
 * epub-gen-memory renders kumihan's own templates (src/writers/epub/templates.ts) through its public
 * API (`render()`, then `generateAsync()` without compression); one repack step
 * (src/writers/epub/archive.ts) then moves each file to its place in the guide's layout, fixes
 * entry order and dates and deflates with zlib. Chapter bodies bypass the library's HTML
 * normalizer (which would turn all non-ASCII into character references, drop `data-*`
 * attributes and fetch every `<img>`): they travel as a pass-through key and are inserted as
 * given, UTF-8. The only image, the cover, is generated here and added by the repack, so nothing
 * is fetched.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { shortenAtPhrase } from '../../core/phrases.js';
import { oneOf, trimEndWhere } from '../../core/scan.js';
import type { Chapter, Options } from 'epub-gen-memory';
import type { FrontMatter } from '../../config/schema.js';
import { KumihanError } from '../../core/errors.js';
import { escapeXml } from '../../core/text.js';
import { stylesDir } from '../../core/assets.js';
import { coverAltText, renderCover, renderPhotoCover } from './cover-image.js';
import { repackEpub, type RepackEntry } from './archive.js';
import { CONTAINER_XML, fromPage, GUIDE_VERSION, HREFS, LIBRARY_NAMES, PACKAGE_DIR, pageHref } from './layout.js';
import { COVER_HEIGHT, COVER_WIDTH } from './cover-image.js';
import { describeBook, newestEdition, publicationDate } from '../../config/describe.js';
import { accessibility, fileAs, modifiedDate, people, rightsStatement, sourceOf } from './metadata.js';
import {
  chapterXhtmlTemplate,
  contentOpfTemplate,
  navXhtmlTemplate,
  tocNcxTemplate,
  type PackageModel,
} from './templates.js';

export { stableIdentifier } from './identifier.js';

export type Landmark = 'cover' | 'titlepage' | 'bodymatter' | 'colophon';

export interface EpubChapter {
  /** ASCII id, also the manifest id: 'p-cover', 'p-titlepage', 'p-lead', 'p-001', 'p-colophon'. */
  id: string;
  /** ASCII file name ending in `.xhtml`, in `item/xhtml/`: 'p-001.xhtml'. */
  fileName: string;
  /** Plain-text title for `<title>`. */
  title: string;
  /** Label in the nav and NCX ('Q1　外交は忘れ去られたのか'); omitted → not in the TOC. */
  navLabel?: string;
  /** Id of the chapter this one is nested under in the nav and NCX (a question under its part). */
  navParent?: string;
  landmark?: Landmark;
  /**
   * Well-formed XHTML for inside `<body>`, from the shared serializer. For the cover chapter an
   * empty body means "the generated cover image" ({@link coverPageXhtml}).
   */
  bodyXhtml: string;
  /** The Denshokyo page class on `<body>`: p-cover, p-titlepage, p-text (the default), p-colophon. */
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
  /** The generated cover ({@link renderCover} of `meta`), already being drawn; without it, drawn here. */
  cover?: Promise<Uint8Array>;
  /** Where the generated cover is kept between builds (the book's folder of intermediate files); none: drawn every time. */
  coverCacheDir?: string;
}

/** The generated cover image, as a page links to it. */
export const COVER_IMAGE_HREF = fromPage(HREFS.coverImage);
/** The cover drawn over a cover photo (JPEG), as a page links to it. */
export const COVER_PHOTO_HREF = fromPage(HREFS.coverPhoto);
const NAV_ID = 'toc';
const RESERVED_IDS = new Set([NAV_ID, 'ncx', 'book-style', 'cover']);
// The library writes these names in the same folder as the chapters.
const RESERVED_FILES = new Set(['toc.xhtml', 'toc.ncx', 'content.opf', 'style.css']);
/**
 * Landmarks whose `epub:type` goes on `<body>`, as the Denshokyo guide writes the cover's. Ace
 * accepts these there; `colophon` it wants beside `role="doc-colophon"`, which `<body>` cannot
 * take, so the 奥付's own section carries it (see epub-book.ts).
 */
const BODY_EPUB_TYPES = new Set<Landmark>(['cover', 'titlepage', 'bodymatter']);
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
  // The cover rasterizes on a libuv thread while the package is put together; the repack adds it.
  const coverPackageHref = input.coverPhoto ? HREFS.coverPhoto : HREFS.coverImage;
  const coverHref = fromPage(coverPackageHref);
  const coverImage = input.coverPhoto ? renderPhotoCover(meta, input.coverPhoto) : (input.cover ?? renderCover(meta, { cacheDir: input.coverCacheDir }));
  coverImage.catch(() => {}); // awaited below; a failure before then must not go unhandled
  // The book's pictures: `href` relative to the package document (image/fig1.jpg); pages link one folder up.
  const images = input.images ?? [];
  const chapters = withCoverPage(input.chapters, meta, coverHref);
  checkChapters(chapters, new Set([coverHref, ...images.map((image) => fromPage(image.href))]));
  const frontCount = leadingFrontMatter(chapters);
  const lang = meta.lang || 'ja';

  const model: PackageModel = {
    identifier,
    title: meta.title,
    titleFileAs: fileAs(meta.title_reading),
    subtitle: meta.subtitle,
    ...people(meta),
    publisher: meta.publisher ? { name: meta.publisher, fileAs: fileAs(meta.publisher_reading) } : undefined,
    date: publicationDate(meta),
    created: meta.date,
    modified: modifiedDate(meta),
    version: newestEdition(meta).edition,
    description: describeBook(meta),
    rights: rightsStatement(meta),
    source: sourceOf(meta),
    series: meta.series ? { name: meta.series, position: meta.series_position, fileAs: fileAs(meta.series_reading) } : undefined,
    accessibility: accessibility({
      hasRuby: chapters.some((chapter) => /<ruby[\s>]/u.test(chapter.bodyXhtml)),
      hasFigures: chapters.some((chapter) => /<figure[\s>]/u.test(chapter.bodyXhtml)),
      hasNotes: chapters.some((chapter) => /epub:type="noteref"/u.test(chapter.bodyXhtml)),
    }),
    navId: NAV_ID,
    navDepth: 1,
    hrefs: { nav: HREFS.nav, ncx: HREFS.ncx, css: HREFS.css, coverImage: coverPackageHref },
    coverMediaType: input.coverPhoto ? 'image/jpeg' : 'image/png',
    guideVersion: GUIDE_VERSION,
    images: images.map(({ id, href }) => ({ id, href })),
    ...landmarks(chapters),
  };

  // Reading order is play order; a nested entry is listed under its parent, not at the top.
  const inToc = chapters.filter((chapter) => chapter.navLabel);
  const playOrder = new Map(inToc.map((chapter, index) => [chapter.id, index + 1]));
  const navEntry = (chapter: EpubChapter) => ({
    itemId: chapter.id,
    href: pageHref(chapter.fileName),
    navLabel: chapter.navLabel ?? '',
    navLabelXhtml: navLabelXhtml(chapter.navLabel ?? ''),
    playOrder: playOrder.get(chapter.id) ?? 0,
  });
  const navChildren = (parent: EpubChapter) => inToc.filter((chapter) => chapter.navParent === parent.id).map(navEntry);
  model.navDepth = inToc.some((chapter) => chapter.navParent) ? 2 : 1;
  const content: Array<Chapter & Record<string, unknown>> = chapters.map((chapter, index) => ({
    title: chapter.title || meta.title,
    content: '',
    filename: chapter.fileName,
    excludeFromToc: !chapter.navLabel,
    beforeToc: index < frontCount,
    itemId: chapter.id,
    href: pageHref(chapter.fileName),
    cssHref: fromPage(HREFS.css),
    epubType: bodyEpubType(chapter),
    // The guide declares the namespace on every page; declared only where used, EPUBCheck has no usage note (HTM-044).
    usesEpubNamespace: bodyEpubType(chapter) !== '' || chapter.bodyXhtml.includes('epub:'),
    // Image pages are set horizontally so that the image is centred (the guide's rule); text is vertical.
    htmlClass: chapter.landmark === 'cover' ? 'hltr' : 'vrtl',
    bodyClass: chapter.bodyClass ?? 'p-text',
    properties: /<svg[\s>]/u.test(chapter.bodyXhtml) ? 'svg' : '',
    navLabel: chapter.navLabel ?? '',
    navLabelXhtml: navLabelXhtml(chapter.navLabel ?? ''),
    navNested: chapter.navParent !== undefined,
    navChildren: navChildren(chapter),
    playOrder: playOrder.get(chapter.id) ?? 0,
    body: chapter.bodyXhtml,
  }));
  // One style sheet: an `@charset` rule is only valid at the very start, so appended ones go.
  const extraCss = input.css ? `\n${input.css.replace(/@charset\s+"[^"]*";\s*/giu, '')}` : '';
  const css = (await readFile(path.join(stylesDir, 'epub.css'), 'utf8')) + extraCss;
  const options: Options & { book: PackageModel } = {
    title: meta.title,
    author: model.creators.map((person) => person.name),
    publisher: meta.publisher,
    description: model.description,
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
  // CommonJS: Node and vitest offer its exports by name, the bundle (scripts/bundle.mjs) as the default export only.
  type Library = {
    EPub: new (options: Options, content: Chapter[]) => {
      render(): Promise<unknown>;
      generateAsync(options: { type: 'uint8array'; compression: 'STORE' }): Promise<Uint8Array>;
    };
  };
  const library = (await import('epub-gen-memory')) as unknown as Partial<Library> & { default: Library };
  const { EPub } = library.EPub ? (library as Library) : library.default;
  // The public render() + generateAsync() without compression: the repack below deflates once (the
  // library's genEpub() would deflate every file only for the repack to inflate it again).
  const generated = new EPub(options, content);
  await generated.render();
  const stored = await generated.generateAsync({ type: 'uint8array', compression: 'STORE' });

  const inPackage = (href: string) => `${PACKAGE_DIR}${href}`;
  const page = (chapter: EpubChapter): RepackEntry => ({ name: inPackage(pageHref(chapter.fileName)), from: LIBRARY_NAMES.page(chapter.fileName) });
  const entries: RepackEntry[] = [
    { name: LIBRARY_NAMES.container, data: new TextEncoder().encode(CONTAINER_XML) },
    { name: inPackage(HREFS.opf), from: LIBRARY_NAMES.opf },
    { name: inPackage(HREFS.nav), from: LIBRARY_NAMES.nav },
    { name: inPackage(HREFS.ncx), from: LIBRARY_NAMES.ncx },
    { name: inPackage(HREFS.css), from: LIBRARY_NAMES.css },
    ...chapters.map(page),
    { name: inPackage(coverPackageHref), data: await coverImage },
    ...images.map((image): RepackEntry => ({ name: inPackage(image.href), data: image.data })),
  ];
  return repackEpub(stored, { date: new Date(model.modified), entries, replaced: [LIBRARY_NAMES.container] });
}

/**
 * The cover page body: the generated cover image in an SVG wrapper (as the Denshokyo guide wraps
 * cover images), scaled to fit and centred in any page shape, with its text alternative.
 */
export function coverPageXhtml(meta: FrontMatter, href = COVER_IMAGE_HREF): string {
  const alt = escapeXml(coverAltText(meta));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" class="cover-svg" ` +
    `width="100%" height="100%" viewBox="0 0 ${COVER_WIDTH} ${COVER_HEIGHT}" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="cover-alt">` +
    `<title id="cover-alt">${alt}</title>` +
    `<image width="${COVER_WIDTH}" height="${COVER_HEIGHT}" xlink:href="${href}"/>` +
    `</svg>`
  );
}

/**
 * A short TOC label for the question at 0-based `index`: 'Q1　' + the title, cut at a phrase
 * boundary with '…' when longer than `max` characters.
 */
export function shortNavLabel(index: number, title: string, max = 24): string {
  const text = title.replace(/\s+/gu, ' ').trim();
  const label = `Q${index + 1}\u3000`;
  if ([...text].length <= max) return label + text;
  return `${label}${trimEndWhere(shortenAtPhrase(text, max - 1), oneOf('、。・，．', { spaces: true }))}…`;
}

/** The chapters with a cover page first: the caller's (empty body → generated image) or a new one. */
function withCoverPage(chapters: EpubChapter[], meta: FrontMatter, coverHref: string): EpubChapter[] {
  const cover = chapters.find((chapter) => chapter.landmark === 'cover');
  if (!cover) {
    return [
      { id: 'p-cover', fileName: 'p-cover.xhtml', title: LANDMARK_LABELS.cover, landmark: 'cover', bodyXhtml: coverPageXhtml(meta, coverHref), bodyClass: 'p-cover' },
      ...chapters,
    ];
  }
  if (cover.bodyXhtml.trim()) return chapters;
  return chapters.map((chapter) =>
    chapter === cover ? { ...chapter, bodyXhtml: coverPageXhtml(meta, coverHref), bodyClass: chapter.bodyClass ?? 'p-cover' } : chapter,
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
  for (const chapter of chapters) {
    const parent = chapters.find((other) => other.id === chapter.navParent);
    if (chapter.navParent !== undefined && (!parent?.navLabel || parent.navParent !== undefined || !chapter.navLabel)) {
      throw new KumihanError(`EPUB chapter ${chapter.id} is nested under ${JSON.stringify(chapter.navParent)}, which is not a top-level entry of the navigation`);
    }
  }
  for (const landmark of ['cover', 'titlepage', 'bodymatter', 'colophon'] as const) {
    if (chapters.filter((chapter) => chapter.landmark === landmark).length > 1) {
      throw new KumihanError(`EPUB chapters carry the ${landmark} landmark more than once`);
    }
  }
}

// A start tag of well-formed XHTML: quoted attribute values may hold `>`, text never holds a raw `<`.
// The alternatives start with different characters, so the engine never backtracks between them.
const START_TAG = /<[A-Za-z](?:[^>"']|"[^"]*"|'[^']*')*>/gu;
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

/** The `epub:type` of a page's `<body>`: its landmark when that belongs on `<body>` ({@link BODY_EPUB_TYPES}). */
function bodyEpubType(chapter: EpubChapter): string {
  return chapter.landmark && BODY_EPUB_TYPES.has(chapter.landmark) ? chapter.landmark : '';
}

/** Number of leading cover/title-page chapters: the nav (目次 page) follows them in the spine. */
function leadingFrontMatter(chapters: EpubChapter[]): number {
  let count = 0;
  while (chapters[count]?.landmark === 'cover' || chapters[count]?.landmark === 'titlepage') count++;
  return count;
}

/**
 * Nav landmarks and the EPUB 2 guide: cover, title page, 目次, start of the body (the chapter
 * marked bodymatter, else the first one after the front matter: the lead when there is one), 奥付.
 * Hrefs are relative to the package document, where the nav also is.
 */
function landmarks(chapters: EpubChapter[]): Pick<PackageModel, 'landmarks' | 'guide'> {
  const find = (landmark: Landmark) => chapters.find((chapter) => chapter.landmark === landmark);
  const body =
    find('bodymatter') ?? chapters.find((chapter) => chapter.landmark === undefined || chapter.landmark === 'bodymatter');
  const href = (chapter: EpubChapter | undefined) => chapter && pageHref(chapter.fileName);
  const entries: Array<[Landmark | 'toc', string | undefined]> = [
    ['cover', href(find('cover'))],
    ['titlepage', href(find('titlepage'))],
    ['toc', `${HREFS.nav}#toc`],
    ['bodymatter', href(body)],
    ['colophon', href(find('colophon'))],
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
