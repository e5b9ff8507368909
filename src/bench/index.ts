/**
 * `npm run bench`: how long a real build takes, stage by stage and as a whole process, against the
 * floor (a bare `vivliostyle build` of the very same HTML, run in alternation with kumihan so both
 * see the same machine), the EPUB against pandoc, peak memory, start-up, and with `--scale` the
 * same on books 5 and 20 times as long, and save → updated pages in `kumihan preview` (in a real
 * headless Chromium). Markdown on stdout, everything in output/bench.json.
 *
 *   node dist/bench/index.js --help   (options: rounds, --quick, --scale, another --cli to compare)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findBrowser } from '../core/browser.js';
import { findOnPath } from '../core/executables.js';
import { claimOutput, makeDirectory, writeFileAtomic } from '../core/fs.js';
import { workDir } from '../core/paths.js';
import { benchPreview, type PreviewReport } from './preview.js';
import { measure, type Measurement } from './proc.js';
import { renderReport, summarize, type BenchReport, type BookReport, type LongBookReport, type LongBookRun, type Round, type StartupReport } from './report.js';
import { formatSeconds } from './stats.js';
import { pageCount, repeatQuestions, syntheticBook } from './scale.js';

const root = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
const node = process.execPath;
/** The kumihan being measured: this checkout's, or another's given by --cli (before/after comparisons). */
let cli = path.join(root, 'dist/cli/kumihan.cjs');

const USAGE = `usage: node dist/bench/index.js [options]
  --runs <n>          measured rounds per book after one warm-up (default 3)
  --quick             smoke run: one round, no warm-up, no scale
  --scale             also books with the questions repeated (see --factors); ×20 takes minutes
  --factors <list>    repetitions for --scale (default 5,20)
  --scale-runs <n>    rounds per long book (default 1; a ×20 round is two builds of ~450 pages)
  --questions <list>  with --scale, also books of so many short questions shaped like the
                      manuscript's, PDF only (e.g. 250,500,1000: ~130, ~260, ~520 pages; the
                      1,000-question build takes minutes); --factors '' skips the repeated books
  --manuscript <file> the manuscript (default: the first manuscript/*.md)
  --json <file>       where to write the results (default output/bench.json)
  --force             write the results over a file that is not an earlier bench report
  --cli <file>        the kumihan to measure (default dist/cli/kumihan.cjs), e.g. an older checkout's
  --preview-rounds <n> saves timed in \`kumihan preview\` (default 5, 2 with --quick; 0: none)
  --preview-only      only the preview case (save → updated pages)
  --startup-only      only the start-up table (Node, --help, no-op rebuild, EPUB only, import)
  --preview-page <n>  the page the preview case proofreads (default: the middle of the book)
  --keep              keep the temporary directory with every output`;

interface Settings {
  runs: number;
  warmup: boolean;
  browser: string;
  pandoc: boolean;
  /** Whether the kumihan measured can report its stage times (an older one cannot). */
  timings: boolean;
  tmp: string;
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function defaultManuscript(): Promise<string> {
  const dir = path.join(root, 'manuscript');
  const found = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  if (!found[0]) throw new Error(`no manuscript in ${dir}; pass --manuscript FILE`);
  return path.join(dir, found[0]);
}

function versionOf(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0]!.trim();
  } catch {
    return 'not found';
  }
}

function environment(browser: string): Record<string, string> {
  const cpus = os.cpus();
  const vivliostyle = JSON.parse(readFileSync(path.join(root, 'node_modules/@vivliostyle/cli/package.json'), 'utf8')) as { version: string };
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    vivliostyle: vivliostyle.version,
    browser: versionOf(browser, ['--version']),
    pandoc: versionOf('pandoc', ['--version']),
    load: os.loadavg().map((load) => load.toFixed(2)).join(' '),
  };
}

/**
 * Benchmarks one manuscript. Each round runs the kumihan build and the floor (a bare Vivliostyle
 * build of the HTML kumihan wrote), and when `detailed` also the PDF-only and EPUB-only builds and
 * pandoc; odd rounds run them in reverse order, so no command always follows the same one.
 */
async function benchBook(label: string, factor: number, manuscript: string, settings: Settings, detailed: boolean): Promise<BookReport> {
  const dir = path.join(settings.tmp, label);
  const out = path.join(dir, 'kumihan');
  const timings = path.join(dir, 'timings.json');
  const floorDir = path.join(dir, 'floor');
  // A long book is typeset in parts: the floor typesets the same documents, through their manifest.
  const floorHtml = path.join(floorDir, 'print.html');
  const floorInput = () => (existsSync(path.join(floorDir, 'publication.json')) ? path.join(floorDir, 'publication.json') : floorHtml);
  await makeDirectory(dir);

  let recorded: { startupMs: number; stagesMs: Record<string, number> } = { startupMs: Number.NaN, stagesMs: {} };
  const kumihan = async () => {
    const run = await measure(node, [cli, 'build', manuscript, '--force', '--out', out, ...(settings.timings ? ['--timings', timings] : [])], { cwd: root });
    // The floor typesets exactly what kumihan handed to Vivliostyle, stylesheets and all.
    if (!existsSync(floorHtml)) await cp(workDir(manuscript, out), floorDir, { recursive: true });
    if (settings.timings) recorded = JSON.parse(await readFile(timings, 'utf8')) as typeof recorded;
    return run;
  };
  const vivliostyle = realpathSync(path.join(root, 'node_modules/.bin/vivliostyle'));
  const commands: Record<string, () => Promise<Measurement>> = {
    kumihan,
    floor: () => measure(node, [vivliostyle, 'build', floorInput(), '-o', path.join(dir, 'floor.pdf'), '--executable-browser', settings.browser], { cwd: floorDir }),
  };
  if (detailed) {
    commands.pdf = () => measure(node, [cli, 'build', manuscript, '--pdf', '--force', '--out', path.join(dir, 'pdf')], { cwd: root });
    commands.epub = () => measure(node, [cli, 'build', manuscript, '--epub', '--force', '--out', path.join(dir, 'epub')], { cwd: root });
    if (settings.pandoc) commands.pandoc = () => measure('pandoc', [manuscript, '-o', path.join(dir, 'pandoc.epub')], { cwd: root });
  }

  if (settings.warmup) {
    log(`${label}: warm-up`);
    for (const run of Object.values(commands)) await run();
  }
  const rounds: Round[] = [];
  for (let index = 0; index < settings.runs; index++) {
    // The first round starts with kumihan: it writes the HTML the floor needs.
    const order = Object.keys(commands);
    if (index % 2) order.reverse();
    const measured: Record<string, Measurement> = {};
    for (const name of order) measured[name] = await commands[name]!();
    const { kumihan: built, floor: bare, pdf, epub, pandoc } = measured as Record<'kumihan' | 'floor', Measurement> & Partial<Record<'pdf' | 'epub' | 'pandoc', Measurement>>;
    const round: Round = {
      first: order[0] === 'kumihan' ? 'kumihan' : 'floor',
      kumihanMs: built.wallMs,
      kumihanCpuMs: built.cpuMs,
      kumihanRssBytes: built.peakRssBytes,
      kumihanPssBytes: built.peakPssBytes,
      ...recorded,
      floorMs: bare.wallMs,
      floorCpuMs: bare.cpuMs,
      floorRssBytes: bare.peakRssBytes,
      floorPssBytes: bare.peakPssBytes,
      ...(pdf ? { pdfOnlyMs: pdf.wallMs, pdfOnlyCpuMs: pdf.cpuMs } : {}),
      ...(epub ? { epubMs: epub.wallMs, epubRssBytes: epub.peakRssBytes } : {}),
      ...(pandoc ? { pandocMs: pandoc.wallMs } : {}),
    };
    rounds.push(round);
    const notes = [
      `kumihan ${formatSeconds(round.kumihanMs)} (CPU ${formatSeconds(round.kumihanCpuMs)})`,
      `floor ${formatSeconds(round.floorMs)} (CPU ${formatSeconds(round.floorCpuMs)})`,
      ...(pdf ? [`--pdf ${formatSeconds(round.pdfOnlyMs)}`] : []),
      ...(epub ? [`--epub ${formatSeconds(round.epubMs)}`] : []),
      ...(pandoc ? [`pandoc ${formatSeconds(round.pandocMs)}`] : []),
    ];
    log(`${label}: round ${index + 1}/${settings.runs}: ${notes.join(', ')}`);
  }
  const name = path.basename(manuscript, path.extname(manuscript));
  const pages = await pageCount(path.join(out, `${name}.pdf`));
  const characters = (await readFile(manuscript, 'utf8')).length;
  return { label, factor, manuscript, characters, pages, rounds, summary: summarize(rounds, pages) };
}

/**
 * A book of `questions` short questions (syntheticBook), built `kumihan build --pdf` `runs` times
 * with a time limit no build reaches: the time it takes is what is measured, and an older
 * kumihan's default limit would stop a long book.
 */
async function benchLongBook(questions: number, manuscript: string, settings: Settings): Promise<LongBookReport> {
  const name = path.basename(manuscript, path.extname(manuscript));
  const dir = path.join(settings.tmp, `q${questions}`);
  const book = path.join(dir, `${name}-q${questions}.md`);
  const out = path.join(dir, 'out');
  const timings = path.join(dir, 'timings.json');
  await makeDirectory(dir);
  const text = syntheticBook(await readFile(manuscript, 'utf8'), questions);
  await writeFile(book, text);
  const runs: LongBookRun[] = [];
  for (let index = 0; index < settings.runs; index++) {
    const run = await measure(node, [cli, 'build', book, '--pdf', '--force', '--out', out, '--timeout', '36000', ...(settings.timings ? ['--timings', timings] : [])], { cwd: root });
    const stages = settings.timings ? (JSON.parse(await readFile(timings, 'utf8')) as { stagesMs: Record<string, number> }).stagesMs : {};
    runs.push({ wallMs: run.wallMs, cpuMs: run.sampledCpuMs, pdfStageMs: stages.pdf ?? Number.NaN, peakRssBytes: run.peakRssBytes });
    log(`${questions} questions: run ${index + 1}/${settings.runs}: ${formatSeconds(run.wallMs)} (CPU ${formatSeconds(run.sampledCpuMs)}, load ${os.loadavg()[0]!.toFixed(1)})`);
  }
  const pages = await pageCount(path.join(out, `${path.basename(book, '.md')}.pdf`));
  return { questions, characters: text.length, pages, runs };
}

/**
 * Whole-process times of `--help`, of a rebuild that finds everything up to date, and of the two
 * short commands whose time is mostly start-up: an EPUB-only build (`--force`, so it is built) and
 * the import of the manuscript's transcript (`<name>.txt` beside it, when there is one).
 */
async function benchStartup(manuscript: string, out: string, count: number): Promise<StartupReport> {
  const times = async (args: string[], keep: (run: Measurement) => boolean = () => true) => {
    const result: number[] = [];
    for (let index = 0; index < count; index++) {
      const run = await measure(node, args, { cwd: root });
      if (keep(run)) result.push(run.wallMs);
    }
    return result;
  };
  const noop = [cli, 'build', manuscript, '--out', out];
  // Bring the outputs up to date first: kumihan's own files are among the inputs, and a compile in
  // the same checkout since the last build makes every output stale.
  await measure(node, noop, { cwd: root });
  const transcript = manuscript.replace(/\.md$/u, '.txt');
  const scratch = path.join(path.dirname(out), 'startup');
  return {
    nodeBaselineMs: await times(['-e', '0']),
    helpMs: await times([cli, '--help']),
    epubMs: await times([cli, 'build', manuscript, '--epub', '--force', '--out', scratch]),
    importMs: existsSync(transcript) ? await times([cli, 'import', transcript, '--force', '--output', path.join(scratch, 'imported.md')]) : [],
    noopRebuildMs: await times(noop, (run) => {
      const rebuilt = /^built/mu.test(run.stdout);
      // Someone compiling this checkout meanwhile makes every output stale: such a run is no no-op.
      if (rebuilt) log('a no-op rebuild built something (kumihan changed meanwhile?): not counted');
      return !rebuilt;
    }),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      quick: { type: 'boolean', default: false },
      scale: { type: 'boolean', default: false },
      factors: { type: 'string', default: '5,20' },
      questions: { type: 'string', default: '' },
      'scale-runs': { type: 'string', default: '1' },
      manuscript: { type: 'string' },
      json: { type: 'string', default: path.join(root, 'output/bench.json') },
      cli: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'preview-rounds': { type: 'string' },
      'preview-only': { type: 'boolean', default: false },
      'startup-only': { type: 'boolean', default: false },
      'preview-page': { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const runs = values.quick ? 1 : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  const factors = values.factors.split(',').filter(Boolean).map(Number);
  const questionCounts = values.questions.split(',').filter(Boolean).map(Number);
  if (questionCounts.some((count) => !Number.isInteger(count) || count < 1)) throw new Error(`--questions must list positive integers, got ${values.questions}`);
  if (factors.some((factor) => !Number.isInteger(factor) || factor < 2)) throw new Error(`--factors must list integers ≥ 2, got ${values.factors}`);
  const scaleRuns = Number(values['scale-runs']);
  if (!Number.isInteger(scaleRuns) || scaleRuns < 1) throw new Error(`--scale-runs must be a positive integer, got ${values['scale-runs']}`);
  const previewRounds = Number(values['preview-rounds'] ?? (values.quick ? 2 : 5));
  if (!Number.isInteger(previewRounds) || previewRounds < 0) throw new Error(`--preview-rounds must be a whole number, got ${values['preview-rounds']}`);
  const previewPage = values['preview-page'] === undefined ? undefined : Number(values['preview-page']);
  if (previewPage !== undefined && (!Number.isInteger(previewPage) || previewPage < 1)) throw new Error(`--preview-page must be a page number, got ${values['preview-page']}`);
  if (values.cli) cli = path.resolve(values.cli);
  if (!existsSync(cli)) throw new Error(`${cli} is missing; compile first (npx tsc -p .)`);

  const started = performance.now();
  const manuscript = path.resolve(values.manuscript ?? (await defaultManuscript()));
  // Refused now, not after minutes of measuring: the report never replaces the manuscript or a file that is not a report.
  await claimOutput(path.resolve(values.json), { option: '--json', force: values.force, protect: [{ file: manuscript, role: 'the manuscript' }], ours: isBenchReport });
  const browser = findBrowser();
  const settings: Settings = {
    runs,
    warmup: !values.quick,
    browser,
    pandoc: findOnPath('pandoc') !== undefined,
    timings: execFileSync(node, [cli, 'build', '--help'], { encoding: 'utf8' }).includes('--timings'),
    tmp: await mkdtemp(path.join(os.tmpdir(), 'kumihan-bench-')),
  };
  const command = ['npm run bench --', ...process.argv.slice(2)].join(' ').trim();
  if (!settings.timings) log(`${cli} cannot report stage times (no --timings): whole-process times only`);
  log(`${runs} round(s) per book${settings.warmup ? ' after a warm-up' : ''}; temporary files in ${settings.tmp}`);
  try {
    const books: BookReport[] = [];
    let startup: StartupReport | undefined;
    const only = values['preview-only'] || values['startup-only'];
    if (!values['preview-only']) {
      if (!only) books.push(await benchBook('×1', 1, manuscript, settings, true));
      startup = await benchStartup(manuscript, path.join(settings.tmp, '×1', 'kumihan'), values.quick ? 3 : 7);
    }
    let preview: PreviewReport | undefined;
    if ((previewRounds > 0 && !only) || values['preview-only']) {
      log('preview: save → updated pages in a headless Chromium');
      preview = await benchPreview({ cli, manuscript, browser, dir: path.join(settings.tmp, 'preview'), rounds: Math.max(1, previewRounds), page: previewPage, log });
    }
    if (values.scale && !values.quick && !only) {
      const text = await readFile(manuscript, 'utf8');
      const name = path.basename(manuscript, path.extname(manuscript));
      for (const factor of factors) {
        const scaled = path.join(settings.tmp, 'manuscripts', `${name}-x${factor}.md`);
        await makeDirectory(path.dirname(scaled));
        await writeFile(scaled, repeatQuestions(text, factor));
        // The machine is warm from the ×1 book; a long book gets no warm-up of its own.
        books.push(await benchBook(`×${factor}`, factor, scaled, { ...settings, runs: scaleRuns, warmup: false }, false));
      }
    }
    const long: LongBookReport[] = [];
    if (values.scale && !values.quick && !only) {
      for (const questions of questionCounts) long.push(await benchLongBook(questions, manuscript, { ...settings, runs: scaleRuns }));
    }
    const report: BenchReport = {
      date: new Date().toISOString(),
      command,
      environment: environment(browser),
      runs,
      books,
      ...(long.length ? { long } : {}),
      ...(startup ? { startup } : {}),
      ...(preview ? { preview } : {}),
      elapsedMs: performance.now() - started,
    };
    await writeFileAtomic(path.resolve(values.json), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(renderReport(report));
    log(`results in ${values.json}`);
  } finally {
    if (!values.keep) await rm(settings.tmp, { recursive: true, force: true });
  }
}

/** True when `file` is a report this benchmark wrote (JSON with its command, environment and books). */
async function isBenchReport(file: string): Promise<boolean> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as Partial<BenchReport>;
    return typeof data.command === 'string' && Array.isArray(data.books) && typeof data.environment === 'object';
  } catch {
    return false;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
