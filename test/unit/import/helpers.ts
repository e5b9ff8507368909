/** Test helpers: read the generated Markdown back, and rebuild the body from the transcript and the account. */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import { toString } from 'mdast-util-to-string';
import { parse as parseYaml } from 'yaml';
import type { Root } from 'mdast';
import type { ImportAccount } from '../../../src/import/index.js';

/** A body paragraph of the Markdown: its label (if it starts a turn) and its text without the label. */
export interface BodyParagraph {
  label?: string;
  text: string;
}

/** Parses generated Markdown into front matter, headings and body paragraphs (labels split off). */
export function readMarkdown(markdown: string): { frontMatter: Record<string, any>; headings: string[]; paragraphs: BodyParagraph[] } {
  const tree = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).parse(markdown) as Root;
  let frontMatter: Record<string, any> = {};
  const headings: string[] = [];
  const paragraphs: BodyParagraph[] = [];
  for (const node of tree.children) {
    if (node.type === 'yaml') frontMatter = parseYaml(node.value);
    // The header picture's placeholder, kept as a comment for the editor (issue 15).
    else if (node.type === 'html' && node.value === '<!-- 見出し画像 -->') continue;
    else if (node.type === 'heading') headings.push(toString(node));
    else if (node.type === 'paragraph') {
      const [first, ...rest] = node.children;
      if (first?.type === 'strong') {
        const text = toString({ type: 'paragraph', children: rest });
        paragraphs.push({ label: toString(first), text: text.replace(/^：/, '') });
      } else paragraphs.push({ text: toString(node) });
    } else throw new Error(`unexpected ${node.type} node in the manuscript`);
  }
  return { frontMatter, headings, paragraphs };
}

/**
 * Rebuilds, from the transcript text and the importer's account alone, the body paragraphs the
 * Markdown must contain: each line minus its dropped, moved and label spans, with the listed
 * replacements applied. Throws when an account entry does not match the transcript or two
 * entries claim the same character.
 */
export function expectedBody(text: string, account: ImportAccount): { paragraphs: string[]; moved: Map<string, string> } {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  const claimed = lines.map((line) => new Array<boolean>(line.length).fill(false));
  const claim = (line: number, column: number, span: string, what: string) => {
    const raw = lines[line - 1];
    if (raw === undefined || raw.slice(column - 1, column - 1 + span.length) !== span) {
      throw new Error(`${what} ${line}:${column} 「${span}」 is not in the transcript there`);
    }
    for (let i = column - 1; i < column - 1 + span.length; i++) {
      if (claimed[line - 1]![i]) throw new Error(`${what} ${line}:${column} overlaps another entry`);
      claimed[line - 1]![i] = true;
    }
  };
  for (const d of account.dropped) claim(d.line, d.column, d.text, 'dropped');
  for (const l of account.labels) claim(l.line, l.column, l.text, 'label');
  for (const m of account.moved) claim(m.line, m.column, m.text, 'moved');
  // A part-heading line is in the Markdown as a heading, not a paragraph.
  for (const h of account.headings ?? []) claim(h.line, h.column, h.text, 'heading');
  const replaced = lines.map((line) => line.split(''));
  for (const n of account.normalized) {
    if (lines[n.line - 1]?.[n.column - 1] !== n.from) throw new Error(`normalized ${n.line}:${n.column} is not 「${n.from}」`);
    replaced[n.line - 1]![n.column - 1] = n.to;
  }
  const moved = new Map<string, string>();
  for (const m of account.moved) {
    const value = replaced[m.line - 1]!.slice(m.column - 1, m.column - 1 + m.text.length).join('');
    moved.set(m.to, (moved.get(m.to) ?? '') + value);
  }
  const paragraphs = replaced
    .map((chars, i) => chars.filter((_, j) => !claimed[i]![j]).join('').trim())
    .filter((line) => line !== '');
  return { paragraphs, moved };
}
