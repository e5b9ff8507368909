/**
 * Questions a web page or Word document sets off by its markup instead of a label: a paragraph all
 * in bold, a heading (`<h3>…？</h3>`, a Word heading style), a `<dt>` over its `<dd>`, a paragraph
 * classed as a question (`<p class="q">`) — each followed by the answer (unlabelled, as after the
 * magazine dash, or labelled with the answerer's name). Trusted only as a pattern: lines set off
 * the same way, at least two of them followed by an answer, and at least half of those asking
 * (？, か, ください …). A bold pull quote, a section heading or a profile's `<dl>` is no such
 * pattern and stays text (or a part heading).
 */
import { matchEmphasisLabel, matchPartMarker, type LabelCandidate } from './lexer.js';
import type { SourceLine } from './lines.js';

/** The label of a set-off question: never printed (the interviewer prints 質問), never an alias. */
export const SET_OFF_LABEL = '（書式で示された質問）';

/** Set-off questions: the line of each, and the lines that continue one (a question in two paragraphs). */
export interface SetOffQuestions {
  starts: Set<number>;
  continued: Set<number>;
}

// How a question ends: ？, か, ください, or a topic left open (これからの目標は。).
const ASKS = /(?:[？?]|か[。．]?|かね[。．]?|ください[。．]?|下さい[。．]?|は[。．]?|って[。．]?)[」』）)]?$/u;

/**
 * How line `i` is set off, if it is a sentence set off by markup (not a name, a label or a part
 * heading); `dash` when it is also a dash question (`<strong>――…</strong>`), which asks already
 * but shows how this page sets its questions off.
 */
function setOffKind(line: SourceLine, written: LabelCandidate | undefined): { kind: string; dash: boolean } | undefined {
  const kind = line.cue ?? (isSetOff(line) ? 'bold' : undefined);
  if (!kind) return undefined;
  if (written?.style === 'dash') return { kind, dash: true };
  if (written && written.style !== 'bare' && written.style !== 'space') return undefined;
  if (matchPartMarker(line.text) || (matchEmphasisLabel(line.text, line.text.length) && !isPhrase(line.text))) return undefined;
  return { kind, dash: false };
}

/**
 * Words shaped like a label that are no name: long, with some hiragana (修理で大切にしていること,
 * a question's topic). Names are short and seldom written in hiragana (青木はるか is 5 characters).
 */
function isPhrase(text: string): boolean {
  if (text.length < 8) return false;
  let kana = 0;
  for (const char of text) if (char >= '\u3041' && char <= '\u309f' && ++kana >= 3) return true;
  return false;
}

/** Finds the set-off questions of `lines`, given the label each line is written with (`written`). */
export function findSetOffQuestions(lines: readonly SourceLine[], written: readonly (LabelCandidate | undefined)[]): SetOffQuestions {
  const found: SetOffQuestions = { starts: new Set(), continued: new Set() };
  if (!lines.some(hasMarkup)) return found;
  const kinds = lines.map((line, i) => (i === 0 || !hasMarkup(line) ? undefined : setOffKind(line, written[i])));
  // Runs of lines set off the same way (a dash question opens a run of its own); a run followed by
  // an answer is a question.
  const runs = new Map<string, { start: number; end: number; dash: boolean }[]>();
  for (let i = 1; i < lines.length; i++) {
    const at = kinds[i];
    if (!at || (kinds[i - 1]?.kind === at.kind && !at.dash)) continue;
    let end = i;
    while (kinds[end + 1]?.kind === at.kind && !kinds[end + 1]!.dash) end++;
    // The answer after it: unlabelled, or labelled with the answerer's name (`山田：…`).
    const next = lines[end + 1];
    const answered = next !== undefined && !isSetOff(next) && !matchPartMarker(next.text) && written[end + 1]?.style !== 'dash';
    if (!answered) continue;
    const list = runs.get(at.kind) ?? [];
    list.push({ start: i, end, dash: at.dash });
    runs.set(at.kind, list);
  }
  for (const list of runs.values()) {
    const asking = list.filter((run) => run.dash || ASKS.test(lines[run.end]!.text)).length;
    if (list.length < 2 || asking * 2 < list.length) continue;
    for (const { start, end, dash } of list) {
      if (!dash) found.starts.add(start);
      for (let i = start + 1; i <= end; i++) found.continued.add(i);
    }
  }
  return found;
}

const hasMarkup = (line: SourceLine) => line.cue !== undefined || line.emphasis !== undefined;

/** A line the markup sets off as a whole (a heading, a term, a question class, a bold paragraph). */
export const isSetOff = (line: SourceLine): boolean => line.cue !== undefined || (line.emphasis !== undefined && line.emphasis >= line.text.length);
