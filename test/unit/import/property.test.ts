/** Random transcripts: the importer either refuses cleanly or produces a valid manuscript that loses nothing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KumihanError } from '../../../src/core/errors.js';
import { importTranscript } from '../../../src/import/index.js';
import { parseManuscript } from '../../../src/manuscript/parse.js';
import { expectedBody, readMarkdown } from './helpers.js';

const askLabel = fc.constantFrom('質問', 'Q.', 'Ｑ', '記者', '――');
const answerLabel = fc.constantFrom('山田', '山田太郎', 'A・ヤマダ', 'Ａ', '注');
const colon = fc.constantFrom(':', '：', ': ', ' ： ', ':\n', '\n', '');
const text = fc.string({ unit: fc.constantFrom(...'あいう漢字カナ、。「」（）()?!:*_#<>[]` 10AZ-'.split('')), maxLength: 30 });
const noise = fc.constantFrom('見出し画像', '17.05.2023 10:15', '939-17-05-2023', '【翻訳】2023年5月17日、東京の新聞で対談', 'この記事が気に入ったらサポートをしてみませんか?');
const turn = (label: fc.Arbitrary<string>) =>
  fc.tuple(label, colon, text, fc.array(fc.oneof(text, noise), { maxLength: 2 })).map(([l, c, t, more]) => [`${l}${c}${t}`, ...more]);
const transcript = fc
  .tuple(fc.array(fc.oneof(text, noise), { maxLength: 4 }), fc.array(fc.tuple(turn(askLabel), turn(answerLabel)), { maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\n\n', '\r'))
  .map(([header, turns, eol]) => [...header, ...turns.flat(2)].join(eol));

let refused = 0;
describe('importTranscript on random transcripts', () => {
  it('refuses with a KumihanError or loses nothing and yields a manuscript the reader accepts', () => {
    fc.assert(
      fc.property(transcript, (input) => {
        let result;
        try {
          result = importTranscript(new TextEncoder().encode(input), { path: 'r.txt', today: '2026-01-01' });
        } catch (error) {
          expect(error).toBeInstanceOf(KumihanError);
          refused++;
          return;
        }
        const { paragraphs } = expectedBody(input, result.account);
        expect(readMarkdown(result.markdown).paragraphs.map((p) => p.text)).toEqual(paragraphs);
        const book = parseManuscript(result.markdown, 'r.md');
        expect(book.file.messages.filter((m) => m.fatal).map((m) => m.reason)).toEqual([]);
        expect(book.questions).toHaveLength(result.stats.questions);
      }),
      { numRuns: Number(process.env.RUNS ?? 300) },
    );
    // The property is only worth something if most random transcripts are imported, not refused.
    expect(refused).toBeLessThan(Number(process.env.RUNS ?? 300) / 2);
  });
});
