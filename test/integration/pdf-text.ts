/** Reading a built PDF's text layer with poppler (pdftotext), for the print tests. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** One glyph of the PDF's text layer, in content order (`pdftotext -raw -bbox`). */
export interface Glyph {
  page: number;
  text: string;
  x: number;
  y: number;
}

export function glyphs(pdf: string): Glyph[] {
  const xml = execFileSync('pdftotext', ['-raw', '-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const found: Glyph[] = [];
  let page = 0;
  for (const match of xml.matchAll(/<page |<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)) {
    if (match[0] === '<page ') page++;
    else found.push({ page, text: decode(match[3]!), x: Number(match[1]), y: Number(match[2]) });
  }
  return found;
}

const decode = (text: string) => text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");

/** The PDF's text as a reader's search sees it: glyphs in content order, line ends dropped. */
export function searchableText(pdf: string): string {
  return execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).replace(/[\n\f ]/g, '');
}

/**
 * Numbers of the manuscript (three characters or more: a 縦中横 pair is one glyph and cannot split)
 * whose glyphs in the PDF are not all on one line: a vertical line shares x, a horizontal one
 * (running head, page number) shares y. Each hit is `p.page: number`.
 */
export function splitNumbers(pdf: string, manuscript: string): { written: number; checked: number; split: string[] } {
  const body = readFileSync(manuscript, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
  const written = [...body.matchAll(/[0-9]+(?:[.,:\-/][0-9]+)*/g)].map((match) => match[0]).filter((token) => token.length >= 3);
  const numbers = new Set(written);
  const all = glyphs(pdf);
  const text = all.map((glyph) => glyph.text).join('');
  // Glyph index of every character of `text`.
  const owner: number[] = [];
  all.forEach((glyph, index) => {
    for (let k = 0; k < glyph.text.length; k++) owner.push(index);
  });
  const split: string[] = [];
  let checked = 0;
  for (const number of numbers) {
    for (let at = text.indexOf(number); at !== -1; at = text.indexOf(number, at + 1)) {
      checked++;
      const members = [...new Set(owner.slice(at, at + number.length))].map((index) => all[index]!);
      const first = members[0]!;
      const same = (key: 'x' | 'y') => members.every((glyph) => glyph.page === first.page && Math.abs(glyph[key] - first[key]) < 2);
      if (!same('x') && !same('y')) split.push(`p.${first.page}: ${number}`);
    }
  }
  return { written: written.length, checked, split };
}
