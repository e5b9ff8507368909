/**
 * BudouX's phrase parser with its Japanese model, loaded once and shared: headings, labels and TOC
 * entries (typography), shortened titles (importer, EPUB navigation) and the cover's title lines.
 *
 * Only the parser and the Japanese model are loaded. The package's entry also loads the Chinese
 * and Thai models and an HTML processor built on linkedom: 0.3–0.45 s of a 1 s EPUB build, against
 * 10 ms for these two files. Its exports map offers only that entry, so the two files are found
 * beside it (its CommonJS build) and loaded by path.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Parser } from 'budoux';

let parser: Parser | undefined;

/** The shared Japanese phrase parser (`parse` gives phrases, `parseBoundaries` their offsets). */
export function japanesePhrases(): Parser {
  if (parser) return parser;
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('budoux'));
  const { Parser: PhraseParser } = require(path.join(dir, 'parser.js')) as { Parser: new (model: unknown) => Parser };
  const { model } = require(path.join(dir, 'data/models/ja.js')) as { model: unknown };
  parser = new PhraseParser(model);
  return parser;
}
