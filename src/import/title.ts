/** Short titles: a question's heading, cut at a BudouX phrase boundary so no word is split. */
import { japanesePhrases } from '../core/phrases.js';

// BudouX proposes breaks inside numbers (昭和2|0年) and next to brackets; these filters keep only
// breaks a reader would accept (see notes/findings.md).
const NO_BREAK_BEFORE = /^[」』）)】］〕〉》、。，．,.・？！?!：:；;ー…‥〜～ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ]/u;
const NO_BREAK_AFTER = /[「『（(【［〔〈《]/u;
const WORD_CHAR = /[\p{Script=Latin}\p{Nd}]/u;
const CLAUSE_END = /[、，,]/u;
const TRAILING = /[、，,。．・\s\u3000]/u;

/**
 * `text` without trailing 、。・ and spaces. A loop, not `/[…]+$/`: that pattern retries from every
 * character of a long run of spaces (quadratic on a line of 200,000 spaces).
 */
function trimTrailing(text: string): string {
  let end = text.length;
  while (end > 0 && TRAILING.test(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/** Allowed break positions of `text` (indices where a new phrase may start), bracket contents excluded. */
export function phraseBoundaries(text: string): number[] {
  const candidates = new Set(japanesePhrases().parseBoundaries(text));
  // A clause end is always a phrase end, whatever the model says.
  for (let i = 1; i < text.length; i++) if (CLAUSE_END.test(text[i - 1]!)) candidates.add(i);
  const depthAt: number[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    depthAt[i] = depth;
    if (/[「『（(【［]/.test(text[i]!)) depth++;
    else if (/[」』）)】］]/.test(text[i]!) && depth > 0) depth--;
  }
  return [...candidates]
    .filter((i) => i > 0 && i < text.length)
    .filter((i) => depthAt[i] === 0)
    .filter((i) => !NO_BREAK_BEFORE.test(text.slice(i)) && !NO_BREAK_AFTER.test(text[i - 1]!))
    .filter((i) => !(WORD_CHAR.test(text[i - 1]!) && WORD_CHAR.test(text[i]!)))
    .filter((i) => !(/[\uD800-\uDBFF]/.test(text[i - 1]!)))
    .sort((a, b) => a - b);
}

/**
 * Shortens `text` to at most `max` characters, cutting only at a phrase boundary and never
 * leaving a trailing 、. Prefers the end of a clause (、) when that keeps at least 40 % of `max`.
 * When even the first phrase is longer than `max`, returns that phrase whole: a long title is
 * better than a broken word.
 */
export function shortenAtPhrase(text: string, max: number): string {
  const trimmed = trimTrailing(text);
  if (trimmed.length <= max) return trimmed;
  const boundaries = phraseBoundaries(trimmed);
  const fitting = boundaries.filter((i) => trimTrailing(trimmed.slice(0, i)).length <= max);
  const clause = fitting.filter((i) => CLAUSE_END.test(trimmed[i - 1]!) && i - 1 >= max * 0.4).at(-1);
  const cut = clause ?? fitting.at(-1) ?? boundaries[0] ?? trimmed.length;
  return trimTrailing(trimmed.slice(0, cut));
}

/**
 * Removes a case particle left dangling by a cut (`ディベートの` → `ディベート`,
 * `務めるのは` → `務める`), so a shortened heading ends on a word. Only particles after a
 * kanji, katakana or closing bracket, or after a nominalising の/こと, are taken: a hiragana
 * word ending in の (もの) must survive.
 */
export function dropTrailingParticle(text: string): string {
  const shorter =
    text.replace(/(?<=[\p{Script=Han}\p{Script=Katakana}ー」』）])(?:では|には|とは|への|との|からの|[のをにがとはもでへや])$/u, '') ||
    text;
  if (shorter !== text) return shorter;
  return text.replace(/(?<=[うくぐすつぬぶむるいた])の[はがをも]$|(?<=こと)[はがをも]$/u, '') || text;
}

/**
 * Splits text into sentences, each keeping its 。？！ (and a closing bracket right after it). A
 * half-width ? or ! ends a sentence only before a space or the end: inside a URL it does not.
 */
export function sentences(text: string): string[] {
  return text.match(/(?:[^。？！?!]|[?!](?![\s」』）)]|$))+(?:[。？！]+[」』）)]*|[?!]+[」』）)]*(?=\s|$)|$)/gu)?.map((s) => s.trim()).filter((s) => s !== '') ?? [];
}

/** A sentence that opens a question without asking it: a self-introduction, a follow-up lead-in, an address. */
const PREAMBLE =
  /^(?:(?:[^。、]{1,16}の)?[^。、]{1,10}(?:です|と申します|でございます)|(?:関連して|関連で|関連ですが|もう一点|もう一問|続けて|重ねて|追加で|別の話題で)[^。]{0,14}|[^。、]{1,12}に(?:伺います|お伺いします|お聞きします|お尋ねします|質問です|質問します))。$/u;

/**
 * A question's heading: the question sentence when the turn has a short one (the sentence ending
 * in ？ is what is asked), otherwise the first sentence; shortened with `shortenAtPhrase`. A final
 * ？ is kept when the sentence fits whole, 。 never.
 */
export function questionTitle(text: string, max = 20): string {
  const spoken = sentences(text);
  // A reporter's 「東都新聞の川村です。」 or 「関連して伺います。」 says who asks, not what: the next sentence does.
  const all = spoken.length > 1 && PREAMBLE.test(spoken[0]!) ? spoken.slice(1) : spoken;
  const asked = all.find((s) => /[？?]$/.test(s) && s.length - 1 <= max);
  const sentence = asked ?? all[0] ?? text;
  const body = sentence.replace(/[。．]+$/u, '');
  const short = shortenAtPhrase(body, max);
  if (short === '') return body;
  return short.length < body.length ? dropTrailingParticle(short) : short;
}
