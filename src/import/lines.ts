/**
 * Transcript text → lines with positions, and the line-level facts the importer needs:
 * platform boilerplate, header metadata (timestamp, document number) and title prefixes.
 */
import { calendarDateProblem } from '../config/schema.js';
import { isSpaceAt, skipBackward, skipForward } from '../core/scan.js';

/**
 * What a Word or HTML source's markup says a line is: `term` (a `<dt>`, the speaker's cell of a
 * `speaker | text` or `time | speaker | text` table row, a short block classed as a name: a
 * speaker or a question over what follows),
 * `h1`…`h6` (a heading, a Word heading style), `question` (a block classed as one: `<p class="q">`).
 */
export type LineCue = 'term' | 'question' | 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6';

/** One non-empty transcript line, trimmed; `line`/`column` (1-based) locate its first character. */
export interface SourceLine {
  line: number;
  column: number;
  text: string;
  /** Length of a bold or italic run opening the line (Word and HTML sources only). */
  emphasis?: number;
  /** What the markup of a Word or HTML source says the line is (a term, a heading, a question). */
  cue?: LineCue;
  /** The line ended in a recording timestamp (`山田 00:01:23`): a speaker's heading when it holds only a name. */
  stamped?: true;
}

// Whitespace at the edges of a line is layout (indents, trailing spaces), never content.
// U+200B is included because copy-paste from web pages leaves it at line edges. A loop, not
// `/^[\s\u200b]+|[\s\u200b]+$/g`: the engine retries the second branch at every start, so a
// line with a long run of spaces inside took quadratic time (80,000 spaces: 4 s).
const isEdgeSpace = (text: string, index: number) => text.charCodeAt(index) === 0x200b || isSpaceAt(text, index);

/** Splits text into its non-empty lines (LF, CRLF or CR), each trimmed and located. */
export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const end = skipBackward(raw, raw.length, isEdgeSpace);
    if (end === 0) return;
    const lead = skipForward(raw, 0, isEdgeSpace);
    lines.push({ line: index + 1, column: lead + 1, text: raw.slice(lead, end) });
  });
  return lines;
}

/**
 * Whole lines a blogging platform adds around an article. Deliberately short: each entry is a
 * full-line match of a phrase no interviewee says, so dropping it cannot eat spoken text.
 */
export const BOILERPLATE: readonly { pattern: RegExp; reason: string }[] = [
  { pattern: /^見出し画像$/, reason: 'header-image placeholder (note.com)' },
  { pattern: /^この記事が気に入ったら、?(?:サポート|チップで応援)を?して(?:みませんか|ください)[?？]?$/, reason: 'support request (note.com)' },
  { pattern: /^(?:この(?:記事|クリエイター)を)?(?:サポート|応援)する$/, reason: 'support button (note.com)' },
  { pattern: /^(?:ヘッダー画像|トップ画像|アイキャッチ画像|カバー画像|サムネイル画像?|\[画像\]|［画像］|（画像）|\(画像\))$/u, reason: 'header-image placeholder' },
  { pattern: /^(?:この(?:記事|投稿|クリエイター|ブログ)を)?(?:フォロー|シェア|ツイート|ポスト|ブックマーク|共有|スキ|いいね)(?:する|しよう|してね|して(?:ください|ね)|お願いします)?[!！]?$/u, reason: 'follow/share button' },
  {
    pattern: /^(?:X|Twitter|Facebook|LINE|はてなブックマーク|はてブ|Pocket|Threads|Bluesky|note|ツイッター|フェイスブック)\s?(?:で|に|へ)?(?:シェア|共有|ポスト|ツイート|送る|保存)(?:する)?$/iu,
    reason: 'share button',
  },
  { pattern: /^(?:この記事|本記事|このブログ)が(?:気に入った|役に立った|面白かった|参考になった)(?:ら|方は)[^。]{0,30}(?:フォロー|シェア|スキ|いいね|サポート|応援|登録)[^。]{0,20}$/u, reason: 'follow/support request' },
  { pattern: /^(?:記事を)?(?:サポート|応援)(?:をお願いします|してください|お待ちしています|よろしくお願いします)[。!！]?$/u, reason: 'support request' },
  {
    pattern: /^[※＊*]?[ \u3000]?(?:以下|この記事|本記事|本稿|本文|これ)(?:は|の)?[^。]{0,50}(?:機械翻訳|自動翻訳|DeepL|Google翻訳|グーグル翻訳)[^。]{0,40}[。.]?(?:[^。]{0,40}[。.])?$/u,
    reason: 'machine-translation note',
  },
];

/** The boilerplate rule a line matches, if any. */
export function matchBoilerplate(text: string): { reason: string } | undefined {
  return BOILERPLATE.find((b) => b.pattern.test(text));
}

// Compiled once: each was built anew for every line of the transcript.
const TIME = String.raw`(?:[ T\u3000]+\d{1,2}:\d{2}(?::\d{2})?)?`;
const DMY = new RegExp(String.raw`^(\d{1,2})[./](\d{1,2})[./](\d{4})${TIME}$`);
const YMD = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TIME}$`);
const JA_DATE = new RegExp(String.raw`^(\d{4})年(\d{1,2})月(\d{1,2})日${TIME}$`);

const LANGUAGES: Readonly<Record<string, string>> = {
  ロシア語: 'ru', 英語: 'en', 中国語: 'zh', 韓国語: 'ko', 朝鮮語: 'ko', ドイツ語: 'de', フランス語: 'fr', スペイン語: 'es', イタリア語: 'it',
  ポルトガル語: 'pt', ウクライナ語: 'uk', アラビア語: 'ar', ペルシャ語: 'fa', トルコ語: 'tr', ヒンディー語: 'hi', ベトナム語: 'vi', タイ語: 'th',
  インドネシア語: 'id', ポーランド語: 'pl', オランダ語: 'nl', ヘブライ語: 'he', ギリシャ語: 'el', スウェーデン語: 'sv', フィンランド語: 'fi',
};
const LANGUAGE = `(${Object.keys(LANGUAGES).join('|')})`;
// ロシア語原文からの翻訳, 英語からの機械翻訳, 原文：ロシア語, ロシア語版より翻訳
const TRANSLATED_FROM = new RegExp(`${LANGUAGE}(?:の?原文|版|原稿)?(?:から|より)の?(?:機械|自動)?(?:翻訳|訳)|原文[はがの]?[：:（(]?[ \\u3000]?${LANGUAGE}`, 'u');
const TRANSLATION_TAG = /^[【［\[](?:翻訳|全訳|抄訳|仮訳|試訳|訳|機械翻訳|自動翻訳)[】］\]]/u;

/** True when a headline's platform tag says the text is a translation (`【翻訳】`, `【仮訳】`). */
export function isTranslationTag(prefix: string): boolean {
  return TRANSLATION_TAG.test(prefix);
}

/** The language a text says it was translated from: `ロシア語原文からの機械翻訳` → `ru`. */
export function findTranslation(text: string): { language: string } | undefined {
  const found = TRANSLATED_FROM.exec(text);
  return found ? { language: LANGUAGES[(found[1] ?? found[2])!]! } : undefined;
}

/** A wire-service timestamp line (`17.05.2023 10:15`, `2023-05-17 10:15`, `2023年5月17日 10:15`); returns its date as YYYY-MM-DD. */
export function matchTimestamp(text: string): { date: string } | undefined {
  const dmy = DMY.exec(text);
  if (dmy) return isoDate(dmy[3]!, dmy[2]!, dmy[1]!);
  const ymd = YMD.exec(text);
  if (ymd) return isoDate(ymd[1]!, ymd[2]!, ymd[3]!);
  const ja = JA_DATE.exec(text);
  if (ja) return isoDate(ja[1]!, ja[2]!, ja[3]!);
  return undefined;
}

/** A document-number line such as `939-17-05-2023` or `No. 1234`. */
export function matchDocumentNumber(text: string): boolean {
  // A bare number could be a year or a list item; require hyphenated groups or an explicit "No.".
  return /^\d{1,6}(?:[-/]\d{1,6}){1,4}$/.test(text) || /^(?:No\.?|№)\s*\d{1,8}$/.test(text);
}

/** The first `YYYY年M月D日` date in a text, as YYYY-MM-DD, with the matched span. */
export function findJapaneseDate(text: string): { date: string; index: number; match: string } | undefined {
  const found = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(text);
  if (found) {
    const date = isoDate(found[1]!, found[2]!, found[3]!);
    return date && { date: date.date, index: found.index, match: found[0] };
  }
  // Government records date by era: 令和6年4月12日 is 2024-04-12 (元年 is the first year).
  const era = /(令和|平成|昭和)(元|\d{1,2})年(\d{1,2})月(\d{1,2})日/.exec(text);
  if (!era) return undefined;
  const year = ERA_START[era[1]!]! + (era[2] === '元' ? 1 : Number(era[2]));
  const date = isoDate(String(year), era[3]!, era[4]!);
  return date && { date: date.date, index: era.index, match: era[0] };
}

/** The year before each era's first year. */
const ERA_START: Readonly<Record<string, number>> = { 令和: 2018, 平成: 1988, 昭和: 1925 };

/**
 * A platform tag in front of a headline (`【翻訳】`, `［全文］`): short, bracketed, at the very
 * start. Only removed when a headline remains after it.
 */
export function matchTitlePrefix(text: string): string | undefined {
  const found = /^(?:【[^】]{1,8}】|［[^］]{1,8}］|\[[^\]]{1,8}\])[\s\u3000]*/.exec(text);
  return found && found[0].length < text.length ? found[0] : undefined;
}

function isoDate(year: string, month: string, day: string): { date: string } | undefined {
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  // 2023年2月30日 is not a date: it is left in the text, never moved into the front matter.
  return calendarDateProblem(date) ? undefined : { date };
}
