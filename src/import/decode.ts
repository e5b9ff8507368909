/** Transcript bytes → text: detects the encoding and refuses input that is not a text transcript. */
import iconv from 'iconv-lite';
import { KumihanError } from '../core/errors.js';

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

/** Characters that make decoded text count as Japanese: kana, kanji, CJK and full-width punctuation (not half-width kana). */
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}\u3000-\u303f\uff01-\uff60]/u;

/** Decodes transcript bytes (UTF-8 ± BOM, UTF-16 with BOM, Shift_JIS/CP932); throws a KumihanError for anything else. */
export function decodeTranscript(bytes: Uint8Array, path: string): DecodedTranscript {
  const refuse = (why: string): never => {
    throw new KumihanError(`${why}; nothing written`, { file: path });
  };
  if (bytes.length === 0) refuse('the transcript is empty');
  const signature = SIGNATURES.find((s) => s.bytes.every((b, i) => bytes[i] === b));
  if (signature) refuse(`the transcript is ${signature.name}, not text`);

  const decoded = decodeBytes(bytes) ?? refuse('the transcript is not UTF-8, UTF-16 (with BOM) or Shift_JIS text');
  // A trailing Ctrl-Z is an old DOS end-of-file mark, not content.
  const text = decoded.text.replace(/\u001a$/, '');
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) refuse('the transcript contains control characters: it looks like binary data, not text');
  if (text.replace(/[\s\u200b\ufeff]/g, '') === '') refuse('the transcript contains only whitespace');
  return { text, encoding: decoded.encoding };
}

function decodeBytes(bytes: Uint8Array): DecodedTranscript | undefined {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return strict('utf-8', bytes.subarray(3), 'utf-8-bom');
  if (startsWith(bytes, [0xff, 0xfe])) return strict('utf-16le', bytes.subarray(2), 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return strict('utf-16be', bytes.subarray(2), 'utf-16be');
  // NUL bytes never occur in UTF-8 or Shift_JIS text; without a BOM they mean binary data.
  if (bytes.includes(0)) return undefined;
  const utf8 = strict('utf-8', bytes, 'utf-8');
  if (utf8) return utf8;
  // Invalid UTF-8 is most likely a Windows-made Shift_JIS file. CP932 decodes almost any byte
  // soup, so accept it only when nothing was replaced and the result reads as Japanese.
  const sjis = iconv.decode(Buffer.from(bytes), 'cp932');
  if (!sjis.includes('\ufffd') && looksJapanese(sjis)) return { text: sjis, encoding: 'shift_jis' };
  return undefined;
}

function strict(label: string, bytes: Uint8Array, encoding: TranscriptEncoding): DecodedTranscript | undefined {
  try {
    // ignoreBOM keeps a second BOM visible instead of silently eating it.
    return { text: new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes), encoding };
  } catch {
    return undefined;
  }
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
