/** `kumihan import <transcript>`: raw transcript → structured Markdown manuscript. */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { KumihanError, formatMessage, systemReason } from '../core/errors.js';
import { claimOutput, requireWritableDirectory, writeFileAtomic } from '../core/fs.js';
import { importSource, type ImportResult } from '../import/index.js';
import { ROLES, type Role, type RoleOverride } from '../import/speaker-clustering.js';
import { printable } from '../core/text.js';

interface ImportFlags {
  output?: string;
  force?: boolean;
  verbose?: boolean;
  speaker?: RoleOverride[];
}

/** Adds the `import` subcommand. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('turn a raw interview transcript into a structured Markdown manuscript')
    .argument('<transcript>', 'the transcript: a text file (UTF-8 with or without BOM, UTF-16 with BOM, or Shift_JIS), a Word document (.docx) or a web page (.html)')
    .option('-o, --output <file>', 'where to write the manuscript (default: manuscript/<name>.md)')
    .option('-f, --force', 'overwrite an existing manuscript')
    .option('-v, --verbose', 'also report the encoding, which labels became which speaker and why, and what was dropped, moved and normalised')
    .option('--speaker <label=role>', `fix the role of the speaker using LABEL (${ROLES.join(', ')}); repeatable, e.g. --speaker 'ラ=interviewee'`, collectOverride, [])
    .action(async (transcript: string, flags: ImportFlags) => runImport(transcript, flags));
}

/** Reads the transcript, imports it, prints diagnostics and writes the manuscript unless that would clobber one. */
export async function runImport(transcript: string, flags: ImportFlags): Promise<void> {
  const output = flags.output ?? path.join('manuscript', `${path.parse(transcript).name}.md`);
  await requireWritableDirectory(path.dirname(output));
  const bytes = await readFile(transcript).catch((error: NodeJS.ErrnoException) => {
    throw new KumihanError(`cannot read the transcript: ${error.code === 'ENOENT' ? 'no such file' : (systemReason(error) ?? error.message)}`, { file: transcript });
  });
  const result = await importSource(bytes, { path: transcript, speakers: flags.speaker ?? [] });

  // Never the transcript (also through a link), a directory or a device, even with --force; an
  // existing manuscript only with it. A manuscript is edited by hand, so none counts as kumihan's.
  await claimOutput(output, { option: '-o', force: true, protect: [{ file: transcript, role: 'the transcript' }] });
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
  const { questions, turns, speakers, parts } = result.stats;
  process.stdout.write(`${parts ? `${parts} parts, ` : ''}${questions} questions, ${turns} turns, ${speakers} speakers → ${output}\n`);
}

/** Parses one `--speaker LABEL=ROLE` and adds it to the list. */
function collectOverride(value: string, list: RoleOverride[]): RoleOverride[] {
  const at = value.lastIndexOf('=');
  const label = value.slice(0, at).trim();
  const role = value.slice(at + 1).trim() as Role;
  if (at < 0 || label === '' || !ROLES.includes(role)) {
    throw new InvalidArgumentError(`expected LABEL=ROLE with ROLE one of ${ROLES.join(', ')}, e.g. 'ラ=interviewee'`);
  }
  return [...list, { label, role }];
}

/** The --verbose report: encoding, speakers, and every dropped, moved and normalised span. */
export function describeAccount(result: ImportResult): string {
  const { account } = result;
  const lines = [`encoding: ${result.encoding}`];
  for (const s of result.speakers) {
    const who = [s.name && `name 「${printable(s.name)}」`, s.outlet && `outlet 「${printable(s.outlet)}」`].filter(Boolean).join(', ');
    lines.push(`speaker ${s.id} (${s.role}): printed 「${printable(s.label)}」${who ? `, ${who}` : ''}, seen as 「${s.aliases.map((a) => printable(a)).join('」「')}」 (${s.uses} turns)`);
    for (const reason of s.why) lines.push(`  ${reason}`);
  }
  for (const r of result.rejectedLabels) lines.push(`not a label ${r.line}:${r.column} 「${printable(r.label)}」 (${r.reason})`);
  for (const h of account.headings) lines.push(`part ${h.line}:${h.column} 「${printable(h.text)}」 → # ${printable(h.heading)}`);
  for (const text of result.removedFromPage) lines.push(`left out (outside the article) 「${printable(text)}」`);
  for (const note of result.notes) lines.push(`reading the document: ${note}`);
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
