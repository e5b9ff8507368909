/**
 * Transcript text → lines with positions, and the line-level facts the importer needs:
 * platform boilerplate, header metadata (timestamp, document number) and title prefixes.
 */
import { calendarDateProblem } from '../config/schema.js';
import { isSpaceAt, skipBackward, skipForward } from '../core/scan.js';

/** One non-empty transcript line, trimmed; `line`/`column` (1-based) locate its first character. */
export interface SourceLine {
  line: number;
  column: number;
  text: string;
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
  if (!found) return undefined;
  const date = isoDate(found[1]!, found[2]!, found[3]!);
  return date && { date: date.date, index: found.index, match: found[0] };
}

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
