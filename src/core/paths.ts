/** Where a manuscript's outputs go: <out>/<name>.pdf, <name>.epub, <name>-booklet.pdf. */
import path from 'node:path';
import { KumihanError } from './errors.js';

export type Format = 'pdf' | 'epub' | 'booklet';

/** Output file names of a manuscript; `tag` (e.g. the edition, e2) is appended to the name when given. */
export function outputPaths(manuscriptPath: string, outDir: string, tag?: string): Record<Format, string> {
  const name = path.basename(manuscriptPath, path.extname(manuscriptPath)) + (tag ? `-${tag}` : '');
  return {
    pdf: path.join(outDir, `${name}.pdf`),
    epub: path.join(outDir, `${name}.epub`),
    booklet: path.join(outDir, `${name}-booklet.pdf`),
  };
}

/** The folder of intermediate files (print HTML, copied styles) of one manuscript. */
export function workDir(manuscriptPath: string, outDir: string): string {
  return path.join(outDir, '.work', path.basename(manuscriptPath, path.extname(manuscriptPath)));
}

/**
 * Refuses a run in which two sources would write one file (`c1/book.md` and `c2/book.md` into one
 * directory; `book.md`'s booklet and `book-booklet.md`'s PDF): one line naming both, before anything
 * is written. Paths are compared resolved, so `out/x` and `./out/x` are one file.
 */
export function refuseClashes(sources: ReadonlyArray<{ source: string; targets: readonly string[] }>): void {
  const writers = new Map<string, string>();
  for (const { source, targets } of sources) {
    for (const target of targets) {
      const first = writers.get(path.resolve(target));
      if (first !== undefined && first !== source) {
        throw new KumihanError(`would write ${target}, as ${first} does; use a different --out for one of them`, { file: source });
      }
      writers.set(path.resolve(target), source);
    }
  }
}
