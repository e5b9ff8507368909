/** `kumihan build`: manuscripts → PDF, booklet and EPUB. */
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { buildBook, claimOutputs, type BuildOptions, type Format } from '../core/build.js';
import { findBrowser } from '../core/browser.js';
import { requireFonts } from '../core/assets.js';
import { createReporter } from '../core/reporter.js';
import { KumihanError, formatMessage } from '../core/errors.js';
import { claimOutput, removeTemporariesOnExit, requireWritableDirectory, writeFileAtomic } from '../core/fs.js';
import { PAGE_SIZES } from '../config/schema.js';
import { BINDINGS, COLOR_MODES, PDFX_VERSIONS, PROFILE_NAMES, resolvePrintSettings } from '../config/press.js';
import { resolveManuscripts, runBounded } from './shared.js';

/** The flags as commander hands them over: the pass-through options typed by BuildOptions, the rest as strings. */
type BuildFlags = Pick<BuildOptions, 'size' | 'cropMarks' | 'bleed' | 'pressReady' | 'pdfx' | 'color' | 'profile' | 'binding' | 'force' | 'editionInName' | 'downloadBrowser'> & {
  pdf?: boolean;
  epub?: boolean;
  booklet?: boolean;
  out: string;
  columns?: string;
  jobs: string;
  timeout?: string;
  timings?: string;
  verbose?: boolean;
  keepPagination?: boolean;
};

/** Adds the `build` subcommand. */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('build the print PDF, the imposed booklet and the EPUB (all three when no format is named)')
    .argument('[manuscripts...]', 'manuscript Markdown files (default: manuscript/*.md)')
    .option('--pdf', 'build the print PDF: <out>/<name>.pdf')
    .option('--epub', 'build the EPUB: <out>/<name>.epub')
    .option('--booklet', 'build the imposed A4 booklet: <out>/<name>-booklet.pdf')
    .option('--out <dir>', 'output directory', 'output')
    .addOption(new Option('--size <size>', 'page size, overriding the manuscript').choices(Object.keys(PAGE_SIZES)))
    .addOption(new Option('--columns <n>', 'text columns (段組), A5 only').choices(['1', '2']))
    .addOption(new Option('--profile <name>', 'settings for a destination: home (default), print-shop, kdp-paperback').choices([...PROFILE_NAMES]))
    .option('--crop-marks', 'add crop marks (トンボ) in registration colour, with a 3 mm bleed unless --bleed')
    .option('--no-crop-marks', 'no crop marks, whatever the profile says')
    .option('--bleed <length>', 'bleed around each page, e.g. 3mm')
    .option('--press-ready', 'PDF/X-1a:2001 for a print shop, K only unless --color cmyk')
    .addOption(new Option('--pdfx <version>', 'PDF/X version of press output: 1a (PDF/X-1a:2001) or 4 (PDF/X-4)').choices([...PDFX_VERSIONS]))
    .addOption(new Option('--color <mode>', 'colours: rgb (screen, home printer), gray (K only; default for PDF/X) or cmyk').choices([...COLOR_MODES]))
    .addOption(new Option('--binding <binding>', 'page count: saddle (中綴じ, a multiple of 4) or perfect (無線綴じ, even)').choices([...BINDINGS]))
    .option('--keep-pagination', 'for a reprint: refuse a PDF whose corrections move later pages (the previous PDF stays)')
    .option('--edition-in-name', 'put the newest edition into the file names (<name>-e2.pdf)')
    .option('-f, --force', 'rebuild even when nothing changed, and write over output files kumihan did not write')
    .option('-j, --jobs <n>', 'manuscripts built at once', '2')
    .option('--timeout <seconds>', 'give up on the PDF after this long (default: scaled with the text)')
    .option('--download-browser', 'let Vivliostyle download its own browser instead of using the installed one (needs the network)')
    .option('-v, --verbose', 'print each stage and its time as it ends (the default on a terminal)')
    .option('--timings <file>', 'write the time of each stage (ms, JSON) to this file, for benchmarks')
    .action(async (manuscripts: string[], flags: BuildFlags) => {
      // Everything before this line (Node's start, loading the CLI) is start-up.
      const startup = performance.now();
      const named = (['pdf', 'epub', 'booklet'] as const).filter((format) => flags[format]);
      const formats = new Set<Format>(named.length ? named : ['pdf', 'epub', 'booklet']);
      const needsPrint = formats.has('pdf') || formats.has('booklet');
      const options: BuildOptions = {
        formats,
        outDir: flags.out,
        size: flags.size,
        columns: flags.columns ? (Number(flags.columns) as 1 | 2) : undefined,
        cropMarks: flags.cropMarks,
        bleed: flags.bleed,
        pressReady: flags.pressReady,
        pdfx: flags.pdfx,
        color: flags.color,
        profile: flags.profile,
        binding: flags.binding,
        force: flags.force,
        editionInName: flags.editionInName,
        keepPagination: flags.keepPagination,
        // A missing browser or font fails here, before any work and before any file is touched.
        browser: needsPrint && !flags.downloadBrowser ? findBrowser() : undefined,
        downloadBrowser: flags.downloadBrowser,
        timeoutMs: flags.timeout === undefined ? undefined : seconds(flags.timeout, '--timeout') * 1000,
      };
      if (needsPrint) {
        requireFonts();
        // Contradictory press options (PDF/X in RGB, a trim KDP cannot print) fail before any work.
        resolvePrintSettings(options, options.size);
      }
      const files = await resolveManuscripts(manuscripts);
      // Before any work: no output clashes with another, and none writes over a manuscript or a file
      // kumihan did not write (without --force); nor does the timings file.
      const targets = await claimOutputs(files, options);
      if (flags.timings) {
        const protect = [...files.map((file) => ({ file, role: 'the manuscript' })), ...targets.map((file) => ({ file, role: 'the output' }))];
        await claimOutput(flags.timings, { option: '--timings', force: flags.force, protect, ours: isTimingsFile });
      }
      // An output directory that cannot be written fails now, not after the typesetting; an
      // interrupted build removes its temporaries from it.
      await requireWritableDirectory(flags.out);
      removeTemporariesOnExit(flags.out);
      const reporter = createReporter(flags.verbose ? { verbose: true } : {});
      const started = performance.now();
      const results = await runBounded(files, Number(flags.jobs) || 1, (file) => buildBook(file, options, reporter));
      for (const result of results) {
        for (const warning of result.warnings) process.stderr.write(`${formatMessage(warning)}\n`);
        for (const output of result.outputs) process.stdout.write(`${output.status === 'built' ? 'built  ' : 'skipped'} ${output.file}\n`);
        if (result.pagination !== undefined) process.stdout.write(`pages   ${result.pagination}\n`);
      }
      const elapsed = performance.now() - started;
      if (flags.timings) {
        const timings = { startupMs: startup, buildMs: elapsed, stagesMs: Object.fromEntries(reporter.timings) };
        await writeFileAtomic(flags.timings, `${JSON.stringify(timings, null, 2)}\n`);
      }
      process.stderr.write(`done in ${(elapsed / 1000).toFixed(2)} s\n`);
    });
}

/** True when `file` is a timings file as --timings writes it (JSON with these three keys): kumihan's own, to replace freely. */
async function isTimingsFile(file: string): Promise<boolean> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    return typeof data.startupMs === 'number' && typeof data.buildMs === 'number' && typeof data.stagesMs === 'object' && data.stagesMs !== null;
  } catch {
    return false;
  }
}

/** A positive number of seconds from an option, or a one-line error naming the option. */
function seconds(value: string, option: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new KumihanError(`${option} must be a positive number of seconds, not ${JSON.stringify(value)}`);
  return number;
}
