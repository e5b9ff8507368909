/**
 * Body lines → speaker turns grouped into questions and parts. A question is an interviewer turn
 * and the turns after it (every interviewer turn starts one, follow-ups included; a moderator's
 * turn never does); a part is a part-heading line (冒頭発言, 質疑応答, ◯topic) and what follows it up
 * to the next one. Each labelled line starts a turn, each unlabelled line continues the current
 * one (one paragraph per transcript line).
 */
import { printable } from '../core/text.js';
import type { SpeakerInfo } from './speaker-clustering.js';
import { matchPartMarker } from './lexer.js';
import type { SourceLine } from './lines.js';
import type { ImportContext, ImportedPart, ImportedQuestion, ImportedTurn, SourceParagraph } from './model.js';
import { readParagraph } from './paragraph.js';
import type { Speakers } from './speakers.js';
import { questionTitle } from './title.js';

// Headings carry a short title; editors rewrite it freely.
const TITLE_LENGTH = 20;
/** Headings the importer adds around an opening statement that the transcript did not head. */
export const OPENING_PART = '冒頭発言';
export const QUESTIONS_PART = '質疑応答';

/** Turns, questions and parts of the body. */
export interface Body {
  /** Turns before the first question (the interviewee speaking first), set in the lead. */
  leadTurns: ImportedTurn[];
  /** Questions before the first part. */
  questions: ImportedQuestion[];
  parts: ImportedPart[];
  /** Unlabelled paragraphs before any turn (only after an empty first turn). */
  lead: SourceParagraph[];
}

/**
 * Which lines head a part: a section line (冒頭発言, 【質疑応答】) always; a topic line (◯…, ■…,
 * 【テーマ】…, （1）…) only when a turn or another part heading follows it — a speaker listing
 * short points keeps them.
 */
export function findPartLines(lines: readonly SourceLine[], found: Pick<Speakers, 'labelAt' | 'continuesQuestion'>): Map<number, string> {
  const parts = new Map<number, string>();
  let firstTurn = lines.length;
  for (let i = 0; i < lines.length && firstTurn === lines.length; i++) if (found.labelAt(i)) firstTurn = i;
  for (let i = lines.length - 1; i > 0; i--) {
    // A label alone on its line speaks the next line, whatever it looks like.
    if (found.labelAt(i) || found.labelAt(i - 1)?.rest === '' || found.continuesQuestion(i)) continue;
    const marker = matchPartMarker(lines[i]!.text);
    // A heading of a web page or Word document (not a question) among the turns heads a part,
    // (2)-numbered or not.
    const heading = isHeadingLine(lines[i]!);
    const headsTurns = found.labelAt(i + 1) !== undefined || parts.has(i + 1);
    if (marker && (marker.kind === 'section' || headsTurns || (heading && i > firstTurn))) parts.set(i, marker.title);
    else if (!marker && heading && (headsTurns || i > firstTurn)) parts.set(i, lines[i]!.text);
  }
  return parts;
}

/** A line the markup makes a heading, short and no sentence: a part's title. */
const isHeadingLine = (line: SourceLine) => /^h[1-6]$/u.test(line.cue ?? '') && line.text.length <= 48 && !line.text.includes('。');

/** Reads `lines` (the body: from the first labelled line or part heading on) into turns, questions and parts. */
export function readTurns(lines: readonly SourceLine[], first: number, found: Speakers, partLines: ReadonlyMap<number, string>, context: ImportContext): Body {
  const body: Body = { leadTurns: [], questions: [], parts: [], lead: [] };
  const interviewee = found.speakers.find((s) => s.role === 'interviewee');
  let turn: ImportedTurn | undefined;
  let part: ImportedPart | undefined;
  let afterDashQuestion = false;
  /** The turn a part heading interrupted. */
  let resumable: ImportedTurn | undefined;
  const questions = () => (part ? part.questions : body.questions);
  /** Questions so far (counted, not summed over the parts: a transcript may have thousands of parts). */
  let asked = 0;

  const startTurn = (speaker: SpeakerInfo, paragraph: SourceParagraph) => {
    turn = { speaker, paragraphs: [paragraph] };
    const list = questions();
    if (speaker.role === 'interviewer') {
      list.push({ title: headingOf(paragraph.text, speaker, ++asked), turns: [turn] });
    } else if (list.length > 0) {
      list.at(-1)!.turns.push(turn);
    } else if (part) {
      part.turns.push(turn);
    } else {
      body.leadTurns.push(turn);
    }
  };

  for (let i = first; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = partLines.get(i);
    if (heading !== undefined) {
      resumable = turn ?? resumable;
      const at = Math.max(0, line.text.lastIndexOf(heading));
      context.account.headings.push({ line: line.line, column: line.column, text: line.text, heading });
      const title = readParagraph(heading, line.line, line.column + at, context).text;
      part = { title, paragraphs: [], turns: [], questions: [] };
      body.parts.push(part);
      turn = undefined;
      afterDashQuestion = false;
      continue;
    }
    const label = found.labelAt(i);
    if (!label) {
      const paragraph = readParagraph(line.text, line.line, line.column, context);
      // An opening statement split by topic headings (◯…) goes on after each heading unlabelled:
      // the speaker before the heading is still speaking, as long as no question has been asked.
      const resumes = !turn && part && part.paragraphs.length === 0 && resumable && resumable.speaker.role !== 'interviewer' && asked === 0;
      if (afterDashQuestion && found.continuesQuestion(i)) {
        // The second paragraph of a question set off by markup (two bold paragraphs): still asking,
        // and the heading is read from the whole question (what is asked may come last).
        const asking = turn!;
        asking.paragraphs.push(paragraph);
        const question = questions().at(-1);
        if (question?.turns.length === 1 && question.turns[0] === asking) question.title = headingOf(asking.paragraphs.map((p) => p.text).join(''), asking.speaker, asked);
      } else if (afterDashQuestion && interviewee) {
        // In ――style the answer's label is implied, not written: account for it as an empty
        // span so the label the manuscript adds is explained.
        context.account.labels.push({ line: line.line, column: line.column, text: '', label: interviewee.label, speaker: interviewee.id });
        startTurn(interviewee, paragraph);
        afterDashQuestion = false;
      } else if (resumes) {
        const speaker = resumable!.speaker;
        context.account.labels.push({ line: line.line, column: line.column, text: '', label: speaker.label, speaker: speaker.id });
        startTurn(speaker, paragraph);
      } else if (turn) turn.paragraphs.push(paragraph);
      else if (part) part.paragraphs.push(paragraph);
      else body.lead.push(paragraph);
      continue;
    }
    const speaker = found.speakerOf(label);
    const implies = found.impliesAnswer(i);
    context.account.labels.push({ line: line.line, column: line.column, text: label.marker, label: speaker.label, speaker: speaker.id });
    let paragraph: SourceParagraph;
    if (label.rest !== '') {
      paragraph = readParagraph(label.rest, line.line, line.column + label.marker.length, context);
    } else {
      // A label alone on its line speaks the next line — unless that is another label or a heading.
      const next = lines[i + 1];
      if (!next || found.labelAt(i + 1) || partLines.has(i + 1)) {
        context.warn(`empty turn: 「${printable(label.label)}」 is followed by no text`, line, 'empty-turn');
        continue;
      }
      paragraph = readParagraph(next.text, next.line, next.column, context);
      i++;
    }
    startTurn(speaker, paragraph);
    afterDashQuestion = implies;
  }
  headOpening(body, found, context);
  for (const leadTurn of body.leadTurns) {
    context.warn(`「${printable(leadTurn.speaker.label)}」 speaks before the first question; the turn is set in the lead`, leadTurn.paragraphs[0]!, 'turn-before-question');
  }
  return body;
}

/** A question's heading; a question of bare punctuation (「……？」) still needs one, so it is numbered. */
function headingOf(text: string, speaker: SpeakerInfo, number: number): string {
  const title = questionTitle(text, TITLE_LENGTH);
  return /[\p{L}\p{N}]/u.test(title) ? title : `${speaker.label}${number}`;
}

/**
 * A press conference (a moderator, several interviewers or part headings) whose turns before the
 * first question have no heading: they are an opening statement, set as a part of their own
 * (「冒頭発言」), and the questions that follow them get a part too (「質疑応答」) so that they are not
 * read as the statement's. The headings are the importer's and reported as such.
 */
function headOpening(body: Body, found: Speakers, context: ImportContext): void {
  if (body.leadTurns.length === 0) return;
  const conference =
    body.parts.length > 0 || found.speakers.some((s) => s.role === 'moderator') || found.speakers.filter((s) => s.role === 'interviewer').length > 1;
  if (!conference) return;
  const taken = new Set(body.parts.map((p) => p.title));
  const opening: ImportedPart = { title: taken.has(OPENING_PART) ? '開会' : OPENING_PART, paragraphs: [], turns: body.leadTurns, questions: [], added: true };
  const added = [opening];
  if (body.questions.length > 0) {
    added.push({ title: taken.has(QUESTIONS_PART) ? '質疑' : QUESTIONS_PART, paragraphs: [], turns: [], questions: body.questions, added: true });
  }
  body.parts.unshift(...added);
  body.questions = [];
  body.leadTurns = [];
  context.warn(
    `${opening.turns.length} turns before the first question are set as an opening part 「${opening.title}」${added.length > 1 ? `, the questions after them as 「${added[1]!.title}」` : ''}: these headings are not in the transcript; rename or remove them in the manuscript`,
    opening.turns[0]!.paragraphs[0]!,
    'added-part',
  );
}
