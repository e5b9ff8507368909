/**
 * 縦中横 (tate-chū-yoko, JLReq 3.2.3) and upright digits in vertical Japanese text.
 *
 * Numbers among Japanese text (a Japanese neighbour, or no Latin word nearby):
 * - 1 digit → full-width, upright by nature: `3人` → `３人`.
 * - 2 digits → one 縦中横 unit: `20年` → `<span class="tcy">20</span>年`.
 * - 3+ digits → full-width digits, one per em, upright: `2023年` → `２０２３年`, `140` → `１４０`
 *   (never rewritten as kanji numerals: that would change the text).
 * - Times `H:MM`, `HH:MM(:SS)` → each part as above, joined by `：`:
 *   `10:15` → `<tcy>10</tcy>：<tcy>15</tcy>`. A whole `10:15` in one em would be squeezed to a
 *   third of its width and unreadable.
 * - Other numbers with separators — dates `17.05.2023`, decimals `3.5`, `1,000`, document numbers
 *   `939-17-05-2023` — → full-width, upright, character by character: `１７．０５．２０２３`.
 *   Splitting them into 縦中横 pieces would break one number into several visual units.
 * - A `%` after a number → `％`.
 * Digits touching Latin letters (`G7`, `COVID-19`, `A4`) belong to a Latin word and are left.
 * In a Latin phrase (`Windows 10 update`) numbers are left: the phrase is set sideways as a whole.
 *
 * Exclamation/question pairs `!?` `!!` `?!` `??` (half- or full-width) → 縦中横 with half-width
 * marks inside: `<span class="tcy">!?</span>`. Single marks and runs of three stay.
 */
import type { ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { applyEdits, collectFlows, contextOf, isEditable, isJapanese, positionIn, toFullWidth, toHalfWidth, type Edit, type Flow } from './text.js';

const ALNUM = 'A-Za-z0-9０-９Ａ-Ｚａ-ｚ';
const NUMBER = new RegExp(
  `(?<![${ALNUM}])(?<![${ALNUM}][.,:/\\-])[0-9]+(?:[.,:/\\-][0-9]+)*%?(?![${ALNUM}])(?![.,:/\\-][A-Za-zＡ-Ｚａ-ｚ])`,
  'g',
);
const TIME = /^\d{1,2}(?::\d{2}){1,2}$/;

/** Sets numbers and `!?` pairs in Japanese text upright or as 縦中横. */
export function rehypeTcy() {
  return function transform(tree: Root): void {
    for (const flow of collectFlows(tree)) {
      const edits: Edit[] = [];
      marks(flow, edits);
      numbers(flow, edits);
      applyEdits(flow, edits);
    }
  };
}

function marks(flow: Flow, edits: Edit[]): void {
  const text = flow.text;
  for (const match of text.matchAll(/[!?！？]+/g)) {
    const start = match.index;
    const end = start + match[0].length;
    if (match[0].length !== 2 || !isEditable(flow, start, end)) continue;
    const fullWidth = /^[！？]+$/.test(match[0]);
    if (!fullWidth && !isJapanese(text[start - 1]) && !isJapanese(text[end])) continue;
    edits.push({ start, end, insert: [tcy(toHalfWidth(match[0]), flow, start, end)] });
  }
}

function numbers(flow: Flow, edits: Edit[]): void {
  const text = flow.text;
  for (const match of text.matchAll(NUMBER)) {
    const start = match.index;
    const end = start + match[0].length;
    if (contextOf(text, start, end) === 'latin' || !isEditable(flow, start, end)) continue;
    edits.push({ start, end, insert: setNumber(match[0], flow, start) });
  }
}

/** The nodes for one number token found at `start` (see the policy above). */
function setNumber(token: string, flow: Flow, start: number): ElementContent[] {
  const percent = token.endsWith('%');
  const body = percent ? token.slice(0, -1) : token;
  const text = (value: string): ElementContent => ({ type: 'text', value });
  const digits = (value: string, at: number): ElementContent =>
    value.length === 2 ? tcy(value, flow, at, at + 2) : text(toFullWidth(value));
  let nodes: ElementContent[];
  if (/^\d+$/.test(body)) nodes = [digits(body, start)];
  else if (TIME.test(body)) {
    let at = start;
    nodes = body.split(':').flatMap((part, k) => {
      const set = k === 0 ? [digits(part, at)] : [text('：'), digits(part, at + 1)];
      at += part.length + (k === 0 ? 0 : 1);
      return set;
    });
  } else nodes = [text(toFullWidth(body))];
  if (percent) nodes.push(text('％'));
  return nodes;
}

function tcy(value: string, flow: Flow, start: number, end: number): ElementContent {
  const node = h('span', { className: ['tcy'] }, value);
  const position = positionIn(flow, start, end);
  if (position) node.position = position;
  return node;
}

export default rehypeTcy;
