#!/usr/bin/env node
/**
 * Bundles the compiled CLI (dist/, from `tsc`) into dist/bundle/ with esbuild: the CLI as one
 * CommonJS file, kumihan.cjs, which the bin (src/cli/kumihan.cts) runs with a V8 code cache
 * (src/cli/code-cache.cts); the libraries of rare work in vendor/; an entry beside it (kumihan.js,
 * src/cli/bundle-main.ts); the Vivliostyle worker and the cover's worker thread. Node
 * then reads a few files instead of some 300 modules, and a command run before compiles little of
 * them again: most of a short command's start-up (docs/performance.md).
 *
 * The bundle sits two folders below the package root like every compiled module, so the paths
 * the code finds from `import.meta.url` (styles/, fonts, the workers beside it) hold in it too.
 * Left outside: native addons, packages that load files or plugins by name at run time
 * (textlint and its rules, Vivliostyle and the browser driver, chokidar's optional fsevents),
 * and BudouX, loaded by path.
 *
 * Written to a temporary folder and moved into place, so a half-written bundle never runs;
 * the bin runs it only when it is newer than the last compile (src/cli/bundled.cts).
 *
 *   node scripts/bundle.mjs [--outdir dist/bundle]     (npm run compile runs it after tsc)
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Large libraries that only slow or rare work needs (PDF finishing, Word and web-page imports),
 * bundled into files of their own (vendor/*.cjs) that the CLI requires when it gets there: every
 * command reads and parses the CLI's file, and these were half of it (docs/performance.md).
 */
export const VENDOR = {
  'pdf-lib': 'pdf-lib',
  '@pdf-lib/fontkit': 'pdf-lib-fontkit',
  mammoth: 'mammoth',
  linkedom: 'linkedom',
  '@mozilla/readability': 'readability',
};

const ENTRIES = ['cli/bundle-main.js', 'cli/program.js', 'writers/print/vivliostyle-worker.js', 'writers/epub/cover-worker.js'];
for (const entry of ENTRIES) {
  if (!existsSync(path.join(dist, entry))) {
    process.stderr.write(`bundle: dist/${entry} is missing; compile first (npx tsc -p tsconfig.json)\n`);
    process.exit(1);
  }
}

const common = { bundle: true, platform: 'node', target: 'node20', external: EXTERNAL, logLevel: 'warning' };

/**
 * epub-gen-memory without what kumihan never uses, a third of a short build's loading: its own
 * parts its package.json names for browsers, so its options are not checked again at run time
 * (`ow`; kumihan's options are type-checked against the library's types) and nothing is fetched
 * (kumihan puts every file into the EPUB itself: no node-fetch and its URL tables); and, for its
 * HTML normaliser, which only ever sees kumihan's empty chapter content, bundle-parts/
 * epub-html-parse.cjs (no htmlparser2, css-select, entities). The compiled modules use the whole
 * library; test/integration/bundle.test.ts compares the EPUBs of both.
 */
const epubGenLight = {
  name: 'epub-gen-memory-light',
  setup(build) {
    const replacements = {
      './predicates': (dir) => path.join(dir, 'predicates-nop.js'),
      './fetchable': (dir) => path.join(dir, 'fetchable-browser.js'),
      './html-parse': () => path.join(root, 'scripts/bundle-parts/epub-html-parse.cjs'),
    };
    build.onResolve({ filter: /^\.\/(predicates|fetchable|html-parse)$/ }, (args) => {
      if (!args.importer.includes(`${path.sep}epub-gen-memory${path.sep}`)) return undefined;
      return { path: replacements[args.path](path.dirname(args.importer)) };
    });
  },
};

/**
 * The CLI's text in ASCII, which Node reads and V8 keeps in half the memory and time of UTF-8
 * (src/cli/code-cache.cts): esbuild escapes strings and names but leaves regular expressions and
 * comments as written, where `\uXXXX` means the same character. A character after a backslash (an
 * identity escape, `/\ー/`) would change meaning, so then the text stays as it is.
 */
function asciiOnly(text) {
  let escaped = false;
  // Each UTF-16 unit of the character: `\ud83e\udea6` is one character in a /u expression too.
  const units = (char) => Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
  const ascii = text.replace(/(\\*)([^\0-\x7f])/gu, (_match, backslashes, char) => {
    if (backslashes.length % 2) escaped = true;
    return backslashes + units(char);
  });
  return escaped ? text : ascii;
}

/** The CLI's imports of the {@link VENDOR} libraries: a require() of their own file, relative to it. */
const vendorFiles = {
  name: 'vendor-files',
  setup(build) {
    const names = Object.keys(VENDOR).map((name) => name.replace(/[/.]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({ path: `./vendor/${VENDOR[args.path]}.cjs`, external: true }));
  },
};

try {
  // The CLI: one CommonJS file that the bin compiles with a V8 code cache (code-cache.cts).
  const cli = await build({
    ...common,
    entryPoints: { kumihan: path.join(dist, 'cli/program.js') },
    outfile: path.join(temporary, 'kumihan.cjs'),
    write: false,
    format: 'cjs',
    // import() of the packages left outside becomes require() (all of them can be required): code
    // compiled through vm.Script has no import() without an experimental Node API.
    supported: { 'dynamic-import': false },
    // Each module finds its files (styles/, fonts, the workers) from its URL: in the bundle, the bundle's.
    define: { 'import.meta.url': '__kumihanUrl' },
    banner: { js: "const __kumihanUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [epubGenLight, vendorFiles],
  });
  mkdirSync(temporary, { recursive: true });
  writeFileSync(path.join(temporary, 'kumihan.cjs'), asciiOnly(cli.outputFiles[0].text));
  await build({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(VENDOR).map(([name, file]) => [file, name])),
    outdir: path.join(temporary, 'vendor'),
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
  });
  // The entry beside it, and the two workers (each started from its own file), as ES modules.
  await build({
    ...common,
    entryPoints: {
      kumihan: path.join(dist, 'cli/bundle-main.js'),
      'vivliostyle-worker': path.join(dist, 'writers/print/vivliostyle-worker.js'),
      'cover-worker': path.join(dist, 'writers/epub/cover-worker.js'),
    },
    outdir: temporary,
    splitting: true,
    format: 'esm',
    chunkNames: 'chunk-[hash]',
    // CommonJS dependencies inside an ES module bundle still call require() for Node's own modules.
    banner: { js: "import { createRequire as __kumihanRequire } from 'node:module'; const require = __kumihanRequire(import.meta.url);" },
  });
  rmSync(target, { recursive: true, force: true });
  renameSync(temporary, target);
} finally {
  rmSync(temporary, { recursive: true, force: true });
}
