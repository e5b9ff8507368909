#!/usr/bin/env node
/**
 * The `kumihan` bin: the bundled CLI when it is current (one file, compiled with a V8 code cache;
 * docs/performance.md), else the compiled modules. CommonJS, so that a command run from the bundle
 * never starts Node's ES module loader (some 20 ms of every start).
 */
import path from 'node:path';
import { bundleIsCurrent } from './bundled.cjs';
import { runBundle } from './code-cache.cjs';

const bundle = path.join(__dirname, '../bundle/kumihan.cjs');
// The bundle is stale after a compile, an install, or a change of the scripts that make it.
const sources = ['../.tsbuildinfo', '../../node_modules/.package-lock.json', '../../scripts/bundle.mjs', '../../scripts/bundle-parts/epub-html-parse.cjs'];
if (bundleIsCurrent(bundle, sources.map((file) => path.join(__dirname, file)))) runBundle(bundle, process.argv.slice(2));
else void import('./entry.js');
