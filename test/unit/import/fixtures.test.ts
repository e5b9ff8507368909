/**
 * Fixture pairs: test/fixtures/import/NAME.txt → NAME.md, with the expected diagnostics in
 * NAME.diagnostics as `line:col: reason` lines. `UPDATE_FIXTURES=1` rewrites the expectations
 * (review the diff before committing it).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importTranscript } from '../../../src/import/index.js';
import { parseManuscript, isTurn } from '../../../src/manuscript/parse.js';
import { expectedBody, readMarkdown } from './helpers.js';

const dir = new URL('../../fixtures/import/', import.meta.url);
const names = readdirSync(dir)
  .filter((name) => name.endsWith('.txt'))
  .map((name) => name.slice(0, -4));
const update = process.env.UPDATE_FIXTURES === '1';

describe('import fixtures', () => {
  it('has fixtures', () => expect(names.length).toBeGreaterThanOrEqual(7));

  for (const name of names) {
    describe(name, () => {
      const input = readFileSync(new URL(`${name}.txt`, dir));
      const result = importTranscript(input, { path: `${name}.txt`, today: '2026-01-01' });
      const diagnostics = result.file.messages.map((m) => `${m.line}:${m.column}: ${m.reason}\n`).join('');
      const mdFile = new URL(`${name}.md`, dir);
      const diagnosticsFile = new URL(`${name}.diagnostics`, dir);
      if (update) {
        writeFileSync(mdFile, result.markdown);
        writeFileSync(diagnosticsFile, diagnostics);
      }

      it('gives the expected Markdown', () => {
        expect(existsSync(mdFile)).toBe(true);
        expect(result.markdown).toBe(readFileSync(mdFile, 'utf8'));
      });

      it('gives the expected diagnostics', () => {
        expect(diagnostics).toBe(existsSync(diagnosticsFile) ? readFileSync(diagnosticsFile, 'utf8') : '');
      });

      it('loses no character of the transcript', () => {
        const { paragraphs } = expectedBody(input.toString('utf8'), result.account);
        expect(readMarkdown(result.markdown).paragraphs.map((p) => p.text)).toEqual(paragraphs);
      });

      it('is a manuscript the reader accepts, with the same questions and turns', () => {
        const book = parseManuscript(result.markdown, `${name}.md`);
        expect(book.file.messages.filter((m) => m.fatal)).toEqual([]);
        expect(book.questions).toHaveLength(result.stats.questions);
        const turns = book.questions.reduce((n, q) => n + q.blocks.filter(isTurn).length, 0);
        const leadTurns = book.file.messages.filter((m) => m.ruleId === 'turn-in-lead').length;
        expect(turns + leadTurns).toBe(result.stats.turns);
      });
    });
  }
});
