/** Re-zips an EPUB so that the same inputs always give the same bytes, in the package layout kumihan wants. */
import JSZip from 'jszip';
import { zip } from './zip.js';

/** One entry of the new archive: a file of the source renamed (`from`), or bytes made here (`data`). */
export type RepackEntry = { name: string; from: string } | { name: string; data: Uint8Array };

/**
 * Copies `epub` (zip bytes) into a fresh zip: `mimetype` first and stored, then exactly `entries` in
 * that order, all dated `date`, with no directory entries, deflated by Node's zlib ({@link zip}).
 * (The library's zip dates every entry with the build time and names its own folders.) Throws when
 * a source file is neither used nor listed in `replaced`, or a `from` is missing, so nothing
 * unexpected, such as a fetched image, slips into the book.
 */
export async function repackEpub(epub: Uint8Array, options: { date: Date; entries: RepackEntry[]; replaced?: string[] }): Promise<Uint8Array> {
  const source = await JSZip.loadAsync(epub);
  const present = Object.values(source.files)
    .filter((entry) => !entry.dir)
    .map((entry) => entry.name);
  // Sets, not arrays: a book of 10 000 questions has 10 000 files, and includes() made this quadratic.
  const used = new Set(['mimetype', ...(options.replaced ?? [])]);
  for (const entry of options.entries) if ('from' in entry) used.add(entry.from);
  const presentSet = new Set(present);
  const unexpected = present.filter((name) => !used.has(name));
  const missing = [...used].filter((name) => !presentSet.has(name));
  if (unexpected.length || missing.length) {
    throw new Error(`EPUB package mismatch: unexpected [${unexpected.join(', ')}], missing [${missing.join(', ')}]`);
  }
  const names = new Set(['mimetype']);
  for (const { name } of options.entries) {
    if (names.has(name)) throw new Error(`EPUB package mismatch: ${name} is listed twice`);
    names.add(name);
  }
  const mimetype = { name: 'mimetype', data: await source.file('mimetype')!.async('uint8array'), store: true };
  const rest = await Promise.all(
    options.entries.map(async (entry) => ({ name: entry.name, data: 'data' in entry ? entry.data : await source.file(entry.from)!.async('uint8array') })),
  );
  return zip([mimetype, ...rest], options.date);
}
