/**
 * kumihan's EJS templates for epub-gen-memory (options `contentOPF`, `tocXHTML`, `tocNCX`,
 * `chapterXHTML`). They are TS string modules so they ship inside `dist/` with the code.
 *
 * The library renders them with its normalized options and chapters (`content`, `cover`, `lang`,
 * `tocTitle`, …) plus kumihan's pass-through keys: the option `book` (a {@link PackageModel}) and,
 * per chapter, `itemId`, `epubType`, `bodyClass`, `properties`, `navLabel`, `tocHidden`,
 * `usesEpubNamespace`, `body`, `navLabelXhtml` (the escaped label, a leading Q1 wrapped for 縦中横).
 * Everything time- or chance-dependent in the library's own templates (`new Date()`, its random
 * `id`) is left unused, and every value is escaped with `<%= %>` except `body` (the already-serialized
 * XHTML of the shared serializer) and `navLabelXhtml` (escaped in TypeScript).
 */

/** Metadata and navigation computed in TypeScript, handed to the templates as the option `book`. */
export interface PackageModel {
  identifier: string;
  title: string;
  subtitle?: string;
  creators: Person[];
  contributors: Person[];
  publisher?: string;
  /** `dc:date`: the interview date. */
  date?: string;
  /** `dcterms:modified`: the newest edition's date, `YYYY-MM-DDT00:00:00Z`. */
  modified: string;
  /** The newest edition's name (初版第2刷), as `schema:version`. */
  version: string;
  description: string;
  rights?: string;
  accessibility: {
    accessModes: string[];
    accessModesSufficient: string[];
    features: string[];
    hazards: string[];
    summary: string;
  };
  /** Manifest id of the nav document, also its spine `idref`. */
  navId: string;
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
}

export const contentOpfTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="bookid" xml:lang="<%= lang %>">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="bookid"><%= book.identifier %></dc:identifier>
    <dc:title id="title"><%= book.title %></dc:title>
    <meta refines="#title" property="title-type">main</meta>
<% if (book.subtitle) { -%>
    <dc:title id="subtitle"><%= book.subtitle %></dc:title>
    <meta refines="#subtitle" property="title-type">subtitle</meta>
<% } -%>
    <dc:language><%= lang %></dc:language>
<% book.creators.forEach(function (person) { -%>
    <dc:creator id="<%= person.id %>"><%= person.name %></dc:creator>
    <meta refines="#<%= person.id %>" property="role" scheme="marc:relators"><%= person.role %></meta>
<% }) -%>
<% book.contributors.forEach(function (person) { -%>
    <dc:contributor id="<%= person.id %>"><%= person.name %></dc:contributor>
    <meta refines="#<%= person.id %>" property="role" scheme="marc:relators"><%= person.role %></meta>
<% }) -%>
<% if (book.publisher) { -%>
    <dc:publisher><%= book.publisher %></dc:publisher>
<% } -%>
<% if (book.date) { -%>
    <dc:date><%= book.date %></dc:date>
<% } -%>
    <dc:description><%= book.description %></dc:description>
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
    <meta property="rendition:layout">reflowable</meta>
    <meta name="primary-writing-mode" content="vertical-rl"/>
<% if (cover) { -%>
    <meta name="cover" content="cover-image"/>
<% } -%>
  </metadata>
  <manifest>
    <item id="<%= book.navId %>" href="toc.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="style" href="style.css" media-type="text/css"/>
<% if (cover) { -%>
    <item id="cover-image" href="cover.<%= cover.extension %>" media-type="<%= cover.mediaType %>" properties="cover-image"/>
<% } -%>
<% book.images.forEach(function (image) { -%>
    <item id="<%= image.id %>" href="<%= image.href %>" media-type="image/jpeg"/>
<% }) -%>
<% content.forEach(function (chapter) { -%>
    <item id="<%= chapter.itemId %>" href="<%= chapter.filename %>" media-type="application/xhtml+xml"<% if (chapter.properties) { %> properties="<%= chapter.properties %>"<% } %>/>
<% }) -%>
  </manifest>
  <spine toc="ncx" page-progression-direction="rtl">
<% content.filter(function (chapter) { return chapter.beforeToc; }).forEach(function (chapter) { -%>
    <itemref idref="<%= chapter.itemId %>"/>
<% }) -%>
    <itemref idref="<%= book.navId %>"/>
<% content.filter(function (chapter) { return !chapter.beforeToc; }).forEach(function (chapter) { -%>
    <itemref idref="<%= chapter.itemId %>"/>
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
 * The nav document, which is also the book's visible 目次 page (it sits in the spine after the
 * title page). Entries for the cover and title page are `hidden`: they stay in the reading
 * system's TOC but not on the page the reader has just turned past.
 */
export const navXhtmlTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="<%= lang %>" lang="<%= lang %>">
<head>
<meta charset="UTF-8"/>
<title><%= tocTitle %></title>
<link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body class="toc-page">
<nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc-heading">
<h1 id="toc-heading" class="toc-page-title"><%= tocTitle %></h1>
<ol class="toc-page-list">
<% content.filter(function (chapter) { return !chapter.excludeFromToc; }).forEach(function (chapter) { -%>
<li<% if (chapter.tocHidden) { %> hidden="hidden"<% } %>><a href="<%= chapter.filename %>"><%- chapter.navLabelXhtml %></a></li>
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
</body>
</html>
`;

/** EPUB 2 NCX: the same entries, in the same order, as the nav's `toc`. */
export const tocNcxTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="<%= lang %>">
<head>
<meta name="dtb:uid" content="<%= book.identifier %>"/>
<meta name="dtb:depth" content="1"/>
<meta name="dtb:totalPageCount" content="0"/>
<meta name="dtb:maxPageNumber" content="0"/>
</head>
<docTitle><text><%= book.title %></text></docTitle>
<% book.creators.forEach(function (person) { -%>
<docAuthor><text><%= person.name %></text></docAuthor>
<% }) -%>
<navMap>
<% content.filter(function (chapter) { return !chapter.excludeFromToc; }).forEach(function (chapter, index) { -%>
<navPoint id="navpoint-<%= chapter.itemId %>" playOrder="<%= index + 1 %>">
<navLabel><text><%= chapter.navLabel %></text></navLabel>
<content src="<%= chapter.filename %>"/>
</navPoint>
<% }) -%>
</navMap>
</ncx>
`;

/** One content document; `body` is inserted as given (already well-formed XHTML). */
export const chapterXhtmlTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml"<% if (usesEpubNamespace) { %> xmlns:epub="http://www.idpf.org/2007/ops"<% } %> xml:lang="<%= lang %>" lang="<%= lang %>">
<head>
<meta charset="UTF-8"/>
<title><%= title %></title>
<link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body<% if (bodyClass) { %> class="<%= bodyClass %>"<% } %><% if (epubType) { %> epub:type="<%= epubType %>"<% } %>>
<%- body %>
</body>
</html>
`;
