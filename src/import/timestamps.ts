/**
 * Recording timestamps that transcription tools and services put on each turn: `[00:01:23] 山田：…`,
 * `（12:05）…`, `00:01:23 山田：…`, a `山田 00:01:23` line over the turn, or a timestamp on a line
 * of its own. They are positions in the recording, not words anyone said: a transcript that uses
 * them on several lines has them left out (each accounted for), so labels start their lines again.
 * A time in a sentence (`10:15から`) or a lone `10:15 開会` is text and stays.
 */
import { isSpaceAt } from '../core/scan.js';
import type { SourceLine } from './lines.js';
import type { ImportContext } from './model.js';

/** The reason recorded for each timestamp left out. */
export const RECORDING_TIMESTAMP = 'recording timestamp';

/** A transcript is timestamped when at least this many lines, and a third of all (a quarter if the timestamps stand alone), carry a timestamp. */
const MIN_LINES = 3;
/** A name before a trailing timestamp (`話者1 00:12`) is at most this long. */
const MAX_NAME = 24;

const OPENERS: Readonly<Record<string, string>> = { '[': ']', '［': '］', '(': ')', '（': '）', '【': '】', '<': '>', '〈': '〉' };

/** Length of a clock time `m:ss`, `mm:ss`, `h:mm:ss` (optionally `.mmm`) at `start`, or 0. */
function clockLength(text: string, start: number): number {
  let i = start;
  let groups = 0;
  for (;;) {
    const digits = i;
    while (i < text.length && i - digits < 2 && isDigit(text, i)) i++;
    const width = i - digits;
    // The first group has 1–2 digits, every later one exactly 2.
    if (width === 0 || (groups > 0 && width !== 2)) return 0;
    groups++;
    if (groups < 3 && (text[i] === ':' || text[i] === '：') && isDigit(text, i + 1)) i++;
    else break;
  }
  if (groups < 2) return 0;
  if (text[i] === '.' && isDigit(text, i + 1)) {
    i++;
    while (i < text.length && isDigit(text, i) && i < start + 16) i++;
  }
  return i - start;
}

const isDigit = (text: string, i: number) => {
  const code = text.charCodeAt(i);
  return (code >= 0x30 && code <= 0x39) || (code >= 0xff10 && code <= 0xff19);
};

/**
 * The timestamp at `start` of `text`: bracketed (`[00:12]`, `（00:01:23）`) or bare (then followed by a
 * space or the end), with the spaces after it; its length, or 0.
 */
export function timestampLength(text: string, start = 0): number {
  const close = OPENERS[text[start]!];
  let end: number;
  if (close) {
    const clock = clockLength(text, start + 1);
    if (clock === 0 || text[start + 1 + clock] !== close) return 0;
    end = start + clock + 2;
  } else {
    const clock = clockLength(text, start);
    if (clock === 0 || (start + clock < text.length && !isSpaceAt(text, start + clock))) return 0;
    end = start + clock;
  }
  while (end < text.length && isSpaceAt(text, end)) end++;
  return end - start;
}

/** Where a timestamp ends a short line (`山田 00:01:23`, `話者1 [00:12]`), with the spaces before it; or undefined. */
function trailingTimestamp(text: string): number | undefined {
  // The last word: a timestamp is the line's last space-separated piece.
  let word = text.length;
  while (word > 0 && !isSpaceAt(text, word - 1)) word--;
  if (word === 0 || timestampLength(text, word) !== text.length - word) return undefined;
  let start = word;
  while (start > 0 && isSpaceAt(text, start - 1)) start--;
  return start > 0 && start <= MAX_NAME ? start : undefined;
}

/** Leaves out recording timestamps when the transcript is timestamped; accounts for each. */
export function dropTimestamps(lines: readonly SourceLine[], context: ImportContext): SourceLine[] {
  const leading = lines.map((line) => timestampLength(line.text));
  const trailing = lines.map((line, i) => (leading[i] === 0 ? trailingTimestamp(line.text) : undefined));
  const stamped = leading.filter((length) => length > 0).length + trailing.filter((at) => at !== undefined).length;
  // A table's time column (time | speaker | text) is a line of its own beside two others: a
  // quarter of the lines being nothing but a timestamp is as systematic.
  const alone = leading.filter((length, i) => length > 0 && length === lines[i]!.text.length).length;
  if (stamped < MIN_LINES || (stamped * 3 < lines.length && (alone < MIN_LINES || alone * 4 < lines.length))) return [...lines];
  const kept: SourceLine[] = [];
  /** Accounts for `line.text[from, to)` as a timestamp. */
  const drop = (line: SourceLine, from: number, to: number) =>
    context.account.dropped.push({ line: line.line, column: line.column + from, text: line.text.slice(from, to), reason: RECORDING_TIMESTAMP });
  lines.forEach((line, i) => {
    const lead = leading[i]!;
    const tail = trailing[i];
    if (lead > 0) {
      drop(line, 0, lead);
      if (lead < line.text.length) kept.push(span(line, lead, line.text.length));
    } else if (tail !== undefined) {
      drop(line, tail, line.text.length);
      kept.push({ ...span(line, 0, tail), stamped: true });
    } else kept.push(line);
  });
  return kept;
}

/** `line` with only `text[from, to)` kept: its column and the bold or italic run opening it follow. */
function span(line: SourceLine, from: number, to: number): SourceLine {
  const { emphasis, ...rest } = line;
  const run = emphasis === undefined ? 0 : Math.min(emphasis, to) - from;
  return { ...rest, column: line.column + from, text: line.text.slice(from, to), ...(run > 0 ? { emphasis: run } : {}) };
}

/** One front-matter `removed:` entry for all the timestamps left out: how many, the first and the last. */
export function timestampSummary(dropped: readonly { text: string }[]): { text: string; reason: string }[] {
  if (dropped.length === 0) return [];
  const [first, last] = [dropped[0]!.text.trim(), dropped.at(-1)!.text.trim()];
  return [{ text: dropped.length === 1 ? first : `${first} … ${last}`, reason: `${dropped.length} recording timestamps` }];
}
