/**
 * Property: any transcript — markup, entities, `]]>`, braces, backslashes, astral and combining
 * characters, controls, lone surrogates, in UTF-8, UTF-16 or Shift_JIS — is either refused with a
 * KumihanError or becomes a book whose XHTML is well-formed and holds every sentence that was said
 * (compared after folding widths and spellings). No Chromium: parse → render → typography →
 * serialize, and the EPUB writer on fewer runs. Fixed seeds, so a failure reproduces.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { typesetBook } from '../../src/core/build.js';
import { KumihanError } from '../../src/core/errors.js';
import { importTranscript } from '../../src/import/index.js';
import { parseManuscript } from '../../src/manuscript/parse.js';
import { partsInOrder } from '../../src/render/parts.js';
import { serialize } from '../../src/render/serialize.js';
import { foldForComparison } from '../../src/transform/typography-fold.js';
import { buildEpub } from '../../src/writers/epub/epub-book.js';
import { readFileSync } from 'node:fs';
import { readXhtml } from './helpers.js';

/** Characters speakers' text is made of: Japanese, punctuation of both widths, and everything markup is made of. */
const CHARS = [
  ...'あいうえおかきくけこ漢字語話外交日本カタカナ、。「」『』（）()？！?!…―ー・',
  ...'<>&;#"\'=/[]{}|\\*_`~^$%+-.,0123456789ABCxyz',
  ' ', '\u3000', '😀', '𠮷', 'か\u3099', '\u202e', '\u200b', 'ｱ', 'Ａ', '&amp;', '&#x3C;', ']]>', '<script>', '</p>', '<!--', '{漢字|かんじ}', '\\{',
];
const word = fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 24 });
/** A sentence: starts with kana so it never reads as a label, a list item, a heading or a dash question. */
const sentence = fc.tuple(fc.constantFrom('それは', 'ええ、', 'つまり', 'はい。'), word).map(([start, rest]) => `${start}${rest}`);
const turn = (label: string) => fc.tuple(sentence, fc.array(sentence, { maxLength: 2 })).map(([first, more]) => [`${label}: ${first}`, ...more]);
const transcriptText = fc
  .array(fc.tuple(turn('質問'), turn('山田')), { minLength: 2, maxLength: 6 })
  .chain((pairs) => fc.constantFrom('\n', '\r\n').map((eol) => ['インタビュー', ...pairs.flat(2)].join(eol)));

/** The text, sometimes spoiled (a control character, a lone surrogate), in one of the encodings kumihan reads. */
const transcriptBytes = fc
  .tuple(
    transcriptText,
    fc.constantFrom('none', 'none', 'none', 'control', 'surrogate'),
    fc.constantFrom('utf-8', 'utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'cp932'),
    fc.nat(),
  )
  .map(([text, spoil, encoding, at]) => {
    const cut = text.length ? at % text.length : 0;
    const spoilt = spoil === 'none' ? text : `${text.slice(0, cut)}${spoil === 'control' ? '\u0007' : '\ud800'}${text.slice(cut)}`;
    const bytes =
      encoding === 'utf-8' ? Buffer.from(spoilt)
      : encoding === 'utf-8-bom' ? Buffer.from(`\ufeff${spoilt}`)
      : encoding === 'cp932' ? iconv.encode(spoilt, 'cp932')
      : (() => {
          // Node's encoder keeps a lone surrogate in UTF-16, as a broken file would.
          const le = Buffer.from(`\ufeff${spoilt}`, 'utf16le');
          return encoding === 'utf-16be' ? le.swap16() : le;
        })();
    // What the file really says: UTF-8 and CP932 cannot hold a lone surrogate (it became U+FFFD
    // or `?`), CP932 has no emoji or 𠮷 (`?` too). Only a control character, or a lone surrogate
    // in UTF-16, makes a file kumihan must refuse.
    const said = encoding === 'cp932' ? iconv.decode(bytes, 'cp932') : encoding.startsWith('utf-16') ? spoilt : Buffer.from(spoilt).toString('utf8');
    const refusable = spoil === 'control' || (spoil === 'surrogate' && encoding.startsWith('utf-16'));
    return { said, spoilt: spoil !== 'none', refusable, encoding, bytes: new Uint8Array(bytes) };
  });

/** Every sentence said, folded; the labels are not text. */
function spoken(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .slice(1)
    .map((line) => line.replace(/^(?:質問|山田):/, ''))
    .map((line) => fold(line).trim())
    .filter(Boolean);
}
const fold = (text: string) => foldForComparison(text).replace(/\s+/g, ' ');

/** Imports and typesets; undefined when refused (which must be a KumihanError). */
async function typeset(bytes: Uint8Array) {
  let markdown: string;
  try {
    markdown = importTranscript(bytes, { path: 'p.txt', today: '2026-01-01' }).markdown;
  } catch (error) {
    expect(error).toBeInstanceOf(KumihanError);
    return undefined;
  }
  const book = parseManuscript(markdown, 'p.md');
  expect(book.file.messages.filter((m) => m.fatal).map((m) => m.reason)).toEqual([]);
  return { book, parts: await typesetBook(book) };
}

describe('any transcript', () => {
  it('is refused with a KumihanError, or typesets into well-formed XHTML that keeps every sentence', async () => {
    let built = 0;
    await fc.assert(
      fc.asyncProperty(transcriptBytes, async ({ said, spoilt, refusable, encoding, bytes }) => {
        const typeset_ = await typeset(bytes);
        if (!typeset_) {
          // Only a spoilt file may be refused (a U+FFFD glued to a label leaves one speaker), or
          // bytes that do not read as Japanese Shift_JIS.
          expect(spoilt || encoding === 'cp932').toBe(true);
          return;
        }
        expect(refusable).toBe(false);
        built++;
        const xhtml = partsInOrder(typeset_.parts).map((part) => serialize(part, 'xhtml'));
        const body = xhtml.map((fragment) => readXhtml(`<div xmlns="http://www.w3.org/1999/xhtml"><body>${fragment}</body></div>`).text).join('\n');
        const folded = fold(body);
        for (const line of spoken(said)) expect(folded).toContain(line);
      }),
      { seed: Number(process.env.SEED ?? 20_261_126), numRuns: Number(process.env.RUNS ?? 300) },
    );
    // Worth something only if most transcripts became books.
    expect(built).toBeGreaterThan(150);
  });

  it('makes an EPUB whose every XHTML file is well-formed (fewer runs: the writer zips)', async () => {
    await fc.assert(
      fc.asyncProperty(transcriptText, async (text) => {
        const typeset_ = await typeset(new TextEncoder().encode(text));
        if (!typeset_) return;
        const zip = await JSZip.loadAsync(await buildEpub(typeset_.book, typeset_.parts));
        for (const name of Object.keys(zip.files).filter((n) => /\.(xhtml|opf|ncx)$/.test(n))) readXhtml(await zip.file(name)!.async('string'));
      }),
      { seed: 7, numRuns: 25 },
    );
  });

});

describe('any manuscript', () => {
  const BASE = readFileSync(new URL('inputs/interview.md', import.meta.url), 'utf8');
  /** Raw Markdown as an editor might type it: syntax, HTML, ruby, controls, lone surrogates, line breaks. */
  const MARKDOWN = [...CHARS, '\n', '\n\n', '**', '## ', '![a](b)', '[a](b)', '<div>', '\u0000', '\u000b', '\ud800', '\udfff', '\uffff', '---', '> ', '- ', '1. ', '    '];
  const body = fc.string({ unit: fc.constantFrom(...MARKDOWN), maxLength: 40 });

  it('is read, typeset and serialized without an exception: refused with positioned errors, or well-formed XHTML', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('答えです。', '最初の問い', '山田太郎'), async (text, where) => {
        const book = parseManuscript(BASE.replace(where, `${where}${text}`), 'm.md');
        const errors = book.file.messages.filter((m) => m.fatal);
        if (errors.length) {
          refused++;
          for (const error of errors) expect([error.line, error.column].every((n) => typeof n === 'number' && n > 0)).toBe(true);
          return;
        }
        const parts = await typesetBook(book);
        for (const part of partsInOrder(parts)) readXhtml(`<div xmlns="http://www.w3.org/1999/xhtml"><body>${serialize(part, 'xhtml')}</body></div>`);
      }),
      { seed: Number(process.env.SEED ?? 11), numRuns: Number(process.env.RUNS ?? 300) },
    );
    expect(refused).toBeLessThan(Number(process.env.RUNS ?? 300));
  });
});
