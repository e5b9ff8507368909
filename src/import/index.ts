/**
 * Importer: raw interview transcript → structured manuscript Markdown.
 *
 * Reads top to bottom as the pipeline: decode → lines → drop boilerplate → speakers → header
 * (headline, metadata, lead) → turns and questions → front matter → Markdown. Pure: bytes in,
 * text and diagnostics out; the CLI reads and writes files.
 */
import { VFile } from 'vfile';
import { limitMessages } from '../core/errors.js';
import { interruptible, interruptibleStage } from '../core/interrupt.js';
import { printable } from '../core/text.js';
import { decodeTranscript } from './decode.js';
import { readSource, type TranscriptSource } from './sources.js';
import { buildFrontMatter, localToday } from './front-matter.js';
import { readHeader } from './header.js';
import type { RoleOverride, SpeakerInfo } from './speaker-clustering.js';
import { matchBoilerplate, splitLines, type SourceLine } from './lines.js';
import type { ImportAccount, ImportContext } from './model.js';
import { findSpeakers, type Speakers } from './speakers.js';
import { dropTimestamps, RECORDING_TIMESTAMP, timestampSummary } from './timestamps.js';
import { HEADER_IMAGE, toMarkdown } from './to-markdown.js';
import { findPartLines, readTurns } from './turns.js';

export type { ImportAccount } from './model.js';

/** Options of `importTranscript`. */
export interface ImportOptions {
  /** Transcript path: names the file in diagnostics and `source.file`. */
  path: string;
  /** Date of the first edition, YYYY-MM-DD (default: today, local time). */
  today?: string;
  /** Roles fixed by the user (`--speaker 'ラ=interviewee'`). */
  speakers?: readonly RoleOverride[];
}

/** What `importTranscript` produces. */
export interface ImportResult {
  markdown: string;
  /** The transcript as a vfile; its messages are the diagnostics, at transcript positions. */
  file: VFile;
  /** `parts` only for a book with parts. */
  stats: { questions: number; turns: number; speakers: number; parts?: number };
  account: ImportAccount;
  encoding: TranscriptSource['encoding'];
  speakers: SpeakerInfo[];
  /** Label candidates kept as text, with the reason (for `--verbose`). */
  rejectedLabels: Speakers['rejected'];
  /** Text of a web page outside its article, left out (for `--verbose`). */
  removedFromPage: string[];
  /** Notes of the library that read a Word document. */
  notes: string[];
}

/** Turns a transcript of any supported kind (text, Word .docx, web page .html) into manuscript Markdown. */
export async function importSource(input: Uint8Array, options: ImportOptions): Promise<ImportResult> {
  const source = await readSource(input, options.path);
  return interruptibleStage(() => importText(source, options));
}

/** Turns transcript bytes (text) into manuscript Markdown, with diagnostics and an account of what was not copied verbatim. */
export function importTranscript(input: Uint8Array, options: ImportOptions): ImportResult {
  return interruptible(() => {
    const { text, encoding } = decodeTranscript(input, options.path);
    return importText({ text, encoding, emphasis: new Map(), cues: new Map(), removed: [], notes: [] }, options);
  });
}

/** Page text left out beyond which the front matter only counts (`--verbose` lists it all). */
const REMOVED_LISTED = 50;

function importText(source: TranscriptSource, options: ImportOptions): ImportResult {
  const { text, encoding } = source;
  const file = limitMessages(new VFile({ path: options.path, value: text }));
  const context: ImportContext = {
    file,
    account: { dropped: [], moved: [], labels: [], headings: [], normalized: [] },
    warn: (reason, place, ruleId) => void file.message(reason, { place, ruleId, source: 'kumihan-import' }),
  };

  const lines = dropTimestamps(dropBoilerplate(withMarkup(splitLines(text), source), context), context);
  const found = findSpeakers(lines, context, options.path, options.speakers);
  const partLines = findPartLines(lines, found);
  // The body starts at the first turn or part heading (an opening statement may come unlabelled).
  const firstTurn = lines.findIndex((_, i) => found.labelAt(i) !== undefined || partLines.has(i));
  const header = readHeader(lines.slice(0, firstTurn), context);
  const body = readTurns(lines, firstTurn, found, partLines, context);
  const lead = [...header.lead, ...body.lead];
  // Nothing is silently lost: the front matter lists each platform line left out by its kind (its
  // text stays out of the manuscript; --verbose shows it) and page text outside the article by its text.
  const removed = [
    ...context.account.dropped.filter((d) => d.column === 1 && matchBoilerplate(d.text)).map((d) => ({ reason: d.reason, text: d.text, line: d.line })),
    ...timestampSummary(context.account.dropped.filter((d) => d.reason === RECORDING_TIMESTAMP)),
    ...source.removed.slice(0, REMOVED_LISTED).map((text) => ({ text, reason: 'outside the article (navigation, comments, share buttons)' })),
    ...(source.removed.length > REMOVED_LISTED ? [{ text: '…', reason: `${source.removed.length - REMOVED_LISTED} more blocks outside the article (kumihan import --verbose lists them)` }] : []),
  ];
  const frontMatter = buildFrontMatter({
    facts: header.facts,
    headline: header.headline,
    lead,
    speakers: found.speakers,
    removed,
    format: encoding === 'docx' || encoding === 'html' ? encoding : undefined,
    path: options.path,
    today: options.today ?? localToday(),
  });
  if (!header.headline) context.warn(`no headline before the first turn; the title is set to 「${printable(String(frontMatter.title))}」`, { line: 1, column: 1 }, 'no-title');

  const { account } = context;
  for (const list of Object.values(account) as { line: number; column: number }[][]) list.sort(byPosition);
  file.messages.sort((a, b) => byPosition({ line: a.line ?? 0, column: a.column ?? 0 }, { line: b.line ?? 0, column: b.column ?? 0 }));
  const questions = [...body.questions, ...body.parts.flatMap((part) => part.questions)];
  const turns = body.leadTurns.length + body.parts.reduce((n, part) => n + part.turns.length, 0) + questions.reduce((n, q) => n + q.turns.length, 0);
  return {
    markdown: toMarkdown(
      { frontMatter, lead, leadTurns: body.leadTurns, questions: body.questions, parts: body.parts },
      { headerImage: account.dropped.some((line) => line.text === HEADER_IMAGE) },
    ),
    file,
    stats: { questions: questions.length, turns, speakers: found.speakers.length, ...(body.parts.length ? { parts: body.parts.length } : {}) },
    account,
    encoding,
    speakers: found.speakers,
    rejectedLabels: found.rejected,
    removedFromPage: source.removed,
    notes: source.notes,
  };
}

/**
 * The lines with what a Word or HTML source's markup says of them: the bold run that opens each,
 * and its cue. A term (`<dt>`, a name's cell or block) is set off whole, as a bold name is.
 */
function withMarkup(lines: SourceLine[], source: TranscriptSource): SourceLine[] {
  if (source.emphasis.size === 0 && source.cues.size === 0) return lines;
  return lines.map((line) => {
    const cue = source.cues.get(line.line);
    const emphasis = cue === 'term' ? line.text.length : source.emphasis.get(line.line);
    return { ...line, ...(emphasis !== undefined ? { emphasis } : {}), ...(cue ? { cue } : {}) };
  });
}

/** Leaves out platform boilerplate lines, accounting for each. */
function dropBoilerplate(lines: SourceLine[], context: ImportContext): SourceLine[] {
  return lines.filter((line) => {
    const boilerplate = matchBoilerplate(line.text);
    if (boilerplate) context.account.dropped.push({ line: line.line, column: line.column, text: line.text, reason: boilerplate.reason });
    return !boilerplate;
  });
}

function byPosition(a: { line: number; column: number }, b: { line: number; column: number }): number {
  return a.line - b.line || a.column - b.column;
}
