/** Checks of built files: EPUBCheck on the EPUB, font embedding (no Type 3) on the PDFs. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One problem found in a built file. */
export interface OutputProblem {
  file: string;
  message: string;
}

/** Runs Debian's EPUBCheck (`java -jar /usr/bin/epubcheck`); every error or warning is a problem. */
export async function checkEpub(file: string, jar = '/usr/bin/epubcheck'): Promise<OutputProblem[]> {
  if (!existsSync(jar)) return [{ file, message: `EPUBCheck is not installed; run \`npm run setup\` or \`apt-get install -y epubcheck\`` }];
  // Absolute paths for the tools: a relative one starting with `-` would be read as an option.
  const result = await run('java', ['-jar', jar, '--quiet', path.resolve(file)], { maxBuffer: 16 << 20 }).then(
    (ok) => ok.stdout + ok.stderr,
    (failed: { stdout?: string; stderr?: string }) => `${failed.stdout ?? ''}${failed.stderr ?? ''}`,
  );
  return result
    .split('\n')
    .filter((line) => /^(FATAL|ERROR|WARNING)/.test(line))
    .map((line) => ({ file, message: `EPUBCheck ${line.trim()}` }));
}

/** Lists fonts with `pdffonts`: a Type 3 font or one not embedded is a problem for a print shop. */
export async function checkPdfFonts(file: string): Promise<OutputProblem[]> {
  let stdout: string;
  try {
    ({ stdout } = await run('pdffonts', [path.resolve(file)]));
  } catch {
    return [{ file, message: 'pdffonts failed or is missing; run `npm run setup` or `apt-get install -y poppler-utils`' }];
  }
  const rows = stdout.split('\n').slice(2).filter((line) => line.trim());
  const problems: OutputProblem[] = [];
  for (const row of rows) {
    const name = row.split(/\s+/)[0] ?? row;
    if (/\bType 3\b/.test(row)) problems.push({ file, message: `font ${name} is Type 3 (print shops reject it)` });
    // Columns after the type: encoding, emb, sub, uni, object ID — emb is the third from the end of "emb sub uni".
    const flags = row.match(/\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);
    if (flags && flags[1] === 'no') problems.push({ file, message: `font ${name} is not embedded` });
  }
  return problems;
}
