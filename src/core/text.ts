/** Text that must survive every stage: strict decoding, characters XML cannot carry, and where they are. */

/**
 * Characters XML 1.0 does not allow at all: C0 controls but TAB/LF/CR, lone surrogates (with the
 * `u` flag a surrogate pair is one code point and does not match), U+FFFE/U+FFFF.
 */
export const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/u;

/** A 1-based line and column (in UTF-16 units, as editors and vfile count). */
export interface TextPoint {
  line: number;
  column: number;
}

/** `U+000C (a control character)`: how a message names a character nobody can see. */
export function describeCharacter(char: string): string {
  const code = char.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code >= 0xd800 && code <= 0xdfff) return `${hex} (half of a surrogate pair)`;
  if (code === 0xfffe || code === 0xffff) return `${hex} (a noncharacter)`;
  return `${hex} (a control character)`;
}

/** Line and column of `offset` in `text`; LF, CRLF and CR all end a line. */
export function pointAtOffset(text: string, offset: number): TextPoint {
  let line = 1;
  let start = 0;
  for (const match of text.slice(0, offset).matchAll(/\r\n|\r|\n/g)) {
    line++;
    start = match.index + match[0].length;
  }
  return { line, column: offset - start + 1 };
}

/**
 * Line and column of offsets in `text`, after one pass over it: for reporting many positions,
 * where calling `pointAtOffset` for each would re-read the text before every one.
 */
export function pointsIn(text: string): (offset: number) => TextPoint {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || (code === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) starts.push(i + 1);
  }
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  };
}

/** The first character XML cannot carry, with its position, or undefined when the text is clean. */
export function findNonXmlCharacter(text: string): (TextPoint & { char: string; offset: number }) | undefined {
  const found = NOT_XML_CHAR.exec(text);
  if (!found) return undefined;
  return { char: found[0], offset: found.index, ...pointAtOffset(text, found.index) };
}

/**
 * Decodes UTF-8 strictly. On failure, gives the position of the first byte that is not UTF-8
 * (a CESU-8 surrogate, a Latin-1 or Shift_JIS byte) instead of silently writing U+FFFD.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { error: TextPoint & { byte: number } } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, at));
    return { error: { ...pointAtOffset(before, before.length), byte: bytes[at] ?? 0 } };
  }
}

/** Byte offset of the first sequence that is not well-formed UTF-8 (RFC 3629: no surrogates, no overlongs). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let length = 0;
    let min = 0x80;
    let max = 0xbf;
    if (b < 0x80) length = 1;
    else if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b === 0xe0) [length, min] = [3, 0xa0];
    else if (b === 0xed) [length, max] = [3, 0x9f];
    else if (b >= 0xe1 && b <= 0xef) length = 3;
    else if (b === 0xf0) [length, min] = [4, 0x90];
    else if (b === 0xf4) [length, max] = [4, 0x8f];
    else if (b >= 0xf1 && b <= 0xf3) length = 4;
    else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      const [low, high] = k === 1 ? [min, max] : [0x80, 0xbf];
      if (next === undefined || next < low || next > high) return i;
    }
    i += length;
  }
  return bytes.length;
}

// Characters a reader cannot see or tell apart from a space: controls, format characters
// (U+200B zero-width space, U+FEFF, bidi marks), surrogates, private-use and unassigned code
// points, line/paragraph separators, spaces other than U+0020 and U+3000, and the Hangul and
// Braille blanks.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u115f\u1160\u3164\uffa0\u2800]/gu;

/**
 * User text as a message quotes it: every invisible character spelled out as ⟨U+200B⟩, so
 * 「山田​」 with a zero-width space reads 「山田⟨U+200B⟩」 and the editor sees why it does not match;
 * text longer than `max` characters is cut with its length given, so the message stays one line.
 */
export function printable(text: string, max = 80): string {
  const characters = [...text];
  const shown = characters.length > max ? `${characters.slice(0, max).join('')}…` : text;
  const escaped = shown.replace(INVISIBLE, (char) => `⟨U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
  return characters.length > max ? `${escaped} (${characters.length} characters)` : escaped;
}

/** Text for XML character data or a double-quoted attribute value: `& < > "` escaped. */
export function escapeXml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}

/** “text”, quoted for a message with `printable`. */
export function quoteText(text: string, max?: number): string {
  return `“${printable(text, max)}”`;
}
