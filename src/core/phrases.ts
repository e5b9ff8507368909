/**
 * BudouX's phrase parser with its Japanese model, loaded once and shared: headings, labels and TOC
 * entries (typography), shortened titles (importer, EPUB navigation) and the cover's title lines;
 * and the phrase boundaries a reader accepts, and text shortened at one of them.
 *
 * Only the parser and the Japanese model are loaded. The package's entry also loads the Chinese
 * and Thai models and an HTML processor built on linkedom: 0.3–0.45 s of a 1 s EPUB build, against
 * 10 ms for these two files. Its exports map offers only that entry, so the two files are found
 * beside it (its CommonJS build) and loaded by path.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Parser } from 'budoux';
import { oneOf, trimEndWhere } from './scan.js';

let parser: Parser | undefined;

/** The shared Japanese phrase parser (`parse` gives phrases, `parseBoundaries` their offsets). */
export function japanesePhrases(): Parser {
  if (parser) return parser;
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('budoux'));
  const { Parser: PhraseParser } = require(path.join(dir, 'parser.js')) as { Parser: new (model: unknown) => Parser };
  const { model } = require(path.join(dir, 'data/models/ja.js')) as { model: unknown };
  parser = new PhraseParser(model);
  return parser;
}

// BudouX proposes breaks inside numbers (昭和2|0年) and next to brackets; these filters keep only
// breaks a reader would accept (see notes/findings.md). Each looks at one character: tested on
// `text.slice(0, i)` at every i, an end-anchored pattern made the title quadratic in its length.
const NO_BREAK_BEFORE = oneOf('」』）)】］〕〉》、。，．,.・？！?!：:；;ー…‥〜～ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ');
const NO_BREAK_AFTER = oneOf('「『（(【［〔〈《');
const WORD_CHAR = /[\p{Script=Latin}\p{Nd}]/u;
const CLAUSE_END = oneOf('、，,');
const TRAILING = oneOf('、，,。．・\u3000', { spaces: true });
const OPENING = oneOf('「『（(【［');
const CLOSING = oneOf('」』）)】］');

/** Allowed break positions of `text` (indices where a new phrase may start), bracket contents excluded. */
export function phraseBoundaries(text: string): number[] {
  const candidates = new Set(japanesePhrases().parseBoundaries(text));
  // A clause end is always a phrase end, whatever the model says.
  for (let i = 1; i < text.length; i++) if (CLAUSE_END(text, i - 1)) candidates.add(i);
  const depthAt: number[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    depthAt[i] = depth;
    if (OPENING(text, i)) depth++;
    else if (CLOSING(text, i) && depth > 0) depth--;
  }
  return [...candidates]
    .filter((i) => i > 0 && i < text.length)
    .filter((i) => depthAt[i] === 0)
    .filter((i) => !NO_BREAK_BEFORE(text, i) && !NO_BREAK_AFTER(text, i - 1))
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
  const trimmed = trimEndWhere(text, TRAILING);
  if (trimmed.length <= max) return trimmed;
  const boundaries = phraseBoundaries(trimmed);
  // kept[i]: the length of trimmed.slice(0, i) once its trailing 、。 and spaces are dropped (one pass, not one trim per boundary).
  const kept = [0];
  for (let i = 1; i <= trimmed.length; i++) kept.push(TRAILING(trimmed, i - 1) ? kept[i - 1]! : i);
  const fitting = boundaries.filter((i) => kept[i]! <= max);
  const clause = fitting.filter((i) => CLAUSE_END(trimmed, i - 1) && i - 1 >= max * 0.4).at(-1);
  const cut = clause ?? fitting.at(-1) ?? boundaries[0] ?? trimmed.length;
  return trimmed.slice(0, kept[cut]);
}
