/**
 * The label-style corpus: test/fixtures/import-styles/NAME.txt, transcripts written for these
 * tests in every label style (and mixtures), each with NAME.json (expected question and part
 * counts, speakers, front matter) and, generated and reviewed, NAME.md and NAME.diagnostics
 * (`UPDATE_FIXTURES=1` rewrites them). Every transcript must lose no sentence. NAME.html with a
 * NAME.json is a saved web page whose questions and speakers are in its markup, checked the same
 * way against the text its article was read as.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KumihanError } from '../../../src/core/errors.js';
import { importSource, importTranscript, type ImportResult } from '../../../src/import/index.js';
import { isTurn, parseManuscript } from '../../../src/manuscript/parse.js';
import { expectedBody, readMarkdown } from '../import/helpers.js';
import { expectEverySentenceKept } from './proof.js';

interface Expectation {
  questions?: number;
  parts?: number;
  partTitles?: string[];
  /** [role, printed label, outlet?] in order of appearance. */
  speakers?: [string, string, string?][];
  front?: Record<string, unknown>;
  /** Reasons listed under `removed:`, in order. */
  removed?: string[];
  /** Rule ids that must be among the diagnostics. */
  warnings?: string[];
  /** The import refuses with this message (start). */
  refuses?: string;
}

const dir = new URL('../../fixtures/import-styles/', import.meta.url);
const names = readdirSync(dir)
  .filter((name) => name.endsWith('.txt'))
  .map((name) => name.slice(0, -4));
// Saved web pages whose Q&A is in the markup (<dl>, bold or heading questions, classes): NAME.html with NAME.json.
const pages = readdirSync(dir)
  .filter((name) => name.endsWith('.html') && existsSync(new URL(`${name.slice(0, -5)}.json`, dir)))
  .map((name) => name.slice(0, -5));
const pageResults = new Map(
  await Promise.all(pages.map(async (name) => [name, await importSource(readFileSync(new URL(`${name}.html`, dir)), { path: `${name}.html`, today: '2026-01-01' })] as const)),
);
const update = process.env.UPDATE_FIXTURES === '1';

describe('the label-style corpus', () => {
  it('has at least ten transcripts and one expectation each', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of names) expect(existsSync(new URL(`${name}.json`, dir)), name).toBe(true);
  });

  for (const name of [...names, ...pages]) {
    describe(name, () => {
      const page = pageResults.get(name);
      const bytes = page ? undefined : readFileSync(new URL(`${name}.txt`, dir));
      const expected = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as Expectation;
      const run = () => page ?? importTranscript(bytes!, { path: `${name}.txt`, today: '2026-01-01' });

      if (expected.refuses) {
        it('refuses, naming the lines and the override', () => {
          expect(run).toThrow(KumihanError);
          expect(run).toThrow(expected.refuses);
          expect(run).toThrow(/--speaker '.+=interviewer'/u);
        });
        return;
      }

      const result = run();
      // The text the source was read as: a web page's article, one line per paragraph.
      const input = page ? String(result.file.value) : bytes!.toString('utf8');
      const md = readMarkdown(result.markdown);
      const mdFile = new URL(`${name}.md`, dir);
      const diagnosticsFile = new URL(`${name}.diagnostics`, dir);
      const diagnostics = result.file.messages.map((m) => `${m.line}:${m.column}: ${m.reason}\n`).join('');
      if (update) {
        writeFileSync(mdFile, result.markdown);
        writeFileSync(diagnosticsFile, diagnostics);
      }

      it('has the expected number of questions and parts', () => {
        expect(result.stats.questions).toBe(expected.questions);
        expect(result.stats.parts ?? 0).toBe(expected.parts);
        expect(md.headings).toHaveLength(expected.questions! + expected.parts!);
        if (expected.partTitles) {
          const book = parseManuscript(result.markdown, `${name}.md`);
          expect(book.parts.map((p) => p.title)).toEqual(expected.partTitles);
        }
      });

      it('finds the speakers, their roles, labels and outlets', () => {
        const speakers = md.frontMatter.speakers as { role: string; label: string; outlet?: string }[];
        expect(speakers.map((s) => [s.role, s.label, ...(s.outlet ? [s.outlet] : [])])).toEqual(expected.speakers);
        if (expected.front) expect(md.frontMatter).toMatchObject(expected.front);
        if (expected.removed) expect((md.frontMatter.removed as { reason: string }[]).map((r) => r.reason)).toEqual(expected.removed);
        const rules = new Set(result.file.messages.map((m) => m.ruleId));
        for (const rule of expected.warnings ?? []) expect(rules).toContain(rule);
      });

      it('loses no character: every one is in the body or accounted for', () => {
        const { paragraphs } = expectedBody(input, result.account);
        expect(md.paragraphs.map((p) => p.text)).toEqual(paragraphs);
        expect(md.paragraphs.filter((p) => p.label).map((p) => p.label)).toEqual(result.account.labels.map((l) => l.label));
      });

      it('loses no sentence', () => expectEverySentenceKept(input, result));

      it('is a manuscript the reader accepts, with the same questions, parts and turns', () => {
        const book = parseManuscript(result.markdown, `${name}.md`);
        expect(book.file.messages.filter((m) => m.fatal).map(String)).toEqual([]);
        expect(book.questions).toHaveLength(result.stats.questions);
        expect(book.parts).toHaveLength(result.stats.parts ?? 0);
        expect(book.questions.map((q) => q.index)).toEqual(book.questions.map((_, i) => i + 1));
        const turns =
          book.questions.reduce((n, q) => n + q.blocks.filter(isTurn).length, 0) +
          book.parts.reduce((n, p) => n + p.blocks.filter(isTurn).length, 0) +
          book.file.messages.filter((m) => m.ruleId === 'turn-in-lead').length;
        expect(turns).toBe(result.stats.turns);
        // Every interviewer turn starts a question; no moderator turn does.
        for (const question of book.questions) {
          const first = question.blocks.find(isTurn);
          expect(first?.speaker.role).toBe('interviewer');
          expect(question.blocks.filter(isTurn).filter((t) => t.speaker.role === 'interviewer')).toHaveLength(1);
        }
      });

      it('gives the reviewed Markdown and diagnostics', () => {
        expect(result.markdown).toBe(readFileSync(mdFile, 'utf8'));
        expect(diagnostics).toBe(existsSync(diagnosticsFile) ? readFileSync(diagnosticsFile, 'utf8') : '');
      });
    });
  }
});
