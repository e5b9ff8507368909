/**
 * Proofreading with textlint, configured by the book project (`.textlintrc.json`, `prh.yml` in the
 * working directory, as `kumihan init` writes them) or else by kumihan's own copies:
 * JTF style rules that fit a translated interview (bracket pairs, full/half-width forms) and a
 * prh dictionary for the spelling of names. Only reports, or fixes when asked — never prints.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { rewriteInPlace } from '../core/fs.js';
import { KumihanError } from '../core/errors.js';
import { packageRoot } from '../core/assets.js';

/** One finding, positioned in the manuscript. */
export interface LintFinding {
  file: string;
  line: number;
  column: number;
  message: string;
  ruleId: string;
  severity: 'error' | 'warning';
}

/** Lints manuscripts with the project's textlint configuration; with `fix`, rewrites them first. */
export async function lintManuscripts(files: string[], options: { fix?: boolean; configFile?: string } = {}): Promise<LintFinding[]> {
  const { createLinter, loadTextlintrc } = await import('textlint');
  const configFilePath = options.configFile ?? projectConfig();
  if (!existsSync(configFilePath)) throw new KumihanError(`textlint configuration ${configFilePath} is missing`);
  // The prh rule resolves its dictionary relative to the working directory: run from the config's folder.
  const cwd = path.dirname(configFilePath);
  const descriptor = await loadTextlintrc({ configFilePath, node_modulesDir: rulesDir() });
  const linter = createLinter({ descriptor, cwd });
  const absolute = files.map((file) => path.resolve(file));
  const results = options.fix ? await fixAndReport(linter, absolute) : await linter.lintFiles(absolute);
  return results.flatMap((result) =>
    result.messages.map((message) => ({
      file: path.relative(process.cwd(), result.filePath) || result.filePath,
      line: message.loc?.start.line ?? message.line,
      column: message.loc?.start.column !== undefined ? message.loc.start.column + 1 : message.column,
      message: message.message.replace(/\s*\n\s*/g, " "),
      ruleId: message.ruleId,
      severity: message.severity === 2 ? 'error' : 'warning',
    })),
  );
}

type Linter = ReturnType<(typeof import('textlint'))['createLinter']>;

async function fixAndReport(linter: Linter, files: string[]) {
  const fixed = await linter.fixFiles(files);
  for (const result of fixed) {
    // In place: a symlinked manuscript stays a link, and the file keeps its mode, owner and hard links.
    if (result.applyingMessages.length) await rewriteInPlace(result.filePath, result.output);
  }
  return fixed.map((result) => ({ filePath: result.filePath, messages: result.remainingMessages }));
}

/** Formats a finding like a compiler: `file:line:col: message (rule)`. */
export function formatFinding(finding: LintFinding): string {
  return `${finding.file}:${finding.line}:${finding.column}: ${finding.severity}: ${finding.message} (${finding.ruleId})`;
}

/** The project's `.textlintrc.json` in the working directory, else the one kumihan ships. */
function projectConfig(): string {
  const own = path.resolve('.textlintrc.json');
  return existsSync(own) ? own : path.join(packageRoot, '.textlintrc.json');
}

/**
 * Where the textlint rules are installed: kumihan's own node_modules in the repository, the one
 * it sits in (…/node_modules/kumihan → …/node_modules) when installed as a package.
 */
function rulesDir(): string {
  const own = path.join(packageRoot, 'node_modules');
  if (existsSync(path.join(own, 'textlint-rule-prh'))) return own;
  return path.dirname(packageRoot);
}
