/**
 * The transcript header — the lines before the first turn: a headline (→ title, subtitle,
 * date), wire metadata (→ source.timestamp, source.document) and the lead paragraphs.
 */
import { splitHeadline, type HeaderFacts } from './front-matter.js';
import { isTranslationTag, matchDocumentNumber, matchTimestamp, type SourceLine } from './lines.js';
import type { ImportContext, SourceParagraph } from './model.js';
import { readParagraph } from './paragraph.js';

/** What the header holds. */
export interface Header {
  facts: HeaderFacts;
  /** The headline line, when there is one. */
  headline?: SourceLine;
  lead: SourceParagraph[];
}

// A headline is short and not a sentence; a first line with 。 is already the lead.
const isHeadline = (text: string) => text.length <= 100 && !/[。．]/.test(text);

/** Sorts header lines into headline, metadata and lead, moving (and accounting for) what goes to the front matter. */
export function readHeader(lines: readonly SourceLine[], context: ImportContext): Header {
  const facts: HeaderFacts = {};
  const lead: SourceParagraph[] = [];
  let headline: SourceLine | undefined;
  const move = (line: SourceLine, to: string) => context.account.moved.push({ line: line.line, column: line.column, text: line.text, to });
  for (const line of lines) {
    const timestamp = matchTimestamp(line.text);
    if (timestamp && !facts.timestamp) {
      facts.timestamp = line.text;
      facts.date ??= timestamp.date;
      move(line, 'source.timestamp');
    } else if (!facts.document && matchDocumentNumber(line.text)) {
      facts.document = line.text;
      move(line, 'source.document');
    } else if (!headline && lead.length === 0 && isHeadline(line.text)) {
      headline = line;
      // The headline's date wins over a wire timestamp: it is the interview's, not the dispatch's.
      Object.assign(facts, takeHeadline(line, context));
    } else {
      lead.push(readParagraph(line.text, line.line, line.column, context));
    }
  }
  return { facts, headline, lead };
}

/** Splits the headline into front-matter fields, accounting for each part. */
function takeHeadline(line: SourceLine, context: ImportContext): Pick<HeaderFacts, 'title' | 'subtitle' | 'date' | 'translation'> {
  const { account } = context;
  const parts = splitHeadline(line.text);
  const at = (index: number) => ({ line: line.line, column: line.column + index });
  const translation = parts.prefix !== undefined && isTranslationTag(parts.prefix.text);
  if (parts.prefix) account.dropped.push({ ...at(parts.prefix.index), text: parts.prefix.text, reason: translation ? 'platform tag in the headline (→ translation: true)' : 'platform tag in the headline' });
  if (parts.date) account.moved.push({ ...at(parts.date.index), text: parts.date.text, to: 'date' });
  if (parts.separator) account.dropped.push({ ...at(parts.separator.index), text: parts.separator.text, reason: 'title/subtitle separator' });
  const field = (part: { text: string; index: number }, to: string) => {
    account.moved.push({ ...at(part.index), text: part.text, to });
    const { line: l, column } = at(part.index);
    return readParagraph(part.text, l, column, context).text;
  };
  return {
    title: field(parts.title, 'title'),
    ...(parts.subtitle ? { subtitle: field(parts.subtitle, 'subtitle') } : {}),
    ...(parts.date ? { date: parts.date.value } : {}),
    ...(translation ? { translation } : {}),
  };
}
