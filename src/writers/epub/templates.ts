/**
 * kumihan's EJS templates for epub-gen-memory (options `contentOPF`, `tocXHTML`, `tocNCX`,
 * `chapterXHTML`). They are TS string modules so they ship inside `dist/` with the code.
 *
 * The library renders them with its normalized options and chapters (`content`, `lang`,
 * `tocTitle`, …) plus kumihan's pass-through keys: the option `book` (a {@link PackageModel}) and,
 * per chapter, `itemId`, `href` (from the package document), `cssHref` (from the page), `epubType`,
 * `usesEpubNamespace`, `htmlClass`, `bodyClass`, `properties`, `navLabel`, `navLabelXhtml` (the
 * escaped label, a leading Q1 wrapped for 縦中横), `navNested` (listed under its part, not at the
 * top), `navChildren` (the entries nested under it: `itemId`, `href`, `navLabel`, `navLabelXhtml`,
 * `playOrder`), `playOrder`, `body`. Everything time- or chance-dependent in the library's own
 * templates (`new Date()`, its random `id`) is left unused, and every value is escaped with `<%= %>`
 * except `body` (the already-serialized XHTML of the shared serializer) and `navLabelXhtml`
 * (escaped in TypeScript).
 *
 * Links are written for the Denshokyo layout the package is repacked into (see `layout.ts`): the
 * package document and the nav in `item/`, pages in `item/xhtml/`, the style sheet in
 * `item/style/`, the cover in `item/image/`.
 */

/** Metadata and navigation computed in TypeScript, handed to the templates as the option `book`. */
export interface PackageModel {
  identifier: string;
  title: string;
  /** The title's reading (katakana), `file-as`. */
  titleFileAs?: string;
  subtitle?: string;
  creators: Person[];
  contributors: Person[];
  publisher?: { name: string; fileAs?: string };
  /** `dc:date`: the publication date (`published`, else the first edition's date). */
  date: string;
  /** `dcterms:created`: the interview date, when known. */
  created?: string;
  /** `dcterms:modified`: the newest edition's date, `YYYY-MM-DDT00:00:00Z`. */
  modified: string;
  /** The newest edition's name (初版第2刷), as `schema:version`. */
  version: string;
  description: string;
  rights?: string;
  /** `dc:source`: the original (its URL or document number) and, when known, its language. */
  source?: { value: string; language?: string };
  /** `belongs-to-collection` of type series. */
  series?: { name: string; position?: number; fileAs?: string };
  accessibility: {
    accessModes: string[];
    accessModesSufficient: string[];
    features: string[];
    hazards: string[];
    summary: string;
    /** `dcterms:conformsTo`, and who evaluated it (`a11y:certifiedBy`). */
    conformsTo: string;
    certifiedBy: string;
  };
  /** Manifest id of the nav document, also its spine `idref`. */
  navId: string;
  /** Levels of the navigation: 2 when questions are nested under parts. */
  navDepth: number;
  /** Paths relative to the package document (pages are one folder down: `../` + these). */
  hrefs: { nav: string; ncx: string; css: string; coverImage: string };
  /** The media type of the generated cover image. */
  coverMediaType: string;
  /** The Denshokyo guide version the layout follows (`ebpaj:guide-version`). */
  guideVersion: string;
  landmarks: Array<{ type: string; href: string; label: string }>;
  /** Pictures in the package besides the cover (JPEG), by manifest id and href. */
  images: Array<{ id: string; href: string }>;
  /** EPUB 2 `<guide>` references, for readers that predate the nav landmarks. */
  guide: Array<{ type: string; href: string; title: string }>;
}

export interface Person {
  id: string;
  name: string;
  /** MARC relator code: aut, ivr, trl. */
  role: string;
  /** The reading (katakana) stores sort by. */
  fileAs?: string;
}

export const contentOpfTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="unique-id" xml:lang="<%= lang %>" prefix="ebpaj: http://www.ebpaj.jp/ a11y: http://www.idpf.org/epub/vocab/package/a11y/#">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="unique-id"><%= book.identifier %></dc:identifier>
    <dc:title id="title"><%= book.title %></dc:title>
    <meta refines="#title" property="title-type">main</meta>
<% if (book.titleFileAs) { -%>
    <meta refines="#title" property="file-as"><%= book.titleFileAs %></meta>
<% } -%>
<% if (book.subtitle) { -%>
    <dc:title id="subtitle"><%= book.subtitle %></dc:title>
    <meta refines="#subtitle" property="title-type">subtitle</meta>
<% } -%>
<% if (book.series) { -%>
    <meta property="belongs-to-collection" id="series"><%= book.series.name %></meta>
    <meta refines="#series" property="collection-type">series</meta>
<% if (book.series.position) { -%>
    <meta refines="#series" property="group-position"><%= book.series.position %></meta>
<% } -%>
<% if (book.series.fileAs) { -%>
    <meta refines="#series" property="file-as"><%= book.series.fileAs %></meta>
<% } -%>
<% } -%>
    <dc:language><%= lang %></dc:language>
<% book.creators.forEach(function (person, index) { -%>
    <dc:creator id="<%= person.id %>"><%= person.name %></dc:creator>
    <meta refines="#<%= person.id %>" property="role" scheme="marc:relators"><%= person.role %></meta>
<% if (person.fileAs) { -%>
    <meta refines="#<%= person.id %>" property="file-as"><%= person.fileAs %></meta>
<% } -%>
    <meta refines="#<%= person.id %>" property="display-seq"><%= index + 1 %></meta>
<% }) -%>
<% book.contributors.forEach(function (person) { -%>
    <dc:contributor id="<%= person.id %>"><%= person.name %></dc:contributor>
    <meta refines="#<%= person.id %>" property="role" scheme="marc:relators"><%= person.role %></meta>
<% if (person.fileAs) { -%>
    <meta refines="#<%= person.id %>" property="file-as"><%= person.fileAs %></meta>
<% } -%>
<% }) -%>
<% if (book.publisher) { -%>
    <dc:publisher id="publisher"><%= book.publisher.name %></dc:publisher>
<% if (book.publisher.fileAs) { -%>
    <meta refines="#publisher" property="file-as"><%= book.publisher.fileAs %></meta>
<% } -%>
<% } -%>
    <dc:date><%= book.date %></dc:date>
<% if (book.created) { -%>
    <meta property="dcterms:created"><%= book.created %></meta>
<% } -%>
    <dc:description><%= book.description %></dc:description>
<% if (book.source) { -%>
    <dc:source id="source"><%= book.source.value %></dc:source>
<% if (book.source.language) { -%>
    <meta refines="#source" property="dcterms:language"><%= book.source.language %></meta>
<% } -%>
<% } -%>
<% if (book.rights) { -%>
    <dc:rights><%= book.rights %></dc:rights>
<% } -%>
    <meta property="dcterms:modified"><%= book.modified %></meta>
    <meta property="schema:version"><%= book.version %></meta>
<% book.accessibility.accessModes.forEach(function (mode) { -%>
    <meta property="schema:accessMode"><%= mode %></meta>
<% }) -%>
<% book.accessibility.accessModesSufficient.forEach(function (mode) { -%>
    <meta property="schema:accessModeSufficient"><%= mode %></meta>
<% }) -%>
<% book.accessibility.features.forEach(function (feature) { -%>
    <meta property="schema:accessibilityFeature"><%= feature %></meta>
<% }) -%>
<% book.accessibility.hazards.forEach(function (hazard) { -%>
    <meta property="schema:accessibilityHazard"><%= hazard %></meta>
<% }) -%>
    <meta property="schema:accessibilitySummary"><%= book.accessibility.summary %></meta>
    <meta property="dcterms:conformsTo"><%= book.accessibility.conformsTo %></meta>
    <meta property="a11y:certifiedBy"><%= book.accessibility.certifiedBy %></meta>
    <meta property="rendition:layout">reflowable</meta>
    <meta name="primary-writing-mode" content="vertical-rl"/>
    <meta name="cover" content="cover"/>
    <meta property="ebpaj:guide-version"><%= book.guideVersion %></meta>
  </metadata>
  <manifest>
    <item media-type="application/xhtml+xml" id="<%= book.navId %>" href="<%= book.hrefs.nav %>" properties="nav"/>
    <item media-type="application/x-dtbncx+xml" id="ncx" href="<%= book.hrefs.ncx %>"/>
    <item media-type="text/css" id="book-style" href="<%= book.hrefs.css %>"/>
    <item media-type="<%= book.coverMediaType %>" id="cover" href="<%= book.hrefs.coverImage %>" properties="cover-image"/>
<% book.images.forEach(function (image) { -%>
    <item media-type="image/jpeg" id="<%= image.id %>" href="<%= image.href %>"/>
<% }) -%>
<% content.forEach(function (chapter) { -%>
    <item media-type="application/xhtml+xml" id="<%= chapter.itemId %>" href="<%= chapter.href %>"<% if (chapter.properties) { %> properties="<%= chapter.properties %>"<% } %>/>
<% }) -%>
  </manifest>
  <spine toc="ncx" page-progression-direction="rtl">
<% content.filter(function (chapter) { return chapter.beforeToc; }).forEach(function (chapter) { -%>
    <itemref linear="yes" idref="<%= chapter.itemId %>"/>
<% }) -%>
    <itemref linear="yes" idref="<%= book.navId %>"/>
<% content.filter(function (chapter) { return !chapter.beforeToc; }).forEach(function (chapter) { -%>
    <itemref linear="yes" idref="<%= chapter.itemId %>"/>
<% }) -%>
  </spine>
  <guide>
<% book.guide.forEach(function (reference) { -%>
    <reference type="<%= reference.type %>" title="<%= reference.title %>" href="<%= reference.href %>"/>
<% }) -%>
  </guide>
</package>
`;

/**
 * The nav document (`navigation-documents.xhtml`), which is also the book's visible 目次 page: it
 * sits in the spine after the title page, as the Denshokyo guide allows. The TOC lists what a
 * reader looks for — the lead, every question, the 奥付 — and nothing hidden: readers that ignore
 * `hidden` would list the cover and title page too. Those stay in the landmarks.
 */
export const navXhtmlTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="<%= lang %>" lang="<%= lang %>" class="vrtl">
<head>
<meta charset="UTF-8"/>
<title><%= tocTitle %></title>
<link rel="stylesheet" type="text/css" href="<%= book.hrefs.css %>"/>
</head>
<body class="p-toc">
<div class="main">
<nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc-heading">
<h1 id="toc-heading" class="toc-page-title"><%= tocTitle %></h1>
<ol class="toc-page-list">
<% content.filter(function (chapter) { return !chapter.excludeFromToc && !chapter.navNested; }).forEach(function (chapter) { -%>
<li><a href="<%= chapter.href %>"><%- chapter.navLabelXhtml %></a><% if (chapter.navChildren.length) { %>
<ol>
<% chapter.navChildren.forEach(function (child) { -%>
<li><a href="<%= child.href %>"><%- child.navLabelXhtml %></a></li>
<% }) -%>
</ol>
<% } %></li>
<% }) -%>
</ol>
</nav>
<nav epub:type="landmarks" id="landmarks" hidden="hidden" aria-labelledby="landmarks-heading">
<h2 id="landmarks-heading">ガイド</h2>
<ol>
<% book.landmarks.forEach(function (landmark) { -%>
<li><a epub:type="<%= landmark.type %>" href="<%= landmark.href %>"><%= landmark.label %></a></li>
<% }) -%>
</ol>
</nav>
</div>
</body>
</html>
`;

/** EPUB 2 NCX: the same entries, in the same order, as the nav's `toc`. */
export const tocNcxTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="<%= lang %>">
<head>
<meta name="dtb:uid" content="<%= book.identifier %>"/>
<meta name="dtb:depth" content="<%= book.navDepth %>"/>
<meta name="dtb:totalPageCount" content="0"/>
<meta name="dtb:maxPageNumber" content="0"/>
</head>
<docTitle><text><%= book.title %></text></docTitle>
<% book.creators.forEach(function (person) { -%>
<docAuthor><text><%= person.name %></text></docAuthor>
<% }) -%>
<navMap>
<% content.filter(function (chapter) { return !chapter.excludeFromToc && !chapter.navNested; }).forEach(function (chapter) { -%>
<navPoint id="navpoint-<%= chapter.itemId %>" playOrder="<%= chapter.playOrder %>">
<navLabel><text><%= chapter.navLabel %></text></navLabel>
<content src="<%= chapter.href %>"/>
<% chapter.navChildren.forEach(function (child) { -%>
<navPoint id="navpoint-<%= child.itemId %>" playOrder="<%= child.playOrder %>">
<navLabel><text><%= child.navLabel %></text></navLabel>
<content src="<%= child.href %>"/>
</navPoint>
<% }) -%>
</navPoint>
<% }) -%>
</navMap>
</ncx>
`;

/**
 * One page, as the Denshokyo guide writes them: `<html class="vrtl">` (or `hltr` for the cover,
 * which is centred horizontally), a `p-*` class on `<body>`, the content in `<div class="main">`.
 * `body` is inserted as given (already well-formed XHTML).
 */
export const chapterXhtmlTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml"<% if (usesEpubNamespace) { %> xmlns:epub="http://www.idpf.org/2007/ops"<% } %> xml:lang="<%= lang %>" lang="<%= lang %>" class="<%= htmlClass %>">
<head>
<meta charset="UTF-8"/>
<title><%= title %></title>
<link rel="stylesheet" type="text/css" href="<%= cssHref %>"/>
</head>
<body class="<%= bodyClass %>"<% if (epubType) { %> epub:type="<%= epubType %>"<% } %>>
<div class="main">
<%- body %>
</div>
</body>
</html>
`;
