/**
 * The bundle's entry (dist/bundle/kumihan.js): runs the CLI bundled beside it (kumihan.cjs) with
 * the code cache of the command being run (code-cache.ts), and saves that cache after a run that
 * succeeded and adds to it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './code-cache.js';

const argv = process.argv.slice(2);
const loaded = loadBundle(path.join(path.dirname(fileURLToPath(import.meta.url)), 'kumihan.cjs'), argv);
const { main } = loaded.exports as { main: (argv: string[]) => Promise<number> };
process.once('exit', (code) => {
  if (code === 0) loaded.saveCache();
});
process.exitCode = await main(argv);
