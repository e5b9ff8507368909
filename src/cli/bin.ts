#!/usr/bin/env node
/**
 * Entry point of the `kumihan` bin: the bundled CLI when it is current (a few files for Node to
 * read instead of some 300 modules; docs/performance.md), else the compiled modules.
 */
import { bundleIsCurrent } from './bundled.js';

const bundle = new URL('../bundle/kumihan.js', import.meta.url);
const sources = ['../.tsbuildinfo', '../../node_modules/.package-lock.json', '../../scripts/bundle.mjs', '../../scripts/bundle-parts/epub-html-parse.cjs'].map((file) => new URL(file, import.meta.url));
await import(bundleIsCurrent(bundle, sources) ? bundle.href : './entry.js');
