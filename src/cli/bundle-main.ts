/**
 * An entry beside the bundle (dist/bundle/kumihan.js) that runs the CLI bundled beside it
 * (kumihan.cjs) with its code cache: what a test runs to use one bundle of its own.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBundle } from './code-cache.cjs';

runBundle(path.join(path.dirname(fileURLToPath(import.meta.url)), 'kumihan.cjs'), process.argv.slice(2));
