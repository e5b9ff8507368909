/**
 * A label used once (`佐藤：…` among recurring labels) is a turn when the header introduces that
 * person (佐藤花子さん, a participants line); otherwise it stays text and is reported.
 * Whole transcripts: test/fixtures/import-styles/one-off-*.txt.
 */
import { describe, expect, it } from 'vitest';
import { importTranscript } from '../../../src/import/index.js';
import { readMarkdown } from '../import/helpers.js';

const turns = ['編集部：出会いは？', '山本：市場です。', '編集部：違いは？', '山本：香りです。'];
const run = (lines: string[]) => {
  const result = importTranscript(Buffer.from(lines.join('\n')), { path: 'x.txt', today: '2026-01-01' });
  return { result, labels: readMarkdown(result.markdown).paragraphs.filter((p) => p.label).map((p) => p.label) };
};

describe('a label used once', () => {
  it('is a turn when the lead introduces the person with an honorific or a title', () => {
    for (const lead of ['農家の佐藤花子さんに聞いた。', '佐藤教授も同席した。', '佐藤氏を迎えて。']) {
      const { labels } = run(['対話', lead, ...turns, '佐藤：ありがとうございます。', '編集部：最後に。', '山本：どうも。']);
      expect(labels, lead).toContain('佐藤');
    }
  });

  it('stays text when the header does not introduce the person, or names it in passing', () => {
    for (const lead of ['山本さんに聞いた。', '佐藤のことは後で書く。', '写真：佐藤']) {
      const { result, labels } = run(['対話', lead, ...turns, '佐藤：ありがとうございます。', '編集部：最後に。', '山本：どうも。']);
      expect(labels, lead).not.toContain('佐藤');
      expect(result.file.messages.map((m) => m.ruleId), lead).toContain('one-off-label');
    }
  });

  it('is never a one-character label or one of the header lines itself', () => {
    const { labels } = run(['対話', '注記さんと山本さん。', ...turns, '注：以下は抄録です。', '編集部：最後に。', '山本：どうも。']);
    expect(labels).not.toContain('注');
  });
});
