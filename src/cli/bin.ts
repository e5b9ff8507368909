#!/usr/bin/env node
/** The bin's old name (`node dist/cli/bin.js`): runs the bin, dist/cli/kumihan.cjs. */
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./kumihan.cjs');
