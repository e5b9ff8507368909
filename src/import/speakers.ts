/**
 * Speakers of a transcript: label candidates on its lines, clustered by `identifySpeakers`,
 * with the refusals and warnings an editor needs when the labels are odd.
 */
import { KumihanError } from '../core/errors.js';
import { printable } from '../core/text.js';
import { identifySpeakers, matchLabel, type LabelCandidate, type LabelUse, type SpeakerInfo } from './labels.js';
import type { SourceLine } from './lines.js';
import type { ImportContext } from './model.js';

/** The speakers, and the accepted label (if any) of each line. */
export interface Speakers {
  speakers: SpeakerInfo[];
  /** The label starting line `i`, when it is a trusted speaker label. */
  labelAt(i: number): LabelCandidate | undefined;
  speakerOf(label: LabelCandidate): SpeakerInfo;
  /** The interviewer asks with a leading dash and the answers are unlabelled. */
  dashStyle: boolean;
}

const DASH_ONLY = /^[―—─－ー]+$/;

/** Finds and clusters speaker labels; refuses a transcript without two speakers (KumihanError). */
export function findSpeakers(lines: readonly SourceLine[], context: ImportContext, path: string): Speakers {
  const candidates = lines.map((_, i) => labelCandidate(lines, i));
  const uses: LabelUse[] = [];
  candidates.forEach((candidate, i) => {
    if (!candidate) return;
    const line = lines[i]!;
    // For the who-asks rule, a label alone on its line says what the next line says.
    const said = candidate.style === 'own-line' || candidate.style === 'bare' ? (lines[i + 1]?.text ?? '') : candidate.rest;
    uses.push({ label: candidate.label, style: candidate.style, line: line.line, column: line.column, text: said });
  });
  const analysis = identifySpeakers(uses);
  const { speakers, byVariant } = analysis;
  const refuse = (why: string): never => {
    throw new KumihanError(`${why}; nothing written`, { file: path });
  };
  if (speakers.length === 0) {
    refuse('no speaker labels found: expected turns such as 「質問：…」, 「Ｑ：…」 or 「山田：…」 (a short name, then a colon, at the start of a line)');
  }
  const dashStyle = speakers.some((s) => s.role === 'interviewer' && s.aliases.every((a) => DASH_ONLY.test(a)));
  if (speakers.length === 1 && !dashStyle) {
    refuse(`only one speaker label found (「${speakers[0]!.aliases.map((a) => printable(a)).join('」「')}」): an interview needs two speakers`);
  }
  if (dashStyle && !speakers.some((s) => s.role === 'interviewee')) {
    // `――question` followed by unlabelled answers: the answerer is never named, so give them a placeholder label.
    speakers.push({ id: 'interviewee', label: '回答', role: 'interviewee', aliases: [], uses: 0, personal: false });
    context.warn('the answers carry no speaker label; they are set as 「回答」: put the interviewee’s name in the front matter', { line: 1, column: 1 }, 'unlabelled-answers');
  }

  // One pass: a search of all uses per speaker was quadratic when a transcript has many speakers.
  const firstUses = new Map<SpeakerInfo, LabelUse>();
  for (const use of uses) {
    const speaker = byVariant.get(use.label);
    if (speaker && !firstUses.has(speaker)) firstUses.set(speaker, use);
  }
  const firstUse = (speaker: SpeakerInfo) => firstUses.get(speaker)!;
  for (const { use, reason, report } of analysis.rejected) if (report) context.warn(reason, use, 'one-off-label');
  for (const speaker of speakers.filter((s) => s.role === 'other')) {
    const names = speaker.aliases.map((a) => printable(a)).join('」「');
    context.warn(`speaker 「${names}」 is neither the interviewer nor the interviewee (${speaker.uses} turns); check the label`, firstUse(speaker), 'unknown-speaker');
  }
  if (analysis.guessedInterviewer) {
    const who = analysis.guessedInterviewer;
    context.warn(`could not tell who asks the questions; assuming 「${printable(who.label)}」, who speaks first`, firstUse(who), 'interviewer-guess');
  }

  return {
    speakers,
    labelAt: (i) => {
      const candidate = candidates[i];
      return candidate && byVariant.has(candidate.label) ? candidate : undefined;
    },
    speakerOf: (label) => byVariant.get(label.label)!,
    dashStyle,
  };
}

/** The label candidate of line `i`, with the layout checks that need its neighbours. */
function labelCandidate(lines: readonly SourceLine[], i: number): LabelCandidate | undefined {
  const candidate = matchLabel(lines[i]!.text);
  if (candidate?.style !== 'bare') return candidate;
  // A name alone on a line labels the next line only if there is one and it is not a label too;
  // the first line is the headline's, never a label.
  const next = lines[i + 1];
  if (i === 0 || !next || matchLabel(next.text)) return undefined;
  return candidate;
}
