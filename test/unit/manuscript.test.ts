import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManuscript, isTurn } from '../../src/manuscript/parse.js';
import { renderBook, partsRoot } from '../../src/render/parts.js';
import { serialize } from '../../src/render/serialize.js';
import { formatMessage } from '../../src/core/errors.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/manuscript/${name}`, import.meta.url), 'utf8');
const messages = (text: string) => parseManuscript(text, 'm.md').file.messages.map((m) => formatMessage(m));

describe('parseManuscript', () => {
  it('reads front matter, lead, questions and turns with their speakers', () => {
    const book = parseManuscript(fixture('small.md'), 'small.md');
    expect(book.meta.title).toBe('小さな対話');
    expect(book.meta.editions.map((e) => e.edition)).toEqual(['初版第1刷', '初版第2刷']);
    expect(book.lead).toHaveLength(1);
    expect(book.questions.map((q) => [q.id, q.title])).toEqual([['q1', '最初の問い'], ['q2', '二つ目の問い']]);
    const turns = book.questions.map((q) => q.blocks.filter(isTurn).map((t) => [t.speaker.id, t.paragraphs.length]));
    expect(turns).toEqual([[['interviewer', 1], ['yamada', 2]], [['interviewer', 1], ['yamada', 1]]]);
  });

  it('keeps raw HTML as text, with a warning at its position', () => {
    const book = parseManuscript(fixture('small.md'), 'small.md');
    const html = serialize(partsRoot(renderBook(book)), 'html');
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script>');
    expect(html).not.toContain('<script>');
    expect(book.file.messages.map((m) => `${m.line}:${m.column}: ${m.reason}`)).toContain('35:9: raw HTML is set as text, not markup');
  });

  it('renders a turn with its speaker label set off', () => {
    const book = parseManuscript(fixture('small.md'), 'small.md');
    const xhtml = serialize(renderBook(book).questions[0]!, 'xhtml');
    expect(xhtml).toContain('<div class="turn" data-speaker="interviewer" data-role="interviewer"><p><span class="speaker wrap-phrase">質問</span>　最初の質問です。');
  });

  it('reports an unknown label, a heading without turns and bad front matter with line:col', () => {
    const text = fixture('small.md').replace('**Q.**：二つ目', '**記者**：二つ目').replace('## 最初の問い', '## 最初の問い\n\n## 空の問い');
    expect(messages(text)).toEqual(
      expect.arrayContaining([
        'm.md:41:1: error: unknown speaker label “記者”: add it to a speaker\'s aliases in the front matter (kumihan-manuscript:unknown-speaker)',
        'm.md:29:1: error: question “最初の問い” has no speaker turns (kumihan-manuscript:empty-question)',
      ]),
    );
    expect(messages(fixture('small.md').replace('date: 2023-05-17', 'date: 17.05.2023'))).toEqual([
      'm.md:5:7: error: front matter: date: a date must be written YYYY-MM-DD (kumihan-manuscript:front-matter-schema)',
    ]);
    expect(messages(fixture('small.md').replace('place: 東京', 'place: [東京'))[0]).toMatch(/^m\.md:[67]:\d+: error: front matter: /);
  });
});
