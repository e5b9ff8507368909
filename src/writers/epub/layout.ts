/**
 * Where each file of the EPUB lives: the package layout of the Denshokyo (電書協) EPUB 3 制作ガイド
 * ver. 1.1.3, which Japanese distributors check, and where epub-gen-memory puts the same file.
 *
 * The library writes `OEBPS/content.opf`, `OEBPS/toc.xhtml`, … and takes no folders in chapter
 * file names; the templates already link as the guide's layout wants, so the repack only renames
 * (see `archive.ts`). The container document is kumihan's own: the library's names OEBPS.
 */

/** The guide version the layout and metadata follow (`<meta property="ebpaj:guide-version">`). */
export const GUIDE_VERSION = '1.1.3';

/** The folder that holds the package document and everything it lists. */
export const PACKAGE_DIR = 'item/';

/** Paths relative to {@link PACKAGE_DIR} (and so to the package document). */
export const HREFS = {
  opf: 'standard.opf',
  nav: 'navigation-documents.xhtml',
  ncx: 'toc.ncx',
  css: 'style/book-style.css',
  coverImage: 'image/cover.png',
  /** The cover drawn over a cover photo (`cover:` in the front matter). */
  coverPhoto: 'image/cover.jpg',
  /** The book's pictures (fig1.jpg …). */
  imageDir: 'image/',
  /** Pages (p-cover.xhtml, p-001.xhtml …). */
  xhtmlDir: 'xhtml/',
} as const;

/** A page's path relative to the package document. */
export function pageHref(fileName: string): string {
  return `${HREFS.xhtmlDir}${fileName}`;
}

/** From a page, the path of a file given relative to the package document (pages are one folder down). */
export function fromPage(href: string): string {
  return `../${href}`;
}

/** The names epub-gen-memory gives the files it writes, for a chapter file name or the fixed files. */
export const LIBRARY_NAMES = {
  container: 'META-INF/container.xml',
  opf: 'OEBPS/content.opf',
  nav: 'OEBPS/toc.xhtml',
  ncx: 'OEBPS/toc.ncx',
  css: 'OEBPS/style.css',
  page: (fileName: string) => `OEBPS/${fileName}`,
} as const;

/** `META-INF/container.xml` pointing at the guide's package document. */
export const CONTAINER_XML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="${PACKAGE_DIR}${HREFS.opf}" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
`;
