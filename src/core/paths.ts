/** Where a manuscript's outputs go: <out>/<name>.pdf, <name>.epub, <name>-booklet.pdf. */
import path from 'node:path';

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
