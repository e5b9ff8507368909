/**
 * Checks of a manuscript that only report: characters no edition can carry, runs of asterisks the
 * Markdown parser would grind on, and links and picture paths a book cannot use.
 */
import path from 'node:path';
import type { Nodes, Root } from 'mdast';
import { eachNode } from '../core/tree.js';
import type { VFile } from 'vfile';
import { describeCharacter, NOT_XML_CHAR, pointsIn, printable, quoteText } from '../core/text.js';
import { fail } from './diagnostics.js';

/**
 * Characters no edition can carry: XML (the EPUB) forbids C0 controls, lone surrogates and
 * U+FFFE/U+FFFF, and a printer cannot show them. Each is an error at its position — deleting
 * them quietly would lose text the editor cannot see.
 */
export function checkCharacters(text: string, file: VFile): void {
  if (!NOT_XML_CHAR.test(text)) return;
  const pointAt = pointsIn(text);
  for (const match of text.matchAll(new RegExp(NOT_XML_CHAR.source, 'gu'))) {
    fail(file, `${describeCharacter(match[0])} cannot be printed or put in an EPUB: delete it`, pointAt(match.index), 'invalid-character');
  }
}

/** Longest run of `*` the reader accepts: emphasis takes at most three, and the Markdown parser's time grows with the square of longer runs. */
const MAX_ASTERISKS = 64;

/** Refuses runs of more than MAX_ASTERISKS asterisks (a 4,000-asterisk paragraph took 25 s to parse); false when there is one. */
export function checkEmphasisRuns(text: string, file: VFile): boolean {
  let pointAt: ((offset: number) => { line: number; column: number }) | undefined;
  let clean = true;
  for (let start = text.indexOf('*'); start >= 0; start = text.indexOf('*', start)) {
    let end = start;
    while (text[end] === '*') end++;
    if (end - start > MAX_ASTERISKS) {
      pointAt ??= pointsIn(text);
      fail(file, `a run of ${end - start} asterisks: emphasis takes at most three; write \\* for a literal asterisk`, pointAt(start), 'asterisks');
      clean = false;
    }
    start = end;
  }
  return clean;
}

/** http(s) and mailto links work in an EPUB and read as text in print; anything else would be a broken or unsafe reference. */
const LINK_SCHEMES = /^(?:https?:\/\/|mailto:)/i;

/**
 * Links must be absolute http(s) or mailto: a relative link points at a file the EPUB does not
 * contain, and `javascript:` or `file:` has no place in a book. A picture is read from the
 * manuscript's own directory, never fetched: a URL or a path leading out of it is refused here;
 * whether the file exists and is a usable image is the picture stage's question.
 */
export function checkResources(tree: Root, file: VFile): void {
  eachNode<Nodes>(tree, (node, _index, parent) => {
    if (node.type === 'image') {
      const problem = picturePathProblem(node.url);
      if (problem) fail(file, `picture “${printable(node.url)}”: ${problem}`, node.position, 'image');
      else if (!parent || parent.type !== 'paragraph' || parent.children.some((child) => child !== node && !(child.type === 'text' && !child.value.trim()))) {
        fail(file, `picture “${printable(node.url)}” must stand in a paragraph of its own (a blank line before and after it)`, node.position, 'image-inline');
      }
    } else if (node.type === 'link' && !LINK_SCHEMES.test(node.url)) {
      fail(file, `link to ${quoteText(node.url)}: only http://, https:// and mailto: links are allowed`, node.position, 'link');
    }
  });
}

/** Why a picture path cannot be used, or undefined: no URL, no absolute path, nothing outside the manuscript's directory. */
export function picturePathProblem(src: string): string | undefined {
  if (!src.trim()) return 'the path is empty';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/u.test(src) || src.startsWith('//')) return 'pictures are never fetched: copy the file next to the manuscript and give its relative path';
  if (path.isAbsolute(src) || /^[\\/]/u.test(src)) return 'give a path relative to the manuscript, inside its directory';
  const normal = path.posix.normalize(src.replace(/\\/gu, '/'));
  if (normal === '..' || normal.startsWith('../')) return 'the path leads outside the manuscript\'s directory';
  return undefined;
}
