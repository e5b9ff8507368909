/** Re-zips an EPUB so that the same inputs always give the same bytes. */
import JSZip from 'jszip';
import { zip } from './zip.js';

/**
 * Copies `epub` (zip bytes, or a JSZip still in memory) into a fresh zip: `mimetype` first and stored, then exactly `files` in that order,
 * all dated `date`, with no directory entries, deflated by Node's zlib ({@link zip}). (The library's zip dates every entry with the
 * build time.) Throws when the source holds a file not listed or lacks a listed one, so nothing
 * unexpected, such as a fetched image, slips into the book.
 */
export async function repackEpub(epub: Uint8Array | JSZip, options: { date: Date; files: string[] }): Promise<Uint8Array> {
  const source = epub instanceof Uint8Array ? await JSZip.loadAsync(epub) : epub;
  const present = Object.values(source.files)
    .filter((entry) => !entry.dir)
    .map((entry) => entry.name);
  const wanted = ['mimetype', ...options.files];
  // Sets, not arrays: a book of 10 000 questions has 10 000 files, and includes() made this quadratic.
  const presentSet = new Set(present);
  const wantedSet = new Set(wanted);
  const unexpected = present.filter((name) => !wantedSet.has(name));
  const missing = wanted.filter((name) => !presentSet.has(name));
  if (unexpected.length || missing.length) {
    throw new Error(`EPUB package mismatch: unexpected [${unexpected.join(', ')}], missing [${missing.join(', ')}]`);
  }

  const entries = await Promise.all(wanted.map(async (name) => ({ name, data: await source.file(name)!.async('uint8array'), store: name === 'mimetype' })));
  return zip(entries, options.date);
}
