#!/usr/bin/env node
/**
 * Bundles the compiled CLI (dist/, from `tsc`) into dist/bundle/ with esbuild: kumihan.js, the
 * Vivliostyle worker and the cover's worker thread beside it, and shared chunks. Node then reads a
 * few files instead of some 300 modules, which was most of a short command's start-up
 * (docs/performance.md). Each subcommand
 * stays a chunk of its own, loaded only when run (src/cli/program.ts).
 *
 * The bundle sits two folders below the package root like every compiled module, so the paths
 * the code finds from `import.meta.url` (styles/, fonts, the worker beside it) hold in it too.
 * Left outside: native addons, packages that load files or plugins by name at run time
 * (textlint and its rules, Vivliostyle and the browser driver, chokidar's optional fsevents),
 * and those already loaded by path (budoux, epub-gen-memory).
 *
 * Written to a temporary folder and moved into place, so a half-written bundle never runs;
 * src/cli/bin.ts runs it only when it is newer than the last compile.
 *
 *   node scripts/bundle.mjs [--outdir dist/bundle]     (npm run compile runs it after tsc)
 */
import { build } from 'esbuild';
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const dist = path.join(root, 'dist');
// --outdir: another folder of dist/ named bundle…, for a test that must not replace the bundle in use.
const { values } = parseArgs({ options: { outdir: { type: 'string', default: path.join(dist, 'bundle') } } });
const target = path.resolve(values.outdir);
if (path.dirname(target) !== dist || !path.basename(target).startsWith('bundle')) {
  process.stderr.write(`bundle: --outdir must be a folder dist/bundle…, two levels below the package root like the modules, not ${target}\n`);
  process.exit(2);
}
const temporary = `${target}.tmp-${process.pid}`;

export const EXTERNAL = [
  '@resvg/resvg-js',
  'sharp',
  '@vivliostyle/cli',
  '@vivliostyle/viewer',
  'puppeteer-core',
  'textlint',
  'textlint-*',
  '@textlint/*',
  'chokidar',
  'fsevents',
  'budoux',
];

for (const entry of ['cli/entry.js', 'writers/print/vivliostyle-worker.js', 'writers/epub/cover-worker.js']) {
  if (!existsSync(path.join(dist, entry))) {
    process.stderr.write(`bundle: dist/${entry} is missing; compile first (npx tsc -p tsconfig.json)\n`);
    process.exit(1);
  }
}

try {
  await build({
    entryPoints: {
      kumihan: path.join(dist, 'cli/entry.js'),
      'vivliostyle-worker': path.join(dist, 'writers/print/vivliostyle-worker.js'),
      'cover-worker': path.join(dist, 'writers/epub/cover-worker.js'),
    },
    outdir: temporary,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunk-[hash]',
    external: EXTERNAL,
    // CommonJS dependencies inside an ES module bundle still call require() for Node's own modules.
    banner: { js: "import { createRequire as __kumihanRequire } from 'node:module'; const require = __kumihanRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  rmSync(target, { recursive: true, force: true });
  renameSync(temporary, target);
} finally {
  rmSync(temporary, { recursive: true, force: true });
}
