/**
 * Reader: manuscript Markdown → Book.
 *
 * The manuscript is plain CommonMark with YAML front matter (syntax in docs/architecture.md).
 * Problems become vfile messages with manuscript positions; fatal ones stop the build.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import type { Processor } from 'unified';
import { decodeUtf8 } from '../core/text.js';
import { KumihanError, limitMessages } from '../core/errors.js';
import { interruptible } from '../core/interrupt.js';
import type { Book } from './book.js';
import { checkCharacters, checkEmphasisRuns, checkResources } from './checks.js';
import { emptyMeta, readFrontMatter } from './front-matter.js';
import { structureBook } from './structure.js';

export { bookSections, isTurn, stripRubySyntax, type Aside, type Book, type Note, type Part, type Picture, type Question, type Section, type Turn } from './book.js';
export { frontMatterData, MAX_YAML_ALIASES } from './front-matter.js';
export { normaliseLabel } from './structure.js';

/**
 * Manuscript bytes → text. A manuscript is UTF-8 (a BOM is allowed); a byte that is not — an
 * editor that saved Shift_JIS or Latin-1 — is an error at its line and column, never a silent U+FFFD.
 */
export function decodeManuscript(bytes: Uint8Array, path: string): string {
  const decoded = decodeUtf8(bytes);
  if ('text' in decoded) return decoded.text;
  const { line, column, byte } = decoded.error;
  throw new KumihanError(`the manuscript is not UTF-8: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} is not a UTF-8 character; save it as UTF-8`, { file: path, line, column });
}

/** The Markdown tree each manuscript file was read into, for checks that walk its blocks again. */
const trees = new WeakMap<VFile, Root>();

/**
 * The Markdown tree {@link parseManuscript} read `file` into, if it got that far. Its blocks and
 * their positions are as parsed; inline content may have been changed (labels taken off turns, raw
 * HTML made text).
 */
export function manuscriptTree(file: VFile): Root | undefined {
  return trees.get(file);
}

/** Parses a manuscript; fatal problems are messages with `fatal: true` on `book.file`. */
export function parseManuscript(text: string, path: string): Book {
  return interruptible(() => readManuscript(text, path));
}

function readManuscript(text: string, path: string): Book {
  const file = limitMessages(new VFile({ path, value: text }));
  checkCharacters(text, file);
  if (!checkEmphasisRuns(text, file)) return { meta: emptyMeta(), lead: [], questions: [], parts: [], notes: new Map(), pictures: [], file };
  const tree = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkManuscriptSyntax, syntaxIn(text)).parse(file) as Root;
  trees.set(file, tree);
  checkResources(tree, file);
  const meta = readFrontMatter(tree, file);
  return structureBook(tree, meta, file);
}

/**
 * The Markdown kumihan reads beyond CommonMark: footnotes (translator's notes) and bare URLs and
 * e-mail addresses as links (GFM autolink literals). Not the rest of GFM: `~` and `|` are common
 * in spoken text and must not turn into strikethrough or tables.
 */
function remarkManuscriptSyntax(this: Processor, syntax: ManuscriptSyntax): void {
  const data = this.data();
  if (syntax.notes) {
    (data.micromarkExtensions ??= []).push(gfmFootnote());
    (data.fromMarkdownExtensions ??= []).push(gfmFootnoteFromMarkdown());
  }
  if (syntax.links) {
    (data.micromarkExtensions ??= []).push(gfmAutolinkLiteral());
    (data.fromMarkdownExtensions ??= []).push(gfmAutolinkLiteralFromMarkdown());
  }
}

interface ManuscriptSyntax {
  notes: boolean;
  links: boolean;
}

/**
 * Which of the extensions a text can use: a note needs `[^`, a literal link `www.`, `http://`,
 * `https://` or an `@`. A text without them parses the same without the extension, and faster (the
 * links' pass walks the whole tree with its expressions).
 */
function syntaxIn(text: string): ManuscriptSyntax {
  return { notes: text.includes('[^'), links: /www\.|https?:\/\/|@/iu.test(text) };
}
