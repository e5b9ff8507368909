/** The importer on hostile transcripts: refusals name the line and column; spoken syntax stays text. */
import { describe, expect, it } from 'vitest';
import { KumihanError, formatLocated } from '../../src/core/errors.js';
import { importTranscript } from '../../src/import/index.js';
import { parseManuscript } from '../../src/manuscript/parse.js';
import { typesetBook } from '../../src/core/build.js';
import { serialize } from '../../src/render/serialize.js';

const TRANSCRIPT = 'インタビュー\n質問: 始めます?\n山田: はい。\n質問: 次は?\n山田: いいえ。\n';
const utf8 = (text: string) => new TextEncoder().encode(text);
const utf16 = (text: string, order: 'le' | 'be') => {
  const bytes = Buffer.from(`\ufeff${text}`, 'utf16le');
  if (order === 'be') bytes.swap16();
  return new Uint8Array(bytes);
};

/** The one-line refusal, as the CLI prints it. */
function refusal(bytes: Uint8Array): string {
  try {
    importTranscript(bytes, { path: 't.txt', today: '2026-01-01' });
  } catch (error) {
    expect(error).toBeInstanceOf(KumihanError);
    return formatLocated((error as KumihanError).message, (error as KumihanError).where);
  }
  throw new Error('imported');
}

describe('refusals point at the offending character', () => {
  it('a byte that is not UTF-8 (nor Shift_JIS)', () => {
    const bytes = Uint8Array.from([...utf8('インタビュー\n質問: 始め'), 0xed, 0xa0, 0x80, ...utf8('ます\n')]);
    expect(refusal(bytes)).toBe(
      't.txt:2:7: the transcript is not UTF-8, UTF-16 (with BOM) or Shift_JIS text: byte 0xED is not UTF-8, and the bytes do not read as Japanese Shift_JIS; nothing written',
    );
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('質問: は'), 0xff]);
    expect(refusal(bom)).toBe('t.txt:1:6: the transcript starts with a UTF-8 byte-order mark but byte 0xFF is not UTF-8; nothing written');
  });

  it('a lone surrogate in UTF-16, both byte orders', () => {
    for (const order of ['le', 'be'] as const) {
      expect(refusal(utf16(TRANSCRIPT.replace('はい', 'は\ud800い'), order))).toBe(
        `t.txt:3:6: the transcript starts with a UTF-16${order.toUpperCase()} byte-order mark but is not UTF-16${order.toUpperCase()}: half of a surrogate pair with no other half; nothing written`,
      );
    }
    expect(refusal(utf16(TRANSCRIPT, 'le').subarray(0, 9))).toMatch(/^t\.txt:1:4: .*an odd number of bytes/);
  });

  it('control characters and noncharacters', () => {
    expect(refusal(utf8(TRANSCRIPT.replace('いいえ', 'いい\u0007え')))).toBe(
      't.txt:5:7: the transcript contains U+0007 (a control character), which no edition can carry: delete it (or is this not a text file?); nothing written',
    );
    expect(refusal(utf8(TRANSCRIPT.replace('はい', 'は\uffffい')))).toMatch(/^t\.txt:3:6: the transcript contains U\+FFFF \(a noncharacter\)/);
    expect(refusal(utf8(TRANSCRIPT.replace('はい', 'は\fい')))).toMatch(/^t\.txt:3:6: the transcript contains U\+000C \(a control character\)/);
  });

  it('a form feed between lines is layout (a page break), not text', () => {
    const result = importTranscript(utf8(TRANSCRIPT.replace('質問: 次は?', '\f\n質問: 次は? \f')), { path: 't.txt', today: '2026-01-01' });
    expect(result.markdown).not.toContain('\f');
    expect(parseManuscript(result.markdown, 't.md').file.messages.filter((m) => m.fatal)).toEqual([]);
  });
});

describe('spoken syntax stays text', () => {
  it('ruby syntax said in the transcript is escaped, not turned into ruby', () => {
    const result = importTranscript(utf8(TRANSCRIPT.replace('はい。', 'はい。{漢字|かんじ}と{開いた')), { path: 't.txt', today: '2026-01-01' });
    expect(result.markdown).toContain('はい。\\{漢字|かんじ}と\\{開いた');
  });

  it('a spoken backslash before a brace is kept (the ruby escape is Markdown’s, already read)', async () => {
    const result = importTranscript(utf8(TRANSCRIPT.replace('はい。', 'はい。\\{漢字|かんじ}と\\\\です。')), { path: 't.txt', today: '2026-01-01' });
    const book = parseManuscript(result.markdown, 't.md');
    const parts = await typesetBook(book);
    const xhtml = serialize(parts.questions[0]!, 'xhtml');
    expect(xhtml).toContain('はい。\\｛漢字|かんじ}と\\\\です。');
    expect(book.file.messages.map((m) => m.reason)).toEqual([]);
  });
});
