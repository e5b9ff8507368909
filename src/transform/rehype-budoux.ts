/**
 * Phrase-based line breaks (BudouX) for short display text: elements with the class
 * `wrap-phrase` (headings, title, subtitle, TOC entries, speaker labels, captions — set by the
 * renderer). CSS gives them `word-break: keep-all`, so the only break opportunities inside a
 * Japanese run are the `<wbr>` elements inserted here, between phrases (文節), and a heading
 * never breaks in the middle of a word. `<wbr>` rather than U+200B: a ZWSP would stay in copied
 * and searched text.
 *
 * Justified body text breaks between any two characters (JLReq 3.1.7 禁則 aside), so body
 * paragraphs get no `<wbr>` unless `{ body: true }`.
 *
 * BudouX runs on the element's whole text (across inline elements); its break points are then
 * filtered by line-breaking rules (JLReq 3.1.7–3.1.10): none before closing brackets or
 * 、。？！ and other characters that may not start a line, none after opening brackets, none inside
 * a number or Latin word, between the two halves of `――` or `……`, or inside a 縦中横, upright or
 * ruby span. Runs last, so it sees the final characters and spans.
 */
import type { Root } from 'hast';
import { h } from 'hastscript';
import { eachElement, SKIP } from '../core/tree.js';
import { japanesePhrases } from '../core/phrases.js';
import { applyEdits, collectFlows, hasClass, isEditable, isProtected, type Edit, type Flow } from './flow.js';

/** Options of {@link rehypeBudoux}. */
export interface BudouxOptions {
  /** Also break body paragraphs (`p` without `wrap-phrase`) at phrase boundaries. */
  body?: boolean;
}

// 行頭禁則 (JLReq 3.1.7, strict): closing brackets, punctuation, small kana, iteration marks, ー.
// Dashes and ellipses may start a line; only their two halves may not part (INSEPARABLE).
const NO_BREAK_BEFORE = new Set(
  '」』）〕］｝〉》】〙〗〟’”)]}、。，．,.・：；:;？！?!‼⁇⁈⁉ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ％%',
);
// 行末禁則: opening brackets.
const NO_BREAK_AFTER = new Set('「『（〔［｛〈《【〘〖〝‘“([{');
const WORD = /[A-Za-z0-9０-９Ａ-Ｚａ-ｚ]/;
const INSEPARABLE = new Set('…‥―');

/** Inserts `<wbr>` at BudouX phrase boundaries in `.wrap-phrase` elements (and body `p` on request). */
export function rehypeBudoux(options: BudouxOptions = {}) {
  return function transform(tree: Root): void {
    eachElement(tree, (node) => {
      if (isProtected(node)) return SKIP;
      if (!hasClass(node, 'wrap-phrase') && !(options.body && node.tagName === 'p')) return undefined;
      for (const flow of collectFlows(node)) insertBreaks(flow);
      return SKIP;
    });
  };
}

function insertBreaks(flow: Flow): void {
  const parser = japanesePhrases();
  const edits: Edit[] = [];
  let offset = 0;
  for (const line of flow.text.split('\n')) {
    for (const boundary of parser.parseBoundaries(line)) {
      const at = offset + boundary;
      if (mayBreak(flow, at)) edits.push({ start: at, end: at, insert: [h('wbr')] });
    }
    offset += line.length + 1;
  }
  applyEdits(flow, edits);
}

/** Whether a break between `text[at - 1]` and `text[at]` is allowed (and not already there). */
function mayBreak(flow: Flow, at: number): boolean {
  const before = flow.text[at - 1];
  const after = flow.text[at];
  if (before === undefined || after === undefined || flow.breaks.has(at)) return false;
  if (/\s/.test(before) || /\s/.test(after) || /[\uDC00-\uDFFF]/.test(after)) return false;
  if (NO_BREAK_BEFORE.has(after) || NO_BREAK_AFTER.has(before)) return false;
  if (WORD.test(before) && WORD.test(after)) return false;
  if (before === after && INSEPARABLE.has(before)) return false;
  if (flow.segments.some((s) => !s.editable && s.start < at && at < s.end)) return false;
  return isEditable(flow, at, at);
}

export default rehypeBudoux;
