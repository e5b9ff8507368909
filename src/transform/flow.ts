/**
 * The "flow" of a block — the concatenated text of its inline content, so a typography rule can
 * look across `<em>`/`<a>` boundaries for context but only ever edit inside one text node — and
 * the elements a rule must leave alone. Rules find matches in `flow.text` and hand back edits.
 */
import { pushAll, spliceIn } from '../core/scan.js';
import type { Element, ElementContent, Root, RootContent, Text } from 'hast';
import type { Position } from 'unist';
import { eachNode, SKIP } from '../core/tree.js';
import { pointAt } from './source-positions.js';

type Parent = Root | Element;

type Node = Root | RootContent;

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
  eachNode<Node, Parent>(node, (child) => {
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
  const flowOf = (ancestors: readonly Parent[]): Flow => {
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

  eachNode<Node, Parent>(tree, (node, _index, parent, ancestors) => {
    if (node.type === 'text' && parent) {
      push(flowOf(ancestors), { node, parent, editable: true }, node.value);
      return undefined;
    }
    if (node.type !== 'element' || !parent) return undefined;
    const flow = flowOf(ancestors);
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
