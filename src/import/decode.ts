/** Transcript bytes → text: detects the encoding and refuses input that is not a text transcript. */
import iconv from 'iconv-lite';
import { KumihanError } from '../core/errors.js';
import { isSpaceAt, skipBackward, skipForward } from '../core/scan.js';
import { decodeUtf8, describeCharacter, pointAtOffset, type TextPoint } from '../core/text.js';
import { JAPANESE } from './normalize.js';

/** How the transcript bytes were read. */
export type TranscriptEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'shift_jis';

/** Decoded transcript text (BOM removed) and the encoding it was read as. */
export interface DecodedTranscript {
  text: string;
  encoding: TranscriptEncoding;
}

// Files people mistake for transcripts; naming the format makes the refusal actionable.
const SIGNATURES: readonly { name: string; bytes: readonly number[] }[] = [
  { name: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { name: 'a GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'a PDF document', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'a ZIP archive (.zip, .docx, .epub)', bytes: [0x50, 0x4b, 0x03, 0x04] },
];


/** Decodes transcript bytes (UTF-8 ± BOM, UTF-16 with BOM, Shift_JIS/CP932); throws a KumihanError for anything else. */
export function decodeTranscript(bytes: Uint8Array, path: string): DecodedTranscript {
  const refuse = (why: string, at?: TextPoint): never => {
    throw new KumihanError(`${why}; nothing written`, { file: path, ...at });
  };
  if (bytes.length === 0) refuse('the transcript is empty');
  const signature = SIGNATURES.find((s) => s.bytes.every((b, i) => bytes[i] === b));
  if (signature) refuse(`the transcript is ${signature.name}, not text`);

  const decoded = decodeBytes(bytes);
  if ('refusal' in decoded) return refuse(decoded.refusal, decoded.at);
  // A trailing Ctrl-Z is an old DOS end-of-file mark, not content.
  const text = decoded.text.replace(/\u001a$/, '');
  const control = findControl(text);
  if (control) refuse(`the transcript contains ${describeCharacter(text[control.offset]!)}, which no edition can carry: delete it (or is this not a text file?)`, control);
  if (text.replace(/[\s\u200b\ufeff]/g, '') === '') refuse('the transcript contains only whitespace');
  return { text, encoding: decoded.encoding };
}

// C0 controls but TAB, LF, CR (and FF, see findControl), DEL, and the noncharacters U+FFFE/U+FFFF.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;

/**
 * The first character no edition can carry, with its position. A form feed (a page break from
 * an old word processor) is layout where only whitespace separates it from the line's start or
 * end — the line trimming removes it there — but inside a sentence it would reach the book.
 */
function findControl(text: string): (TextPoint & { offset: number }) | undefined {
  // The bounds of the line of the last form feed seen: each line is measured once, however many form feeds it holds.
  let line = { start: 0, end: -1, first: 0, last: 0 };
  for (const match of text.matchAll(CONTROL)) {
    if (match[0] === '\f') {
      if (match.index >= line.end) {
        const start = Math.max(text.lastIndexOf('\n', match.index), text.lastIndexOf('\r', match.index)) + 1;
        const end = skipForward(text, match.index, (t, i) => t[i] !== '\n' && t[i] !== '\r');
        line = { start, end, first: skipForward(text, start, (t, i) => i < end && isSpaceAt(t, i)), last: skipBackward(text, end, (t, i) => i >= start && isSpaceAt(t, i)) };
      }
      if (line.first > match.index || line.last <= match.index + 1) continue;
    }
    return { offset: match.index, ...pointAtOffset(text, match.index) };
  }
  return undefined;
}

function decodeBytes(bytes: Uint8Array): DecodedTranscript | { refusal: string; at?: TextPoint } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const utf8 = decodeUtf8(bytes.subarray(3));
    if ('text' in utf8) return { text: utf8.text, encoding: 'utf-8-bom' };
    return { refusal: `the transcript starts with a UTF-8 byte-order mark but byte 0x${hex(utf8.error.byte)} is not UTF-8`, at: utf8.error };
  }
  if (startsWith(bytes, [0xff, 0xfe])) return decodeUtf16(bytes.subarray(2), 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return decodeUtf16(bytes.subarray(2), 'utf-16be');
  // NUL bytes never occur in UTF-8 or Shift_JIS text; without a BOM they mean binary data.
  if (bytes.includes(0)) return { refusal: 'the transcript is not UTF-8, UTF-16 (with BOM) or Shift_JIS text: it contains NUL bytes, as binary files and UTF-16 without a byte-order mark do' };
  const utf8 = decodeUtf8(bytes);
  if ('text' in utf8) return { text: utf8.text, encoding: 'utf-8' };
  // Invalid UTF-8 is most likely a Windows-made Shift_JIS file. CP932 decodes almost any byte
  // soup, so accept it only when nothing was replaced and the result reads as Japanese.
  const sjis = iconv.decode(Buffer.from(bytes), 'cp932');
  if (!sjis.includes('\ufffd') && looksJapanese(sjis)) return { text: sjis, encoding: 'shift_jis' };
  return {
    refusal: `the transcript is not UTF-8, UTF-16 (with BOM) or Shift_JIS text: byte 0x${hex(utf8.error.byte)} is not UTF-8, and the bytes do not read as Japanese Shift_JIS`,
    at: utf8.error,
  };
}

/** UTF-16 after its BOM; a lone surrogate or an odd byte count is refused at its position. */
function decodeUtf16(bytes: Uint8Array, label: 'utf-16le' | 'utf-16be'): DecodedTranscript | { refusal: string; at?: TextPoint } {
  const units = Math.floor(bytes.length / 2);
  const unit = (i: number) => (label === 'utf-16le' ? bytes[2 * i]! | (bytes[2 * i + 1]! << 8) : (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  let bad = -1;
  for (let i = 0; i < units && bad < 0; i++) {
    const code = unit(i);
    if (code >= 0xdc00 && code <= 0xdfff) bad = i;
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = i + 1 < units ? unit(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else bad = i;
    }
  }
  const decoder = new TextDecoder(label, { ignoreBOM: true });
  if (bad < 0 && bytes.length % 2 === 0) return { text: decoder.decode(bytes), encoding: label };
  const before = decoder.decode(bytes.subarray(0, 2 * (bad < 0 ? units : bad)));
  const why = bad < 0 ? 'it ends in half a character (an odd number of bytes)' : 'half of a surrogate pair with no other half';
  const name = label.toUpperCase();
  return { refusal: `the transcript starts with a ${name} byte-order mark but is not ${name}: ${why}`, at: pointAtOffset(before, before.length) };
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/**
 * True when most non-ASCII characters are Japanese and some are hiragana. Accented Latin-1
 * bytes pair up into valid CP932 kanji (`é` + `e` → 裔), but never into hiragana, which every
 * Japanese transcript is full of.
 */
function looksJapanese(text: string): boolean {
  let nonAscii = 0;
  let japanese = 0;
  let hiragana = 0;
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) continue;
    nonAscii++;
    if (JAPANESE.test(char)) japanese++;
    if (/\p{Script=Hiragana}/u.test(char)) hiragana++;
  }
  return japanese > 0 && japanese / nonAscii >= 0.8 && hiragana / japanese >= 0.1;
}
