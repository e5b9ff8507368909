/** Synthetic long books for the scale benchmark, and page counts of built PDFs. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

/**
 * The manuscript with its questions repeated `times` times: front matter and lead once, then every
 * `## ` section again and again. Questions are numbered by position when the book is built, so
 * nothing needs renumbering.
 */
export function repeatQuestions(manuscript: string, times: number): string {
  if (!Number.isInteger(times) || times < 1) throw new RangeError(`repeatQuestions: times must be a positive integer, got ${times}`);
  const first = /^## /mu.exec(manuscript);
  if (!first) throw new Error('repeatQuestions: the manuscript has no question (## heading) to repeat');
  const head = manuscript.slice(0, first.index);
  const questions = `${manuscript.slice(first.index).trimEnd()}\n`;
  return head + Array.from({ length: times }, () => questions).join('\n');
}

/** The page count from `pdfinfo` output (`Pages:          28`). */
export function parsePdfinfoPages(output: string): number | undefined {
  const match = /^Pages:\s+(\d+)\s*$/mu.exec(output);
  return match ? Number(match[1]) : undefined;
}

/** Pages of a PDF: poppler's `pdfinfo` when installed, else pdf-lib. */
export async function pageCount(pdf: string): Promise<number> {
  try {
    const { stdout } = await promisify(execFile)('pdfinfo', [pdf]);
    const pages = parsePdfinfoPages(stdout);
    if (pages !== undefined) return pages;
  } catch {
    // No poppler-utils: fall through to pdf-lib.
  }
  const { PDFDocument } = await import('pdf-lib');
  return (await PDFDocument.load(await readFile(pdf), { updateMetadata: false })).getPageCount();
}
