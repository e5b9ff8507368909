/** `kumihan check`: proofread manuscripts, then check the built EPUB and PDFs when present. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { decodeManuscript, parseManuscript } from '../manuscript/parse.js';
import { typesetBook } from '../core/build.js';
import { formatMessage } from '../core/errors.js';
import { readInput } from '../core/fs.js';
import { outputPaths } from '../core/paths.js';
import { lintManuscripts, formatFinding, textlintConfig } from '../check/lint.js';
import { checkEpub, checkPdfFonts } from '../check/outputs.js';
import { checkManuscriptBrackets } from '../check/manuscript-brackets.js';
import { resolveManuscripts } from './shared.js';
import { KumihanError } from '../core/errors.js';
import type { Binding } from '../check/preflight.js';

/** Adds the `check` subcommand. */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('proofread manuscripts (textlint: brackets, widths, name spellings) and check built EPUB/PDF files')
    .argument('[manuscripts...]', 'manuscript Markdown files (default: manuscript/*.md)')
    .option('--fix', 'apply the fixes textlint knows (full-width brackets, dictionary spellings) to the manuscripts')
    .option('--out <dir>', 'where the built files are', 'output')
    .option('--no-outputs', 'skip the checks of built files')
    .option('--preflight', "the arguments are PDFs: check each as a print shop's preflight would (PDF/X, output intent, boxes, fonts, RGB, transparency, ink, page count)")
    .addOption(new Option('--binding <binding>', 'preflight page-count rule: saddle (中綴じ, multiple of 4) or perfect (無線綴じ, even)').choices(['saddle', 'perfect']).default('saddle'))
    .option('--max-ink <percent>', 'preflight total ink limit', '350')
    .option('--k-only', 'preflight a one-colour (K) job: C, M or Y inside the bleed fails')
    .action(async (manuscripts: string[], flags: { fix?: boolean; out: string; outputs: boolean; preflight?: boolean; binding: Binding; maxInk: string; kOnly?: boolean }) => {
      if (flags.preflight) {
        await preflightFiles(manuscripts, flags);
        return;
      }
      const files = await resolveManuscripts(manuscripts);
      let errors = 0;
      for (const file of files) {
        // Shown relative to the working directory, like textlint's findings.
        const shown = path.relative(process.cwd(), file) || file;
        const book = parseManuscript(decodeManuscript(await readInput(file), shown), shown);
        // The typography pass reports what only it sees (ruby syntax left open); a manuscript it cannot read has said why already.
        if (!book.file.messages.some((message) => message.fatal)) {
          await typesetBook(book);
          // The pictures, read as the build reads them (nothing is written): a missing, unreadable or foreign file at its line.
          await (await import('../writers/pictures.js')).checkPictures(book);
        }
        const structural = book.file.messages.length;
        checkManuscriptBrackets(book.file);
        // Unbalanced brackets are errors to a proofreader, though the build only warns about them.
        for (const message of book.file.messages.slice(structural)) message.fatal = true;
        for (const message of book.file.messages) {
          process.stdout.write(`${formatMessage(message)}\n`);
          if (message.fatal) errors++;
        }
      }
      const config = textlintConfig();
      if (config.builtIn) process.stderr.write(`no .textlintrc.json here: proofreading with kumihan's own rules (${config.file})\n`);
      for (const finding of await lintManuscripts(files, { fix: flags.fix, configFile: config.file })) {
        process.stdout.write(`${formatFinding(finding)}\n`);
        if (finding.severity === 'error') errors++;
      }
      if (flags.outputs) {
        for (const file of files) {
          const built = outputPaths(file, flags.out);
          const checks = [
            existsSync(built.epub) ? checkEpub(built.epub) : [],
            existsSync(built.pdf) ? checkPdfFonts(built.pdf) : [],
            existsSync(built.booklet) ? checkPdfFonts(built.booklet) : [],
          ];
          for (const problem of (await Promise.all(checks)).flat()) {
            process.stdout.write(`${problem.file}: error: ${problem.message}\n`);
            errors++;
          }
        }
      }
      process.stderr.write(`${errors} error${errors === 1 ? '' : 's'} in ${files.length} manuscript${files.length === 1 ? '' : 's'}\n`);
      if (errors) process.exitCode = 1;
    });
}

/** `kumihan check --preflight FILE.pdf …`: one line per check and file, exit 1 when any fails. */
async function preflightFiles(files: string[], flags: { binding: Binding; maxInk: string; kOnly?: boolean }): Promise<void> {
  if (!files.length) throw new KumihanError('--preflight needs the PDF files to check');
  const maxInk = Number(flags.maxInk);
  if (!Number.isFinite(maxInk) || maxInk <= 0 || maxInk > 400) throw new KumihanError(`--max-ink must be a percentage from 1 to 400, not ${JSON.stringify(flags.maxInk)}`);
  const { preflight } = await import('../check/preflight.js');
  let failures = 0;
  for (const file of files) {
    for (const result of await preflight(file, { binding: flags.binding, maxInk, kOnly: flags.kOnly })) {
      const status = !result.ok ? 'FAIL' : result.warning ? 'WARN' : 'ok  ';
      if (!result.ok) failures++;
      process.stdout.write(`${file}: ${status} ${result.check}: ${result.detail}\n`);
    }
  }
  process.stderr.write(`${failures} preflight failure${failures === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}\n`);
  if (failures) process.exitCode = 1;
}
