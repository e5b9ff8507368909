/**
 * A 10 MB transcript is imported and built into an EPUB, each in its own process, within 1 GB of
 * peak memory (test/hostile/resources.mjs; `node test/hostile/resources.mjs` also measures the
 * 10 000-question book, which takes longer than this suite should).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ROOT } from './helpers.js';

it('imports a 10 MB transcript and builds its EPUB, each under 1 GB peak RSS', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'test/hostile/resources.mjs'), '10mb', '--json'], { timeout: 240_000 });
  const rows = stdout.trim().split('\n').map((line) => JSON.parse(line) as { stage: string; code: number; maxRssMb: number; seconds: number });
  expect(rows.map((row) => [row.stage, row.code])).toEqual([['import', 0], ['build', 0]]);
  for (const row of rows) expect(row.maxRssMb, `${row.stage}: ${row.maxRssMb} MB in ${row.seconds} s`).toBeLessThan(1024);
});
