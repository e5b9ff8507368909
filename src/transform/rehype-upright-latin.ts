/**
 * Upright Latin capitals in vertical Japanese text (JLReq 3.2.3, 縦組中の欧字).
 *
 * - Acronyms of 2–5 capitals among Japanese text (`TV`, `EU`, `NGO`, `NATO`, `ASEAN`) →
 *   `<span class="upright">NATO</span>`: read letter by letter, so each letter stands upright,
 *   one per em. Longer capital words and mixed-case words (`cackles`, `Podolyak`) keep the default
 *   sideways setting, like any Latin word.
 * - A single capital touching Japanese (`Uターン`, `X線`) → upright.
 * - Initials before a Japanese name (`A・メルケル`, `J.ボレル`, `S. V. ラヴロフ`, `P.Y.ヴルブレフスキー`)
 *   → each letter upright with its `.` (the `fwid` glyph of `.` sits beside the letter like Japanese
 *   punctuation; the character stays `.` for search). Initials before a Latin name
 *   (`M.V.Podolyak`) are part of that Latin name and stay sideways.
 * Acronyms inside a Latin phrase (`NATO summit`) are left with the phrase.
 */
import type { ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { contextOf, isJapanese } from './characters.js';
import { applyEdits, collectFlows, isEditable, positionIn, type Edit, type Flow } from './flow.js';

// A Latin chunk: letters and digits, joined by . ' ’ & - (so `M.V.Podolyak` and `COVID-19` are one).
const CHUNK = /[A-Za-z0-9]+(?:[.'’&-]+[A-Za-z0-9]+)*\.?/g;
// One or more initials (`A・`, `J.`, `S. `), directly followed by a Japanese name.
const INITIALS = /(?<![A-Za-z0-9.．・])(?:[A-Z][.．・] ?)+(?=[\p{Script=Katakana}\p{Script=Hiragana}\p{Script=Han}ー])/gu;

/** Sets acronyms, single capitals and initials in Japanese text upright. */
export function rehypeUprightLatin() {
  return function transform(tree: Root): void {
    for (const flow of collectFlows(tree)) {
      const edits: Edit[] = [];
      initials(flow, edits);
      const taken = new Set(edits.flatMap((edit) => Array.from({ length: edit.end - edit.start }, (_, k) => edit.start + k)));
      acronyms(flow, edits, taken);
      applyEdits(flow, edits);
    }
  };
}

function initials(flow: Flow, edits: Edit[]): void {
  for (const match of flow.text.matchAll(INITIALS)) {
    const start = match.index;
    const end = start + match[0].length;
    if (!isEditable(flow, start, end)) continue;
    // Each letter upright with its full stop (drawn full-width by the fonts' fwid glyphs, so it
    // sits beside the letter like Japanese punctuation); `・` and spaces stay between them.
    const nodes: ElementContent[] = [];
    for (const part of match[0].matchAll(/[A-Z][.．]?|[^A-Z]+/g)) {
      const at = start + part.index;
      if (/^[A-Z]/.test(part[0])) nodes.push(upright(part[0], flow, at, at + part[0].length));
      else nodes.push({ type: 'text', value: part[0] });
    }
    edits.push({ start, end, insert: nodes });
  }
}

function acronyms(flow: Flow, edits: Edit[], taken: Set<number>): void {
  const text = flow.text;
  for (const match of text.matchAll(CHUNK)) {
    const start = match.index;
    const end = start + match[0].length;
    if (taken.has(start) || taken.has(end - 1)) continue;
    const acronym = /^[A-Z]{2,5}$/.test(match[0]) && contextOf(text, start, end) === 'japanese';
    // A lone capital is a word of its own unless it touches Japanese (`I`, `A` in English).
    const single = /^[A-Z]$/.test(match[0]) && (isJapanese(text[start - 1]) || isJapanese(text[end]));
    if ((acronym || single) && isEditable(flow, start, end)) {
      edits.push({ start, end, insert: [upright(match[0], flow, start, end)] });
    }
  }
}

function upright(value: string, flow: Flow, start: number, end: number): ElementContent {
  const node = h('span', { className: ['upright'] }, value);
  const position = positionIn(flow, start, end);
  if (position) node.position = position;
  return node;
}

export default rehypeUprightLatin;
