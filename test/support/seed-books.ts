/** Books made from the seed manuscript for tests: parsed without fatal messages, or cut into parts. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { syntheticBook } from '../../src/bench/scale.js';
import { parseManuscript } from '../../src/manuscript/parse.js';

export const SEED_PATH = 'manuscript/000_723cf04ae7573580.md';
const root = path.resolve(import.meta.dirname, '../..');

/** The seed manuscript's text. */
export const seedText = (): string => readFileSync(path.join(root, SEED_PATH), 'utf8');

/** Parses `text`, failing the test on any fatal message. */
export function parseClean(text: string, name = 'book.md') {
  const book = parseManuscript(text, name);
  expect(book.file.messages.filter((message) => message.fatal)).toEqual([]);
  return book;
}

export interface PartsShape {
  /** Questions in the whole book, and in the first part. */
  questions: number;
  split: number;
  /** Which question of the first part refers to note a (0-based); the second part's first refers to it again. */
  firstNoteAt?: number;
  /** The second part's own turn before its first question (it refers to note b). */
  intro?: string;
  /** A picture (Markdown) after the second part's first question. */
  picture?: string;
  /** The texts of notes a and b. */
  notes?: [string, string];
}

/** The seed's short questions in two parts (`#` headings, the second with a turn of its own), with notes. */
export function bookWithParts(seed: string, { questions, split, firstNoteAt = 1, intro = '第二部の前に一言。', picture, notes = ['一つ目の注。', '二つ目の注。'] }: PartsShape): string {
  const text = syntheticBook(seed, questions);
  const first = text.indexOf('\n## ') + 1;
  const sections = text.slice(first).split(/^(?=## )/mu);
  const noted = (section: string, label: string) => section.replace(/。/u, `。[^${label}]`);
  const withPicture = (section: string) => (picture ? `${section.trimEnd()}\n\n${picture}\n\n` : section);
  return [
    text.slice(0, first),
    '# 第一部　外交の現在\n\n',
    ...sections.slice(0, split).map((section, index) => (index === firstNoteAt ? noted(section, 'a') : section)),
    `# 第二部　これから\n\n**ラブロフ**：${intro}[^b]\n\n`,
    ...sections.slice(split).map((section, index) => (index === 0 ? withPicture(noted(section, 'a')) : section)),
    `\n[^a]: ${notes[0]}\n\n[^b]: ${notes[1]}\n`,
  ].join('');
}
