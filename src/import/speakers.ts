/**
 * Speakers of a transcript: label candidates on its lines, clustered by `identifySpeakers`,
 * with the refusals and warnings an editor needs when the labels are odd or the roles unclear.
 */
import { KumihanError } from '../core/errors.js';
import { printable } from '../core/text.js';
import { findDeclarations, matchEmphasisLabel, matchLabel, matchPartMarker, type LabelCandidate } from './lexer.js';
import { identifySpeakers, type LabelUse, type RoleDecision, type RoleOverride, type SpeakerInfo } from './speaker-clustering.js';
import type { SourceLine } from './lines.js';
import { findSetOffQuestions, isSetOff, SET_OFF_LABEL } from './set-off.js';
import type { ImportContext } from './model.js';

/** The speakers, and the accepted label (if any) of each line. */
export interface Speakers {
  speakers: SpeakerInfo[];
  /** The label starting line `i`, when it is a trusted speaker label. */
  labelAt(i: number): LabelCandidate | undefined;
  speakerOf(label: LabelCandidate): SpeakerInfo;
  /** Line `i` (unlabelled) goes on with the question set off by markup on the line before. */
  continuesQuestion(i: number): boolean;
  /** The turn starting on line `i` asks and the unlabelled paragraph after it answers (a dash, a question set off by markup). */
  impliesAnswer(i: number): boolean;
  /** The interviewer asks with a leading dash and the answers are unlabelled. */
  dashStyle: boolean;
  /** Label candidates not trusted as labels (kept as text), for `--verbose`. */
  rejected: { label: string; line: number; column: number; reason: string }[];
}

const DASH_ONLY = /^[―—─－ー]+$/;

/** Finds and clusters speaker labels; refuses a transcript without two speakers, or whose interviewer cannot be told (KumihanError). */
export function findSpeakers(lines: readonly SourceLine[], context: ImportContext, path: string, overrides: readonly RoleOverride[] = []): Speakers {
  // Each line's label match, read once: a bare name looks at the match of the line below it.
  const written = lines.map((line) => matchLabel(line.text));
  // A circle-marked name seen on several lines is a speaker even where its turn is short enough to read as a topic (○長官　はい).
  const marks = new Map<string, number>();
  for (const candidate of written) if (candidate?.style === 'mark') marks.set(candidate.label, (marks.get(candidate.label) ?? 0) + 1);
  const setOff = findSetOffQuestions(lines, written);
  const found = written.map((candidate, i) =>
    setOff.starts.has(i)
      ? { label: SET_OFF_LABEL, style: 'set-off' as const, marker: '', rest: lines[i]!.text }
      : labelCandidate(lines, i, candidate, written[i + 1], candidate?.style === 'mark' && marks.get(candidate.label)! >= 2),
  );
  const spaced = trustedSpaced(found);
  const candidates = found.map((candidate) => (candidate?.style === 'space' && !spaced.has(candidate.label) ? undefined : candidate));
  const uses: LabelUse[] = [];
  candidates.forEach((candidate, i) => {
    if (!candidate) return;
    const line = lines[i]!;
    // For the who-asks rule, a label alone on its line says what the next line says.
    const said = candidate.rest === '' ? (lines[i + 1]?.text ?? '') : candidate.rest;
    uses.push({ label: candidate.label, style: candidate.style, line: line.line, column: line.column, text: said, ...(candidate.declares ? { declares: candidate.declares } : {}) });
  });
  const declarations = lines.flatMap((line) => findDeclarations(line.text, line.line, line.column));
  const refuse = (why: string): never => {
    throw new KumihanError(`${why}; nothing written`, { file: path });
  };
  for (const override of overrides) {
    if (!uses.some((use) => sameLabel(use.label, override.label))) {
      const seen = [...new Set(uses.map((u) => u.label))];
      refuse(`--speaker '${override.label}=${override.role}': no label 「${printable(override.label)}」 in the transcript${seen.length ? ` (labels seen: 「${seen.slice(0, 12).map((label) => printable(label)).join('」「')}」)` : ''}`);
    }
  }
  const analysis = identifySpeakers(uses, { declarations, overrides, lines });
  const { speakers, byVariant } = analysis;
  if (speakers.length === 0) {
    // A web page or Word document may mark its Q&A by layout: say which layouts are read.
    const markup = lines.some((line) => line.cue !== undefined || line.emphasis !== undefined)
      ? '; or, marked up, at least two bold or heading questions (or <dt> terms) each followed by its unlabelled answer, or a speaker | text table'
      : '';
    refuse(`no speaker labels found: expected turns such as 「質問：…」, 「Ｑ：…」 or 「山田：…」 (a short name, then a colon, at the start of a line)${markup}`);
  }
  // `<h3>Q. …？</h3>` over unlabelled answers: the question's label is written, the markup sets
  // the whole line off, and no answer is labelled — the answers are implied as after a dash.
  const asksAt = (i: number) => candidates[i] !== undefined && byVariant.get(candidates[i]!.label)?.role === 'interviewer';
  const markedQuestions =
    !speakers.some((s) => s.role === 'interviewee') &&
    candidates.every((_, i) => !asksAt(i) || isSetOff(lines[i]!)) &&
    candidates.some((candidate, i) => asksAt(i) && candidate!.style !== 'set-off' && candidate!.style !== 'dash' && isSetOff(lines[i]!));
  const dashStyle = markedQuestions || speakers.some((s) => s.role === 'interviewer' && s.aliases.every((a) => DASH_ONLY.test(a)));
  if (speakers.length === 1 && !dashStyle) {
    refuse(`only one speaker label found (「${speakers[0]!.aliases.map((a) => printable(a)).join('」「')}」): an interview needs two speakers`);
  }
  if (dashStyle && !speakers.some((s) => s.role === 'interviewee')) {
    // `――question` followed by unlabelled answers: the answerer is never named, so give them a placeholder label.
    // Q over unlabelled answers: the answers print A, as the page would have written them.
    const letter = /^[QＱ]$/u.exec(speakers.find((s) => s.role === 'interviewer')?.label ?? '')?.[0];
    const placeholder = letter === undefined ? '回答' : letter === 'Q' ? 'A' : 'Ａ';
    speakers.push({ id: 'interviewee', label: placeholder, role: 'interviewee', aliases: [], uses: 0, personal: false, why: ['answers after each question, unlabelled'] });
    context.warn(`the answers carry no speaker label; they are set as 「${placeholder}」: put the interviewee’s name in the front matter`, { line: 1, column: 1 }, 'unlabelled-answers');
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
  for (const decision of analysis.decisions) reportDecision(decision, context, firstUse, refuse);
  for (const { label, use, candidates } of analysis.ambiguousTitles) {
    if (!byVariant.has(label)) continue;
    context.warn(
      `「${printable(label)}」 could be any of 「${candidates.map((c) => printable(c)).join('」「')}」; it is set as a speaker of its own: if it is one of them, move 「${printable(label)}」 into that speaker's aliases in the manuscript`,
      use,
      'ambiguous-label',
    );
  }

  return {
    speakers,
    labelAt: (i) => {
      const candidate = candidates[i];
      return candidate && byVariant.has(candidate.label) ? candidate : undefined;
    },
    speakerOf: (label) => byVariant.get(label.label)!,
    continuesQuestion: (i) => setOff.continued.has(i),
    impliesAnswer: (i) => {
      const candidate = candidates[i];
      if (!candidate || !byVariant.has(candidate.label)) return false;
      return candidate.style === 'dash' || candidate.style === 'set-off' || (markedQuestions && asksAt(i));
    },
    dashStyle,
    rejected: analysis.rejected.map(({ use, reason }) => ({ label: use.label, line: use.line, column: use.column, reason: reason || 'too few uses for a label without a colon' })),
  };
}

/**
 * The labels of `山本　…` lines (a name set off by a space alone, as in a 対談) worth trusting: each
 * written only that way and used at least twice, and at least two such names. A name that opens
 * a line once, or also opens prose elsewhere (`山田 太郎氏に聞く` beside `山田：`), is a word.
 */
function trustedSpaced(candidates: readonly (LabelCandidate | undefined)[]): Set<string> {
  const counts = new Map<string, number>();
  const otherwise = new Set<string>();
  for (const candidate of candidates) {
    if (candidate?.style === 'space') counts.set(candidate.label, (counts.get(candidate.label) ?? 0) + 1);
    else if (candidate) otherwise.add(candidate.label);
  }
  const trusted = new Set([...counts].filter(([label, count]) => count >= 2 && !otherwise.has(label)).map(([label]) => label));
  return trusted.size >= 2 ? trusted : new Set();
}

/** Warns about a role no label stated, naming the lines and the override that fixes a wrong guess; refuses when nothing decides. */
function reportDecision(decision: RoleDecision, context: ImportContext, firstUse: (speaker: SpeakerInfo) => LabelUse, refuse: (why: string) => never): void {
  const { speaker, others } = decision;
  const at = (s: SpeakerInfo) => {
    const use = firstUse(s);
    return `「${printable(s.label)}」 (line ${use.line})`;
  };
  const fix = others[0] ? `--speaker '${others[0].aliases[0]}=interviewer' --speaker '${speaker.aliases[0]}=interviewee'` : `--speaker '${speaker.aliases[0]}=interviewee'`;
  switch (decision.kind) {
    case 'undecided':
      refuse(
        `cannot tell who asks the questions among ${[speaker, ...others].map(at).join(', ')}: no label names a role and no one asks more than the others; name the interviewer, e.g. --speaker '${speaker.aliases[0]}=interviewer'`,
      );
      break;
    case 'guessed':
      context.warn(`could not tell who asks the questions; assuming 「${printable(speaker.label)}」, who speaks first (if wrong: ${fix})`, firstUse(speaker), 'interviewer-guess');
      break;
    case 'by-questions':
      context.warn(`no label says who asks; 「${printable(speaker.label)}」 is taken as the interviewer because ${decision.reason.replace(/^asks: /, '')}, over ${others.map(at).join(', ')} (if wrong: ${fix})`, firstUse(speaker), 'interviewer-guess');
      break;
    case 'moderator-asks':
      context.warn(`no one but the moderator 「${printable(speaker.label)}」 asks; its turns are set as questions (to keep it a moderator, name the interviewer: --speaker 'LABEL=interviewer')`, firstUse(speaker), 'interviewer-guess');
      break;
  }
}

function sameLabel(a: string, b: string): boolean {
  const key = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');
  return key(a) === key(b);
}

/**
 * The label candidate of line `i`, with the layout checks that need its neighbours; `written` and
 * `below` are the label matches of lines `i` and `i + 1`; a `repeated` label wins over a topic reading.
 */
function labelCandidate(lines: readonly SourceLine[], i: number, written: LabelCandidate | undefined, below: LabelCandidate | undefined, repeated: boolean): LabelCandidate | undefined {
  const { text, emphasis, stamped } = lines[i]!;
  // 冒頭発言, 【質疑応答】, 第1部: a section heading is never a speaker (unless its name recurs as a label).
  if (!repeated && matchPartMarker(text)?.kind === 'section') return undefined;
  // A bold or italic name opening a Word or HTML paragraph is a label even without a colon.
  const emphasised = emphasis && (!written || written.style === 'bare' || written.style === 'space') ? matchEmphasisLabel(text, emphasis) : undefined;
  const candidate = emphasised ?? written;
  if (candidate?.style !== 'bare') return candidate;
  const next = lines[i + 1];
  // A name over the turn with its recording timestamp (`山田 00:01:23`) is a heading as sure as `山田：`.
  if (stamped && next) return { ...candidate, style: 'own-line' };
  // A name alone on a line labels the next line only if there is one and it is not a label too;
  // the first line is the headline's, never a label.
  if (i === 0 || !next || below) return undefined;
  return candidate;
}
