/**
 * 縦中横 (tate-chū-yoko, JLReq 3.2.3) and upright digits in vertical Japanese text — by markup and
 * CSS only: the characters are the manuscript's, so a search for `1991`, `5月17日` or `10:15` finds
 * them in the PDF's text layer and in the EPUB (full-width substitutes such as `１９９１` defeat
 * search in PDF viewers and e-readers).
 *
 * Numbers among Japanese text (a Japanese neighbour, or no Latin word nearby):
 * - 1 digit → upright, full-width glyph: `3人` → `<span class="upright">3</span>人`
 *   (`.upright` is `text-orientation: upright` with the fonts' `fwid` glyphs).
 * - 2 digits → one 縦中横 unit: `20年` → `<span class="tcy">20</span>年`.
 * - 3+ digits → upright, one full-width glyph per em: `2023年` → `<span class="upright">2023</span>年`
 *   (never rewritten as kanji numerals: that would change the text).
 * - Times `H:MM`, `HH:MM(:SS)` → each part as above, the colon upright:
 *   `10:15` → `<span class="num"><tcy>10</tcy><upright>:</upright><tcy>15</tcy></span>`. A whole
 *   `10:15` in one em would be squeezed to a third of its width and unreadable.
 * - Other numbers with separators — dates `17.05.2023`, decimals `3.5`, `1,000` — → upright,
 *   character by character: `<span class="upright">17.05.2023</span>`. Splitting them into 縦中横
 *   pieces would break one number into several visual units. In codes such as `939-17-05-2023`
 *   the hyphens (and slashes) turn with the line, between upright digit runs, in one `.num`.
 * - A `%` after a number goes with it (`<span class="upright">5%</span>`, `<tcy>50</tcy>` + `%`).
 * A number never breaks across lines: `.upright` and `.num` are `white-space: nowrap`
 * (typography.css); Chromium otherwise breaks between full-width digits.
 * Digits touching Latin letters (`G7`, `COVID-19`, `A4`) belong to a Latin word and are left.
 * In a Latin phrase (`Windows 10 update`) numbers are left: the phrase is set sideways as a whole.
 *
 * Exclamation/question pairs `!?` `!!` `?!` `??` (half- or full-width, as written) → one 縦中横
 * unit: `<span class="tcy">！？</span>` (the browser takes the fonts' half-width forms to fit the
 * pair in one em). Single marks and runs of three stay.
 */
import type { ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { contextOf, isJapanese } from './characters.js';
import { applyEdits, collectFlows, isEditable, positionIn, type Edit, type Flow } from './flow.js';

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
    edits.push({ start, end, insert: [span('tcy', match[0], flow, start, end)] });
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

/** The nodes for one number token found at `start` (see the policy above); the characters stay as written. */
function setNumber(token: string, flow: Flow, start: number): ElementContent[] {
  const end = start + token.length;
  const percent = token.endsWith('%');
  const body = percent ? token.slice(0, -1) : token;
  if (TIME.test(body) || (percent && body.length === 2 && /^\d+$/.test(body))) {
    // Parts of one number in one unbreakable wrapper: two-digit parts 縦中横, the rest upright.
    const parts: ElementContent[] = [];
    for (const match of token.matchAll(/\d+|\D/g)) {
      const at = start + match.index;
      const kind = match[0].length === 2 && /^\d+$/.test(match[0]) ? 'tcy' : 'upright';
      parts.push(span(kind, match[0], flow, at, at + match[0].length));
    }
    return [span('num', parts, flow, start, end)];
  }
  if (/[-/]/.test(token)) {
    // Hyphens and slashes turn with the line (a vertical bar): the fonts have no upright form of
    // their full-width glyphs. The digit runs between them stand upright.
    const parts: ElementContent[] = [];
    for (const match of token.matchAll(/[^-/]+|[-/]/g)) {
      const at = start + match.index;
      parts.push(/^[-/]$/.test(match[0]) ? { type: 'text', value: match[0] } : span('upright', match[0], flow, at, at + match[0].length));
    }
    return [span('num', parts, flow, start, end)];
  }
  return [span(/^\d\d$/.test(token) ? 'tcy' : 'upright', token, flow, start, end)];
}

function span(kind: 'tcy' | 'upright' | 'num', content: string | ElementContent[], flow: Flow, start: number, end: number): ElementContent {
  const node = h('span', { className: [kind] }, content);
  const position = positionIn(flow, start, end);
  if (position) node.position = position;
  return node;
}

export default rehypeTcy;
