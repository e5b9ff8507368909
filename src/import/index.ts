/**
 * Importer: raw interview transcript → structured manuscript Markdown.
 *
 * Reads top to bottom as the pipeline: decode → lines → drop boilerplate → find labels and
 * speakers → header (title, metadata, lead) → turns and questions → normalise, check → Markdown.
 * Pure: bytes in, text and diagnostics out; the CLI reads and writes files.
 */
import path from 'node:path';
import { VFile } from 'vfile';
import * as v from 'valibot';
import { FrontMatterSchema } from '../config/schema.js';
import { KumihanError } from '../core/errors.js';
import { checkBrackets } from './brackets.js';
import { decodeTranscript, type TranscriptEncoding } from './decode.js';
import { findInterviewDate, findOutletAndPlace, localToday, splitHeadline } from './front-matter.js';
import { identifySpeakers, matchLabel, type LabelCandidate, type LabelUse, type SpeakerInfo } from './labels.js';
import { matchBoilerplate, matchDocumentNumber, matchTimestamp, splitLines, type SourceLine } from './lines.js';
import type { ImportAccount, ImportedDocument, ImportedQuestion, ImportedTurn, SourceParagraph } from './model.js';
import { normalizePunctuation } from './normalize.js';
import { questionTitle } from './title.js';
import { toMarkdown } from './to-markdown.js';

export type { ImportAccount } from './model.js';
export { checkBrackets } from './brackets.js';
export { shortenAtPhrase } from './title.js';

/** Options of `importTranscript`. */
export interface ImportOptions {
  /** Transcript path: names the file in diagnostics and `source.file`. */
  path: string;
  /** Date of the first edition, YYYY-MM-DD (default: today, local time). */
  today?: string;
}

/** What `importTranscript` produces. */
export interface ImportResult {
  markdown: string;
  /** The transcript as a vfile; its messages are the diagnostics, at transcript positions. */
  file: VFile;
  stats: { questions: number; turns: number; speakers: number };
  account: ImportAccount;
  encoding: TranscriptEncoding;
  speakers: SpeakerInfo[];
}

const SOURCE = 'kumihan-import';
// Headings carry a short title; editors rewrite it freely.
const TITLE_LENGTH = 20;

/** Turns transcript bytes into manuscript Markdown, with diagnostics and an account of what was not copied verbatim. */
export function importTranscript(input: Uint8Array, options: ImportOptions): ImportResult {
  const { text, encoding } = decodeTranscript(input, options.path);
  const file = new VFile({ path: options.path, value: text });
  const account: ImportAccount = { dropped: [], moved: [], labels: [], normalized: [] };
  const warn = (reason: string, place: { line: number; column: number }, ruleId: string) =>
    file.message(reason, { place, ruleId, source: SOURCE });

  const lines: SourceLine[] = [];
  for (const line of splitLines(text)) {
    const boilerplate = matchBoilerplate(line.text);
    if (boilerplate) account.dropped.push({ line: line.line, column: line.column, text: line.text, reason: boilerplate.reason });
    else lines.push(line);
  }

  // Labels and speakers.
  const candidates = lines.map((line, i) => labelCandidate(lines, i));
  const uses: LabelUse[] = [];
  candidates.forEach((candidate, i) => {
    if (!candidate) return;
    const line = lines[i]!;
    const said = candidate.rest || (candidate.style === 'own-line' || candidate.style === 'bare' ? (lines[i + 1]?.text ?? '') : '');
    uses.push({ label: candidate.label, style: candidate.style, line: line.line, column: line.column, text: said });
  });
  const analysis = identifySpeakers(uses);
  const refuse = (why: string): never => {
    throw new KumihanError(`${why}; nothing written`, { file: options.path });
  };
  if (analysis.speakers.length === 0) {
    refuse('no speaker labels found: expected turns such as 「質問：…」, 「Ｑ：…」 or 「山田：…」 (a short name, then a colon, at the start of a line)');
  }
  const dashStyle = analysis.speakers.some((s) => s.role === 'interviewer' && s.aliases.every((a) => /^[―—─－ー]+$/.test(a)));
  if (analysis.speakers.length === 1 && !dashStyle) {
    refuse(`only one speaker label found (「${analysis.speakers[0]!.aliases.join('」「')}」): an interview needs two speakers`);
  }
  const speakers = analysis.speakers;
  if (dashStyle && !speakers.some((s) => s.role === 'interviewee')) {
    // `――question` followed by unlabelled answers: the answerer is never named, so give them a placeholder label.
    speakers.push({ id: 'interviewee', label: '回答', role: 'interviewee', aliases: [], uses: 0, personal: false });
    warn('the answers carry no speaker label; they are set as 「回答」: put the interviewee’s name in the front matter', { line: 1, column: 1 }, 'unlabelled-answers');
  }
  for (const { use, reason, report } of analysis.rejected) if (report) warn(reason, use, 'one-off-label');
  for (const speaker of speakers.filter((s) => s.role === 'other')) {
    const first = uses.find((u) => analysis.byVariant.get(u.label) === speaker)!;
    warn(`speaker 「${speaker.aliases.join('」「')}」 is neither the interviewer nor the interviewee (${speaker.uses} turns); check the label`, first, 'unknown-speaker');
  }
  if (analysis.guessedInterviewer) {
    const first = uses.find((u) => analysis.byVariant.get(u.label) === analysis.guessedInterviewer)!;
    warn(`could not tell who asks the questions; assuming 「${analysis.guessedInterviewer.label}」, who speaks first`, first, 'interviewer-guess');
  }
  const acceptedAt = (i: number): LabelCandidate | undefined => {
    const candidate = candidates[i];
    return candidate && analysis.byVariant.has(candidate.label) ? candidate : undefined;
  };

  // Header: everything before the first turn is headline, metadata or lead.
  const firstTurn = lines.findIndex((_, i) => acceptedAt(i) !== undefined);
  const header = lines.slice(0, firstTurn);
  const meta: { title?: string; subtitle?: string; date?: string; timestamp?: string; document?: string } = {};
  const lead: SourceParagraph[] = [];
  let headline: SourceLine | undefined;
  let seenText = false;
  for (const line of header) {
    const timestamp = matchTimestamp(line.text);
    if (timestamp && !meta.timestamp) {
      meta.timestamp = line.text;
      meta.date ??= timestamp.date;
      account.moved.push({ line: line.line, column: line.column, text: line.text, to: 'source.timestamp' });
    } else if (!meta.document && matchDocumentNumber(line.text)) {
      meta.document = line.text;
      account.moved.push({ line: line.line, column: line.column, text: line.text, to: 'source.document' });
    } else if (!seenText && line.text.length <= 100 && !/[。．]/.test(line.text)) {
      // The headline is the first text line, unless it reads as a sentence (then it is lead).
      headline = line;
      seenText = true;
      const parts = takeHeadline(line, account, file);
      // The headline's date wins over a wire timestamp: it is the interview's, not the dispatch's.
      Object.assign(meta, parts);
    } else {
      seenText = true;
      lead.push(paragraph(line.text, line.line, line.column, account, file));
    }
  }

  // Turns and questions.
  const leadTurns: ImportedTurn[] = [];
  const questions: ImportedQuestion[] = [];
  const interviewee = speakers.find((s) => s.role === 'interviewee');
  let turn: ImportedTurn | undefined;
  let turnIsDash = false;
  const startTurn = (speaker: SpeakerInfo, first: SourceParagraph) => {
    turn = { speaker, paragraphs: [first] };
    if (speaker.role === 'interviewer') {
      // A question of bare punctuation (「……？」) still needs a heading; number it instead.
      const title = questionTitle(first.text, TITLE_LENGTH);
      questions.push({ title: /[\p{L}\p{N}]/u.test(title) ? title : `${speaker.label}${questions.length + 1}`, turns: [turn] });
    }
    else if (questions.length > 0) questions.at(-1)!.turns.push(turn);
    else {
      leadTurns.push(turn);
      warn(`「${speaker.label}」 speaks before the first question; the turn is set in the lead`, first, 'turn-before-question');
    }
  };
  for (let i = Math.max(firstTurn, 0); i < lines.length; i++) {
    const line = lines[i]!;
    const candidate = acceptedAt(i);
    if (!candidate) {
      const body = paragraph(line.text, line.line, line.column, account, file);
      if (turnIsDash && interviewee) {
        // The label is implied, not written: account for it as an empty span so the manuscript's added label is explained.
        account.labels.push({ line: line.line, column: line.column, text: '', label: interviewee.label, speaker: interviewee.id });
        startTurn(interviewee, body);
        turnIsDash = false;
      } else if (turn) turn.paragraphs.push(body);
      else lead.push(body);
      continue;
    }
    const speaker = analysis.byVariant.get(candidate.label)!;
    account.labels.push({ line: line.line, column: line.column, text: candidate.marker, label: speaker.label, speaker: speaker.id });
    let body: SourceParagraph;
    if (candidate.style === 'colon' || candidate.style === 'dash') {
      body = paragraph(candidate.rest, line.line, line.column + candidate.marker.length, account, file);
    } else {
      const next = lines[i + 1];
      if (!next || acceptedAt(i + 1)) {
        warn(`empty turn: 「${candidate.label}」 is followed by no text`, line, 'empty-turn');
        continue;
      }
      body = paragraph(next.text, next.line, next.column, account, file);
      i++;
    }
    startTurn(speaker, body);
    turnIsDash = candidate.style === 'dash';
  }

  const frontMatter = buildFrontMatter({ meta, headline, lead, speakers, path: options.path, today: options.today ?? localToday() });
  if (!headline) warn(`no headline before the first turn; the title is set to 「${frontMatter.title as string}」`, { line: 1, column: 1 }, 'no-title');
  const doc: ImportedDocument = { frontMatter, lead, leadTurns, questions };

  const byPosition = (a: { line: number; column: number }, b: { line: number; column: number }) => a.line - b.line || a.column - b.column;
  for (const list of Object.values(account)) list.sort(byPosition);
  file.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const turns = leadTurns.length + questions.reduce((n, q) => n + q.turns.length, 0);
  return {
    markdown: toMarkdown(doc),
    file,
    stats: { questions: questions.length, turns, speakers: speakers.length },
    account,
    encoding,
    speakers,
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

/** A body paragraph: punctuation normalised (and accounted for), brackets checked at transcript positions. */
function paragraph(raw: string, line: number, column: number, account: ImportAccount, file: VFile): SourceParagraph {
  checkBrackets(raw, file, { line, column });
  const { text, replacements } = normalizePunctuation(raw);
  for (const r of replacements) account.normalized.push({ line, column: column + r.index, from: r.from, to: r.to });
  return { text, line, column };
}

/** Splits the headline line into front-matter fields, accounting for each part. */
function takeHeadline(line: SourceLine, account: ImportAccount, file: VFile): { title: string; subtitle?: string; date?: string } {
  const parts = splitHeadline(line.text);
  const at = (index: number) => ({ line: line.line, column: line.column + index });
  if (parts.prefix) account.dropped.push({ ...at(parts.prefix.index), text: parts.prefix.text, reason: 'platform tag in the headline' });
  if (parts.date) account.moved.push({ ...at(parts.date.index), text: parts.date.text, to: 'date' });
  if (parts.separator) account.dropped.push({ ...at(parts.separator.index), text: parts.separator.text, reason: 'title/subtitle separator' });
  const field = (part: { text: string; index: number }, to: string) => {
    account.moved.push({ ...at(part.index), text: part.text, to });
    checkBrackets(part.text, file, at(part.index));
    const { text, replacements } = normalizePunctuation(part.text);
    for (const r of replacements) account.normalized.push({ ...at(part.index + r.index), from: r.from, to: r.to });
    return text;
  };
  return {
    title: field(parts.title, 'title'),
    ...(parts.subtitle ? { subtitle: field(parts.subtitle, 'subtitle') } : {}),
    ...(parts.date ? { date: parts.date.value } : {}),
  };
}

/** Assembles and validates the front matter; optional fields are left out when nothing states them. */
function buildFrontMatter(input: {
  meta: { title?: string; subtitle?: string; date?: string; timestamp?: string; document?: string };
  headline: SourceLine | undefined;
  lead: SourceParagraph[];
  speakers: SpeakerInfo[];
  path: string;
  today: string;
}): Record<string, unknown> {
  const { meta, headline, lead, speakers } = input;
  const interviewee = speakers.find((s) => s.role === 'interviewee');
  const intervieweeName = interviewee?.personal ? (interviewee.name ?? interviewee.label) : undefined;
  const texts = [headline?.text ?? '', ...lead.map((p) => p.text)];
  const { outlet, place } = texts.map(findOutletAndPlace).find((found) => found.outlet) ?? {};
  const title = meta.title || (intervieweeName ? `${intervieweeName}インタビュー` : path.parse(input.path).name);
  const frontMatter: Record<string, unknown> = {
    title,
    ...(meta.subtitle ? { subtitle: meta.subtitle } : {}),
    ...(outlet ? { outlet } : {}),
    ...((meta.date ?? findInterviewDate(texts)) ? { date: meta.date ?? findInterviewDate(texts) } : {}),
    ...(place ? { place } : {}),
    lang: 'ja',
    ...(intervieweeName ? { interviewee: intervieweeName } : {}),
    source: {
      ...(meta.timestamp ? { timestamp: meta.timestamp } : {}),
      ...(meta.document ? { document: meta.document } : {}),
      file: path.basename(input.path),
    },
    speakers: speakers.map((s) => ({
      id: s.id,
      label: s.label,
      ...(s.name ? { name: s.name } : {}),
      role: s.role,
      aliases: s.aliases,
    })),
    editions: [{ edition: '初版第1刷', date: input.today, note: '初版' }],
  };
  const checked = v.safeParse(FrontMatterSchema, frontMatter);
  if (!checked.success) {
    const issue = checked.issues[0];
    if (issue.path?.some((p) => p.key === 'editions')) throw new KumihanError(`the edition date must be YYYY-MM-DD, not ${JSON.stringify(input.today)}`);
    throw new Error(`importer produced invalid front matter: ${issue.message}`);
  }
  return frontMatter;
}
