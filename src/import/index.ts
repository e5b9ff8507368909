/**
 * Importer: raw interview transcript → structured manuscript Markdown.
 *
 * Reads top to bottom as the pipeline: decode → lines → drop boilerplate → speakers → header
 * (headline, metadata, lead) → turns and questions → front matter → Markdown. Pure: bytes in,
 * text and diagnostics out; the CLI reads and writes files.
 */
import { VFile } from 'vfile';
import { decodeTranscript, type TranscriptEncoding } from './decode.js';
import { buildFrontMatter, localToday } from './front-matter.js';
import { readHeader } from './header.js';
import type { SpeakerInfo } from './labels.js';
import { matchBoilerplate, splitLines, type SourceLine } from './lines.js';
import type { ImportAccount, ImportContext } from './model.js';
import { findSpeakers } from './speakers.js';
import { HEADER_IMAGE, toMarkdown } from './to-markdown.js';
import { readTurns } from './turns.js';

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

/** Turns transcript bytes into manuscript Markdown, with diagnostics and an account of what was not copied verbatim. */
export function importTranscript(input: Uint8Array, options: ImportOptions): ImportResult {
  const { text, encoding } = decodeTranscript(input, options.path);
  const file = new VFile({ path: options.path, value: text });
  const context: ImportContext = {
    file,
    account: { dropped: [], moved: [], labels: [], normalized: [] },
    warn: (reason, place, ruleId) => void file.message(reason, { place, ruleId, source: 'kumihan-import' }),
  };

  const lines = dropBoilerplate(splitLines(text), context);
  const found = findSpeakers(lines, context, options.path);
  const firstTurn = lines.findIndex((_, i) => found.labelAt(i) !== undefined);
  const header = readHeader(lines.slice(0, firstTurn), context);
  const body = readTurns(lines, firstTurn, found, context);
  const lead = [...header.lead, ...body.lead];
  const frontMatter = buildFrontMatter({ facts: header.facts, headline: header.headline, lead, speakers: found.speakers, path: options.path, today: options.today ?? localToday() });
  if (!header.headline) context.warn(`no headline before the first turn; the title is set to 「${String(frontMatter.title)}」`, { line: 1, column: 1 }, 'no-title');

  const { account } = context;
  for (const list of Object.values(account) as { line: number; column: number }[][]) list.sort(byPosition);
  file.messages.sort((a, b) => byPosition({ line: a.line ?? 0, column: a.column ?? 0 }, { line: b.line ?? 0, column: b.column ?? 0 }));
  const turns = body.leadTurns.length + body.questions.reduce((n, q) => n + q.turns.length, 0);
  return {
    markdown: toMarkdown(
      { frontMatter, lead, leadTurns: body.leadTurns, questions: body.questions },
      { headerImage: account.dropped.some((line) => line.text === HEADER_IMAGE) },
    ),
    file,
    stats: { questions: body.questions.length, turns, speakers: found.speakers.length },
    account,
    encoding,
    speakers: found.speakers,
  };
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
