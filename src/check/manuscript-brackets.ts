/**
 * Bracket pairs textlint's JTF rules do not check: full-width （）, ［］ and 【】 (JTF 4.3.1 only
 * flags half-width parentheses). 「」『』 are left to JTF 4.3.3/4.3.4 so nothing is reported twice.
 * Each paragraph and heading is checked on its own: a bracket never spans paragraphs.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import { eachNode, SKIP } from '../core/tree.js';
import type { VFile } from 'vfile';
import type { Nodes, Root } from 'mdast';
import { checkBrackets } from '../core/brackets.js';
import { manuscriptTree } from '../manuscript/parse.js';

const OPENERS = '（(［【';

/**
 * Reports unbalanced （）［］【】 of every paragraph and heading of a manuscript on its file; with
 * `all`, 「」『』 too (the build, which runs no textlint, reports every pair itself).
 */
export function checkManuscriptBrackets(file: VFile, options: { all?: boolean } = {}): number {
  const source = String(file.value);
  // The reader's tree has these very paragraphs and headings unless the text has footnote syntax:
  // `[^` starts the only block its extensions add (autolink literals are inline). Then, and for a
  // file the reader did not parse, plain CommonMark is parsed here.
  const read = source.includes('[^') ? undefined : manuscriptTree(file);
  const tree = read ?? (unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).parse(source) as Root);
  let count = 0;
  eachNode<Nodes>(tree, (node) => {
    if (node.type !== 'paragraph' && node.type !== 'heading') return;
    const start = node.position?.start;
    const end = node.position?.end;
    if (start?.offset === undefined || end?.offset === undefined) return;
    count += checkBrackets(source.slice(start.offset, end.offset), file, start, options.all ? undefined : OPENERS);
    return SKIP;
  });
  return count;
}
