/**
 * Body lines → speaker turns grouped into questions. A question is an interviewer turn and the
 * turns after it; each labelled line starts a turn, each unlabelled line continues the current
 * one (one paragraph per transcript line).
 */
import { printable } from '../core/text.js';
import type { SpeakerInfo } from './labels.js';
import type { SourceLine } from './lines.js';
import type { ImportContext, ImportedQuestion, ImportedTurn, SourceParagraph } from './model.js';
import { readParagraph } from './paragraph.js';
import type { Speakers } from './speakers.js';
import { questionTitle } from './title.js';

// Headings carry a short title; editors rewrite it freely.
const TITLE_LENGTH = 20;

/** Turns and questions of the body. */
export interface Body {
  /** Turns before the first question (the interviewee speaking first), set in the lead. */
  leadTurns: ImportedTurn[];
  questions: ImportedQuestion[];
  /** Unlabelled paragraphs before any turn (only after an empty first turn). */
  lead: SourceParagraph[];
}

/** Reads `lines` (the body: from the first labelled line on) into turns and questions. */
export function readTurns(lines: readonly SourceLine[], first: number, found: Speakers, context: ImportContext): Body {
  const body: Body = { leadTurns: [], questions: [], lead: [] };
  const interviewee = found.speakers.find((s) => s.role === 'interviewee');
  let turn: ImportedTurn | undefined;
  let afterDashQuestion = false;

  const startTurn = (speaker: SpeakerInfo, paragraph: SourceParagraph) => {
    turn = { speaker, paragraphs: [paragraph] };
    if (speaker.role === 'interviewer') {
      // A question of bare punctuation (「……？」) still needs a heading; number it instead.
      const title = questionTitle(paragraph.text, TITLE_LENGTH);
      body.questions.push({ title: /[\p{L}\p{N}]/u.test(title) ? title : `${speaker.label}${body.questions.length + 1}`, turns: [turn] });
    } else if (body.questions.length > 0) {
      body.questions.at(-1)!.turns.push(turn);
    } else {
      body.leadTurns.push(turn);
      context.warn(`「${printable(speaker.label)}」 speaks before the first question; the turn is set in the lead`, paragraph, 'turn-before-question');
    }
  };

  for (let i = first; i < lines.length; i++) {
    const line = lines[i]!;
    const label = found.labelAt(i);
    if (!label) {
      const paragraph = readParagraph(line.text, line.line, line.column, context);
      if (afterDashQuestion && interviewee) {
        // In ――style the answer's label is implied, not written: account for it as an empty
        // span so the label the manuscript adds is explained.
        context.account.labels.push({ line: line.line, column: line.column, text: '', label: interviewee.label, speaker: interviewee.id });
        startTurn(interviewee, paragraph);
        afterDashQuestion = false;
      } else if (turn) turn.paragraphs.push(paragraph);
      else body.lead.push(paragraph);
      continue;
    }
    const speaker = found.speakerOf(label);
    context.account.labels.push({ line: line.line, column: line.column, text: label.marker, label: speaker.label, speaker: speaker.id });
    let paragraph: SourceParagraph;
    if (label.style === 'colon' || label.style === 'dash') {
      paragraph = readParagraph(label.rest, line.line, line.column + label.marker.length, context);
    } else {
      // A label alone on its line speaks the next line — unless that is another label.
      const next = lines[i + 1];
      if (!next || found.labelAt(i + 1)) {
        context.warn(`empty turn: 「${printable(label.label)}」 is followed by no text`, line, 'empty-turn');
        continue;
      }
      paragraph = readParagraph(next.text, next.line, next.column, context);
      i++;
    }
    startTurn(speaker, paragraph);
    afterDashQuestion = label.style === 'dash';
  }
  return body;
}
