/** `kumihan import <transcript>`: raw transcript → structured Markdown manuscript. */
import { access, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { KumihanError, formatMessage } from '../core/errors.js';
import { requireWritableDirectory, writeFileAtomic } from '../core/fs.js';
import { importTranscript, type ImportResult } from '../import/index.js';
import { printable } from '../core/text.js';

interface ImportFlags {
  output?: string;
  force?: boolean;
  verbose?: boolean;
}

/** Adds the `import` subcommand. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('turn a raw interview transcript into a structured Markdown manuscript')
    .argument('<transcript>', 'the transcript text file (UTF-8 with or without BOM, UTF-16 with BOM, or Shift_JIS)')
    .option('-o, --output <file>', 'where to write the manuscript (default: manuscript/<name>.md)')
    .option('-f, --force', 'overwrite an existing manuscript')
    .option('-v, --verbose', 'also report the encoding and what was dropped, moved and normalised')
    .action(async (transcript: string, flags: ImportFlags) => runImport(transcript, flags));
}

/** Reads the transcript, imports it, prints diagnostics and writes the manuscript unless that would clobber one. */
export async function runImport(transcript: string, flags: ImportFlags): Promise<void> {
  const output = flags.output ?? path.join('manuscript', `${path.parse(transcript).name}.md`);
  await requireWritableDirectory(path.dirname(output));
  const bytes = await readFile(transcript).catch((error: NodeJS.ErrnoException) => {
    throw new KumihanError(`cannot read the transcript: ${error.code === 'ENOENT' ? 'no such file' : error.message}`, { file: transcript });
  });
  const result = importTranscript(bytes, { path: transcript });

  if (await sameFile(transcript, output)) throw new KumihanError('the output would overwrite the transcript itself; choose another -o', { file: output });
  // Checked before writing and again (exclusive) at the rename: an edited manuscript is never clobbered.
  if (!flags.force && (await exists(output))) {
    throw new KumihanError('a manuscript already exists here (it may hold edits); use --force to overwrite it', { file: output });
  }
  for (const message of result.file.messages) process.stderr.write(`${formatMessage(message, transcript)}\n`);
  if (flags.verbose) process.stderr.write(describeAccount(result));
  try {
    await writeFileAtomic(output, result.markdown, { exclusive: !flags.force });
  } catch (error) {
    // Only the exclusive check's own EEXIST means "a manuscript is there", not one from a directory on the way.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && (error as NodeJS.ErrnoException).path === output) {
      throw new KumihanError('a manuscript already exists here (it may hold edits); use --force to overwrite it', { file: output });
    }
    throw error;
  }
  const { questions, turns, speakers } = result.stats;
  process.stdout.write(`${questions} questions, ${turns} turns, ${speakers} speakers → ${output}\n`);
}

/** The --verbose report: encoding, speakers, and every dropped, moved and normalised span. */
export function describeAccount(result: ImportResult): string {
  const { account } = result;
  const lines = [`encoding: ${result.encoding}`];
  for (const s of result.speakers) lines.push(`speaker ${s.id} (${s.role}): printed 「${printable(s.label)}」, seen as 「${s.aliases.map((a) => printable(a)).join('」「')}」`);
  for (const d of account.dropped) lines.push(`dropped ${d.line}:${d.column} 「${printable(d.text)}」 (${d.reason})`);
  for (const m of account.moved) lines.push(`moved ${m.line}:${m.column} 「${printable(m.text)}」 → ${m.to}`);
  const byChar = new Map<string, number>();
  for (const n of account.normalized) byChar.set(`${n.from}→${n.to}`, (byChar.get(`${n.from}→${n.to}`) ?? 0) + 1);
  lines.push(`normalised: ${[...byChar].map(([change, count]) => `${change} ×${count}`).join(', ') || 'nothing'}`);
  lines.push(`labels replaced: ${account.labels.length}`);
  return lines.map((line) => `${result.file.path}: ${line}\n`).join('');
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function sameFile(a: string, b: string): Promise<boolean> {
  const real = (file: string) => realpath(file).catch(() => path.resolve(file));
  return (await real(a)) === (await real(b));
}
