/** Finds the page of a printed edition on which a sentence stands (pdftotext, one page per form feed). */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { KumihanError } from '../core/errors.js';
import { namingPath } from '../core/fs.js';
import { foldForSearch } from './fold.js';

const run = promisify(execFile);

/**
 * Refuses a file that is not a PDF (it does not start with `%PDF-`) with one line naming it and
 * `what` it was meant to be (`--old-pdf`); a missing or unreadable file names it too.
 */
export async function requirePdf(file: string, what: string): Promise<void> {
  const header = Buffer.alloc(5);
  try {
    const handle = await open(file, 'r');
    try {
      await handle.read(header, 0, 5, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw namingPath(error, file);
  }
  if (header.toString('latin1') !== '%PDF-') throw new KumihanError(`${what} is not a PDF (it does not start with %PDF-)`, { file });
}

/**
 * The text of each page of a PDF, folded for searching. A PDF pdftotext cannot read is one line
 * naming it, not page numbers silently left out. `-raw` keeps the content-stream order, which for
 * vertical text is the reading order (the default layout mode interleaves neighbouring columns).
 */
export async function pdfPageTexts(pdf: string): Promise<string[]> {
  try {
    // An absolute path: a relative one starting with `-` (--old-pdf -opw…) would be read as an option.
    const { stdout } = await run('pdftotext', ['-raw', '-enc', 'UTF-8', path.resolve(pdf), '-'], { maxBuffer: 256 << 20 });
    return stdout.split('\f').map(foldForSearch);
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { stderr?: string };
    if (failed.code === 'ENOENT') throw new KumihanError('pdftotext is missing (it finds the pages of the old PDF): apt-get install -y poppler-utils');
    const why = failed.stderr?.trim().split('\n')[0] || failed.message;
    throw new KumihanError(`pdftotext cannot read this PDF: ${why}`, { file: pdf });
  }
}

/** The 1-based page (of pages folded by `pdfPageTexts`) whose text contains the start of `sentence` (a sentence may run over a page break). */
export function findPage(pages: string[], sentence: string): number | undefined {
  const needle = foldForSearch(sentence).slice(0, 12);
  if (needle.length < 4) return undefined;
  const index = pages.findIndex((page) => page.includes(needle));
  return index === -1 ? undefined : index + 1;
}
