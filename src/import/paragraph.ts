/** A transcript span → manuscript paragraph text: brackets checked, punctuation normalised, both at transcript positions. */
import { checkBrackets } from '../core/brackets.js';
import type { ImportContext, SourceParagraph } from './model.js';
import { normalizePunctuation } from './normalize.js';

/** Reads `raw` (starting at `line`:`column` of the transcript) as paragraph text, accounting for every replacement. */
export function readParagraph(raw: string, line: number, column: number, context: ImportContext): SourceParagraph {
  checkBrackets(raw, context.file, { line, column });
  const { text, replacements } = normalizePunctuation(raw);
  for (const r of replacements) context.account.normalized.push({ line, column: column + r.index, from: r.from, to: r.to });
  return { text, line, column };
}
