/**
 * Half-width punctuation inside Japanese text → full-width (`?` → `？`), done visibly in the
 * manuscript so an editor can see and undo each change. Times (10:15), ratios (2:1), URLs and
 * Latin-only phrases keep their half-width characters.
 */

import { isSpaceAt } from '../core/scan.js';

/** One replaced character: its index in the input, and the characters before and after. */
export interface Replacement {
  index: number;
  from: string;
  to: string;
}

const FULL_WIDTH: Readonly<Record<string, string>> = { '?': '？', '!': '！', '(': '（', ')': '）', ':': '：' };

/**
 * Kana, kanji, CJK punctuation and full-width forms (not half-width kana): the company that makes
 * punctuation Japanese, and what makes decoded bytes count as Japanese text.
 */
export const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}\u3000-\u303f\uff01-\uff60]/u;
const SCHEME_CHAR = /[a-z0-9+.-]/iu;

/**
 * Spans of `text` that are URLs (`https://…`, `www.…`), which keep their half-width characters. A
 * URL runs to the end of its word (up to a space, 「」『』（）、。), so only the words holding a
 * `://` or `www.` are read, each once: the regex this replaces re-read a long run of letters from
 * every position in it.
 */
export function findUrls(text: string): Array<{ index: number; length: number }> {
  const marks = [...text.matchAll(/:\/\/|www\./giu)].map((match) => match.index);
  const found: Array<{ index: number; length: number }> = [];
  let wordEnd = -1;
  for (const mark of marks) {
    if (mark < wordEnd) continue;
    let start = mark;
    while (start > 0 && !isUrlStop(text, start - 1)) start--;
    wordEnd = mark;
    while (wordEnd < text.length && !isUrlStop(text, wordEnd)) wordEnd++;
    const url = urlStart(text, start, wordEnd);
    if (url !== undefined) found.push({ index: url, length: wordEnd - url });
  }
  return found;
}

const isUrlStop = (text: string, index: number) => URL_STOPS.has(text[index]!) || isSpaceAt(text, index);
const URL_STOPS = new Set('「」『』（）、。');

/** Where the URL in the word text[start, end) starts: a scheme (a letter, then letters, digits, + . -) before `://`, or `www.`. */
function urlStart(text: string, start: number, end: number): number | undefined {
  const word = text.slice(start, end);
  let scheme: number | undefined;
  for (let separator = word.indexOf('://'); separator >= 0 && separator + 3 < word.length; separator = word.indexOf('://', separator + 1)) {
    let first = separator;
    while (first > 0 && SCHEME_CHAR.test(word[first - 1]!)) first--;
    while (first < separator && !/[a-z]/iu.test(word[first]!)) first++;
    if (first < separator) {
      scheme = first;
      break;
    }
  }
  const www = /www\./iu.exec(word.slice(0, scheme ?? word.length))?.index;
  const url = www !== undefined && www + 4 < word.length ? www : scheme;
  return url === undefined ? undefined : start + url;
}

/** Replaces half-width `? ! ( ) :` that belong to Japanese text by their full-width forms. */
export function normalizePunctuation(text: string): { text: string; replacements: Replacement[] } {
  // Most paragraphs have nothing to convert: spare them the per-character tables below.
  if (!/[?!():]/.test(text)) return { text, replacements: [] };
  // Per-character flags in typed arrays: a long paragraph allocates three arrays, not a Set entry per mark.
  const isProtected = new Uint8Array(text.length);
  for (const url of findUrls(text)) isProtected.fill(1, url.index, url.index + url.length);
  const convert = new Uint8Array(text.length);
  const isJapanese = (i: number | undefined) => i !== undefined && JAPANESE.test(text[i]!);
  // japaneseBefore[i]: Japanese characters in text.slice(0, i), so a pair's content is tested in constant time.
  const japaneseBefore = new Uint32Array(text.length + 1);
  for (let i = 0; i < text.length; i++) japaneseBefore[i + 1] = japaneseBefore[i]! + (JAPANESE.test(String.fromCodePoint(text.codePointAt(i)!)) ? 1 : 0);

  // Parentheses go in pairs so that `（EU）` never comes out half-converted: a pair becomes
  // full-width when its content or either side of it is Japanese.
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (isProtected[i]) continue;
    const char = text[i];
    if (char === '(') open.push(i);
    else if (char === ')') {
      const start = open.pop();
      if (start === undefined) {
        if (isJapanese(neighbour(text, i, -1)) || isJapanese(neighbour(text, i, 1))) convert[i] = 1;
        continue;
      }
      const insideJapanese = japaneseBefore[i]! > japaneseBefore[start + 1]!;
      if (insideJapanese || isJapanese(neighbour(text, start, -1)) || isJapanese(neighbour(text, i, 1))) {
        convert[start] = 1;
        convert[i] = 1;
      }
    } else if (char === '?' || char === '!') {
      // Sentence punctuation belongs to what it ends: `Hello!` stays, `か?` becomes `か？`.
      // In a run like `?!` every mark follows the first one.
      const before = neighbour(text, i, -1);
      const follows = before !== undefined && /[?!]/.test(text[before]!);
      if (follows ? convert[before] === 1 : isJapanese(before ?? neighbour(text, i, 1))) convert[i] = 1;
    } else if (char === ':') {
      const before = neighbour(text, i, -1);
      const after = neighbour(text, i, 1);
      const digits = before !== undefined && after !== undefined && /\d/.test(text[before]!) && /\d/.test(text[after]!);
      if (!digits && (isJapanese(before) || isJapanese(after))) convert[i] = 1;
    }
  }
  for (const start of open) {
    if (isJapanese(neighbour(text, start, -1)) || isJapanese(neighbour(text, start, 1))) convert[start] = 1;
  }

  const replacements: Replacement[] = [];
  for (let index = convert.indexOf(1); index >= 0; index = convert.indexOf(1, index + 1)) {
    replacements.push({ index, from: text[index]!, to: FULL_WIDTH[text[index]!]! });
  }
  let result = '';
  let last = 0;
  for (const r of replacements) {
    result += text.slice(last, r.index) + r.to;
    last = r.index + 1;
  }
  return { text: result + text.slice(last), replacements };
}

/** Index of the nearest non-space character before (-1) or after (+1) `i`. */
function neighbour(text: string, i: number, step: 1 | -1): number | undefined {
  for (let j = i + step; j >= 0 && j < text.length; j += step) {
    if (!/\s/.test(text[j]!)) return j;
  }
  return undefined;
}
