/**
 * Where the typography plugins' messages point: the source line and column of a character of a
 * text node, followed through Markdown escapes when the manuscript's text is at hand, and the
 * `source` the messages carry.
 */
import type { Text } from 'hast';
import type { Point } from 'unist';
import type { VFile } from 'vfile';

/** The `source` of every message the typography plugins report. */
export const SOURCE = 'kumihan-typography';

/**
 * The source point of `node.value[index]`. With the file's source text it follows the source
 * through Markdown escapes (`\{` is one character in the tree, two in the file); without it, it
 * counts characters when the node's position spans exactly its text. Otherwise undefined.
 */
export function pointAt(node: Text, index: number, file?: VFile): Point | undefined {
  const position = node.position;
  if (!position || position.start.offset === undefined || position.end.offset === undefined) return undefined;
  const source = sourceOf(node, file);
  if (source) return advanceFrom(node, position.start, source.text, source.offsets[index] ?? source.text.length);
  if (position.end.offset - position.start.offset !== node.value.length) return undefined;
  return advanceFrom(node, position.start, node.value, index);
}

// The last point worked out in each node: the next one (reports come in text order) advances from
// it instead of re-reading the text from the node's start, which was quadratic in a run of `{`.
const lastPoints = new WeakMap<Text, { text: string; offset: number; point: Point }>();

function advanceFrom(node: Text, start: Point, text: string, offset: number): Point {
  const last = lastPoints.get(node);
  const from = last && last.text === text && last.offset <= offset ? last : { offset: 0, point: start };
  const point = advance(from.point, text.slice(from.offset, offset));
  lastPoints.set(node, { text, offset, point });
  return point;
}

/** True when the character at `index` was written escaped (`\{`) in the source file. */
export function isEscapedInSource(node: Text, index: number, file?: VFile): boolean {
  const source = sourceOf(node, file);
  if (!source) return false;
  const offset = source.offsets[index];
  return offset !== undefined && source.text[offset] === '\\';
}

/** The node's source text and, for each character of its value, the offset where it starts there. */
// Each node's alignment with its source, kept while its value and position stay the same: it was
// worked out anew for every `{` of a text, quadratic in a run of them.
const sources = new WeakMap<Text, { value: string; file?: VFile; start?: number; source?: { text: string; offsets: number[] } }>();

function sourceOf(node: Text, file?: VFile): { text: string; offsets: number[] } | undefined {
  const known = sources.get(node);
  if (known && known.value === node.value && known.file === file && known.start === node.position?.start.offset) return known.source;
  const source = alignSource(node, file);
  sources.set(node, { value: node.value, file, start: node.position?.start.offset, source });
  return source;
}

function alignSource(node: Text, file?: VFile): { text: string; offsets: number[] } | undefined {
  const position = node.position;
  if (!file || file.value === undefined || position?.start.offset === undefined || position.end.offset === undefined) return undefined;
  const source = String(file.value).slice(position.start.offset, position.end.offset);
  // A reader that strips a prefix from a node's value (a speaker label's `：`, leading spaces)
  // may leave the start where it was: try a few skipped characters before giving up.
  for (let skip = 0; skip <= Math.min(8, source.length - node.value.length); skip++) {
    const offsets = align(node.value, source, skip);
    if (offsets) return { text: source, offsets };
  }
  return undefined;
}

function align(value: string, source: string, from: number): number[] | undefined {
  const offsets: number[] = [];
  let j = from;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    // The escape first: a `\\` in Markdown source is one literal backslash, never a backslash
    // followed by an escape of whatever comes next.
    if (source[j] === '\\' && source[j + 1] === char) {
      offsets.push(j);
      j += 2;
    } else if (source[j] === char) offsets.push(j++);
    else return undefined; // entities, hard breaks…: no reliable mapping
  }
  if (j !== source.length) return undefined;
  offsets.push(j);
  return offsets;
}

function advance(start: Point, text: string): Point {
  let { line, column } = start;
  for (const char of text) {
    if (char === '\n') {
      line += 1;
      column = 1;
    } else column += char.length;
  }
  return { line, column, offset: start.offset === undefined ? undefined : start.offset + text.length };
}
