#!/usr/bin/env node
// Resource bounds of hostile sizes: a 10 MB transcript and a transcript of 10 000 questions,
// each imported and built into an EPUB by the compiled CLI (dist/), every stage in its own
// process so its peak memory (maxRSS) is its own. Exits 1 when a stage fails or when the 10 MB
// transcript's import or EPUB build peaks over 1 GB; the 10 000-question book is reported (its
// peak is mostly garbage V8 has not collected yet: it builds with --max-old-space-size=400).
//
//   node test/hostile/resources.mjs              both cases (the 10 000-question EPUB takes ~30 s)
//   node test/hostile/resources.mjs 10mb         only the 10 MB transcript (run by resources.test.ts)
//   node test/hostile/resources.mjs 10mb-press   a 10 MB press conference in every label style
//   node test/hostile/resources.mjs --json       one JSON line per stage
//
// Internally it re-runs itself as `resources.mjs --stage <cli args…>`: that runs `main` from
// dist/cli/program.js and reports process.resourceUsage().maxRSS on fd 3.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tenMegabytePressConference, tenMegabyteTranscript, tenThousandQuestions } from './generated.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LIMIT_MB = 1024;

if (process.argv[2] === '--stage') {
  const { main } = await import(path.join(root, 'dist/cli/program.js'));
  const code = await main(process.argv.slice(3));
  const report = createWriteStream(null, { fd: 3 });
  report.end(JSON.stringify({ code, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  report.on('finish', () => process.exit(code));
} else {
  const only = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
  const json = process.argv.includes('--json');
  const cases = {
    '10mb': tenMegabyteTranscript,
    '10000q': tenThousandQuestions,
    // Every label style and part heading at once (reported, like 10000q).
    '10mb-press': tenMegabytePressConference,
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kumihan-resources-'));
  let failed = false;
  try {
    for (const [name, make] of Object.entries(cases)) {
      if (only && only !== name) continue;
      writeFileSync(path.join(dir, `${name}.txt`), make());
      for (const args of [['import', `${name}.txt`], ['build', `manuscript/${name}.md`, '--epub', '--out', 'out']]) {
        const started = performance.now();
        const result = await stage(args, dir);
        const seconds = (performance.now() - started) / 1000;
        const over = result.maxRssMb > LIMIT_MB;
        failed ||= (over && name === '10mb') || result.code !== 0;
        const row = { case: name, stage: args[0], code: result.code, seconds: Number(seconds.toFixed(1)), maxRssMb: result.maxRssMb, limitMb: LIMIT_MB };
        process.stdout.write(json ? `${JSON.stringify(row)}\n` : `${name.padEnd(7)} ${args[0].padEnd(7)} exit ${result.code}  ${seconds.toFixed(1).padStart(5)} s  peak RSS ${String(result.maxRssMb).padStart(5)} MB${over ? `  OVER ${LIMIT_MB} MB` : ''}\n`);
        if (result.code !== 0) process.stderr.write(result.stderr);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

/** Runs one CLI stage in a fresh process; its stats arrive on fd 3. */
function stage(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--stage', ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let report = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdio[3].on('data', (chunk) => (report += chunk));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve({ ...JSON.parse(report), stderr });
      } catch {
        reject(new Error(`stage ${args.join(' ')} reported nothing: ${stderr}`));
      }
    });
  });
}
