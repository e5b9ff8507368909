/**
 * Bracket balance check for Japanese text: 「」『』（）() and 【】［］. It only reports — a stray
 * closer in a transcript may be the translator's, and guessing where the opener belonged would
 * change the text behind the editor's back.
 */
import type { VFile } from 'vfile';

/** Where `text` starts in the file (1-based line and column). */
export interface TextStart {
  line: number;
  column: number;
}

// Half- and full-width parentheses count as the same pair: transcripts mix them.
const PAIRS: Readonly<Record<string, string>> = { '「': '」', '『': '』', '（': '）', '(': '）', '【': '】', '［': '］' };
const CLOSERS: Readonly<Record<string, string>> = { '」': '「', '』': '『', '）': '（', ')': '（', '】': '【', '］': '［' };
const canonicalCloser = (char: string) => (char === ')' ? '）' : char);

const BRACKET = /[「」『』（）()【】［］]/;
const sets = new Map<string, { pairs: Record<string, string>; closers: Record<string, string> }>();

/** The pairs and closers checked for `openers` (all when undefined), worked out once per set. */
function bracketSets(openers = ''): { pairs: Record<string, string>; closers: Record<string, string> } {
  let found = sets.get(openers);
  if (!found) {
    const pairs = openers ? Object.fromEntries(Object.entries(PAIRS).filter(([opener]) => openers.includes(opener))) : PAIRS;
    const closers = Object.fromEntries(Object.entries(CLOSERS).filter(([, opener]) => opener in pairs || (opener === '（' && '(' in pairs)));
    found = { pairs, closers };
    sets.set(openers, found);
  }
  return found;
}

/**
 * Reports unmatched closing and unclosed opening brackets of `text` on `file`, at file positions;
 * returns how many. `openers` limits the check to some pairs (e.g. '（(' when another checker
 * already covers 「」『』).
 */
export function checkBrackets(text: string, file: VFile, start: TextStart, openers?: string): number {
  const { pairs, closers } = bracketSets(openers);
  // Most paragraphs hold no bracket at all: one scan for any, before any bookkeeping.
  if (!BRACKET.test(text)) return 0;
  const open: { char: string; line: number; column: number }[] = [];
  // Indexes into `open` of each closer's openers: finding the opener a closer matches is then one
  // look, where searching `open` was quadratic for 「「「…）））.
  const openOf = new Map<string, number[]>();
  let count = 0;
  const report = (reason: string, line: number, column: number) => {
    count++;
    file.message(reason, { place: { line, column }, ruleId: 'unbalanced-bracket', source: 'kumihan-import' });
  };
  let line = start.line;
  let column = start.column;
  for (const char of text) {
    if (char === '\n') {
      line++;
      column = 1;
      continue;
    }
    if (pairs[char]) {
      const stack = openOf.get(pairs[char]) ?? openOf.set(pairs[char], []).get(pairs[char])!;
      stack.push(open.length);
      open.push({ char, line, column });
    } else if (closers[char]) {
      const match = openOf.get(canonicalCloser(char))?.at(-1);
      if (match === undefined) report(`closing ${char} has no opening ${CLOSERS[char]}`, line, column);
      else {
        // Openers between the match and the top were never closed: 「あ（い」 leaves （ open.
        for (const unclosed of open.splice(match + 1)) {
          report(`opening ${unclosed.char} is not closed`, unclosed.line, unclosed.column);
          openOf.get(pairs[unclosed.char]!)!.pop();
        }
        openOf.get(canonicalCloser(char))!.pop();
        open.pop();
      }
    }
    column += char.length;
  }
  for (const unclosed of open) report(`opening ${unclosed.char} is not closed`, unclosed.line, unclosed.column);
  return count;
}
