import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { KumihanError } from '../../../src/core/errors.js';
import { decodeTranscript } from '../../../src/import/decode.js';

const TEXT = '質問：今日はどうでしたか？\n山田：「よかった」です。';
const bytes = (...parts: (number[] | Uint8Array | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : [...p])));

describe('decodeTranscript', () => {
  it('reads UTF-8 with and without a BOM', () => {
    expect(decodeTranscript(bytes(TEXT), 'a.txt')).toEqual({ text: TEXT, encoding: 'utf-8' });
    expect(decodeTranscript(bytes([0xef, 0xbb, 0xbf], TEXT), 'a.txt')).toEqual({ text: TEXT, encoding: 'utf-8-bom' });
  });

  it('reads UTF-16 with a BOM, both byte orders', () => {
    expect(decodeTranscript(iconv.encode(`\ufeff${TEXT}`, 'utf-16le'), 'a.txt')).toEqual({ text: TEXT, encoding: 'utf-16le' });
    expect(decodeTranscript(iconv.encode(`\ufeff${TEXT}`, 'utf-16be'), 'a.txt')).toEqual({ text: TEXT, encoding: 'utf-16be' });
  });

  it('detects Shift_JIS (CP932) when the bytes are not UTF-8', () => {
    const sjis = iconv.encode(TEXT, 'cp932');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(sjis)).toThrow();
    expect(decodeTranscript(sjis, 'a.txt')).toEqual({ text: TEXT, encoding: 'shift_jis' });
  });

  it('refuses Latin-1 bytes that CP932 would turn into nonsense', () => {
    const latin1 = Uint8Array.from(Buffer.from('Interviewer: Quelle journée, très réussie!', 'latin1'));
    expect(() => decodeTranscript(latin1, 'a.txt')).toThrow(/not UTF-8, UTF-16 \(with BOM\) or Shift_JIS/);
  });

  const refusals: [string, Uint8Array, RegExp][] = [
    ['empty', new Uint8Array(), /is empty/],
    ['whitespace', bytes(' \n\u3000\r\n\t'), /only whitespace/],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /PNG image/],
    ['PDF', bytes('%PDF-1.7\n'), /PDF document/],
    ['NUL bytes', bytes('質問：', [0], 'はい'), /not UTF-8/],
    ['control characters', bytes('質問：\u0001\u0002'), /U\+0001 \(a control character\)/],
  ];
  for (const [name, input, message] of refusals) {
    it(`refuses ${name} input with a one-line KumihanError naming the file`, () => {
      let error: unknown;
      try {
        decodeTranscript(input, 'in/a.txt');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(KumihanError);
      expect((error as KumihanError).message).toMatch(message);
      expect((error as KumihanError).message).not.toContain('\n');
      expect((error as KumihanError).where?.file).toBe('in/a.txt');
    });
  }
});
