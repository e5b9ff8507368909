/**
 * A lexer for PDF content streams (ISO 32000-1 7.2, 7.8.2) and a rewriter that replaces chosen
 * operators with their operands. One pass, linear in the stream's length; strings, hex strings,
 * names, arrays, dictionaries and comments are read whole, so an `rg` inside a string is never
 * mistaken for an operator. Inline images (`BI … ID … EI`) are refused: their binary data has no
 * delimiter a lexer can trust, and Chromium never writes them.
 */

/** One operator with its operands, as they appear in the stream. */
export interface Operation {
  operator: string;
  /** The operands' source text, in order (numbers, names, strings, arrays, dictionaries). */
  operands: string[];
}

/** Returns replacement text for an operation (operands included), or undefined to keep it. */
export type Rewrite = (operation: Operation) => string | undefined;

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set('()<>[]{}/%'.split('').map((char) => char.charCodeAt(0)));

const isWhitespace = (code: number) => WHITESPACE.has(code);
const isRegular = (code: number) => !WHITESPACE.has(code) && !DELIMITERS.has(code);

/** Thrown for a stream the rewriter cannot read (unbalanced strings, inline images). */
export class ContentStreamError extends Error {}

/**
 * Rewrites a content stream: `rewrite` sees every operation (or only those in `operators`, which
 * spares slicing the operands of all the others — most of a page is text-showing); where it
 * returns text, the operation (from its first operand to the operator) is replaced. Everything
 * else is copied byte for byte; a stream with nothing replaced is returned as it came.
 */
export function rewriteContent(content: Uint8Array, rewrite: Rewrite, operators?: ReadonlySet<string>): Uint8Array {
  const text = Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('latin1');
  const out: string[] = [];
  let copied = 0;
  // Operand boundaries since the last operator, as [start, end] pairs: sliced only when wanted.
  const bounds: number[] = [];
  let firstOperand = -1;
  let at = 0;
  const length = text.length;
  while (at < length) {
    const code = text.charCodeAt(at);
    if (isWhitespace(code)) {
      at++;
      continue;
    }
    if (code === 0x25 /* % */) {
      while (at < length && text[at] !== '\n' && text[at] !== '\r') at++;
      continue;
    }
    const start = at;
    if (code === 0x28 /* ( */) at = skipString(text, at);
    else if (code === 0x3c /* < */ && text[at + 1] === '<') at = skipNested(text, at, '<<', '>>');
    else if (code === 0x3c) at = skipHex(text, at);
    else if (code === 0x5b /* [ */) at = skipNested(text, at, '[', ']');
    else if (code === 0x2f /* / */) {
      at++;
      while (at < length && isRegular(text.charCodeAt(at))) at++;
    } else if (isRegular(code)) {
      while (at < length && isRegular(text.charCodeAt(at))) at++;
      const word = text.slice(start, at);
      if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(word) && word !== 'true' && word !== 'false' && word !== 'null') {
        // An operator.
        if (word === 'BI') throw new ContentStreamError('inline images (BI … EI) are not supported');
        if (!operators || operators.has(word)) {
          const operands: string[] = [];
          for (let k = 0; k < bounds.length; k += 2) operands.push(text.slice(bounds[k], bounds[k + 1]));
          const replacement = rewrite({ operator: word, operands });
          if (replacement !== undefined) {
            const from = firstOperand >= 0 ? firstOperand : start;
            out.push(text.slice(copied, from), replacement);
            copied = at;
          }
        }
        bounds.length = 0;
        firstOperand = -1;
        continue;
      }
    } else {
      throw new ContentStreamError(`unexpected ${JSON.stringify(text[at])} at offset ${at}`);
    }
    if (firstOperand < 0) firstOperand = start;
    bounds.push(start, at);
  }
  if (copied === 0) return content;
  out.push(text.slice(copied));
  return new Uint8Array(Buffer.from(out.join(''), 'latin1'));
}

/** End of a literal string starting at `at` (balanced parentheses, backslash escapes). */
function skipString(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x5c /* \\ */) i++;
    else if (code === 0x28 /* ( */) depth++;
    else if (code === 0x29 /* ) */ && --depth === 0) return i + 1;
  }
  throw new ContentStreamError('unterminated string');
}

function skipHex(text: string, at: number): number {
  const end = text.indexOf('>', at);
  if (end < 0) throw new ContentStreamError('unterminated hex string');
  return end + 1;
}

/** End of an array or dictionary starting at `at`, with strings, arrays and dictionaries inside read whole. */
function skipNested(text: string, at: number, open: '[' | '<<', close: ']' | '>>'): number {
  let i = at + open.length;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x28 /* ( */) i = skipString(text, i);
    else if (code === 0x5b /* [ */) i = skipNested(text, i, '[', ']');
    else if (code === 0x3c /* < */) i = text.charCodeAt(i + 1) === 0x3c ? skipNested(text, i, '<<', '>>') : skipHex(text, i);
    else if (close === ']' && code === 0x5d /* ] */) return i + 1;
    else if (close === '>>' && code === 0x3e /* > */ && text.charCodeAt(i + 1) === 0x3e) return i + 2;
    else i++;
  }
  throw new ContentStreamError(`unterminated ${open}`);
}
