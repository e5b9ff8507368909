/**
 * `kumihan init [dir]`: a new book project — manuscript/, the proofreading configuration
 * (.textlintrc.json, prh.yml), a vivliostyle.config.js for Vivliostyle's own preview and a README.
 * The stylesheets and fonts stay in the kumihan package: every project is set the same way.
 */
import { mkdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { packageRoot } from '../core/assets.js';
import { KumihanError } from '../core/errors.js';
import { requireWritableDirectory, writeFileAtomic } from '../core/fs.js';

/** The files of a new project: where each goes, and where its text comes from in the package. */
export const PROJECT_FILES: ReadonlyArray<{ file: string; source: string }> = [
  { file: 'README.md', source: 'templates/init/README.md' },
  { file: 'vivliostyle.config.js', source: 'templates/init/vivliostyle.config.js' },
  { file: '.textlintrc.json', source: '.textlintrc.json' },
  { file: 'prh.yml', source: 'templates/init/prh.yml' },
];

/** Adds the `init` subcommand. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create a new book project: manuscript/, .textlintrc.json, prh.yml, vivliostyle.config.js, README.md')
    .argument('[dir]', 'the project folder (created when missing)', '.')
    .action(async (dir: string) => {
      const created = await initProject(dir);
      const shown = dir === '.' ? 'this folder' : dir;
      process.stdout.write(`created ${created.join(', ')} in ${shown}\n`);
      process.stdout.write(`next: ${dir === '.' ? '' : `cd ${dir} && `}npx kumihan import TRANSCRIPT.txt && npx kumihan build\n`);
    });
}

/**
 * Writes the project files into `dir`; refuses, writing nothing, when any of them is already
 * there. Returns what it created, in order.
 */
export async function initProject(dir: string): Promise<string[]> {
  await requireWritableDirectory(dir);
  const existing = [];
  for (const { file } of PROJECT_FILES) {
    if (await stat(path.join(dir, file)).catch(() => undefined)) existing.push(file);
  }
  const manuscripts = await stat(path.join(dir, 'manuscript')).catch(() => undefined);
  if (manuscripts && !manuscripts.isDirectory()) existing.push('manuscript');
  if (existing.length) {
    throw new KumihanError(`${existing.join(', ')} already ${existing.length === 1 ? 'exists' : 'exist'} here; init writes over nothing (remove ${existing.length === 1 ? 'it' : 'them'} or choose another folder)`, { file: dir });
  }
  const texts = await Promise.all(PROJECT_FILES.map(({ source }) => readFile(path.join(packageRoot, source))));
  const written: string[] = [];
  try {
    await mkdir(path.join(dir, 'manuscript'), { recursive: true });
    for (const [index, { file }] of PROJECT_FILES.entries()) {
      // Exclusive: a file that appeared since the check is not overwritten either.
      await writeFileAtomic(path.join(dir, file), texts[index]!, { exclusive: true });
      written.push(file);
    }
  } catch (error) {
    await Promise.all(written.map((file) => rm(path.join(dir, file), { force: true })));
    if (!manuscripts) await rmdir(path.join(dir, 'manuscript')).catch(() => {});
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new KumihanError('a file appeared while init was writing; nothing was created', { file: dir });
    throw error;
  }
  return ['manuscript/', ...written];
}
