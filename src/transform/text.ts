/**
 * Shared ground for the typography plugins: which characters count as Japanese, which elements a
 * rule must leave alone, and the "flow" of a block — the concatenated text of its inline content,
 * so a rule can look across `<em>`/`<a>` boundaries for context but only ever edit inside one
 * text node.
 */
import { pushAll, spliceIn } from '../core/scan.js';
import type { Element, ElementContent, Root, Text } from 'hast';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import { SKIP, visitParents } from 'unist-util-visit-parents';

/** The `source` of every message the typography plugins report. */
export const SOURCE = 'kumihan-typography';

type Parent = Root | Element;

// Kana (with ー and ・), kanji, CJK symbols and punctuation (、。「」〝〟々〆…), half-width katakana.
// Not evidence of Japanese text: the ideographic space, the full-width forms of ASCII (？（）：
// １２ Ａ), and dashes and ellipses (― — …). The rules themselves produce those from half-width
// characters; if they counted, a second run would see new Japanese neighbours and decide
// differently (`(9` → `(９` → `（９`), and the pass would not be idempotent.
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}\u3001-\u303F\u3040-\u30FF\u31F0-\u31FF\uFF5F-\uFF9F\uFFE0-\uFFE6]/u;
const LETTER = /\p{L}/u;

/** True for a character that marks Japanese text (kana, kanji, CJK punctuation; see above). */
export function isJapanese(char: string | undefined): boolean {
  return char !== undefined && JAPANESE.test(char);
}

/** Half-width ASCII (U+0021–007E) → the full-width form (U+FF01–FF5E); same length, so offsets hold. */
export function toFullWidth(text: string): string {
  return text.replace(/[\u0021-\u007E]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** Full-width ASCII forms → half-width ASCII; the inverse of {@link toFullWidth}. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * Whether the run `text[start, end)` sits in Japanese or in Latin text. An immediate Japanese
 * neighbour makes it Japanese (`20年`, `Uターン`). Otherwise the nearest letter on each side,
 * looking past spaces, digits and ASCII punctuation, decides: a Latin letter on either side means
 * a Latin phrase (`Windows 10 update`, `NATO summit`); none at all (`17.05.2023 10:15` alone on a
 * line) counts as Japanese, because the book is Japanese.
 */
export function contextOf(text: string, start: number, end: number): 'japanese' | 'latin' {
  if (isJapanese(text[start - 1]) || isJapanese(text[end])) return 'japanese';
  const nearest = (from: number, step: 1 | -1): 'japanese' | 'latin' | undefined => {
    for (let i = from; i >= 0 && i < text.length; i += step) {
      const char = text[i]!;
      if (char === '\n') return undefined;
      if (isJapanese(char)) return 'japanese';
      if (LETTER.test(char)) return 'latin';
    }
    return undefined;
  };
  return nearest(start - 1, -1) === 'latin' || nearest(end, 1) === 'latin' ? 'latin' : 'japanese';
}

// Elements whose text is not part of the running text at all.
const HIDDEN = new Set(['rt', 'rp', 'script', 'style', 'template', 'head', 'title']);
// Elements whose text is read as context but never edited: code, math, and ruby (its base).
const ATOMIC = new Set(['code', 'pre', 'kbd', 'samp', 'var', 'ruby', 'math', 'svg', 'textarea']);
// Classes the typography plugins emit, whose content is already set, and `verbatim` (identifiers
// and URLs in the 奥付, kept exactly as written): their content must stay as it is.
// `url`: a URL or e-mail address in the text is typed back by the reader, character for character.
const ATOMIC_CLASSES = ['tcy', 'upright', 'num', 'verbatim', 'url'];
// Phrasing elements: their text continues the surrounding line. Anything else starts a block.
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'data', 'del', 'dfn', 'em', 'i', 'ins', 'label', 'mark',
  'q', 's', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'font', 'rb',
]);

/** True when the element carries the class `name`. */
export function hasClass(node: Element, name: string): boolean {
  const value: unknown = node.properties?.className;
  if (Array.isArray(value)) return value.includes(name);
  return typeof value === 'string' && value.split(/\s+/).includes(name);
}

/** True for elements a rule must not edit inside: code, ruby, rt, scripts, and `.tcy`/`.upright`/`.verbatim` spans. */
export function isProtected(node: Element): boolean {
  return HIDDEN.has(node.tagName) || ATOMIC.has(node.tagName) || ATOMIC_CLASSES.some((name) => hasClass(node, name));
}

/** The running text of a node: its text without ruby readings, scripts or styles. */
export function plainText(node: Root | ElementContent): string {
  let text = '';
  visitParents(node, (child) => {
    if (child !== node && child.type === 'element' && HIDDEN.has(child.tagName)) return SKIP;
    if (child.type === 'text') text += child.value;
    return undefined;
  });
  return text;
}

/** One stretch of a flow: an editable text node, or a read-only piece (atomic element, line break). */
export interface Segment {
  start: number;
  end: number;
  node: Text | Element;
  parent: Parent;
  editable: boolean;
}

/** The inline text of one block, as one string with the nodes each stretch came from. */
export interface Flow {
  root: Parent;
  /** Concatenated text, read-only pieces included (ruby as its base text). */
  text: string;
  segments: Segment[];
  /** Offsets that already have a `<wbr>` element. */
  breaks: Set<number>;
}

/**
 * Collects the flows of a tree: one per block element (and one for the root), in document order.
 * A nested block or a `<br>` shows as `\n` in its parent's flow, so no rule matches across it.
 */
export function collectFlows(tree: Parent): Flow[] {
  const flows = new Map<Parent, Flow>();
  const order: Flow[] = [];
  const flowOf = (ancestors: Parent[]): Flow => {
    let owner: Parent = tree;
    for (let i = ancestors.length - 1; i > 0; i--) {
      const ancestor = ancestors[i]!;
      if (ancestor.type === 'element' && !INLINE.has(ancestor.tagName)) {
        owner = ancestor;
        break;
      }
    }
    let flow = flows.get(owner);
    if (!flow) {
      flow = { root: owner, text: '', segments: [], breaks: new Set() };
      flows.set(owner, flow);
      order.push(flow);
    }
    return flow;
  };
  const push = (flow: Flow, segment: Omit<Segment, 'start' | 'end'>, text: string) => {
    flow.segments.push({ ...segment, start: flow.text.length, end: flow.text.length + text.length });
    flow.text += text;
  };

  visitParents(tree, (node, ancestors) => {
    const parent = ancestors[ancestors.length - 1] as Parent | undefined;
    if (node.type === 'text' && parent) {
      push(flowOf(ancestors as Parent[]), { node, parent, editable: true }, node.value);
      return undefined;
    }
    if (node.type !== 'element' || !parent) return undefined;
    const flow = flowOf(ancestors as Parent[]);
    if (HIDDEN.has(node.tagName)) return SKIP;
    if (node.tagName === 'br') {
      push(flow, { node, parent, editable: false }, '\n');
      return SKIP;
    }
    if (node.tagName === 'wbr') {
      flow.breaks.add(flow.text.length);
      return SKIP;
    }
    if (isProtected(node)) {
      // Read as written: a second run must see what the later rules of the first run saw.
      push(flow, { node, parent, editable: false }, plainText(node));
      return SKIP;
    }
    if (!INLINE.has(node.tagName) && flow.text && !flow.text.endsWith('\n')) {
      push(flow, { node, parent, editable: false }, '\n');
    }
    return undefined;
  });
  return order.filter((flow) => flow.text !== '');
}

/** True when `[start, end)` lies inside one editable text node (an empty range: a place to insert). */
export function isEditable(flow: Flow, start: number, end: number): boolean {
  return pickSegment(flow, start, end) !== undefined;
}

/** The source position of `[start, end)` of a flow, when it lies in one positioned text node. */
export function positionIn(flow: Flow, start: number, end: number): Position | undefined {
  const segment = flow.segments.find((s) => s.editable && s.start <= start && end <= s.end);
  if (!segment || segment.node.type !== 'text') return undefined;
  const from = pointAt(segment.node, start - segment.start);
  const to = pointAt(segment.node, end - segment.start);
  return from && to ? { start: from, end: to } : undefined;
}

/** A change to a flow: replace `[start, end)` (empty: insert) with text or nodes. */
export interface Edit {
  start: number;
  end: number;
  insert: ElementContent[];
}

/**
 * Applies edits to the tree behind a flow. Each edit must lie inside one editable text node
 * ({@link isEditable}); an insertion at a node boundary goes into the text that follows, else the
 * text before, else before the read-only node that starts there. Overlapping edits are dropped.
 */
export function applyEdits(flow: Flow, edits: Edit[]): void {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const perText = new Map<Segment, Edit[]>();
  const before: Array<{ segment: Segment; edit: Edit }> = [];
  let last = -1;
  for (const edit of sorted) {
    if (edit.start < last) continue;
    const segment = pickSegment(flow, edit.start, edit.end);
    if (!segment) continue;
    last = edit.end;
    // Pushed, not spread into a new list: 16,000 edits in one text node took seconds.
    if (segment.editable) {
      const list = perText.get(segment);
      if (list) list.push(edit);
      else perText.set(segment, [edit]);
    }
    else before.push({ segment, edit });
  }
  for (const [segment, list] of perText) replaceText(segment, list);
  for (const { segment, edit } of before) {
    const index = segment.parent.children.indexOf(segment.node as never);
    if (index >= 0) spliceIn(segment.parent.children as ElementContent[], index, 0, edit.insert);
  }
}

function pickSegment(flow: Flow, start: number, end: number): Segment | undefined {
  if (start < end) return flow.segments.find((s) => s.editable && s.start <= start && end <= s.end);
  return (
    flow.segments.find((s) => s.editable && s.start === start && s.end > s.start) ??
    flow.segments.find((s) => s.editable && s.start < start && start <= s.end) ??
    flow.segments.find((s) => !s.editable && s.start === start && s.end > s.start)
  );
}

function replaceText(segment: Segment, edits: Edit[]): void {
  const node = segment.node as Text;
  const out: ElementContent[] = [];
  let cursor = 0;
  const pushText = (from: number, to: number) => {
    if (to > from) out.push(sliceText(node, from, to));
  };
  for (const edit of edits) {
    pushText(cursor, edit.start - segment.start);
    pushAll(out, edit.insert);
    cursor = edit.end - segment.start;
  }
  pushText(cursor, node.value.length);
  const merged = mergeText(out);
  const only = merged.length === 1 ? merged[0] : undefined;
  // A node that stays one text node keeps its identity and position (widths change 1:1).
  if (only?.type === 'text') {
    node.value = only.value;
    return;
  }
  const index = segment.parent.children.indexOf(node);
  if (index >= 0) spliceIn(segment.parent.children as ElementContent[], index, 1, merged);
}

function mergeText(nodes: ElementContent[]): ElementContent[] {
  const out: ElementContent[] = [];
  for (const node of nodes) {
    const previous = out[out.length - 1];
    if (node.type === 'text' && previous?.type === 'text') {
      out[out.length - 1] = { type: 'text', value: previous.value + node.value, position: span(previous.position, node.position) };
    } else if (!(node.type === 'text' && node.value === '')) {
      out.push(node);
    }
  }
  return out;
}

function span(a: Position | undefined, b: Position | undefined): Position | undefined {
  return a && b ? { start: a.start, end: b.end } : undefined;
}

/** A text node holding `node.value[from, to)`, positioned when the original maps 1:1 to its source. */
function sliceText(node: Text, from: number, to: number): Text {
  const start = pointAt(node, from);
  const end = pointAt(node, to);
  return { type: 'text', value: node.value.slice(from, to), ...(start && end ? { position: { start, end } } : {}) };
}

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
