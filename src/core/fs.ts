/** File-system helpers that never leave a half-written output behind. */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** Path of a fresh temporary sibling of `target`, on the same file system so rename is atomic. */
export function temporarySibling(target: string): string {
  const { dir, base } = path.parse(target);
  return path.join(dir, `.${base}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes `data` to `target` through a temporary file and a rename: readers see the old or the new file, never a mix. */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: { exclusive?: boolean } = {}): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = temporarySibling(target);
  try {
    await writeFile(temporary, data);
    if (options.exclusive) {
      // `wx` on a hard link would be atomic too, but rename cannot refuse; check just before it.
      const { access } = await import('node:fs/promises');
      const exists = await access(target).then(() => true, () => false);
      if (exists) throw Object.assign(new Error(`${target} already exists`), { code: 'EEXIST' });
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Moves a finished temporary file into place, removing the temporary on failure. */
export async function commitFile(temporary: string, target: string): Promise<void> {
  try {
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
