/** The importer's intermediate document and its account of every transcript character it did not copy. */
import type { VFile } from 'vfile';
import type { SpeakerInfo } from './speaker-clustering.js';

/** A paragraph of the manuscript body: normalised text and where it came from in the transcript. */
export interface SourceParagraph {
  text: string;
  line: number;
  column: number;
}

/** One speaker turn: the first paragraph carries the label, the rest continue it. */
export interface ImportedTurn {
  speaker: SpeakerInfo;
  paragraphs: SourceParagraph[];
}

/** One question: the heading's short title and the turns up to the next question. */
export interface ImportedQuestion {
  title: string;
  turns: ImportedTurn[];
}

/**
 * One part (`#` heading): 冒頭発言, 質疑応答 or a topic. Its own paragraphs and turns come before
 * its first question (an opening statement is a part with turns and no question).
 */
export interface ImportedPart {
  title: string;
  /** Unlabelled paragraphs right after the heading (an opening statement printed without a label). */
  paragraphs: SourceParagraph[];
  turns: ImportedTurn[];
  questions: ImportedQuestion[];
  /** The heading is the importer's, not the transcript's (an opening statement with no heading of its own). */
  added?: boolean;
}

/** Everything the Markdown writer needs. */
export interface ImportedDocument {
  /** Front matter, already validated against FrontMatterSchema. */
  frontMatter: Record<string, unknown>;
  lead: SourceParagraph[];
  /** Turns before the first question (the interviewee speaking first); set in the lead. */
  leadTurns: ImportedTurn[];
  /** Questions before the first part (all of them in a book without parts). */
  questions: ImportedQuestion[];
  parts: ImportedPart[];
}

/** A transcript span left out of the body. */
export interface Dropped {
  line: number;
  column: number;
  text: string;
  reason: string;
}

/** A transcript span moved from the body into a front-matter field (`title`, `date`, `source.timestamp` …). */
export interface Moved {
  line: number;
  column: number;
  text: string;
  to: string;
}

/** A speaker label (with its colon and spaces) replaced by the speaker's printed label. */
export interface LabelUsed {
  line: number;
  column: number;
  text: string;
  label: string;
  speaker: string;
}

/** A transcript line that became a part heading (`◯日中関係` → `# 日中関係`). */
export interface HeadingUsed {
  line: number;
  column: number;
  /** The whole line as written, decoration included. */
  text: string;
  /** The heading text it became. */
  heading: string;
}

/** A half-width character replaced by its full-width form. */
export interface Normalized {
  line: number;
  column: number;
  from: string;
  to: string;
}

/**
 * What the importer did with transcript characters other than copying them: with it, every
 * non-space character of the transcript is either in the Markdown body or listed here.
 */
export interface ImportAccount {
  dropped: Dropped[];
  moved: Moved[];
  labels: LabelUsed[];
  headings: HeadingUsed[];
  normalized: Normalized[];
}

/** What every import step shares: the transcript vfile (for diagnostics) and the account. */
export interface ImportContext {
  file: VFile;
  account: ImportAccount;
  /** Reports a warning at a transcript position. */
  warn(reason: string, place: { line: number; column: number }, ruleId: string): void;
}
