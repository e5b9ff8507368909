/** The sentence-level nothing-lost proof shared by the import-style tests. */
import { expect } from 'vitest';
import type { ImportResult } from '../../../src/import/index.js';
import { readMarkdown } from '../import/helpers.js';

/**
 * Every sentence of the transcript is in the manuscript body, a heading, or the account of what
 * was moved to the front matter or left out — checked without the importer's own line logic:
 * each line, minus the label spans the account names, split at 。？！, must be found.
 */
export function expectEverySentenceKept(transcript: string, result: ImportResult): void {
  const fold = (text: string) => text.normalize('NFKC').replace(/\s+/gu, '');
  const md = readMarkdown(result.markdown);
  const kept = fold([...md.paragraphs.map((p) => p.text), ...md.headings].join('\n'));
  const { dropped, moved, labels, headings } = result.account;
  const elsewhere = [...dropped, ...moved].map((entry) => fold(entry.text));
  const lines = transcript.replace(/^\ufeff/u, '').split(/\r\n|\r|\n/u);
  lines.forEach((raw, index) => {
    let text = raw;
    // Labels are replaced by the printed label; a heading line by its heading text.
    for (const label of labels.filter((l) => l.line === index + 1 && l.text !== '').sort((a, b) => b.column - a.column)) {
      text = text.slice(0, label.column - 1) + ' '.repeat(label.text.length) + text.slice(label.column - 1 + label.text.length);
    }
    const heading = headings.find((h) => h.line === index + 1);
    if (heading) text = heading.heading;
    for (const sentence of text.split(/(?<=[。？！?!])/u).map(fold).filter(Boolean)) {
      const found = kept.includes(sentence) || elsewhere.some((e) => e.includes(sentence) || sentence.includes(e));
      expect(found, `line ${index + 1}: 「${sentence}」 is neither in the manuscript nor accounted for`).toBe(true);
    }
  });
}
