/** `kumihan check`: proofread manuscripts, then check the built EPUB and PDFs when present. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { decodeManuscript, parseManuscript } from '../manuscript/parse.js';
import { typesetBook } from '../core/build.js';
import { formatMessage } from '../core/errors.js';
import { outputPaths } from '../core/paths.js';
import { lintManuscripts, formatFinding, textlintConfig } from '../check/lint.js';
import { checkEpub, checkPdfFonts } from '../check/outputs.js';
import { checkManuscriptBrackets } from '../check/brackets.js';
import { resolveManuscripts } from './shared.js';

/** Adds the `check` subcommand. */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('proofread manuscripts (textlint: brackets, widths, name spellings) and check built EPUB/PDF files')
    .argument('[manuscripts...]', 'manuscript Markdown files (default: manuscript/*.md)')
    .option('--fix', 'apply the fixes textlint knows (full-width brackets, dictionary spellings) to the manuscripts')
    .option('--out <dir>', 'where the built files are', 'output')
    .option('--no-outputs', 'skip the checks of built files')
    .action(async (manuscripts: string[], flags: { fix?: boolean; out: string; outputs: boolean }) => {
      const files = await resolveManuscripts(manuscripts);
      let errors = 0;
      for (const file of files) {
        // Shown relative to the working directory, like textlint's findings.
        const shown = path.relative(process.cwd(), file) || file;
        const book = parseManuscript(decodeManuscript(await readFile(file), shown), shown);
        // The typography pass reports what only it sees (ruby syntax left open); a manuscript it cannot read has said why already.
        if (!book.file.messages.some((message) => message.fatal)) await typesetBook(book);
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
