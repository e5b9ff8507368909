/** Reading what an ICC profile says about itself: the press output writes it, the preflight checks it. */
import { KumihanError } from './errors.js';

/** Reads an ICC profile's data colour space and its `desc` tag (ICC.1:2001, v2 textDescriptionType, or v4 mluc). */
export function readIccHeader(bytes: Uint8Array, file = 'profile'): { description: string; colorSpace: string } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (start: number, length: number) => String.fromCharCode(...bytes.subarray(start, start + length));
  if (bytes.length < 132 || ascii(36, 4) !== 'acsp') throw new KumihanError(`${file} is not an ICC profile`);
  const colorSpace = ascii(16, 4).trim();
  const count = view.getUint32(128);
  for (let k = 0; k < count && 132 + 12 * k + 12 <= bytes.length; k++) {
    const entry = 132 + 12 * k;
    if (ascii(entry, 4) !== 'desc') continue;
    const at = view.getUint32(entry + 4);
    const type = ascii(at, 4);
    if (type === 'desc') {
      const length = view.getUint32(at + 8);
      return { colorSpace, description: ascii(at + 12, Math.max(0, length - 1)).replace(/\0+$/, '') };
    }
    if (type === 'mluc') {
      const size = view.getUint32(at + 20);
      const offset = view.getUint32(at + 24);
      let text = '';
      for (let i = 0; i + 1 < size; i += 2) text += String.fromCharCode(view.getUint16(at + offset + i));
      return { colorSpace, description: text };
    }
  }
  throw new KumihanError(`${file}: the ICC profile has no description`);
}
