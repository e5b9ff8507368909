/**
 * Punctuation of Japanese text (JLReq 3.1, 3.3): the safety net for hand-edited text, after the
 * importer has normalised the transcript.
 *
 * - `? ! ( ) :` next to Japanese → `？ ！ （ ） ：`. A pair of parentheses is converted together
 *   when either side of it touches Japanese, so `日本(Japan) は` never ends up half-converted.
 *   `10:15`, `Q.: `, and Latin text are left alone.
 * - After `？`/`！` that continue the sentence, a full-width space (JLReq: 感嘆符・疑問符の後の全角アキ);
 *   none before a closing bracket or other punctuation, at the end of the paragraph, or when a
 *   space or another `？！` already follows.
 * - Dashes → `――` (two U+2015, the 2-em dash of JLReq 3.1.10): `--`, `—`, `―`, `─` next to
 *   Japanese; `ーー` only at the start of a paragraph or after a kanji or punctuation — after kana it is
 *   a long vowel (`ラーー`, `ねーー`) and stays. Longer runs keep their length, rounded up to whole pairs.
 * - Ellipses → `……` (two U+2026, JLReq 3.1.10): `...` next to Japanese, `…`, `・・・`, `．．．`.
 * - `"…"` (and `“…”`) around Japanese text → `〝…〟` (the vertical double prime quotes).
 *   An unpaired `"` is reported, not guessed.
 *
 * Every edit only swaps widths or spellings, so `foldForComparison` sees the same text.
 */
import type { Root } from 'hast';
import type { VFile } from 'vfile';
import { isJapanese } from './characters.js';
import { applyEdits, collectFlows, isEditable, type Edit, type Flow } from './flow.js';
import { SOURCE, pointAt } from './source-positions.js';

const CLOSING = '」』）〕］｝〉》】〙〗〟’”)]}';
// No full-width space before these: closing brackets and punctuation that binds to what precedes.
// ASCII . and dashes would not be followed by a space once they are …… or ――.
const NO_SPACE_BEFORE = new Set([...CLOSING, ...'、。，．・：；…‥―？！?!.-—─']);
const KANA = /[\u3041-\u309F\u30A1-\u30FA\u30FD-\u30FF\u31F0-\u31FF\uFF66-\uFF9D]/;

/** Normalises `?!():`, dashes, ellipses and quotes in Japanese text; spaces after `？！`. */
export function rehypePunctuation() {
  return function transform(tree: Root, file: VFile): void {
    for (const flow of collectFlows(tree)) {
      const edits: Edit[] = [];
      // Width swaps keep the length, so later steps read the swapped text at the same offsets.
      const text = swapWidths(flow, edits, file);
      spaceAfterMarks(flow, text, edits);
      dashes(flow, text, edits);
      ellipses(flow, text, edits);
      applyEdits(flow, edits);
    }
  };
}

/**
 * Half-width `?!():"` → full-width in Japanese text; returns the flow text with the swaps made.
 * A swap makes its neighbours Japanese-adjacent (`(?あ`: once `?` is `？`, `(` touches it), so
 * the swaps repeat until nothing changes — what a second run would find has already been done.
 */
function swapWidths(flow: Flow, edits: Edit[], file: VFile): string {
  const chars = flow.text.split(''); // UTF-16 units: every swap is one BMP character for another
  const editable = editableUnits(flow);
  // Quotation pairs are fixed once, on the original text, so they cannot re-pair as others convert.
  const quotations = quotePairs(flow.text, editable, flow, file);
  let changed = true;
  const swap = (index: number, to: string) => {
    if (!editable[index] || chars[index] === to) return;
    chars[index] = to;
    changed = true;
  };
  while (changed) {
    changed = false;
    const text = chars.join('');
    const touchesJapanese = (start: number, end: number) => isJapanese(text[start - 1]) || isJapanese(text[end]);
    for (const match of text.matchAll(/[?!]+/g)) {
      const start = match.index;
      const end = start + match[0].length;
      if (!touchesJapanese(start, end)) continue;
      for (let i = start; i < end; i++) swap(i, text[i] === '?' ? '？' : '！');
    }
    for (const match of text.matchAll(/:/g)) {
      if (touchesJapanese(match.index, match.index + 1)) swap(match.index, '：');
    }
    for (const [open, close] of pairs(text, '(', ')', editable)) {
      if (touchesJapanese(open, open + 1) || touchesJapanese(close, close + 1)) {
        swap(open, '（');
        swap(close, '）');
      }
    }
    for (const single of unpaired(text, '(', ')', editable)) {
      if (touchesJapanese(single, single + 1)) swap(single, text[single] === '(' ? '（' : '）');
    }
    for (const [open, close] of quotations) {
      if ([...text.slice(open + 1, close)].some(isJapanese)) {
        swap(open, '〝');
        swap(close, '〟');
      }
    }
  }
  chars.forEach((char, index) => {
    if (char !== flow.text[index]) edits.push({ start: index, end: index + 1, insert: [{ type: 'text', value: char }] });
  });
  return chars.join('');
}

/** For each UTF-16 unit of the flow: may a rule change it? (Code, ruby and set spans may not.) */
function editableUnits(flow: Flow): boolean[] {
  const editable = new Array<boolean>(flow.text.length).fill(false);
  for (const segment of flow.segments) if (segment.editable) editable.fill(true, segment.start, segment.end);
  return editable;
}

/** Balanced `open … close` pairs among editable characters (by index), innermost first. */
function pairs(text: string, open: string, close: string, editable: boolean[], offset = 0): Array<[number, number]> {
  const stack: number[] = [];
  const found: Array<[number, number]> = [];
  for (let i = 0; i < text.length; i++) {
    if (!editable[offset + i]) continue;
    if (text[i] === open) stack.push(i);
    else if (text[i] === close && stack.length) found.push([stack.pop()!, i]);
  }
  return found;
}

/** Indexes of `open`/`close` characters without a partner. */
function unpaired(text: string, open: string, close: string, editable: boolean[]): number[] {
  const paired = new Set(pairs(text, open, close, editable).flat());
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (editable[i] && (text[i] === open || text[i] === close) && !paired.has(i)) out.push(i);
  }
  return out;
}

/** `"…"` and `“…”` pairs (editable quotes only, within one line of the flow); an odd `"` is reported. */
function quotePairs(text: string, editable: boolean[], flow: Flow, file: VFile): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  let offset = 0;
  // A <br> or nested block ends any quotation.
  for (const line of text.split('\n')) {
    const straight = [...line.matchAll(/"/g)].map((m) => offset + m.index).filter((i) => editable[i]);
    for (let k = 0; k + 1 < straight.length; k += 2) found.push([straight[k]!, straight[k + 1]!]);
    if (straight.length % 2 === 1) warnUnpaired(flow, straight[straight.length - 1]!, file);
    for (const [open, close] of pairs(line, '“', '”', editable, offset)) found.push([offset + open, offset + close]);
    offset += line.length + 1;
  }
  return found;
}

function warnUnpaired(flow: Flow, index: number, file: VFile): void {
  const segment = flow.segments.find((s) => s.editable && s.start <= index && index < s.end);
  if (!segment || segment.node.type !== 'text') return;
  const start = pointAt(segment.node, index - segment.start, file);
  const end = pointAt(segment.node, index - segment.start + 1, file);
  file.message('Unpaired `"`: left as is (use 〝…〟 or 「…」 for a quotation)', {
    place: start && end ? { start, end } : segment.node.position,
    ruleId: 'unpaired-quote',
    source: SOURCE,
  });
}

/** A full-width space after `？`/`！` runs that continue the sentence. */
function spaceAfterMarks(flow: Flow, text: string, edits: Edit[]): void {
  for (const match of text.matchAll(/[？！]+/g)) {
    const end = match.index + match[0].length;
    const next = text[end];
    if (next === undefined || /\s/.test(next) || NO_SPACE_BEFORE.has(next)) continue;
    if (isEditable(flow, end, end)) edits.push({ start: end, end, insert: [{ type: 'text', value: '\u3000' }] });
  }
}

/** Dash runs → pairs of U+2015. */
function dashes(flow: Flow, text: string, edits: Edit[]): void {
  for (const match of text.matchAll(/-{2,}|[—―─]+|ー{2,}|－{2,}/g)) {
    const run = match[0];
    const start = match.index;
    const end = start + run.length;
    const char = run[0]!;
    if (char === 'ー') {
      // A long-vowel mark after kana lengthens the sound; only elsewhere is ーー a dash.
      const before = text[start - 1];
      if (before !== undefined && (KANA.test(before) || !isJapanese(before))) continue;
    } else if (char !== '―' && !isJapanese(text[start - 1]) && !isJapanese(text[end])) continue;
    const ems = char === '-' ? Math.ceil(run.length / 2) : run.length;
    const dash = '―'.repeat(Math.max(2, ems + (ems % 2)));
    if (dash !== run) replace(flow, edits, start, end, dash);
  }
}

/** Ellipsis spellings → pairs of U+2026. */
function ellipses(flow: Flow, text: string, edits: Edit[]): void {
  for (const match of text.matchAll(/\.{3,}|…+|・{3,}|．{3,}/g)) {
    const run = match[0];
    const start = match.index;
    const end = start + run.length;
    const japanese = isJapanese(text[start - 1]) || isJapanese(text[end]);
    if ((run[0] === '.' || run[0] === '…') && !japanese) continue;
    const ellipsis = run[0] === '…' ? '…'.repeat(Math.max(2, run.length + (run.length % 2))) : '……';
    if (ellipsis !== run) replace(flow, edits, start, end, ellipsis);
  }
}

function replace(flow: Flow, edits: Edit[], start: number, end: number, value: string): void {
  if (isEditable(flow, start, end)) edits.push({ start, end, insert: [{ type: 'text', value }] });
}

export default rehypePunctuation;
