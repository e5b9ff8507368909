/** Finds the page of a printed edition on which a sentence stands (pdftotext, one page per form feed). */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { foldForSearch } from './fold.js';

const run = promisify(execFile);

/**
 * The text of each page of a PDF, folded for searching; undefined when the PDF cannot be read.
 * `-raw` keeps the content-stream order, which for vertical text is the reading order (the
 * default layout mode interleaves neighbouring columns).
 */
export async function pdfPageTexts(pdf: string): Promise<string[] | undefined> {
  try {
    // An absolute path: a relative one starting with `-` (--old-pdf -opw…) would be read as an option.
    const { stdout } = await run('pdftotext', ['-raw', '-enc', 'UTF-8', path.resolve(pdf), '-'], { maxBuffer: 256 << 20 });
    return stdout.split('\f').map(foldForSearch);
  } catch {
    return undefined;
  }
}

/** The 1-based page (of pages folded by `pdfPageTexts`) whose text contains the start of `sentence` (a sentence may run over a page break). */
export function findPage(pages: string[], sentence: string): number | undefined {
  const needle = foldForSearch(sentence).slice(0, 12);
  if (needle.length < 4) return undefined;
  const index = pages.findIndex((page) => page.includes(needle));
  return index === -1 ? undefined : index + 1;
}
